//! `--format html`: one self-contained page for a bureau that will not open a
//! terminal — the totals, a table of regions against standards, pass-rate charts,
//! the coverage map when the input has geometry, and every finding with its
//! values, shortfall, citation and cell, filterable by severity, rule and region.
//!
//! Nothing is fetched: the style and a small script are inline, the charts and the
//! map are SVG drawn here. Everything is in the page as delivered, so with
//! JavaScript off every finding is shown; the script only adds the filters (and
//! reads them from the address, `#severity=error&region=开封市`, so a filtered view
//! can be linked). Markup is written with maud, which escapes every value it
//! interpolates: a cell reading `<script>` is shown, never run.

use super::chart::{self, Bar};
use super::spool::{Held, Spool};
use super::{Context, Totals};
use crate::eval::{Finding, Outcome};
use crate::i18n::{Lang, tr};
use crate::pack::Severity;
use maud::{DOCTYPE, PreEscaped, html};
use std::collections::BTreeMap;

/// One finding, rendered on the worker that found it to the table row it will
/// be, but for its region's markup, made once per region when the page is
/// written: the row is kept with the two places the region goes.
pub struct Row {
    /// The record's region, when it names one the gazetteer knows.
    region: Option<std::sync::Arc<str>>,
    rule: usize,
    severity: Severity,
    text: Held,
    /// Where the region goes in the text: the `data-region` attribute, the note
    /// under the record.
    region_at: [u32; 2],
}

/// Stands for the region in a row while it is rendered. Markup escapes every `<`
/// of a value, so nothing else in a row reads so.
const REGION: &str = "<\u{0}region>";

/// Stand for the map and the rows in the page: nothing escaped reads so either.
const MAP: &str = "<!--\u{0}map-->";
const ROWS: &str = "<!--\u{0}rows-->";

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("错误", "error"),
        Severity::Warning => lang.pick("警告", "warning"),
        Severity::Info => lang.pick("提示", "info"),
    }
}

/// A field as a reader knows it: its Chinese column name in zh.
fn field_label(ctx: &Context<'_>, f: &crate::schema::Field) -> String {
    match ctx.lang {
        Lang::Zh => f.aliases.first().unwrap_or(&f.name).clone(),
        Lang::En => f.name.clone(),
    }
}

pub fn finding(ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Row {
    let lang = ctx.lang;
    let rule = ctx.rule(f);
    let ent = ctx.entity(f);
    let message = match f.outcome {
        Outcome::Unknown => ctx.unknown_reason(f),
        _ => ctx.message(f) + &ctx.progress_note(f),
    };
    let shortfall = f.comparison.and_then(|c| super::Figures::of(&c).shortfall);
    let outcome = match f.outcome {
        Outcome::Unknown => lang.pick("无法判断", "unknown"),
        _ => lang.pick("不符合", "fails"),
    };
    let sev = f.severity.name();
    // A waived finding stays listed, marked, with who approved it and until when.
    let waiver = ctx.waiver(f);
    let lead = html! {
        td {
            span class={ "badge b-" (sev) } { (severity_label(f.severity, lang)) }
            " "
            span class={ "badge " @if f.outcome == Outcome::Unknown { "b-unknown" } @else { "b-fail" } } { (outcome) }
            @if waiver.is_some() {
                " "
                span class="badge b-waived" { (lang.pick("已豁免", "waived")) }
            }
        }
        td { code { (ctx.rule_id(f.rule)) } br; span class="small" { (rule.title.get(lang)) } }
    };
    let detail = html! {
        (message)
        @if !f.values.is_empty() {
            ul class="values" {
                @for (slot, v) in &f.values {
                    li { (field_label(ctx, &ent.fields[*slot])) (lang.pick("：", ": ")) (ctx.show_value(ent, *slot, Some(v))) }
                }
            }
        }
        div class="small" { (lang.pick("要求：", "Requires: ")) (ctx.requirement(f)) }
        @if let Some(cols) = ctx.faults_note(f) {
            div class="small" { (lang.pick("不符的栏目：", "Columns at fault: ")) (cols) }
        }
        @if let Some(s) = shortfall {
            div class="shortfall" { (lang.pick("差额：", "Short by: ")) strong { (s) } }
        }
        @if let Some(w) = waiver {
            div class="small waiver" { (ctx.waiver_note(w)) }
        }
    };
    let location = match &f.cell_ref {
        Some(cell) => format!("{}!{cell}", ctx.location(f)),
        None => format!("{}:{}:{}", ctx.location(f), f.line, f.column),
    };
    let region = PreEscaped(REGION);
    let row = html! {
        tr data-severity=(f.severity.name()) data-rule=(ctx.rule_id(f.rule)) data-region=(region) {
            (lead)
            td { (f.record) br; span class="small" { (region) } }
            td { (detail) }
            td { (rule.cite) }
            td { code { (location) } }
        }
    };
    let (text, region_at) = shown_row(&row.into_string());
    Row {
        region: f.region.as_ref().map(|(_, name)| name.clone()),
        rule: f.rule,
        severity: f.severity,
        text: spool.hold(text),
        region_at,
    }
}

/// Markup as the page holds it: maud escapes markup, not characters, and HTML
/// allows no control character but tab and line breaks (and a cell's ESC or
/// BEL would reach the terminal the page is printed to); each, and every bidi
/// override, shown escaped as `\u{1b}`, as the other reports show them.
fn shown(markup: &str) -> std::borrow::Cow<'_, str> {
    crate::escape::xml(markup)
}

/// A row's markup, [`shown`], with [`REGION`] taken out: the text, and where the
/// region goes in it.
fn shown_row(markup: &str) -> (String, [u32; 2]) {
    let mut text = String::with_capacity(markup.len());
    let mut region_at = [0u32; 2];
    let mut pieces = markup.splitn(3, REGION);
    text.push_str(&shown(pieces.next().unwrap_or_default()));
    for (at, piece) in region_at.iter_mut().zip(pieces) {
        *at = u32::try_from(text.len()).unwrap_or(u32::MAX);
        text.push_str(&shown(piece));
    }
    (text, region_at)
}

/// Pass, fail and unknown counts.
#[derive(Default, Clone, Copy)]
struct Count {
    passed: usize,
    failed: usize,
    unknown: usize,
}

/// The counts the tables and charts show, counted by the run region by region.
struct Tallies {
    /// Regions in the order their first records come.
    places: Vec<String>,
    /// Standards in the order the packs first name them ("" for rules with none).
    standards: Vec<String>,
    /// (place, standard) → counts.
    cells: BTreeMap<(usize, usize), Count>,
    per_rule: BTreeMap<usize, Count>,
    per_place: BTreeMap<usize, Count>,
}

impl Count {
    fn add(&mut self, [passed, failed, unknown]: [usize; 3]) {
        self.passed += passed;
        self.failed += failed;
        self.unknown += unknown;
    }
}

fn tally(ctx: &Context<'_>, totals: &Totals) -> Tallies {
    let set = ctx.set;
    let mut standards: Vec<String> = Vec::new();
    for r in &set.rules {
        for s in &r.standards {
            if !standards.contains(s) {
                standards.push(s.clone());
            }
        }
    }
    let mut t = Tallies {
        places: Vec::new(),
        standards,
        cells: BTreeMap::new(),
        per_rule: BTreeMap::new(),
        per_place: BTreeMap::new(),
    };
    let mut used = vec![false; t.standards.len() + 1];
    for (p, place) in totals.places.iter().enumerate() {
        t.places.push(place.name.clone());
        for (r, &n) in place.rules.iter().enumerate() {
            if n.iter().sum::<usize>() == 0 {
                continue;
            }
            t.per_rule.entry(r).or_default().add(n);
            t.per_place.entry(p).or_default().add(n);
            let stds = &set.rules[r].standards;
            let cols: Vec<usize> = if stds.is_empty() {
                vec![t.standards.len()]
            } else {
                stds.iter()
                    .filter_map(|s| t.standards.iter().position(|x| x == s))
                    .collect()
            };
            for c in cols {
                used[c] = true;
                t.cells.entry((p, c)).or_default().add(n);
            }
        }
    }
    // Columns: the standards checked in this run, then "no standard" if needed.
    let mut kept = Vec::new();
    let mut remap = vec![usize::MAX; used.len()];
    for (i, u) in used.iter().enumerate() {
        if *u {
            remap[i] = kept.len();
            kept.push(t.standards.get(i).cloned().unwrap_or_default());
        }
    }
    t.cells = t
        .cells
        .into_iter()
        .map(|((p, c), n)| ((p, remap[c]), n))
        .collect();
    t.standards = kept;
    t
}

const STYLE: &str = include_str!("html.css");
const SCRIPT: &str = include_str!("html.js");

fn cell_class(c: &Count) -> &'static str {
    if c.failed > 0 {
        "c-fail"
    } else if c.unknown > 0 {
        "c-unknown"
    } else {
        "c-pass"
    }
}

/// The whole page, written as it goes: the page around the findings, then each
/// row as its text is read back.
pub fn document(
    ctx: &Context<'_>,
    totals: &Totals,
    rows: &[Row],
    spool: &Spool,
    map: Option<&str>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = ctx.lang;
    let set = ctx.set;
    let s = &totals.summary;
    let t = tally(ctx, totals);
    fn place_name<'r>(r: &'r Row, run_region: &'r str) -> &'r str {
        r.region.as_deref().unwrap_or(run_region)
    }
    let title = tr(
        lang,
        format!("ylcheck 检查报告：{}", totals.region),
        format!("ylcheck report: {}", totals.region),
    );
    let mut rule_bars: Vec<Bar> = t
        .per_rule
        .iter()
        .map(|(&r, c)| Bar {
            label: ctx.rule_id(r).to_string(),
            hint: set.rules[r].title.get(lang).to_string(),
            passed: c.passed,
            failed: c.failed,
            unknown: c.unknown,
        })
        .collect();
    let mut place_bars: Vec<Bar> = t
        .per_place
        .iter()
        .map(|(&p, c)| Bar {
            label: t.places[p].clone(),
            hint: String::new(),
            passed: c.passed,
            failed: c.failed,
            unknown: c.unknown,
        })
        .collect();
    // Worst first: the lowest pass rate at the top (a stable sort keeps the packs'
    // order among equals).
    rule_bars.sort_by(chart::worst_first);
    place_bars.sort_by(chart::worst_first);
    let mut rule_options: Vec<usize> = rows.iter().map(|r| r.rule).collect();
    rule_options.sort_by(|a, b| ctx.rule_id(*a).cmp(ctx.rule_id(*b)));
    rule_options.dedup();
    let mut severities: Vec<Severity> = rows.iter().map(|r| r.severity).collect();
    severities.sort_by(|a, b| b.cmp(a));
    severities.dedup();
    // Each region's place in the table, looked up once a row (not a search of
    // every region a row: a county's many findings, times the province's places).
    let place_index: std::collections::HashMap<&str, usize> = (t.places.iter().enumerate())
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut region_options: Vec<&str> =
        rows.iter().map(|r| place_name(r, &totals.region)).collect();
    region_options.sort_by_key(|n| place_index.get(n).copied());
    region_options.dedup();
    let standard_rules = |std: &str| {
        set.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                if std.is_empty() {
                    r.standards.is_empty()
                } else {
                    r.standards.iter().any(|x| x == std)
                }
            })
            .filter(|(i, _)| t.per_rule.contains_key(i))
            .map(|(i, _)| ctx.rule_id(i).to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let diagnostics = totals.flat_diagnostics();
    let level_name = |d: &crate::diag::Diag| super::level_word(d, lang);
    let card = |id: &str, class: &str, label: &str, value: usize| {
        html! { div class=(class) { dt { (label) } dd id=(id) { (value) } } }
    };
    let page = html! {
        (DOCTYPE)
        html lang=(lang.pick("zh-CN", "en")) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("ylcheck {}", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (title) }
                    p class="meta" {
                        (tr(lang, format!("检查日期 {}", ctx.as_of), format!("As of {}", ctx.as_of)))
                    }
                }
                main {
                    section id="summary" {
                        h2 { (lang.pick("概况", "Summary")) }
                        dl class="cards" {
                            (card("sum-records", "total", lang.pick("记录", "records"), s.records))
                            (card("sum-checks", "total", lang.pick("检查", "checks"), s.checks))
                            (card("sum-passed", "pass", lang.pick("通过", "passed"), s.passed))
                            (card("sum-failed", "fail", lang.pick("不符合", "failed"), s.failed))
                            (card("sum-unknown", "unknown", lang.pick("无法判断", "unknown"), s.unknown))
                            (card("sum-errors", "fail", lang.pick("错误", "errors"), s.errors))
                            (card("sum-warnings", "warn", lang.pick("警告", "warnings"), s.warnings))
                        }
                        table class="meta-table" {
                            @if let Some(st) = &totals.settings {
                                tr class="settings" {
                                    th { (lang.pick("设置", "Settings")) }
                                    td { code { (st.line(lang)) } }
                                }
                            }
                            tr {
                                th { (lang.pick("输入", "Inputs")) }
                                td {
                                    ul {
                                        @for i in &totals.inputs {
                                            li {
                                                code { (i.path) } " — " (set.schema.entities[i.entity].name)
                                                (tr(lang, format!("，{} 条记录", i.records), format!(", {} records", i.records)))
                                            }
                                        }
                                    }
                                }
                            }
                            tr {
                                th { (lang.pick("规则包", "Rule packs")) }
                                td {
                                    ul {
                                        @for &p in &totals.packs {
                                            @let pack = &set.packs[p];
                                            li {
                                                code { (pack.id) }
                                                @if let Some(src) = &pack.source { " " (src) }
                                                @if let Some(tt) = &pack.title { " " (tt.get(lang)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        @if !totals.not_checked.is_empty() {
                            details class="not-checked" {
                                summary {
                                    (tr(lang,
                                        format!("未检查的规则（{} 条）", totals.not_checked.len()),
                                        format!("Rules not checked ({})", totals.not_checked.len())))
                                }
                                ul {
                                    @for (r, why) in &totals.not_checked {
                                        li { code { (ctx.rule_id(*r)) } " — " (ctx.not_checked_reason(why)) }
                                    }
                                }
                            }
                        }
                    }
                    @if !diagnostics.is_empty() {
                        section id="diagnostics" {
                            h2 { (lang.pick("输入问题", "Input problems")) }
                            table class="diagnostics" {
                                thead {
                                    tr {
                                        th { (lang.pick("级别", "Level")) }
                                        th { (lang.pick("代码", "Code")) }
                                        th { (lang.pick("位置", "Location")) }
                                        th { (lang.pick("说明", "Problem")) }
                                    }
                                }
                                tbody {
                                    @for d in &diagnostics {
                                        tr {
                                            td { span class=(format!("badge b-{}", d.level())) { (level_name(d)) } }
                                            td { code { (d.code) } }
                                            td {
                                                @if let Some(l) = d.location() {
                                                    code {
                                                        @match &l.cell {
                                                            Some(c) => { (l.path) "!" (c) }
                                                            None => { (l.path) ":" (l.line) ":" (l.column) }
                                                        }
                                                    }
                                                }
                                            }
                                            td {
                                                (d.message)
                                                @if let Some(h) = &d.help { br; span class="small" { (h) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section id="compliance" {
                        h2 { (lang.pick("各地区达标情况（按标准）", "Compliance by region and standard")) }
                        p class="small" {
                            (lang.pick("每格：通过 ✓ / 不符合 ✗ / 无法判断 ?；地区取自记录中的县（区）等字段，无则为检查地区。",
                                "Each cell: passed ✓ / failed ✗ / unknown ?. A record's region is the county (or other place) it names, else the region checked."))
                        }
                        @if t.places.is_empty() {
                            p { (lang.pick("没有进行任何检查。", "No checks were made.")) }
                        } @else {
                            div class="scroll" {
                                table class="matrix" {
                                    thead {
                                        tr {
                                            th { (lang.pick("地区", "Region")) }
                                            @for std in &t.standards {
                                                th title=(standard_rules(std)) {
                                                    @if std.is_empty() { (lang.pick("未标注标准", "no standard")) } @else { (std) }
                                                }
                                            }
                                        }
                                    }
                                    tbody {
                                        @for (p, place) in t.places.iter().enumerate() {
                                            tr {
                                                th { (place) }
                                                @for c in 0..t.standards.len() {
                                                    @match t.cells.get(&(p, c)) {
                                                        Some(n) => {
                                                            td class=(cell_class(n)) {
                                                                (n.passed) " ✓"
                                                                @if n.failed > 0 { " / " (n.failed) " ✗" }
                                                                @if n.unknown > 0 { " / " (n.unknown) " ?" }
                                                            }
                                                        }
                                                        None => { td class="c-none" { "·" } }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section id="charts" {
                        h2 { (lang.pick("通过率", "Pass rates")) }
                        p class="legend-line small" {
                            span class="key" style=(format!("background:{}", chart::PASS)) {} (lang.pick("通过", "passed"))
                            span class="key" style=(format!("background:{}", chart::FAIL)) {} (lang.pick("不符合", "failed"))
                            span class="key" style=(format!("background:{}", chart::UNKNOWN)) {} (lang.pick("无法判断", "unknown"))
                        }
                        h3 { (lang.pick("按规则", "By rule")) }
                        (chart::stacked(&rule_bars, lang.pick("按规则的通过率", "Pass rate by rule"), lang))
                        h3 { (lang.pick("按地区", "By region")) }
                        (chart::stacked(&place_bars, lang.pick("按地区的通过率", "Pass rate by region"), lang))
                    }
                    @if map.is_some() {
                        section id="map" class="map" {
                            h2 { (lang.pick("覆盖图", "Coverage map")) }
                            (PreEscaped(MAP))
                        }
                    }
                    section id="findings" {
                        h2 { (lang.pick("问题清单", "Findings")) " (" span id="shown" { (rows.len()) } "/" (rows.len()) ")" }
                        form id="filters" hidden {
                            label { (lang.pick("严重程度 ", "Severity ")) select name="severity" {
                                option value="" { (lang.pick("全部", "all")) }
                                @for sv in &severities { option value=(sv.name()) { (severity_label(*sv, lang)) } }
                            } }
                            label { (lang.pick("规则 ", "Rule ")) select name="rule" {
                                option value="" { (lang.pick("全部", "all")) }
                                @for r in &rule_options { option value=(ctx.rule_id(*r)) { (ctx.rule_id(*r)) } }
                            } }
                            label { (lang.pick("地区 ", "Region ")) select name="region" {
                                option value="" { (lang.pick("全部", "all")) }
                                @for p in &region_options { option value=(p) { (p) } }
                            } }
                            button type="reset" { (lang.pick("清除筛选", "Clear")) }
                        }
                        @if rows.is_empty() {
                            p { (lang.pick("没有发现问题。", "Nothing to report.")) }
                        } @else {
                            div class="scroll" {
                                table class="findings" {
                                    thead {
                                        tr {
                                            th { (lang.pick("结果", "Outcome")) }
                                            th { (lang.pick("规则", "Rule")) }
                                            th { (lang.pick("记录", "Record")) }
                                            th { (lang.pick("说明", "Finding")) }
                                            th { (lang.pick("依据", "Source")) }
                                            th { (lang.pick("位置", "Location")) }
                                        }
                                    }
                                    tbody { (PreEscaped(ROWS)) }
                                }
                            }
                        }
                    }
                }
                footer {
                    p class="small" { "ylcheck " (env!("CARGO_PKG_VERSION")) }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    let page = page.into_string();
    let mut lines = super::TagPerLine::new(out);
    let mut rest = page.as_str();
    // The map, as big as the input's geometry, goes in as it is, not copied into
    // the page; it comes after nothing from the input unescaped.
    if let (Some(svg), Some(at)) = (map, rest.find(MAP)) {
        lines.put(shown(&rest[..at]).as_bytes())?;
        // Drawn with its text escaped for XML already.
        lines.put(svg.as_bytes())?;
        rest = &rest[at + MAP.len()..];
    }
    // After the rows come only the page's end and its own script.
    if let Some(at) = rest.rfind(ROWS) {
        lines.put(shown(&rest[..at]).as_bytes())?;
        // Each region as markup shows it, once, rather than once a row.
        let region_of = |p: &str| shown(&html! { (p) }.into_string()).into_owned();
        let places: Vec<String> = t.places.iter().map(|p| region_of(p)).collect();
        let run_region = region_of(&totals.region);
        for r in rows {
            let region = match place_index.get(place_name(r, &totals.region)) {
                Some(&p) => &places[p],
                None => &run_region,
            }
            .as_bytes();
            spool.with(&r.text, |text| {
                let [a, b] = r.region_at.map(|i| (i as usize).min(text.len()));
                let b = b.max(a);
                lines.put(&text[..a])?;
                lines.put(region)?;
                lines.put(&text[a..b])?;
                lines.put(region)?;
                lines.put(&text[b..])
            })?;
        }
        rest = &rest[at + ROWS.len()..];
    }
    lines.put(shown(rest).as_bytes())?;
    lines.put(b"\n")
}

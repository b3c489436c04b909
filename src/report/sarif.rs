//! `--format sarif`: SARIF 2.1.0, which code-scanning dashboards read. Each rule
//! is a reportingDescriptor (id `pack/rule-id`) carrying its title in both
//! languages and its citation, so a result needs only the rule id, level,
//! message and where in the input it is.

use super::spool::{Held, Spool};
use super::{Context, Totals};
use crate::diag::Diag;
use crate::eval::{Finding, Outcome};
use crate::pack::Severity;
use crate::waiver::Waiver;
use serde_json::{Value as J, json};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingDescriptor, ReportingDescriptorReference,
    Result as SarifResult, ResultKind, ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent,
};
use std::collections::BTreeMap;

/// A path as a URI reference: SARIF consumers reject raw spaces and non-ASCII.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn bag(pairs: impl IntoIterator<Item = (&'static str, J)>) -> PropertyBag {
    PropertyBag {
        tags: None,
        additional_properties: pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn text(s: String) -> MultiformatMessageString {
    MultiformatMessageString {
        text: s,
        markdown: None,
        properties: None,
    }
}

/// One finding as the result it will be in the log: its final text (indented as
/// the log's results are), but for its `ruleIndex`, which points into the
/// descriptors of the packs that applied, known only once the run is over.
pub struct Entry {
    rule: usize,
    /// `None` if it could not be serialized (it always can).
    text: Option<Held>,
    /// Where the `ruleIndex` member starts in the text, and where its number goes.
    index_at: Option<(u32, u32)>,
}

/// The indentation of a result in the log: run, results, result.
const INDENT: &str = "        ";

/// A `ruleIndex` no descriptor has, to find where the real one goes.
const NO_INDEX: i64 = i64::MIN;

/// One finding, rendered on the worker that found it.
pub fn finding(ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Entry {
    let mut result = result(ctx, f);
    result.rule_index = Some(NO_INDEX);
    let indented = |r: &SarifResult| {
        super::json_text::pretty(r)
            .ok()
            .map(|t| t.replace('\n', &format!("\n{INDENT}")))
    };
    let mut text = indented(&result);
    let member = format!(",\n{INDENT}  \"ruleIndex\": ");
    let number = NO_INDEX.to_string();
    let found = text
        .as_deref()
        .and_then(|t| t.find(&format!("{member}{number}")));
    let index_at = match (&mut text, found) {
        (Some(t), Some(i)) => {
            let at = i + member.len();
            t.replace_range(at..at + number.len(), "");
            Some((
                u32::try_from(i).unwrap_or(u32::MAX),
                u32::try_from(at).unwrap_or(u32::MAX),
            ))
        }
        // Not where a member of the result goes (it always is): without one.
        _ => {
            result.rule_index = None;
            text = indented(&result);
            None
        }
    };
    Entry {
        rule: f.rule,
        text: text.map(|t| spool.hold(t)),
        index_at,
    }
}

/// One finding as a SARIF result.
fn result(ctx: &Context<'_>, f: &Finding) -> SarifResult {
    let level = match f.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    };
    let kind = match f.outcome {
        Outcome::Unknown => ResultKind::Review,
        _ => ResultKind::Fail,
    };
    // SARIF lines and columns start at 1; 0 means the input gave no position.
    let region = (f.line > 0).then(|| Region {
        start_line: Some(i64::from(f.line)),
        start_column: (f.column > 0).then_some(i64::from(f.column)),
        ..Region::default()
    });
    let mut extra = vec![
        ("record", J::from(f.record.clone())),
        (
            "region",
            f.region
                .as_ref()
                .map_or(J::Null, |(_, r)| J::from(r.as_ref())),
        ),
    ];
    if let Some((_, sheet)) = &f.sheet {
        extra.push(("sheet", J::from(sheet.to_string())));
    }
    if let Some(cell) = &f.cell_ref {
        extra.push(("cell", J::from(cell.clone())));
    }
    let location = Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(ArtifactLocation {
                uri: Some(uri(ctx.path(f))),
                ..ArtifactLocation::default()
            }),
            region,
            ..PhysicalLocation::default()
        }),
        ..Location::default()
    };
    let mut result = SarifResult::builder()
        .rule_id(ctx.rule_id(f.rule))
        .level(level)
        .kind(kind)
        .message(Message {
            text: Some(ctx.full_message(f)),
            ..Message::default()
        })
        .locations(vec![location])
        .properties(bag(extra))
        .build();
    result.suppressions = ctx.waiver(f).map(|w| vec![suppression(ctx, w)]);
    result
}

/// A waiver as SARIF sees it: a suppression kept outside the input
/// (`external`), accepted, its justification the waiver's reason.
fn suppression(ctx: &Context<'_>, w: &Waiver) -> Suppression {
    let path = ctx.waivers.map_or("", |ws| ws.path.as_str());
    Suppression::builder()
        .kind(json!("external"))
        .status(json!("accepted"))
        .justification(w.reason.clone())
        .location(Location {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(ArtifactLocation {
                    uri: Some(uri(path)),
                    ..ArtifactLocation::default()
                }),
                region: Some(Region {
                    start_line: Some(i64::from(w.line)),
                    ..Region::default()
                }),
                ..PhysicalLocation::default()
            }),
            ..Location::default()
        })
        .properties(bag([
            ("approver", J::from(w.approver.clone())),
            ("document", J::from(w.document.clone())),
            ("expires", J::from(w.expires.to_string())),
        ]))
        .build()
}

/// A diagnostic (a problem with the input or the run, not a finding) as a tool
/// execution notification: its code as the descriptor id, its help after the
/// message, where it points as the location (a worksheet's sheet and cell as
/// properties, as for results).
fn notification(ctx: &Context<'_>, d: &Diag) -> Notification {
    let text = match &d.help {
        Some(h) => format!("{}\n{h}", d.message),
        None => d.message.clone(),
    };
    let mut n = Notification::builder()
        .message(Message {
            text: Some(text),
            ..Message::default()
        })
        .level(json!(d.level()))
        .descriptor(ReportingDescriptorReference {
            id: Some(d.code.to_string()),
            ..ReportingDescriptorReference::default()
        })
        .build();
    if let Some(l) = d.location() {
        let (path, sheet) = ctx.split_sheet(&l.path);
        let mut extra = Vec::new();
        if let Some(sheet) = sheet {
            extra.push(("sheet", J::from(sheet)));
        }
        if let Some(cell) = &l.cell {
            extra.push(("cell", J::from(cell.as_str())));
        }
        n.locations = Some(vec![Location {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(ArtifactLocation {
                    uri: Some(uri(path)),
                    ..ArtifactLocation::default()
                }),
                region: Some(Region {
                    start_line: i64::try_from(l.line).ok(),
                    start_column: i64::try_from(l.column).ok(),
                    ..Region::default()
                }),
                ..PhysicalLocation::default()
            }),
            properties: (!extra.is_empty()).then(|| bag(extra)),
            ..Location::default()
        }]);
    }
    n
}

/// A reportingDescriptor for every rule of the packs that applied (results come
/// from no others), and each descriptor's rule index.
fn rules(ctx: &Context<'_>, totals: &Totals) -> Vec<(usize, ReportingDescriptor)> {
    let lang = ctx.lang;
    let other = lang.pick("en", "zh");
    ctx.set
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| totals.packs.contains(&r.pack))
        .map(|(i, r)| {
            let other_title = if lang.is_zh() {
                &r.title.en
            } else {
                &r.title.zh
            };
            let d = ReportingDescriptor::builder()
                .id(ctx.rule_id(i))
                .short_description(text(r.title.get(lang).to_string()))
                .help(text(crate::i18n::tr(
                    lang,
                    format!("依据：{}\n要求：{}", r.cite, r.title.zh),
                    format!("Source: {}\nRequires: {}", r.cite, r.title.en),
                )))
                .properties(bag([
                    ("cite", J::from(r.cite.clone())),
                    ("require", J::from(r.required_text.clone())),
                    ("severity", J::from(r.severity.name())),
                    (
                        "title",
                        json!({ lang.code(): r.title.get(lang), other: other_title }),
                    ),
                ]))
                .build();
            (i, d)
        })
        .collect()
}

/// The whole log: one run, the rules, the results, and the run's totals. The
/// log around the results is made whole (it grows with the rules and the
/// diagnostics, not the findings); each result is written into it as its text is
/// read back.
pub fn document(
    ctx: &Context<'_>,
    totals: &Totals,
    results: &[Entry],
    spool: &Spool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let s = &totals.summary;
    let (indexes, descriptors): (Vec<usize>, Vec<ReportingDescriptor>) =
        rules(ctx, totals).into_iter().unzip();
    // `ruleIndex` points into the descriptors, which list fewer rules than the set.
    let rule_index: Vec<Option<i64>> = (0..ctx.set.rules.len())
        .map(|r| {
            indexes
                .iter()
                .position(|&i| ctx.rule_id(i) == ctx.rule_id(r))
                .and_then(|p| i64::try_from(p).ok())
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("ylcheck")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let diagnostics = totals.flat_diagnostics();
    let d = totals.diagnostic_counts();
    // A run with an error of its own (nothing checked) did not do its job.
    let invocation = Invocation::builder()
        .execution_successful(d.errors == 0)
        .tool_execution_notifications(
            diagnostics
                .iter()
                .map(|d| notification(ctx, d))
                .collect::<Vec<_>>(),
        )
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .results(Vec::<SarifResult>::new())
        .properties(bag([
            ("as_of", J::from(ctx.as_of.to_string())),
            ("language", J::from(ctx.lang.code())),
            (
                "settings",
                totals.settings.as_ref().map_or(J::Null, |st| st.json()),
            ),
            (
                "summary",
                json!({
                    "records": s.records, "checks": s.checks, "passed": s.passed,
                    "failed": s.failed, "unknown": s.unknown, "waived": s.waived(),
                    "errors": s.errors, "warnings": s.warnings,
                    "diagnostics": { "errors": d.errors, "warnings": d.warnings, "notes": d.notes },
                }),
            ),
        ]))
        .build();
    let log = Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let envelope = super::json_text::pretty(&log).map_err(std::io::Error::other)?;
    // The run's own members are the only ones indented so.
    let empty = "\n      \"results\": []";
    let Some(at) = envelope.find(empty).map(|i| i + empty.len() - 1) else {
        return Err(std::io::Error::other("the log has no results"));
    };
    out.write_all(&envelope.as_bytes()[..at])?;
    for (i, r) in results.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        out.write_all(INDENT.as_bytes())?;
        let Some(text) = &r.text else {
            return Err(std::io::Error::other("a result could not be serialized"));
        };
        let index = rule_index.get(r.rule).copied().flatten();
        spool.with(text, |text| {
            let Some((member, number)) = r.index_at else {
                return out.write_all(text);
            };
            let [member, number] = [member, number].map(|i| (i as usize).min(text.len()));
            match index {
                Some(n) => {
                    out.write_all(&text[..number])?;
                    write!(out, "{n}")?;
                }
                None => out.write_all(&text[..member])?,
            }
            out.write_all(&text[number.max(member)..])
        })?;
    }
    if !results.is_empty() {
        out.write_all(b"\n      ")?;
    }
    out.write_all(&envelope.as_bytes()[at..])?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(super::uri("samples/开 a.csv"), "samples/%E5%BC%80%20a.csv");
    }
}

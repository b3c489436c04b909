//! `--summary`: one line per region the records belong to — a county bureau's
//! whole submission on one screen — with the totals. Columns partition each
//! region's checks: waived findings are counted apart from failures.

use super::table::{self, Align};
use super::{Context, Totals};
use crate::eval::Summary;
use crate::i18n::tr;

/// `passed / checks` to one decimal place, computed exactly.
fn rate(s: &Summary) -> String {
    if s.checks == 0 {
        return "—".to_string();
    }
    let tenths = (s.passed * 1000 + s.checks / 2) / s.checks;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

pub fn render(ctx: &Context<'_>, totals: &Totals) -> String {
    // Region and file names come from the input: shown, never obeyed.
    crate::escape::terminal(&render_text(ctx, totals)).into_owned()
}

/// The counts a region's line gives: records, checks, passes, fails and unknowns
/// (the waived ones apart), and the waived where any finding is.
pub fn counts(s: &Summary, show_waived: bool) -> Vec<usize> {
    let mut c = vec![
        s.records,
        s.checks,
        s.passed,
        s.failed - s.waived_failed,
        s.unknown - s.waived_unknown,
    ];
    if show_waived {
        c.push(s.waived());
    }
    c
}

fn render_text(ctx: &Context<'_>, totals: &Totals) -> String {
    let lang = ctx.lang;
    let show_waived = totals.summary.waived() > 0;
    let mut out = tr(
        lang,
        format!(
            "检查日期 {}，范围 {}；各地区的记录（按记录所在地区归类，各按其所在地的文件检查）：\n",
            ctx.as_of, totals.region
        ),
        format!(
            "As of {}, within {}; records by the region they are in, each checked against the documents of its own place:\n",
            ctx.as_of, totals.region
        ),
    );
    let mut head: Vec<&str> = vec![
        lang.pick("地区", "region"),
        lang.pick("记录", "records"),
        lang.pick("检查", "checks"),
        lang.pick("通过", "pass"),
        lang.pick("不符合", "fail"),
        lang.pick("无法判断", "unknown"),
    ];
    if show_waived {
        head.push(lang.pick("已豁免", "waived"));
    }
    head.push(lang.pick("通过率", "pass rate"));
    let head: Vec<String> = head.into_iter().map(String::from).collect();
    let mut align = vec![Align::Right; head.len()];
    align[0] = Align::Left;
    let row = |name: &str, s: &Summary| {
        let mut r = vec![name.to_string()];
        r.extend(counts(s, show_waived).iter().map(usize::to_string));
        r.push(rate(s));
        r
    };
    let mut rows: Vec<Vec<String>> = totals.regions.iter().map(|(n, s)| row(n, s)).collect();
    rows.push(row(lang.pick("合计", "total"), &totals.summary));
    out.push_str(&table::render(&head, &align, &rows));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn rates_round_to_a_tenth() {
        let s = |passed, checks| crate::eval::Summary {
            passed,
            checks,
            ..Default::default()
        };
        assert_eq!(super::rate(&s(2, 3)), "66.7%");
        assert_eq!(super::rate(&s(3, 3)), "100.0%");
        assert_eq!(super::rate(&s(0, 0)), "—");
    }
}

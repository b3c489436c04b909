//! Horizontal stacked bars as inline SVG: how many checks passed, failed and could
//! not be decided, per rule or per region. Drawn here rather than by a script, so
//! the chart is in the page as delivered, with JavaScript off and in print.

use crate::i18n::{Lang, tr};
use maud::{Markup, html};

pub const PASS: &str = "#38a169";
pub const FAIL: &str = "#e0452f";
pub const UNKNOWN: &str = "#a98fd6";

/// One bar: its label and the checks that passed, failed and were unknown.
pub struct Bar {
    pub label: String,
    /// Shown on hover (a rule's title, say).
    pub hint: String,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
}

impl Bar {
    fn checks(&self) -> usize {
        self.passed + self.failed + self.unknown
    }
}

const WIDTH: f64 = 860.0;
const LABEL_W: f64 = 370.0;
const BAR_W: f64 = 370.0;
const ROW_H: f64 = 24.0;

/// Orders bars by pass rate, lowest first (compared exactly, by cross-multiplying).
pub fn worst_first(a: &Bar, b: &Bar) -> std::cmp::Ordering {
    (a.passed * b.checks().max(1)).cmp(&(b.passed * a.checks().max(1)))
}

/// A pass rate as a whole per cent, rounded down so that 99.6 % is not shown as
/// a clean 100 %.
pub fn percent(passed: usize, checks: usize) -> String {
    if checks == 0 {
        return "—".into();
    }
    format!("{}%", passed * 100 / checks)
}

/// Cuts a label to about `max` columns (CJK counting double), with an ellipsis.
fn clip(s: &str, max: f64) -> String {
    let mut w = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        w += if c.is_ascii() { 1.0 } else { 2.0 };
        if w > max {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

fn n(v: f64) -> String {
    let s = format!("{:.1}", (v * 10.0).round() / 10.0);
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// The chart, titled for screen readers with `title`.
pub fn stacked(bars: &[Bar], title: &str, lang: Lang) -> Markup {
    let height = ROW_H * bars.len() as f64 + 8.0;
    html! {
        svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {}", n(WIDTH), n(height))) role="img" aria-label=(title) {
            title { (title) }
            @for (i, b) in bars.iter().enumerate() {
                @let y = 4.0 + i as f64 * ROW_H;
                @let total = b.checks().max(1) as f64;
                @let wp = BAR_W * b.passed as f64 / total;
                @let wf = BAR_W * b.failed as f64 / total;
                @let wu = BAR_W * b.unknown as f64 / total;
                g {
                    title {
                        (b.label) " — " (b.hint) "\n"
                        (tr(lang,
                            format!("通过 {}，不符合 {}，无法判断 {}", b.passed, b.failed, b.unknown),
                            format!("{} passed, {} failed, {} unknown", b.passed, b.failed, b.unknown)))
                    }
                    text x=(n(LABEL_W - 8.0)) y=(n(y + 15.0)) text-anchor="end" font-size="12" fill="#1a202c" { (clip(&b.label, 58.0)) }
                    rect x=(n(LABEL_W)) y=(n(y + 3.0)) width=(n(BAR_W)) height="16" fill="#edf2f7" {}
                    @if b.passed > 0 { rect x=(n(LABEL_W)) y=(n(y + 3.0)) width=(n(wp)) height="16" fill=(PASS) {} }
                    @if b.failed > 0 { rect x=(n(LABEL_W + wp)) y=(n(y + 3.0)) width=(n(wf)) height="16" fill=(FAIL) {} }
                    @if b.unknown > 0 { rect x=(n(LABEL_W + wp + wf)) y=(n(y + 3.0)) width=(n(wu)) height="16" fill=(UNKNOWN) {} }
                    text x=(n(LABEL_W + BAR_W + 8.0)) y=(n(y + 15.0)) font-size="12" fill="#1a202c" {
                        (percent(b.passed, b.checks())) " (" (b.passed) "/" (b.checks()) ")"
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_down_and_labels_clip() {
        assert_eq!(percent(199, 200), "99%");
        assert_eq!(percent(0, 0), "—");
        assert_eq!(clip("abc", 2.0), "ab…");
        assert_eq!(clip("大梁府", 4.0), "大梁…");
        assert_eq!(clip("大梁府", 6.0), "大梁府");
    }

    #[test]
    fn bars_are_proportional() {
        let svg = stacked(
            &[Bar {
                label: "r".into(),
                hint: String::new(),
                passed: 3,
                failed: 1,
                unknown: 0,
            }],
            "t",
            Lang::En,
        )
        .into_string();
        assert!(
            svg.contains(r##"width="277.5" height="16" fill="#38a169""##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"x="647.5" y="7" width="92.5" height="16" fill="#e0452f""##),
            "{svg}"
        );
        assert!(!svg.contains(UNKNOWN));
    }
}

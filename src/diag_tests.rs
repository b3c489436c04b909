use super::*;

/// A located diagnostic gives the line and character column of its first label,
/// counted from the stretch's first line; one with no source gives none.
#[test]
fn location_counts_lines_and_characters() {
    let text: Arc<str> = Arc::from("名称,类型\n老城,养老院\n");
    let d = Diag::warning("t", "m")
        .with_source_at("a.csv", text, 7)
        .with_label(("名称,类型\n老城,".len(), 3), "here")
        .with_cell("B9");
    assert_eq!(
        d.location(),
        Some(Location {
            path: "a.csv".into(),
            line: 8,
            column: 4,
            cell: Some("B9".into()),
        })
    );
    assert_eq!(d.level(), "warning");
    assert_eq!(Diag::error("t", "m").location(), None);
}

/// What the input names a diagnostic with — its file or sheet, a header in
/// its message or label, a cell — is drawn on the line miette gives it: it
/// adds no line, so none can start a workflow command for the CI log.
fn lines_of(name: &str, said: &str) -> Vec<String> {
    let text: Arc<str> = Arc::from("名称,类型\n老城,养老院\n");
    let d = Diag::warning("t", format!("m {said}"))
        .with_source(name, text)
        .with_label((0, 6), format!("l {said}"))
        .with_help("h\nh")
        .with_cell(said);
    render_plain(&d, 100_000)
        .lines()
        .map(str::to_string)
        .collect()
}

proptest::proptest! {
    #[test]
    fn input_text_adds_no_line(
        name in "[a\n\r:x\u{85}\u{2028}\u{1b} ]{0,12}",
        said in "[a\n\r:x\u{85}\u{2028}\u{1b} ]{0,12}",
        any in proptest::prelude::any::<String>(),
    ) {
        let plain = lines_of("a.csv", "x").len();
        for (n, s) in [(&name, &said), (&any, &any)] {
            let lines = lines_of(n, s);
            proptest::prop_assert_eq!(lines.len(), plain, "{:?}", lines);
            for l in &lines {
                proptest::prop_assert!(!l.trim_start().starts_with("::"), "{:?}", lines);
            }
        }
    }
}

/// Cutting a long line never splits a character, whatever the label's bytes,
/// and the shown text stays short.
#[test]
fn fit_cuts_long_lines_anywhere() {
    let line = "名称,".repeat(2000);
    let text: Arc<str> = Arc::from(format!("a\n{line}\nb").as_str());
    for start in [0, 1, 2, 3, 1000, 1001, 5999, 6000, text.len() - 1] {
        for len in [0, 1, 5, 3000] {
            let d = Diag::error("t", "m")
                .with_source("x.csv", text.clone())
                .with_label((start, len), "here")
                .fit();
            let shown = d.source.as_ref().map_or(0, |s| s.text.len());
            assert!(shown < 1500, "{start}+{len}: {shown}");
            let rendered = render_plain(&d, 100);
            assert!(rendered.contains('…'), "{start}+{len}");
        }
    }
}

//! Plain text tables for terminals: columns padded by display width, so Chinese
//! (two columns a character) lines up with ASCII.

use unicode_width::UnicodeWidthStr;

/// How a column is aligned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Lays out `rows` under `head`, two spaces between columns, no trailing spaces.
/// A cell (a region's name as the input gives it) is kept to its line.
pub fn render(head: &[String], align: &[Align], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| crate::escape::line(c).into_owned())
                .collect()
        })
        .collect();
    let n = head.len();
    let mut widths: Vec<usize> = head.iter().map(|h| h.width()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate().take(n) {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(widths[i].saturating_sub(c.width()));
            match align.get(i).copied().unwrap_or(Align::Left) {
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(c);
                }
                Align::Left => {
                    line.push_str(c);
                    line.push_str(&pad);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_lines_up_with_ascii() {
        let t = render(
            &["地区".into(), "n".into()],
            &[Align::Left, Align::Right],
            &[
                vec!["兰考县".into(), "3".into()],
                vec!["all".into(), "12".into()],
            ],
        );
        assert_eq!(t, "地区     n\n兰考县   3\nall     12\n");
    }
}

//! A list's 合计/总计/小计 row sums the rows above it. Read as a record it would be
//! judged as one and counted in every aggregate, so it is recognised by its name
//! or 序号 cell and left out, with one note per file.
//!
//! Which tables are lists of things is said by the rules: an entity that declares
//! a `seq` (序号) field numbers its rows, so a row that names itself a total is not
//! one of them. A pack's task tables (开封's 重点任务表) declare none: their 合计 row
//! is data a rule checks against the counties' sum.

use super::Value;
use super::ctx::Ctx;
use crate::data::error::DataError;
use crate::schema::{Entity, Slot};

/// The names a total row gives itself.
/// Each has 计 in it ([`is_total`] looks for it first).
const WORDS: &[&str] = &["合计", "总计", "小计", "总合计", "共计", "全部合计"];

/// The slots whose cell may say a row is a total, for an entity whose rows are
/// numbered items: its name, and its 序号 (`seq`), where a merged 合计 cell often
/// starts.
pub(crate) fn slots(ent: &Entity) -> Vec<Slot> {
    let Some(seq) = ent.fields.iter().position(|f| f.name == "seq") else {
        return Vec::new();
    };
    ent.name_slot().into_iter().chain([seq]).collect()
}

/// The slot of the first cell of `values` that says its row is a total.
pub(crate) fn total_in(slots: &[Slot], values: &super::Values<'_>) -> Option<Slot> {
    slots
        .iter()
        .copied()
        .find(|&s| values.get(s).is_some_and(is_total))
}

/// Whether a name cell says its row is a total (`合计`, `合 计`, `总计：`).
pub(crate) fn is_total(v: &Value<'_>) -> bool {
    let Value::Text(t) = v else { return false };
    // Every word has 计 in it: that alone decides the name of nearly every row.
    if !t.contains('计') {
        return false;
    }
    let t = t.trim().trim_end_matches([':', '：']);
    if WORDS.contains(&t) {
        return true;
    }
    t.contains(char::is_whitespace) && {
        let squeezed: String = t.split_whitespace().collect();
        WORDS.contains(&squeezed.as_str())
    }
}

/// The note for a file's first total row, at its name cell.
pub(crate) fn note(ctx: &Ctx<'_>, text: &str, span: (usize, usize)) -> DataError {
    DataError::TotalRow {
        at: ctx.at(span),
        text: text.to_string(),
        more: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_rows_are_known_by_their_name() {
        for t in ["合计", " 合 计 ", "总计：", "小计", "总合计", "共计:"] {
            assert!(is_total(&Value::Text(t.into())), "{t}");
        }
        for t in ["合计街道养老服务中心", "城东中心", "", "计"] {
            assert!(!is_total(&Value::Text(t.into())), "{t}");
        }
        assert!(!is_total(&Value::Missing));
        // What the quick test relies on.
        assert!(WORDS.iter().all(|w| w.contains('计')));
    }
}

//! A facility table's 合计/总计/小计 row sums the rows above it. Read as a
//! facility it would be judged as one, and counted in every aggregate, so it is
//! recognised by its name cell and left out, with one note per file.
//!
//! Only the facility table: a pack's own task tables (开封's 重点任务表) carry
//! their 合计 row as data a rule checks against the counties' sum.

use super::Value;
use super::load::Ctx;
use crate::diag::Diag;
use crate::schema::{Entity, Slot};

/// The names a total row gives itself.
const WORDS: &[&str] = &["合计", "总计", "小计", "总合计", "共计", "全部合计"];

/// The entity whose tables may end in a total row.
const ENTITY: &str = "facility";

/// The slots whose cell may say a row is a total, for an entity that has such
/// rows: its name, and its 序号 (`seq`), where a merged 合计 cell often starts.
pub(crate) fn slots(ent: &Entity) -> Vec<Slot> {
    if ent.name != ENTITY {
        return Vec::new();
    }
    ent.name_slot()
        .into_iter()
        .chain(ent.fields.iter().position(|f| f.name == "seq"))
        .collect()
}

/// The slot of the first cell of `values` that says its row is a total.
pub(crate) fn total_in(slots: &[Slot], values: &[Value<'_>]) -> Option<Slot> {
    slots
        .iter()
        .copied()
        .find(|&s| values.get(s).is_some_and(is_total))
}

/// Whether a name cell says its row is a total (`合计`, `合 计`, `总计：`).
pub(crate) fn is_total(v: &Value<'_>) -> bool {
    let Value::Text(t) = v else { return false };
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
pub(crate) fn note(ctx: &Ctx<'_>, text: &str, span: (usize, usize)) -> Diag {
    let d = ctx.warning(
        "ylcheck::data::total_row",
        ctx.tr(
            format!("“{text}”行是合计行，不是一处设施：不作为设施检查，也不计入统计"),
            format!("the \"{text}\" row is a total, not a facility: it is neither checked as one nor counted"),
        ),
        span,
        &ctx.tr("合计行", "total row"),
    );
    Diag {
        severity: miette::Severity::Advice,
        ..d
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
    }
}

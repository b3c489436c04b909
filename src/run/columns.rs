//! Diagnostics about a table's columns: the header line they point at, and the
//! columns rules need that a table lacks.

use super::InputSpec;
use super::open::Opened;
use crate::diag::Diag;
use crate::eval::Tally;
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use crate::schema::EntityId;
use std::sync::Arc;

/// Each table's header line, for problems about its columns.
pub(super) fn header_lines(opened: &[Option<Opened<'_>>]) -> Vec<Option<(Arc<str>, usize)>> {
    opened
        .iter()
        .map(|o| match o {
            Some(Opened::Csv { first, header, .. }) => {
                let head = first
                    .text
                    .get(..header.data_start)?
                    .trim_end_matches(['\n', '\r']);
                let start = head.rfind('\n').map_or(0, |i| i + 1);
                let line = (header.data_line as usize).saturating_sub(1).max(1);
                Some((Arc::from(&head[start..]), line))
            }
            _ => None,
        })
        .collect()
}

/// Per entity, per field: the tables (as input and sheet) of that entity's
/// records when every one of them lacks the field's column, else none. A plan's or
/// a map's records lack no field as a whole: each may give it.
pub(super) fn lacking(opened: &[Option<Opened<'_>>], entities: usize) -> Vec<Vec<Vec<(u32, u32)>>> {
    /// A table, as input and sheet, and per field whether it lacks the column.
    type Table = ((u32, u32), Vec<bool>);
    // Per entity: each table of its records.
    let mut tables: Vec<Vec<Table>> = vec![Vec::new(); entities];
    let mut add = |e: EntityId, at: (u32, u32), cells: &crate::data::CellMap, fields: usize| {
        if let Some(t) = tables.get_mut(e)
            && !t.iter().any(|(a, _)| *a == at)
        {
            t.push((at, (0..fields).map(|s| cells.lacks_column(s)).collect()));
        }
    };
    for (i, o) in opened.iter().enumerate() {
        let input = u32::try_from(i).unwrap_or(u32::MAX);
        match o {
            Some(Opened::Csv { header, .. }) => {
                let n = header.slot_columns.len();
                add(header.entity, (input, 0), &header.cells(), n);
            }
            Some(Opened::Plan(ds)) => {
                for (e, table) in ds.tables.iter().enumerate() {
                    let mut last = None;
                    for rec in table {
                        if last == Some(rec.pos.source) {
                            continue;
                        }
                        last = Some(rec.pos.source);
                        if let Some(src) = ds.sources.get(rec.pos.source as usize) {
                            let at = (input, src.cells.sheet_index());
                            add(e, at, &src.cells, rec.values.len());
                        }
                    }
                }
            }
            None => {}
        }
    }
    tables
        .into_iter()
        .map(|t| {
            let fields = t.first().map_or(0, |(_, l)| l.len());
            (0..fields)
                .map(|s| {
                    if t.iter().all(|(_, l)| l.get(s).copied().unwrap_or(false)) {
                        t.iter().map(|(at, _)| *at).collect()
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        })
        .collect()
}

/// A column a table lacks that rules need, said once per table and column: those
/// rules were not checked on its records. As severe as the worst rule it stops, so
/// a table that leaves out a required column fails as its unknowns would have.
pub(super) fn absent_columns(
    set: &RuleSet,
    tally: &Tally,
    inputs: &[InputSpec<'_>],
    header_lines: &[Option<(Arc<str>, usize)>],
    lang: Lang,
) -> Vec<Diag> {
    let mut by_column: std::collections::BTreeMap<
        (u32, u32, EntityId, crate::schema::Slot),
        Vec<usize>,
    > = std::collections::BTreeMap::new();
    for &(source, sheet, rule, entity, slot) in tally.no_column.keys() {
        by_column
            .entry((source, sheet, entity, slot))
            .or_default()
            .push(rule);
    }
    by_column
        .into_iter()
        .map(|((source, _, entity, slot), rules)| {
            let path = inputs.get(source as usize).map_or("", |i| i.path.as_str());
            let field = &set.schema.entities[entity].fields[slot];
            let label = field.shown(lang);
            let ids: Vec<String> = rules
                .iter()
                .map(|&r| format!("{}/{}", set.packs[set.rules[r].pack].id, set.rules[r].id))
                .collect();
            let message = tr(
                lang,
                format!(
                    "{path}：没有 `{label}` 列，需要它的规则未检查：{}",
                    ids.join("、")
                ),
                format!(
                    "{path}: no `{label}` column, so the rules that need it were not checked: {}",
                    ids.join(", ")
                ),
            );
            // Chinese text lists the headings a form would use, not the field's name.
            let names: Vec<&str> = std::iter::once(field.name.as_str())
                .filter(|_| lang == Lang::En)
                .chain(field.aliases.iter().map(String::as_str))
                .filter(|n| lang == Lang::En || !n.is_ascii())
                .collect();
            let help = tr(
                lang,
                format!("在表头中加上这一列，列名可写作：{}", names.join("、")),
                format!(
                    "add the column to the header, named any of: {}",
                    names.join(", ")
                ),
            );
            let worst = rules.iter().map(|&r| set.rules[r].severity).max();
            let d = if worst == Some(crate::pack::Severity::Error) {
                Diag::error("ylcheck::data::missing_column", message)
            } else {
                Diag::warning("ylcheck::data::missing_column", message)
            };
            let d = d.with_help(help);
            // At the header line, where the column is missing.
            match header_lines.get(source as usize) {
                Some(Some((text, line))) => d
                    .with_source_at(path, text.clone(), *line)
                    .with_label((0, text.len()), lang.pick("表头", "header")),
                _ => d,
            }
        })
        .collect()
}

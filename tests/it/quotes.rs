//! What the packs say a document says, it says. Each rule's `原文：“…”` quotes are
//! verbatim in the pack's document, and every `cite` names a clause the document has.
//! The documents are kept beside the repository (`../shared/seeds`); the tests skip
//! with a message without them unless `YLCHECK_SHARED_TEST=require`.
//!
//! The documents are hard-wrapped OCR text: lines break mid-sentence and blanks fall
//! inside numbers (`0.2 平方米`). So whitespace — and only whitespace — is removed
//! from both the document and the quote before comparing; every other character,
//! punctuation included, must match.

use crate::common;

use ylcheck::i18n::Lang;
use ylcheck::pack::RuleSet;

/// Each pack's document, as `../shared/seeds/README.md` lists them.
const SEEDS: &[(&str, &str)] = &[
    ("henan-2022-57", "seeds/000_a7a975cb229a2f9f.txt"),
    ("pingdingshan-2021-54", "seeds/001_d0a2eb3618a85ce2.txt"),
    ("huaiyang-2022-2", "seeds/002_9c323ecf831d2e29.txt"),
    ("xuchang-2023", "seeds/003_b36ad1fca9dd8cf4.txt"),
    ("kaifeng-2022-2", "seeds/004_6ac02c7535d16ea5.txt"),
];

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn shipped() -> RuleSet {
    ylcheck::rules::shipped(Lang::Zh).expect("the shipped rules compile")
}

/// The documents by pack id; `None` (the test skips) where they are absent.
fn documents(set: &RuleSet) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for pack in &set.packs {
        let (_, file) = SEEDS
            .iter()
            .find(|(id, _)| *id == pack.id)
            .unwrap_or_else(|| panic!("no document listed for pack {}", pack.id));
        out.push((pack.id.clone(), common::shared_file(file)?));
    }
    Some(out)
}

/// A quote's pieces, each of which must be verbatim, in order: the quote is cut at
/// each `……` (the document's text left out), and a nested ‘…’ stands for the
/// document's own “…” (the usual way of quoting a quotation in Chinese).
fn pieces(quote: &str) -> Vec<String> {
    quote
        .split("……")
        .map(|p| squeeze(&p.replace('‘', "“").replace('’', "”")))
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn quotes_are_verbatim() {
    let set = shipped();
    let Some(docs) = documents(&set) else { return };
    let mut bad = Vec::new();
    let mut checked = 0;
    for r in &set.rules {
        let doc = squeeze(&docs[r.pack].1);
        for quote in r.quotes() {
            checked += 1;
            let mut from = 0;
            for piece in pieces(quote) {
                match doc[from..].find(&piece) {
                    Some(i) => from += i + piece.len(),
                    None => {
                        bad.push(format!("{}/{}: “{piece}”", set.packs[r.pack].id, r.id));
                        break;
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} quotes found");
    assert!(
        bad.is_empty(),
        "not verbatim in the document:\n{}",
        bad.join("\n")
    );
}

/// The lines of a document, each without blanks and the Markdown marks some
/// conversions left (`### **三、…**`).
fn lines(doc: &str) -> Vec<String> {
    doc.lines()
        .map(|l| squeeze(l).trim_start_matches(['#', '*', '-']).to_string())
        .collect()
}

const NUMERALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// Whether a line opens a section: `三、工作目标`.
fn is_section(line: &str) -> bool {
    let head: String = line.chars().take_while(|c| NUMERALS.contains(c)).collect();
    !head.is_empty() && line[head.len()..].starts_with('、')
}

/// Where a clause is, as a range of lines, or why it cannot be found. A clause is
/// a section (`三`: a line `三、…`, up to the next section or annex); an item of a
/// section (`一.2`: a line `2.…` inside section 一; `二(四)`: a line `（四）…`); an annex
/// (`附件1`: a line reading `附件1` or `附件 1`, `附件` for a single annex, to the end);
/// or a numbered hint of an annex (`任务提示1`: `1、` after `任务提示`).
fn locate(lines: &[String], clause: &str) -> Result<(), String> {
    let annex = |name: &str| lines.iter().position(|l| l == name);
    if let Some(rest) = clause.strip_prefix("任务提示") {
        let all: String = lines.concat();
        let at = all.find("任务提示").ok_or("no 任务提示")?;
        return all[at..]
            .contains(&format!("{rest}、"))
            .then_some(())
            .ok_or(format!("no hint {rest}、 after 任务提示"));
    }
    if clause.starts_with("附件") {
        return annex(clause)
            .map(|_| ())
            .ok_or(format!("no line `{clause}`"));
    }
    let (section, item) = match clause.find(['.', '(']) {
        Some(i) => (&clause[..i], Some(&clause[i..])),
        None => (clause, None),
    };
    let start = lines
        .iter()
        .position(|l| is_section(l) && l.starts_with(&format!("{section}、")))
        .ok_or(format!("no section `{section}、`"))?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| is_section(l) || l.starts_with("附件"))
        .map_or(lines.len(), |i| start + 1 + i);
    let Some(item) = item else { return Ok(()) };
    let found = if let Some(n) = item.strip_prefix('.') {
        lines[start..end].iter().any(|l| {
            l.strip_prefix(n)
                .is_some_and(|r| r.starts_with(['.', '．', '、']))
        })
    } else {
        let n = item.trim_start_matches('(').trim_end_matches(')');
        lines[start..end]
            .iter()
            .any(|l| l.starts_with(&format!("（{n}）")))
    };
    found
        .then_some(())
        .ok_or(format!("no item `{item}` in section {section}"))
}

#[test]
fn citations_name_clauses_of_the_document() {
    let set = shipped();
    let Some(docs) = documents(&set) else { return };
    let mut cites: Vec<(usize, String, &str)> = Vec::new();
    for r in &set.rules {
        cites.push((r.pack, r.id.clone(), &r.cite));
    }
    for u in &set.unchecked {
        if let Some(c) = &u.cite {
            cites.push((u.pack, format!("unchecked {}", u.id), c));
        }
    }
    for p in &set.partial {
        if let Some(c) = &p.cite {
            cites.push((p.pack, format!("partial {}", p.id), c));
        }
    }
    let mut bad = Vec::new();
    for (pack, what, cite) in cites {
        let source = set.packs[pack].source.as_deref().expect("a pack's source");
        let doc = &docs[pack].1;
        let who = format!("{}/{what}: `{cite}`", set.packs[pack].id);
        let Some(clauses) = cite.strip_prefix(source) else {
            bad.push(format!(
                "{who} does not start with the pack's source {source}"
            ));
            continue;
        };
        if !squeeze(doc).contains(&squeeze(source)) {
            bad.push(format!("{who}: {source} is not in the document"));
        }
        let lines = lines(doc);
        for clause in clauses
            .split([',', '，'])
            .flat_map(|c| c.split_whitespace())
        {
            if let Err(e) = locate(&lines, clause) {
                bad.push(format!("{who}: {e}"));
            }
        }
        if clauses.trim().is_empty() {
            bad.push(format!("{who} names no clause"));
        }
    }
    assert!(bad.is_empty(), "clauses not found:\n{}", bad.join("\n"));
}

/// The quote marks are read as the test means them.
#[test]
fn quote_pieces() {
    assert_eq!(
        ylcheck::pack::quotes("原文：“实现‘安全’。”按名称匹配。又：原文：“a……b”"),
        vec!["实现‘安全’。", "a……b"]
    );
    assert_eq!(pieces("完善‘15 分钟’……建设"), vec!["完善“15分钟”", "建设"]);
}

/// A clause is found only where the document has it.
#[test]
fn clauses_are_located_honestly() {
    let doc = lines(
        "一、总则\n 1.用地。\n（一）包联\n### **二、目标**\n2.床位\n附件 1\n任务提示: 1、完成",
    );
    assert!(locate(&doc, "一.1").is_ok());
    assert!(locate(&doc, "一(一)").is_ok());
    assert!(locate(&doc, "二.2").is_ok());
    assert!(locate(&doc, "附件1").is_ok());
    assert!(locate(&doc, "任务提示1").is_ok());
    // item 2 is in section 二, not 一; there is no section 三, no (二), no 附件2
    assert!(locate(&doc, "一.2").is_err());
    assert!(locate(&doc, "三").is_err());
    assert!(locate(&doc, "一(二)").is_err());
    assert!(locate(&doc, "附件2").is_err());
    assert!(locate(&doc, "任务提示2").is_err());
}

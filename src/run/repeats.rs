//! Inputs given twice byte for byte, found before any is read, and the lines the
//! repeated records are on, read again for the report once every input is read.

use super::dups;
use super::open::{Opened, open, open_err};
use super::{InputSpec, RunOptions};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::sync::Arc;

/// A fingerprint of an input's bytes: its length and a fixed-key hash of them.
fn fingerprint(spec: &InputSpec<'_>) -> std::io::Result<(u64, u64)> {
    use std::hash::Hasher;
    let mut reader = (spec.open)()?;
    let mut h = std::hash::DefaultHasher::new();
    let mut buf = vec![0u8; 64 << 10];
    let mut len = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.write(&buf[..n]);
        len += n as u64;
    }
    Ok((len, h.finish()))
}

/// Whether two inputs hold the same bytes, read side by side.
fn same_bytes(a: &InputSpec<'_>, b: &InputSpec<'_>) -> std::io::Result<bool> {
    let (mut x, mut y) = ((a.open)()?, (b.open)()?);
    let (mut bx, mut by) = (vec![0u8; 64 << 10], vec![0u8; 64 << 10]);
    loop {
        let n = x.read(&mut bx)?;
        if n == 0 {
            return Ok(y.read(&mut by[..1])? == 0);
        }
        if y.read_exact(&mut by[..n]).is_err() || bx[..n] != by[..n] {
            return Ok(false);
        }
    }
}

/// The lines repeats are on, by (input, source, line): a held input's from its
/// text, a streamed CSV's read again, as far as its last repeat — a clean input
/// is not read twice, and no line of it was copied while it was checked.
pub(super) fn repeat_lines(
    keyed: &[dups::Keyed],
    pairs: &[(usize, usize)],
    inputs: &[InputSpec<'_>],
    held: &HashMap<(u32, u32), Arc<str>>,
    set: &RuleSet,
    opts: &RunOptions<'_>,
) -> HashMap<(u32, u32, u32), Arc<str>> {
    let mut lines = HashMap::new();
    let mut streamed: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for k in pairs.iter().filter_map(|&(i, _)| keyed.get(i)) {
        match held.get(&(k.input, k.source)) {
            Some(text) => {
                if let Some(l) = dups::line_of(text, 1, k.line) {
                    lines.insert((k.input, k.source, k.line), Arc::from(l));
                }
            }
            None => {
                streamed.entry(k.input).or_default().insert(k.line);
            }
        }
    }
    for (input, mut wanted) in streamed {
        let Some(spec) = inputs.get(input as usize) else {
            continue;
        };
        // Read as when it was checked; an input that now fails to read keeps its
        // repeats' locations without their text.
        let Ok(Opened::Csv {
            mut chunks, first, ..
        }) = open(spec, input, set, opts, &mut Vec::new())
        else {
            continue;
        };
        let mut chunk = Some(first);
        while let Some(c) = chunk.take() {
            let ends = u32::try_from(c.text.matches('\n').count()).unwrap_or(u32::MAX);
            let here: Vec<u32> = wanted
                .range(c.first_line..=c.first_line.saturating_add(ends))
                .copied()
                .collect();
            for line in here {
                if let Some(l) = dups::line_of(&c.text, c.first_line, line) {
                    lines.insert((input, input, line), Arc::from(l));
                }
                wanted.remove(&line);
            }
            if wanted.is_empty() {
                break;
            }
            chunk = chunks.next_chunk().ok().flatten();
        }
    }
    lines
}

/// Which inputs repeat an earlier one byte for byte (the same path twice, `- -`, a
/// glob that also matches a copy): each is said once, at its path, and not read, so
/// its records are not counted twice. Found by fingerprint, then confirmed by
/// comparing the bytes, so a hash collision never drops a file.
pub(super) fn repeated_inputs(
    inputs: &[InputSpec<'_>],
    lang: Lang,
    warnings: &mut Vec<Diag>,
) -> Result<Vec<bool>, Diag> {
    let mut again = vec![false; inputs.len()];
    if inputs.len() < 2 {
        return Ok(again);
    }
    // Only an input whose size another shares (or whose size is not known) is
    // read for its fingerprint: inputs of distinct sizes cost nothing.
    let mut sizes: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for len in inputs.iter().filter_map(|s| s.len) {
        *sizes.entry(len).or_default() += 1;
    }
    let all_sized = inputs.iter().all(|s| s.len.is_some());
    let mut seen: std::collections::HashMap<(u64, u64), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, spec) in inputs.iter().enumerate() {
        if all_sized
            && spec
                .len
                .is_some_and(|n| sizes.get(&n).copied().unwrap_or(0) < 2)
        {
            continue;
        }
        let fp = fingerprint(spec).map_err(|e| open_err(&spec.path, &e, lang))?;
        let earlier = seen.entry(fp).or_default();
        let mut first = None;
        for &j in earlier.iter() {
            if same_bytes(&inputs[j], spec).map_err(|e| open_err(&spec.path, &e, lang))? {
                first = Some(j);
                break;
            }
        }
        match first {
            Some(j) => {
                again[i] = true;
                let (p, q) = (&spec.path, &inputs[j].path);
                warnings.push(
                    Diag::warning(
                        "ylcheck::data::duplicate_file",
                        tr(
                            lang,
                            format!("{p}：与 {q} 内容完全相同，只读取一次"),
                            format!("{p}: the same bytes as {q}, read once"),
                        ),
                    )
                    .with_source_at(p, Arc::from(""), 1)
                    .with_help(lang.pick(
                        "同一份数据给了两次（同一路径、`- -` 或匹配到副本的通配符）；计入两次会使面积、床位等合计加倍",
                        "the same data was given twice (one path twice, `- -`, or a glob matching a copy); counting it twice would double the land, the beds and every other total",
                    )),
                );
            }
            None => earlier.push(i),
        }
    }
    Ok(again)
}

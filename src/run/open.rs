//! Opening an input: its format told from its name and first bytes, a CSV's
//! header read (its records are streamed later), a plan, workbook or map read
//! whole.

use super::located::Ctx;
use super::{InputSpec, RunOptions};
use crate::data::csv::{Header, read_header};
use crate::data::stream::{Chunk, Chunks};
use crate::data::{self, DataError, Dataset, Format};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use std::io::Read;

#[expect(
    clippy::large_enum_variant,
    reason = "one per input, moved a handful of times"
)]
pub(super) enum Opened<'a> {
    Csv {
        chunks: Chunks<Box<dyn Read + Send + 'a>>,
        first: Chunk,
        header: Header,
    },
    Plan(Box<Dataset>),
}

pub(super) fn open_err(path: &str, e: &std::io::Error, lang: Lang) -> Diag {
    Diag::error(
        "ylcheck::io",
        tr(
            lang,
            format!("`{path}`：无法读取"),
            format!("`{path}`: cannot be read"),
        ),
    )
    .with_help(tr(
        lang,
        format!("系统报告：{e}"),
        format!("the system said: {e}"),
    ))
}

/// Opens an input, tells its format, and reads a CSV's header (or a whole plan).
pub(super) fn open<'a>(
    spec: &InputSpec<'a>,
    index: u32,
    set: &RuleSet,
    opts: &RunOptions<'_>,
    warnings: &mut Vec<Diag>,
) -> Result<Opened<'a>, Diag> {
    let lang = opts.lang;
    let mut reader = (spec.open)().map_err(|e| open_err(&spec.path, &e, lang))?;
    let mut head = Vec::with_capacity(64 << 10);
    (&mut reader)
        .take(64 << 10)
        .read_to_end(&mut head)
        .map_err(|e| open_err(&spec.path, &e, lang))?;
    let Some(format) = Format::detect(&spec.path, &head) else {
        return Err(Diag::error(
            "ylcheck::input",
            tr(
                lang,
                format!("无法识别 `{}` 的文件类型", spec.path),
                format!("cannot tell what kind of file `{}` is", spec.path),
            ),
        )
        .with_help(lang.pick(
            "支持 .csv（UTF-8 或 GBK）、.xlsx、.toml 规划文件和 .geojson 地图",
            "ylcheck reads .csv (UTF-8 or GBK), .xlsx, .toml plans and .geojson maps",
        )));
    };
    // A plan, a workbook or a map is read whole, into a data set of its own.
    if matches!(format, Format::Plan | Format::Xlsx | Format::GeoJson) {
        let mut bytes = head;
        // Read into room of the file's size, where known, not twice what is read.
        if let Some(len) = spec.len {
            let len = usize::try_from(len).unwrap_or(usize::MAX);
            bytes.reserve_exact(
                len.min(data::ctx::MAX_INPUT + 1)
                    .saturating_sub(bytes.len())
                    + 1,
            );
        }
        reader
            .take(data::ctx::MAX_INPUT as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| open_err(&spec.path, &e, lang))?;
        let mut ds = Dataset::new(set.schema.entities.len());
        data::load(&spec.path, bytes, format, &set.schema, opts.entity, &mut ds)
            .map_err(|e| e.render(lang))?;
        warnings.extend(ds.warnings.drain(..).map(|w| w.render(lang)));
        return Ok(Opened::Plan(Box::new(ds)));
    }
    let mut chunks = Chunks::new(reader, head, &spec.path);
    let empty = || {
        DataError::Empty {
            path: spec.path.clone(),
        }
        .render(lang)
    };
    let Some(first) = chunks.next_chunk().map_err(|e| e.render(lang))? else {
        return Err(empty());
    };
    if first.text.trim().is_empty() {
        return Err(empty());
    }
    let ctx = Ctx {
        path: &spec.path,
        text: &first.text,
        first_line: 1,
        lang,
        source: index,
    };
    let (header, w) =
        read_header(&ctx.data(), &set.schema, opts.entity).map_err(|e| ctx.render(&e))?;
    warnings.extend(w.iter().map(|w| ctx.render(w)));
    chunks.close_when_read();
    Ok(Opened::Csv {
        chunks,
        first,
        header,
    })
}

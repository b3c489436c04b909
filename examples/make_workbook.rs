//! Writes the sample workbooks from the CSV samples, one sheet per table, each under a
//! title row, as a bureau's workbook has them: `samples/huaiyang-workbook.xlsx` from the
//! Huaiyang claims, `samples/kaifeng-workbook.xlsx` from the Kaifeng facility list.
//!
//! `cargo run --example make_workbook`

use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn sheet(book: &mut Workbook, name: &str, title: &str, csv: &str) -> Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name(name)?;
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let width = rows.first().map_or(1, Vec::len);
    let bold = Format::new().set_bold();
    ws.merge_range(
        0,
        0,
        0,
        u16::try_from(width.saturating_sub(1)).unwrap_or(0),
        title,
        &bold,
    )?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (
                u32::try_from(r + 1).unwrap_or(0),
                u16::try_from(c).unwrap_or(0),
            );
            match cell.parse::<f64>() {
                Ok(n) if r > 1 => ws.write_number(r, c, n)?,
                _ if cell.is_empty() => ws,
                _ => ws.write_string(r, c, *cell)?,
            };
        }
    }
    Ok(())
}

/// The Kaifeng facility list is kept as Excel exports it, in GBK.
fn gbk(bytes: &[u8]) -> String {
    encoding_rs::GBK.decode(bytes).0.replace("\r\n", "\n")
}

fn main() -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    sheet(
        &mut book,
        "补贴申领",
        "淮阳区2022年养老服务补贴申领汇总表",
        include_str!("../samples/huaiyang-claims.csv"),
    )?;
    sheet(
        &mut book,
        "护理员补贴",
        "淮阳区2022年养老护理员补贴申领表",
        include_str!("../samples/huaiyang-caregivers.csv"),
    )?;
    book.save("samples/huaiyang-workbook.xlsx")?;

    let mut book = Workbook::new();
    sheet(
        &mut book,
        "养老服务设施",
        "开封市养老服务设施情况统计表",
        &gbk(include_bytes!("../samples/kaifeng-facilities-gbk.csv")),
    )?;
    book.save("samples/kaifeng-workbook.xlsx")
}

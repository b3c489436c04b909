//! `workbook CSV XLSX`: the CSV as an Excel workbook of one sheet, `设施`, its
//! header in the first row, numeric cells written as numbers: the page's benchmark
//! checks a workbook as a bureau would hand it over.

use rust_xlsxwriter::{Workbook, XlsxError};
use std::process::ExitCode;

fn write(csv_path: &str, out: &str) -> Result<u32, String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(csv_path)
        .map_err(|e| format!("{csv_path}: {e}"))?;
    let mut book = Workbook::new();
    let sheet = book
        .add_worksheet_with_constant_memory()
        .map_err(|e| e.to_string())?;
    sheet
        .set_name("设施")
        .map_err(|e: XlsxError| e.to_string())?;
    let mut rows = 0u32;
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("{csv_path}: {e}"))?;
        let r = u32::try_from(r).map_err(|e| e.to_string())?;
        for (c, cell) in rec.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| e.to_string())?;
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && n.is_finite() => sheet.write_number(r, c, n),
                _ if cell.is_empty() => continue,
                _ => sheet.write_string(r, c, cell),
            }
            .map_err(|e| e.to_string())?;
        }
        rows = r;
    }
    book.save(out).map_err(|e| format!("{out}: {e}"))?;
    Ok(rows)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv_path, out] = args.as_slice() else {
        eprintln!("usage: workbook CSV XLSX");
        return ExitCode::from(2);
    };
    match write(csv_path, out) {
        Ok(rows) => {
            println!("{out}: {rows} rows");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("workbook: {e}");
            ExitCode::FAILURE
        }
    }
}

//! `floor FILE...`: the least any checker of the benchmark data must spend. It reads each
//! CSV with the csv crate, parses every numeric cell (by its column's name: areas,
//! counts, ratios, coordinates) to f64, and prints how many records, numeric cells and
//! blank numeric cells it saw. No checks, no joins, no output beyond the counts.

use std::process::ExitCode;

/// The numeric columns of the data contract (facility, region, district).
const NUMERIC: &[&str] = &[
    "floor_area",
    "land_area",
    "beds",
    "nursing_beds",
    "embedded_beds",
    "lon",
    "lat",
    "population",
    "elderly_population",
    "care_land_area",
    "family_beds",
    "smart_care_covered",
    "signed_rate",
    "households",
    "care_floor_area",
    "plot_completion",
];

#[derive(Default)]
struct Counts {
    records: u64,
    numbers: u64,
    blanks: u64,
    sum: f64,
}

fn read(path: &str, c: &mut Counts) -> Result<(), String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| format!("{path}: {e}"))?;
    let headers = rdr
        .byte_headers()
        .map_err(|e| format!("{path}: {e}"))?
        .clone();
    let numeric: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| NUMERIC.iter().any(|n| n.as_bytes() == *h))
        .map(|(i, _)| i)
        .collect();
    let mut rec = csv::ByteRecord::new();
    while rdr
        .read_byte_record(&mut rec)
        .map_err(|e| format!("{path}: {e}"))?
    {
        c.records += 1;
        for &i in &numeric {
            let cell = rec.get(i).unwrap_or_default();
            if cell.is_empty() {
                c.blanks += 1;
                continue;
            }
            let s = std::str::from_utf8(cell).map_err(|e| format!("{path}: {e}"))?;
            let v = number(s)
                .ok_or_else(|| format!("{path}:{}: `{s}` is not a number", c.records + 1))?;
            c.numbers += 1;
            c.sum += v;
        }
    }
    Ok(())
}

/// A number with an optional unit (`1.5 亩`, `2000平方米`, `55%`) in the unit's base.
fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(s.len());
    let v: f64 = s[..end].parse().ok()?;
    let factor = match s[end..].trim() {
        "" | "m2" | "m²" | "㎡" | "平方米" => 1.0,
        "亩" => 2000.0 / 3.0,
        "公顷" | "ha" => 10_000.0,
        "%" => 0.01,
        "‰" => 0.001,
        _ => return None,
    };
    Some(v * factor)
}

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: floor FILE.csv...");
        return ExitCode::from(2);
    }
    let mut c = Counts::default();
    for p in &paths {
        if let Err(e) = read(p, &mut c) {
            eprintln!("floor: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!(
        "records {} numeric cells {} blank {} sum {:.3}",
        c.records, c.numbers, c.blanks, c.sum
    );
    ExitCode::SUCCESS
}

use super::*;
use crate::data::error::{DataError, en, shown};
use crate::data::load::tests::schema;
use crate::data::{Dataset, Format, Problem, load};
use crate::diag::Diag;
use crate::num::Q;

fn load_plan_str(text: &str) -> Result<Dataset, Diag> {
    let s = schema();
    let mut ds = Dataset::new(s.entities.len());
    load(
        "plan.toml",
        text.as_bytes(),
        Format::Plan,
        &s,
        None,
        &mut ds,
    )
    .map_err(|e| shown(&e, false))?;
    Ok(ds)
}

fn ok(text: &str) -> Dataset {
    load_plan_str(text).unwrap_or_else(|d| panic!("{}", crate::diag::render_plain(&d, 100)))
}

fn err(text: &str) -> Diag {
    match load_plan_str(text) {
        Ok(_) => panic!("loaded: {text:?}"),
        Err(d) => d,
    }
}

fn num(n: i128, d: i128) -> Value<'static> {
    Value::Num(Q::new(n, d).unwrap_or(Q::ZERO).into())
}

fn problem(v: &Value) -> Problem {
    match v {
        Value::Invalid(i) => i.problem.clone(),
        other => panic!("not invalid: {other:?}"),
    }
}

const PLAN: &str = r#"# a residential plan
[plan]
name = "某小区"
region = "开封市"
anything = { else = 1 }

[[facility]]
name = "城东中心"
kind = "街道综合养老服务中心"
floor_area = 2_000
land_area = 55.8
"床位数" = "60张"
services = ["助餐", "助浴", 3]
upgraded = true
opened = 2022-12-31
colour = "red"

[["区域"]]
name = "甲县"
signed_rate = 55.5

[[facility]]
name = "西关"
floor_area = "1.5 亩"
beds = -3
upgraded = 1
opened = "2022-13-40"
kind = 3

[zoning]
x = 1
"#;

#[test]
fn reads_a_plan_exactly_with_spans() {
    let ds = ok(PLAN);
    assert_eq!(
        ds.inputs,
        vec![
            crate::data::Input {
                path: "plan.toml".into(),
                entity: 0,
                records: 2
            },
            crate::data::Input {
                path: "plan.toml".into(),
                entity: 1,
                records: 1
            },
        ]
    );
    let f = &ds.tables[0];
    let v = &f[0].values;
    assert_eq!(v[0], Value::Text("城东中心".into()));
    assert_eq!(v[1], Value::Enum(0));
    assert_eq!(v[2], num(2000, 1));
    assert_eq!(v[3], num(37_200, 1)); // 55.8 亩, exactly
    assert_eq!(v[4], num(60, 1));
    assert_eq!(items(&v[5]), ["助餐", "助浴", "3"]);
    assert_eq!(v[6], Value::Bool(true));
    assert_eq!(v[7], Value::Date(jiff::civil::date(2022, 12, 31)));
    let v = &f[1].values;
    assert_eq!(v[2], num(1000, 1));
    assert_eq!(problem(&v[4]), Problem::Negative);
    assert_eq!(v[6], Value::Bool(true));
    assert_eq!(problem(&v[7]), Problem::BadDate);
    assert_eq!(problem(&v[1]), Problem::UnknownEnum);
    assert_eq!(ds.tables[1][0].values[2], num(111, 200)); // 55.5 %

    // positions: record at its [[table]] header, rows in load order
    let at = |s: &str| PLAN.find(s).unwrap_or(usize::MAX);
    assert_eq!(
        f[0].pos,
        Pos {
            source: 0,
            row: 0,
            line: 7,
            offset: at("[[facility]]") as u32
        }
    );
    assert_eq!(f[1].pos.row, 1);
    assert_eq!(f[1].pos.line, 22);
    assert_eq!(ds.tables[1][0].pos.row, 2);
    let text = &ds.sources[0].text;
    let cell = |r, slot| {
        let loc = ds.locate(r, Some(slot));
        (
            &text[loc.offset..loc.offset + loc.len],
            loc.line,
            loc.column,
        )
    };
    assert_eq!(cell(&f[0], 3), ("55.8", 11, 13));
    assert_eq!(cell(&f[1], 2), ("\"1.5 亩\"", 24, 14));
    assert_eq!(cell(&ds.tables[1][0], 2), ("55.5", 20, 15));
    // absent key: the record's header
    assert_eq!(cell(&f[1], 5), ("", 22, 1));

    let codes: Vec<_> = ds.warnings.iter().map(|w| w.code()).collect();
    // `[plan] anything` is no key of a plan; `kind = 3` no kind of facility.
    assert_eq!(
        codes,
        [
            "ylcheck::data::unknown_key",
            "ylcheck::data::unknown_key",
            "ylcheck::data::unknown_table",
            "ylcheck::data::unknown_value",
        ]
    );
    let w = &en(&ds.warnings)[1];
    assert_eq!(abs_label(w, &w.labels[0], text), (at("colour"), 6));
    assert!(en(&ds.warnings)[0].message.contains("anything"));
}

#[test]
fn type_mismatches_are_values() {
    let ds = ok(
        "[[facility]]\nname = [\"a\"]\nfloor_area = true\nupgraded = \"maybe\"\nbeds = 0x10\nservices = \"a、b\"\nopened = 2022-12-31T10:00:00\n",
    );
    let v = &ds.tables[0][0].values;
    assert_eq!(v[0], Value::Missing);
    assert_eq!(problem(&v[2]), Problem::NotANumber);
    assert_eq!(problem(&v[6]), Problem::BadBool);
    assert_eq!(v[4], num(16, 1));
    assert_eq!(items(&v[5]), ["a", "b"]);
    assert_eq!(v[7], Value::Date(jiff::civil::date(2022, 12, 31)));
    assert_eq!(ds.warnings.len(), 1);
    assert_eq!(en(&ds.warnings)[0].code, "ylcheck::data::value_shape");
    // Nothing to check is an error: it would pass every gate.
    match load_plan_str("[plan]\nname = \"x\"\n") {
        Err(d) => assert_eq!(d.code, "ylcheck::data::no_tables"),
        Ok(_) => panic!("a plan without tables was accepted"),
    }
    let ds = ok("[facility]\nname = \"单个\"\n");
    assert_eq!(ds.tables[0].len(), 1);
    let ds = ok("facility = [{ name = \"a\" }, { name = \"b\", beds = 3 }]\n");
    assert_eq!(ds.tables[0].len(), 2);
    assert_eq!(ds.tables[0][1].pos.line, 1);
}

#[test]
fn structural_errors_are_located() {
    let text = "[[facility]]\nname = \"a\"\nfloor_area = \n";
    let d = err(text);
    assert_eq!(d.code, "ylcheck::data::toml");
    assert!(d.message.starts_with("TOML syntax error"), "{}", d.message);
    let l = abs_label(&d, &d.labels[0], text);
    assert!(l.0 >= text.find("floor_area").unwrap_or(0), "{l:?}");

    assert_eq!(err("facility = 3\n").code, "ylcheck::data::plan_shape");
    assert_eq!(err("facility = [1]\n").code, "ylcheck::data::plan_shape");
    let text = "[[facility]]\nname = \"a\"\n\"名称\" = \"b\"\n";
    let d = err(text);
    assert_eq!(d.code, "ylcheck::data::duplicate_key");
    assert_eq!(
        abs_label(&d, &d.labels[0], text).0,
        text.find("\"名称\"").unwrap_or(0)
    );
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = format!("x = {}{}\n", "[".repeat(100), "]".repeat(100));
    let d = err(&deep);
    assert_eq!(d.code, "ylcheck::data::nesting");
    assert_eq!(abs_label(&d, &d.labels[0], &deep).0, 4 + MAX_DEPTH);
    let deep = format!("x = {}1{}\n", "{a=".repeat(100), "}".repeat(100));
    assert_eq!(err(&deep).code, "ylcheck::data::nesting");
    // brackets in strings and comments do not count
    let fine = format!(
        "# {}\n[[facility]]\nname = \"{}\"\nservices = ['''{}''']\n",
        "[".repeat(100),
        "[".repeat(100),
        "{".repeat(100)
    );
    let ds = ok(&fine);
    assert_eq!(ds.tables[0].len(), 1);
    assert_eq!(table_starts("a = [[1], [2]]\n[[b]]\n"), Ok(vec![15]));
}

fn items<'a>(v: &'a Value<'_>) -> Vec<&'a str> {
    match v {
        Value::List(cell) => crate::data::list_items(cell).collect(),
        other => panic!("not a list: {other:?}"),
    }
}

/// A label's span in the whole text (a diagnostic shows only the lines around it).
fn abs_label(d: &crate::diag::Diag, l: &miette::LabeledSpan, text: &str) -> (usize, usize) {
    let first = d.source.as_ref().map_or(1, |s| s.first_line);
    let start: usize = text
        .split_inclusive('\n')
        .take(first - 1)
        .map(str::len)
        .sum();
    (start + l.offset(), l.len())
}

/// A plan read table by table, and read whole, shown alike: its records, their
/// spans, its region and every warning or the error, as text.
fn read_both(text: &str, schema: &Schema) -> (Option<String>, String) {
    let ctx = Ctx {
        path: "plan.toml",
        text,
        first_line: 1,
        source: 0,
    };
    let show = |r: Result<Loaded, DataError>| match r {
        Ok(l) => {
            let warnings: Vec<String> = l
                .warnings
                .iter()
                .map(|d| crate::diag::render_plain(&shown(d, false), 100))
                .collect();
            format!(
                "{:?}\n{:?}\n{:?}\n{}",
                l.tables,
                l.cells,
                l.region,
                warnings.join("\n")
            )
        }
        Err(d) => crate::diag::render_plain(&shown(&d, false), 100),
    };
    (
        table_starts(ctx.text)
            .ok()
            .and_then(|starts| by_tables(&ctx, schema, &starts))
            .map(|l| show(Ok(l))),
        show(whole(&ctx, schema)),
    )
}

/// Plans as plans are written read table by table exactly as read whole: the
/// same records in the same order, spans, lines, region and warnings.
#[test]
fn plans_read_table_by_table_as_whole() {
    let shipped = crate::lang::compile(&crate::embedded::files()).expect("the shipped rules");
    let samples = [
        include_str!("../../samples/kaifeng-plan.toml"),
        include_str!("../../samples/huaiyang-tasks.toml"),
    ];
    for text in samples {
        let (tables, whole) = read_both(text, &shipped.schema);
        assert_eq!(tables.as_deref(), Some(whole.as_str()));
    }
    let crlf = PLAN.replace('\n', "\r\n");
    let mixed = "# tables of two kinds, interleaved\n\n[[facility]]\nname = \"a\"\nservices = [\n  \"助餐\",\n  [1],\n]\n\n[[\"区域\"]]\nname = \"b\"\nnote = \"\"\"\n[[facility]]\n\"\"\"\n  [[facility]] # again\nname = 'c'\nbogus = 1\nquoted = \"\"\"x\"\"\"\"\nliteral = '''[[facility]]\n'''\n[[nothing]]\nx = 1\n[[nothing]]\ny = 2\n[plan]\nregion = 3\n";
    for text in [PLAN, crlf.as_str(), mixed] {
        let (tables, whole) = read_both(text, &schema());
        assert_eq!(tables.as_deref(), Some(whole.as_str()), "{text}");
    }
}

/// Plans of any other shape, and plans with something wrong, are read whole,
/// so what is said of them is as it was.
#[test]
fn other_plans_are_read_whole() {
    for text in [
        // A key before the first table.
        "region = \"开封市\"\n[[facility]]\nname = \"a\"\n",
        // A table given as `[name]` and as `[[name]]`, or twice.
        "[facility]\nname = \"a\"\n[[facility]]\nname = \"b\"\n",
        "[plan]\nname = \"a\"\n[plan]\nname = \"b\"\n",
        // A dotted header, a sub-table of a record.
        "[[facility]]\nname = \"a\"\n[[facility.rooms]]\nx = 1\n",
        // A syntax error, a field given twice, a key given twice.
        "[[facility]]\nname = \"a\"\nfloor_area = \n",
        "[[facility]]\nname = \"a\"\n\"名称\" = \"b\"\n",
        "[[facility]]\nname = \"a\"\nname = \"b\"\n",
        // A syntax error in a later table of a name no entity has.
        "[[nothing]]\na = 1\n[[nothing]]\nb = \n[[facility]]\nname = \"a\"\n",
        // No tables at all.
        "# nothing\n",
    ] {
        let (tables, _) = read_both(text, &schema());
        assert_eq!(tables, None, "{text}");
    }
}

#[test]
fn lines_from_table_starts_count_every_newline_before_them() {
    // A multi-line string between two headers, and an offset past a header.
    let text = "# c\n[[a]]\nx = \"\"\"\n\n\"\"\"\n\n[[a]]\ny = 1\n";
    let starts = table_starts(text).expect("starts");
    assert_eq!(starts, [4, 24]);
    let every = LineIndex::new(text);
    let marks = LineIndex::of_starts(text, &starts);
    for offset in 0..text.len() {
        assert_eq!(
            marks.line(text, offset),
            every.line(text, offset),
            "offset {offset}"
        );
    }
}

/// A field given twice says on which line it was first given, counted over
/// every line before it.
#[test]
fn a_field_given_twice_names_the_first_line() {
    let d =
        err("# x\n\n[[facility]]\nname = \"a\"\nservices = \"\"\"\nb\n\"\"\"\n\"名称\" = \"b\"\n");
    let text = crate::diag::render_plain(&d, 100);
    assert!(text.contains("first given on line 4"), "{text}");
}

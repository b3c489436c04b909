//! Messages a civil-affairs official can send on: in zh, every field is named as the
//! forms name it (never `plot_completion`), a blank says which field is blank, a
//! total row or a form names every column at fault, and what is required is stated
//! in words with the record's figures.

use crate::common;

use std::io::Write;

/// Every sample, as a bureau would check it, in JSON.
const RUNS: &[&[&str]] = &[
    &["samples/kaifeng-plan.toml"],
    &["samples/kaifeng-plan.geojson"],
    &["samples/kaifeng-facilities-gbk.csv", "--region", "开封市"],
    &["samples/kaifeng-tasks.csv", "--region", "开封市"],
    &[
        "samples/henan-pairing.csv",
        "samples/henan-visits.csv",
        "--region",
        "开封市",
    ],
    &[
        "samples/huaiyang-claims.csv",
        "samples/huaiyang-caregivers.csv",
        "--region",
        "周口市淮阳区",
    ],
    &["samples/huaiyang-workbook.xlsx", "--region", "周口市淮阳区"],
    &[
        "samples/pingdingshan-progress-faults.csv",
        "--region",
        "平顶山市",
    ],
];

fn json(args: &[&str], lang: &str) -> serde_json::Value {
    let mut all = vec![
        "check",
        "--format",
        "json",
        "--lang",
        lang,
        "--as-of",
        "2026-01-01",
    ];
    all.extend_from_slice(args);
    let out = common::ylcheck(&all, None);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.transcript()))
}

/// A snake_case identifier of the rule language (`care_floor_area`) in Chinese text.
fn english_field(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()))
}

#[test]
fn chinese_reports_name_fields_as_the_forms_do() {
    let mut seen = 0;
    for args in RUNS {
        let report = json(args, "zh");
        for f in report["findings"].as_array().unwrap() {
            for key in ["message", "requirement"] {
                let text = f[key].as_str().unwrap();
                assert!(
                    english_field(text).is_none(),
                    "{args:?}: {key} names a field in English: {text}"
                );
                assert!(!text.contains("（空）"), "{args:?}: a bare blank: {text}");
                seen += 1;
            }
        }
        for n in report["not_checked"].as_array().unwrap() {
            let text = n["reason"].as_str().unwrap();
            assert!(english_field(text).is_none(), "{args:?}: {text}");
        }
    }
    assert!(seen > 100, "only {seen} texts read");
}

#[test]
fn requirement_is_words_with_the_records_figures() {
    let report = json(&["samples/kaifeng-plan.toml"], "zh");
    let finding = |rule: &str, record: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["record"] == record)
            .unwrap_or_else(|| panic!("{rule} {record}"))
            .clone()
    };
    let f = finding("kaifeng-2022-2/residential-care-floor-area", "锦绣华庭");
    assert_eq!(
        f["requirement"],
        "养老服务设施建筑面积 ≥ 258 m²（860户 ÷ 100 × 每百户30 m²，新建小区）"
    );
    assert_eq!(f["required_value"]["value"], 258);
    assert_eq!(f["required_value"]["unit"], "m²");
    // The expression stays, for tools.
    assert_eq!(
        f["required"],
        "care_floor_area >= households / 100 * per_100"
    );
    // An unknown has no computed figure: the requirement is the rule's title.
    let u = finding("kaifeng-2022-2/residential-care-floor-area", "悦澜湾");
    assert_eq!(u["outcome"], "unknown");
    assert_eq!(u["required_value"], serde_json::Value::Null);
    assert_eq!(
        u["requirement"],
        "住宅小区按每百户30（新建）/20（已建成）平方米配建养老服务设施"
    );
    assert!(
        u["message"]
            .as_str()
            .unwrap()
            .contains("“养老服务设施建筑面积”一栏"),
        "{u}"
    );
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_total_row_names_every_column_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = write(
        dir.path(),
        "tasks.csv",
        "县（区）,街道综合养老服务中心（个）,社区养老服务设施（个）,县级特困供养机构（个）,敬老院改造提升（个）,家庭养老床位（户）,养老护理员培训（人次）\n\
         兰考县,3,32,1,15,1007,360\n\
         杞县,1,26,1,20,1378,275\n\
         合计,4,59,2,35,2385,600\n",
    );
    for (lang, want) in [
        (
            "zh",
            "合计行的社区养老服务设施（个）、养老护理员培训（人次）与各县区之和不符",
        ),
        (
            "en",
            "The total row's community_target, training_target do not equal the sums of the county rows",
        ),
    ] {
        let report = json(&[&tasks, "--region", "开封市"], lang);
        let f = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "kaifeng-2022-2/task-table-totals")
            .unwrap()
            .clone();
        assert_eq!(f["message"], want);
        assert_eq!(
            f["faults"],
            serde_json::json!(["community_target", "training_target"])
        );
    }
}

#[test]
fn a_form_names_each_blank_and_tells_repeated_headings_apart() {
    let dir = tempfile::tempdir().unwrap();
    let pairing = write(
        dir.path(),
        "pairing.csv",
        "序号,中心（机构）名称,类别,包联人1,单位,电话,包联人2,单位,电话\n\
         1,北书店街道综合养老服务中心,街道综合养老服务中心,王建国,,13803781234,李四,,\n",
    );
    let report = json(&[&pairing, "--region", "开封市"], "zh");
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "henan-2022-57/pairing-contact-complete")
        .unwrap()
        .clone();
    assert_eq!(
        f["message"],
        "北书店街道综合养老服务中心的包联人信息未填全：包联人1单位、包联人2单位、包联人2电话"
    );
}

#[test]
fn displayed_figures_never_contradict_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let facilities = write(
        dir.path(),
        "facilities.csv",
        "名称,类型,县（区）,街道,建筑面积（平方米）,床位数,护理型床位数,嵌入式床位数\n\
         北书店街道综合养老服务中心,街道综合养老服务中心,龙亭区,北书店街道,1999.999,60,40,50\n",
    );
    let report = json(&[&facilities, "--region", "开封市"], "zh");
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kaifeng-2022-2/street-center-floor-area")
        .unwrap()
        .clone();
    assert_eq!(f["outcome"], "fail");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("1999.999 m²"), "{message}");
    assert_eq!(f["shortfall"]["value"], serde_json::json!(0.001));
    let mut all = vec![
        "check",
        "--lang",
        "zh",
        "--as-of",
        "2026-01-01",
        "--region",
        "开封市",
    ];
    all.push(&facilities);
    let human = common::ylcheck(&all, None);
    assert!(
        human.stdout.contains("实际 1999.999 m²，要求 ≥ 2000 m²"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("差额：0.001 m²"), "{}", human.stdout);

    // A reported share keeps the precision it was written at.
    let progress = write(
        dir.path(),
        "progress.csv",
        "单位,上级,养老机构床位数,养老机构护理型床位数,养老机构护理型床位占比\n\
         平顶山市叶县,平顶山市,,,50.00%\n",
    );
    let report = json(&[&progress, "--region", "平顶山市"], "zh");
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "pingdingshan-2021-54/institution-nursing-share")
        .unwrap_or_else(|| panic!("{report}"))
        .clone();
    assert_eq!(f["outcome"], "fail", "{f}");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("50.00%"), "{message}");
}

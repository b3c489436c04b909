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
    json_at(args, lang, "2026-01-01")
}

/// The JSON report of `check` as of `as_of`.
fn json_at(args: &[&str], lang: &str, as_of: &str) -> serde_json::Value {
    let mut all = vec![
        "check", "--format", "json", "--lang", lang, "--as-of", as_of,
    ];
    all.extend_from_slice(args);
    let out = common::ylcheck(&all, None);
    out.json()
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
            .contains("这一条没有填写“养老服务设施建筑面积”"),
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
    for (lang, want, requirement) in [
        (
            "zh",
            "合计行与各县区之和不符：社区养老服务设施建设提升（个）合计行59，各县区之和58；护理员培训（人次）合计行600，各县区之和635",
            "合计行各列等于各县区之和（社区养老服务设施建设提升（个）应为58；护理员培训（人次）应为635）",
        ),
        (
            "en",
            "The total row does not equal the sums of the county rows: community_target total row 59, county rows' sum 58; training_target total row 600, county rows' sum 635",
            "each column of the total row equals the county rows' sum (community_target should be 58; training_target should be 635)",
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
        assert_eq!(f["requirement"], requirement);
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

/// The findings of one rule, as (outcome, message).
fn messages(report: &serde_json::Value, rule: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["outcome"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// A blank staff member and level are said once, in one pair of parentheses: a
/// whole blank pair names the staff member alone, a blank level inside the
/// template's parentheses gets no second pair.
#[test]
fn a_blank_pair_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let pairing = write(
        dir.path(),
        "pairing.csv",
        "序号,中心（机构）名称,类别,包联人1,单位,电话,包联人2,单位,电话,级别1,级别2\n\
         1,宋门社区养老服务中心,社区老年人日间照料中心,孙伟,开封市民政局,13803781234,,,,市级,\n\
         2,北书店街道综合养老服务中心,街道综合养老服务中心,王建国,龙亭区民政局,13803781234,李明,鼓楼区民政局,13803781234,县级,\n",
    );
    let rule = "henan-2022-57/day-care-pairing-levels";
    let zh = json(&[&pairing, "--region", "开封市", "--select", rule], "zh");
    assert_eq!(
        messages(&zh, rule),
        [(
            "fail".to_string(),
            "宋门社区养老服务中心的包联人为孙伟（市级）、（包联人2未填），不是一名省级或市级加一名县级工作人员（已逾期，期限 2022-03-31）".to_string()
        )]
    );
    let en = json(&[&pairing, "--region", "开封市", "--select", rule], "en");
    assert_eq!(
        messages(&en, rule)[0].1,
        "宋门社区养老服务中心 is paired with 孙伟 (city) and (staff2 blank), not one provincial or city and one county staff member (overdue; due 2022-03-31)"
    );
    // a blank level beside a named staff member, of a unit that does not say its
    // level (市民政局 may be a county-level city's): inside the template's own
    // parentheses
    let one = write(
        dir.path(),
        "one.csv",
        "中心（机构）名称,类别,包联人1,单位,电话,级别1\n\
         宋门社区养老服务中心,社区老年人日间照料中心,孙伟,市民政局,13803781234,\n",
    );
    let zh = json(&[&one, "--region", "开封市", "--select", rule], "zh");
    assert_eq!(
        messages(&zh, rule)[0].1,
        "宋门社区养老服务中心的包联人为孙伟（级别1未填）、（包联人2未填），不是一名省级或市级加一名县级工作人员（已逾期，期限 2022-03-31）"
    );
}

/// A visit record's missing signatures are named, not "one or the other".
#[test]
fn an_unsigned_visit_names_the_missing_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let visits = write(
        dir.path(),
        "visits.csv",
        "序号,日期,养老服务中心（机构）名称,养老服务中心（机构）负责人签名,包联人签名,备注\n\
         1,2022-04-06,宋门社区养老服务中心,赵丽,,\n\
         2,2022-04-06,包公湖社区老年人日间照料中心,,,\n",
    );
    let rule = "henan-2022-57/visit-signed";
    let zh = json(&[&visits, "--region", "开封市", "--select", rule], "zh");
    let got: Vec<String> = messages(&zh, rule).into_iter().map(|(_, m)| m).collect();
    assert_eq!(
        got,
        [
            "2022-04-06对宋门社区养老服务中心的联系记录表缺少签名：包联人签名",
            "2022-04-06对包公湖社区老年人日间照料中心的联系记录表缺少签名：养老服务中心（机构）负责人签名、包联人签名",
        ]
    );
    let en = json(&[&visits, "--region", "开封市", "--select", rule], "en");
    let got: Vec<String> = messages(&en, rule).into_iter().map(|(_, m)| m).collect();
    assert_eq!(
        got,
        [
            "The visit record of 宋门社区养老服务中心 on 2022-04-06 is not signed in: `staff`",
            "The visit record of 包公湖社区老年人日间照料中心 on 2022-04-06 is not signed in: `manager_signature`, `staff`",
        ]
    );
}

/// A blank right after its own name in a message reads "建设数未填", not the name
/// again in parentheses (平顶山 附件1, 鲁山县: no county institution's beds yet, and
/// here no count of those built either).
#[test]
fn a_blank_after_its_name_reads_naturally() {
    let dir = tempfile::tempdir().unwrap();
    let annex = write(
        dir.path(),
        "annex.csv",
        "单位,县级特困供养机构目标数,县级特困供养机构建设数,县级特困供养机构护理型床位床位数,县级特困供养机构护理型床位护理型床位数,县级特困供养机构护理型床位目前占比,县级特困供养机构护理型床位目标数\n\
         鲁山县,1,,,,0%,55%\n",
    );
    let rule = "pingdingshan-2021-54/county-institution-nursing-share-reported";
    let zh = json(&[&annex, "--region", "平顶山市", "--select", rule], "zh");
    assert_eq!(
        messages(&zh, rule),
        [(
            "fail".to_string(),
            "平顶山市鲁山县未填县级特困供养机构床位数和护理型床位数（机构建设数未填），填报的护理型床位占比为0%，未达到55%（已逾期，期限 2022-12-31）"
                .to_string()
        )]
    );
}

/// A missing 包联人签名 is reported once, by the signature rule, not again as a blank
/// basic fact of the form.
#[test]
fn a_missing_signature_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let visits = write(
        dir.path(),
        "visits.csv",
        "日期,养老服务中心（机构）名称,地址,养老服务中心（机构）负责人,现有职工人数,占地面积（平方米）,床位数,运营主体,提供服务内容,存在困难和问题,已解决问题,近期需要解决问题,预计解决时限,包联人签名,养老服务中心（机构）负责人签名\n\
         2022-04-15,宋门社区养老服务中心,,李桂兰,,300,10,政府,助餐,无,无,无,无,,李桂兰\n",
    );
    let zh = json(
        &[
            &visits,
            "--region",
            "开封市",
            "--select",
            "henan-2022-57/visit-*",
        ],
        "zh",
    );
    let all: Vec<String> = zh["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["outcome"] == "fail")
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        all.iter().filter(|m| m.contains("包联人")).count(),
        1,
        "{all:#?}"
    );
    let complete = messages(&zh, "henan-2022-57/visit-record-complete");
    assert_eq!(
        complete,
        [(
            "fail".to_string(),
            "2022-04-15对宋门社区养老服务中心的联系记录表有基本情况未填写或无法识别：地址、现有职工人数"
                .to_string()
        )]
    );
    assert_eq!(
        messages(&zh, "henan-2022-57/visit-signed")[0].1,
        "2022-04-15对宋门社区养老服务中心的联系记录表缺少签名：包联人签名"
    );
}

/// Every table a bureau sends may carry a 序号 and a 备注 column: read quietly. The
/// 开封 task table's 合计 row stays data (the 序号 field is not a total-row marker
/// there), even where 合计 is written in the 序号 column over a blank 县（区）.
#[test]
fn running_numbers_and_remarks_are_accepted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "kf.csv",
            "序号,县（区）,街道综合养老服务中心（个）,社区养老服务设施（个）,县级特困供养机构（个）,敬老院改造提升（个）,家庭养老床位（户）,养老护理员培训（人次）,备注\n\
             1,兰考县,3,32,1,15,1007,360,\n\
             2,杞县,1,26,1,20,1378,275,无\n\
             合计,,4,58,2,35,2385,636,\n",
            "开封市",
        ),
        (
            "pds.csv",
            "序号,单位,上级,护理员培训目标数,备注\n1,平顶山市,河南省,2763,\n2,舞钢市,平顶山市,400,\n",
            "平顶山市",
        ),
        (
            "visit.csv",
            "序号,日期,养老服务中心（机构）名称,包联人签名,备注\n1,2022-04-06,宋门社区养老服务中心,李明,\n",
            "开封市",
        ),
        (
            "pairing.csv",
            "序号,中心（机构）名称,类别,包联人1,单位,电话,备注\n1,北书店街道综合养老服务中心,街道综合养老服务中心,王建国,龙亭区民政局,13803781234,\n",
            "开封市",
        ),
        (
            "claims.csv",
            "序号,名称,补贴类型,是否登记备案,申请金额（元）,备注\n1,淮阳区康乐养老院,建设补贴,是,80000,\n",
            "周口市淮阳区",
        ),
        (
            "caregivers.csv",
            "序号,姓名,工作单位,证书等级,补贴月数,申请金额（元）,备注\n1,王秀英,淮阳区康乐养老院,高级,6,900,\n",
            "周口市淮阳区",
        ),
    ];
    for (name, text, region) in files {
        let path = write(dir.path(), name, text);
        let report = json(&[&path, "--region", region], "zh");
        let diags = report["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            !diags
                .iter()
                .any(|d| d["code"] == "ylcheck::data::unknown_column"),
            "{name}: {diags:?}"
        );
        if name == "kf.csv" {
            assert_eq!(
                messages(&report, "kaifeng-2022-2/task-table-totals"),
                [(
                    "fail".to_string(),
                    "合计行与各县区之和不符：护理员培训（人次）合计行636，各县区之和635"
                        .to_string()
                )]
            );
        }
    }
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

/// `care-construction-before-half` on a new district whose plots are `completion`
/// built and whose care facility is not started.
fn not_yet_started(dir: &std::path::Path, completion: &str) -> common::Output {
    let districts = write(
        dir,
        "districts.csv",
        &format!(
            "名称,县（区）,建设状态,户数,养老服务设施建筑面积（平方米）,地块完工比例（%）,养老设施是否开工\n\
             小区A,祥符区,新建,100,30,{completion},否\n"
        ),
    );
    common::ylcheck(
        &[
            "check",
            "--as-of",
            "2026-01-01",
            "--select",
            "care-construction-before-half",
            &districts,
        ],
        None,
    )
}

/// A spreadsheet's computed 200 written as `199.99999999999997` fails, and is
/// shown with every decimal it has, its shortfall not `0`; a strict bound failed
/// on the bound itself (50 % against `< 50%`) shows no shortfall at all.
#[test]
fn a_float_artefact_is_shown_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let centers = write(
        dir.path(),
        "centers.csv",
        "名称,类型,县（区）,社区,建筑面积（平方米）\n\
         测社区养老服务中心,社区养老服务中心,祥符区,测社区,199.99999999999997\n",
    );
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--select",
            "community-center-floor-area",
            &centers,
        ],
        None,
    );
    let report = out.json();
    let f = &report["findings"][0];
    assert_eq!(f["outcome"], "fail", "{report}");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("199.99999999999997 m²"), "{message}");
    // The report's own text: a parser would read the numbers back as floats.
    let text = &out.stdout;
    assert!(
        text.contains(r#""shortfall":{"value":0.00000000000003,"unit":"m²"}"#),
        "{text}"
    );
    assert!(
        text.contains(r#""floor_area":{"value":199.99999999999997"#),
        "{text}"
    );
    let human = not_yet_started(dir.path(), "50%");
    assert!(
        human.stdout.contains("实际 50%，要求 < 50%"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("超出："), "{}", human.stdout);
}

/// Every identifier of the shipped rules (entity, field and enum value names) and
/// the word `pack`: none may appear in Chinese output.
fn identifiers() -> std::collections::BTreeSet<String> {
    let set = ylcheck::rules::shipped(ylcheck::i18n::Lang::Zh).expect("the shipped rules");
    let mut out = std::collections::BTreeSet::from(["pack".to_string()]);
    for e in &set.schema.entities {
        out.insert(e.name.clone());
        for f in &e.fields {
            out.insert(f.name.clone());
            if let ylcheck::schema::FieldType::Enum(vs) = &f.ty {
                out.extend(vs.iter().map(|v| v.name.clone()));
            }
        }
    }
    out
}

/// The identifiers in a Chinese text. Rule ids (`huaiyang-2022-2/street-has-center`)
/// and diagnostic codes (`ylcheck::data::unknown_value`) are references a reader
/// quotes, not names of fields, and are skipped.
fn identifiers_in<'t>(text: &'t str, known: &std::collections::BTreeSet<String>) -> Vec<&'t str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_-:/".contains(c)))
        .filter(|w| !w.contains(['-', ':', '/']))
        .filter(|w| known.contains(*w))
        .collect()
}

/// A human report's lines as one text, with the words the terminal's width broke
/// (`management-` / `records`) joined again.
fn unwrapped(text: &str) -> String {
    let mut out = String::new();
    // A snippet of the input (`6 │ households = 11`) shows the user's own words.
    let snippet = |l: &str| {
        let l = l.trim_start();
        l.starts_with(|c: char| c.is_ascii_digit())
            && l.trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with(" │")
    };
    for line in text.lines().filter(|l| !snippet(l)) {
        if out.ends_with('-') {
            out.push_str(line.trim_start_matches(|c: char| c.is_whitespace() || c == '│'));
        } else {
            out.push('\n');
            out.push_str(line);
        }
    }
    out
}

/// The texts for a reader in a JSON report: messages, helps, labels, reasons.
fn prose(v: &serde_json::Value, key: &str, out: &mut String) {
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| prose(v, k, out)),
        serde_json::Value::Array(a) => a.iter().for_each(|v| prose(v, key, out)),
        serde_json::Value::String(s)
            if [
                "message",
                "help",
                "label",
                "labels",
                "reason",
                "requirement",
            ]
            .contains(&key) =>
        {
            out.push_str(s);
            out.push('\n');
        }
        _ => {}
    }
}

#[test]
fn chinese_messages_about_bad_inputs_name_no_identifiers() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        write(
            dir.path(),
            "a.csv",
            "名称,级别,上级\n城东街道,街到,淮阳区\n城西街道,级别不明,淮阳区\n",
        ),
        write(
            dir.path(),
            "b.csv",
            "名称,类型,县（区）,街道,社区,联系电话,床位数,护理型床位数,运营方式\n\
             幸福家园,养老服务厂所,淮阳区,城关镇,东关社区,123,10,20,公建\n\
             康乐园,street_centre,淮阳区,城关镇,西关社区,124,10,5,民营\n",
        ),
        write(
            dir.path(),
            "c.csv",
            "小区名称,建设状态,户数,养老服务设施建筑面积,地块完工比例,经度,纬度\n\
             金明小区,新见,500,100,0.5,,\n\
             银河小区,neww,300,80,0.4,114.3,34.8\n",
        ),
        write(
            dir.path(),
            "d.csv",
            "序号,单位,上级,街道综合养老中心目标数\n1,新华区,平顶山市,3\n",
        ),
        write(
            dir.path(),
            "e.toml",
            "[[district]]\nname = \"金明小区\"\nstatus = \"neww\"\nplot_completion = 0.5\nhouseholds = 10\n",
        ),
        write(
            dir.path(),
            "g.toml",
            "[[district]]\nname = \"金明小区\"\nhouseholds = 10\n\"户数\" = 11\n",
        ),
        write(dir.path(), "h.toml", "[[district]]\nname = 金明小区\n"),
        write(dir.path(), "f.toml", "[[facilty]]\nname = \"x\"\n"),
    ];
    let known = identifiers();
    // A misspelt English value is offered its Chinese label.
    let out = common::ylcheck(
        &["check", "--lang", "zh", "--as-of", "2026-01-01", &files[2]],
        None,
    );
    assert!(
        out.stderr.contains("是不是“新建”？"),
        "{}",
        out.transcript()
    );
    for file in &files {
        for format in ["human", "json"] {
            let out = common::ylcheck(
                &[
                    "check",
                    "--lang",
                    "zh",
                    "--format",
                    format,
                    "--as-of",
                    "2026-01-01",
                    file,
                ],
                None,
            );
            // In JSON, the texts meant for a reader (keys and ids are the format's).
            let text = if format == "json" && !out.stdout.is_empty() {
                let mut texts = String::new();
                prose(&out.json(), "", &mut texts);
                texts
            } else {
                out.transcript()
            };
            let text = unwrapped(&text.replace(file.as_str(), ""));
            let found = identifiers_in(&text, &known);
            assert!(
                found.is_empty(),
                "{file} ({format}): {found:?} in\n{}",
                out.transcript()
            );
        }
    }
}

/// A share is stated as a percentage, with as many decimals as it takes never to
/// read as the threshold it misses, in the message and the requirement.
#[test]
fn a_share_is_stated_as_a_percentage() {
    let dir = tempfile::tempdir().unwrap();
    let facilities = write(
        dir.path(),
        "facilities.csv",
        "名称,类型,县（区）,街道,建筑面积（平方米）,床位数,护理型床位数\n\
         北书店街道综合养老服务中心,街道综合养老服务中心,龙亭区,北书店街道,2500,100000,54999\n\
         宋门街道综合养老服务中心,街道综合养老服务中心,龙亭区,宋门街道,2500,60,32\n\
         兰考县谷营镇敬老院,乡镇敬老院,兰考县,,800,60,32\n",
    );
    let finding = |report: &serde_json::Value, rule: &str, record: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["record"] == record)
            .unwrap_or_else(|| panic!("{rule} {record}: {report}"))
            .clone()
    };
    let zh = json(&[&facilities, "--region", "开封市"], "zh");
    let f = finding(
        &zh,
        "kaifeng-2022-2/street-center-nursing-share",
        "北书店街道综合养老服务中心",
    );
    assert_eq!(
        f["message"],
        "北书店街道综合养老服务中心共100000张床位，其中护理型54999张，占比54.999%，低于55%（已逾期，期限 2022-12-31）"
    );
    assert_eq!(
        f["requirement"],
        "护理型床位占比 ≥ 55%（护理型床位54999张 ÷ 床位100000张 = 54.999%）"
    );
    let f = finding(
        &zh,
        "kaifeng-2022-2/street-center-nursing-share",
        "宋门街道综合养老服务中心",
    );
    assert_eq!(
        f["message"],
        "宋门街道综合养老服务中心共60张床位，其中护理型32张，占比53.33%，低于55%（已逾期，期限 2022-12-31）"
    );
    let f = finding(
        &zh,
        "kaifeng-2022-2/township-home-nursing-share",
        "兰考县谷营镇敬老院",
    );
    assert_eq!(
        f["message"],
        "兰考县谷营镇敬老院共60张床位，其中护理型32张，占比53.33%，低于55%（已逾期，期限 2022-12-31）"
    );
    let en = json(&[&facilities, "--region", "开封市"], "en");
    let f = finding(
        &en,
        "kaifeng-2022-2/township-home-nursing-share",
        "兰考县谷营镇敬老院",
    );
    assert_eq!(
        f["message"],
        "兰考县谷营镇敬老院 has 32 nursing-type beds of 60, a share of 53.33%, less than 55% (overdue; due 2022-12-31)"
    );
    assert_eq!(
        f["requirement"],
        "nursing-type share ≥ 55% (32 nursing-type beds ÷ 60 beds = 53.33%)"
    );
}

/// A district-wide share states the sums it is made of and the share itself; an
/// undecided one stays unknown.
#[test]
fn a_district_share_states_its_sums() {
    let dir = tempfile::tempdir().unwrap();
    let regions = write(
        dir.path(),
        "regions.csv",
        "名称,级别,上级\n淮阳区,县,周口市\n",
    );
    let facilities = write(
        dir.path(),
        "facilities.csv",
        "名称,类型,县（区）,床位数,护理型床位数\n\
         淮阳区第一养老院,养老机构,淮阳区,600,300\n\
         淮阳区康养中心,养老机构,淮阳区,400,249\n",
    );
    let run = |lang: &str| {
        let report = json(
            &[
                &regions,
                &facilities,
                "--region",
                "周口市淮阳区",
                "--select",
                "huaiyang-2022-2/institution-nursing-share",
            ],
            lang,
        );
        report["findings"][0].clone()
    };
    let f = run("zh");
    assert_eq!(f["outcome"], "fail", "{f}");
    assert_eq!(
        f["message"],
        "周口市淮阳区养老机构共1000张床位，其中护理型549张，占比54.9%，低于55%（已逾期，期限 2025-12-31）"
    );
    assert_eq!(
        f["requirement"],
        "养老机构护理型床位占比 ≥ 55%（护理型床位549张 ÷ 床位1000张 = 54.9%）"
    );
    let f = run("en");
    assert_eq!(
        f["message"],
        "The elder-care institutions of 周口市淮阳区 have 549 nursing-type beds of 1000, a share of 54.9%, less than 55% (overdue; due 2025-12-31)"
    );
}

/// A county row's tasks: what is short, each with its unit and target; what is met
/// is not named as short.
#[test]
fn a_task_row_names_what_is_short_with_units() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = write(
        dir.path(),
        "tasks.csv",
        "县（区）,街道综合养老服务中心（个）,街道综合养老服务中心完成,社区养老服务设施（个）,社区养老服务设施完成,\
         县级特困供养机构（个）,县级特困供养机构完成,敬老院改造提升（个）,敬老院改造提升完成,\
         县级特困供养机构护理型床位占比（%）,县级特困供养机构护理型床位占比完成,\
         养老机构护理型床位占比（%）,养老机构护理型床位占比完成,\
         家庭养老床位（户）,家庭养老床位完成,养老护理员培训（人次）,养老护理员培训完成\n\
         兰考县,3,2,32,32,1,1,15,14,55,54.99,55,60,1007,1000,360,360\n",
    );
    let report = json(&[&tasks, "--region", "开封市"], "zh");
    let one = |rule: &str| {
        let f = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == format!("kaifeng-2022-2/{rule}"))
            .unwrap_or_else(|| panic!("{rule}: {report}"))
            .clone();
        (
            f["message"].as_str().unwrap().to_string(),
            f["requirement"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        one("task-facilities-done"),
        (
            "开封市兰考县设施任务未完成：街道综合养老服务中心完成2个，目标3个；敬老院改造提升完成14个，目标15个（已逾期，期限 2022-12-31）".to_string(),
            "完成数不少于目标数（街道综合养老服务中心完成 ≥ 3个；敬老院改造提升完成 ≥ 15个）".to_string()
        )
    );
    assert_eq!(
        one("task-nursing-shares"),
        (
            "开封市兰考县护理型床位占比未达目标：县级特困供养机构护理型床位占比完成54.99%，目标55%（已逾期，期限 2022-12-31）".to_string(),
            "护理型床位占比不低于目标（县级特困供养机构护理型床位占比完成 ≥ 55%）".to_string()
        )
    );
    assert_eq!(
        one("task-services-done"),
        (
            "开封市兰考县家庭养老床位完成未达目标：家庭养老床位完成1000户（目标1007户），养老护理员培训完成360人次（目标360人次）（已逾期，期限 2022-12-31）".to_string(),
            "家庭养老床位完成 ≥ 1007户，养老护理员培训完成 ≥ 360人次".to_string()
        )
    );
}

/// `{faults: …}` knows `{column}`, `{actual}` and `{required}`, and nothing else:
/// another name is an error at the rule, with the nearest one suggested.
#[test]
fn a_fault_pattern_takes_its_own_names() {
    use std::sync::Arc;
    use ylcheck::i18n::Lang;
    let rule = |pattern: &str| {
        format!(
            "pack p {{ title zh \"甲\" en \"a\"\n source \"x\" }}\n\
             entity t \"表\" {{ name: text alias \"名称\"\n a: count alias \"甲\"\n b: count alias \"乙\" }}\n\
             rule r {{\n title zh \"甲乙\" en \"a b\"\n message zh \"{pattern}\" en \"{pattern}\"\n \
             cite \"x\"\n for t\n require a >= 1 and b >= 1\n}}\n"
        )
    };
    let compile = |text: String| {
        ylcheck::rules::compile(
            &[("t.rules".to_string(), Arc::from(text.as_str()))],
            Lang::En,
        )
    };
    if let Err(errs) = compile(rule("{faults: {column}为{actual}，应为{required}}")) {
        panic!("{errs:?}");
    }
    let Err(errs) = compile(rule("{faults: {colum}为{actual}}")) else {
        panic!("an unknown name in a fault pattern compiles")
    };
    let e = errs
        .iter()
        .find(|d| d.code == "ylcheck::rules::unknown-field")
        .unwrap_or_else(|| panic!("{errs:?}"));
    assert!(format!("{e:?}").contains("{column}"), "{e:?}");
}

/// A staff member who pairs too many centers is named, with the unit and how many:
/// the one at fault, whether 包联人1 or 包联人2.
#[test]
fn the_staff_member_pairing_too_many_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let pairing = write(
        dir.path(),
        "pairing.csv",
        "序号,中心（机构）名称,类别,包联人1,单位,级别,包联人2,单位,级别\n\
         1,兰考县东坝头镇张庄村幸福院,农村幸福院,张红梅,兰考县东坝头镇人民政府,乡级,,,\n\
         2,兰考县东坝头镇雷新庄村幸福院,农村幸福院,孙伟,开封市民政局,市级,张红梅,兰考县东坝头镇人民政府,乡级\n\
         3,兰考县东坝头镇杨庄村幸福院,农村幸福院,张红梅,兰考县东坝头镇人民政府,乡级,,,\n\
         4,包公湖社区老年人日间照料中心,社区老年人日间照料中心,陈志强,河南省民政厅,省级,刘洋,鼓楼区民政局,县级\n\
         5,双龙巷社区养老服务中心,社区老年人日间照料中心,周敏,龙亭区民政局,县级,刘洋,鼓楼区民政局,县级\n\
         6,鼓楼区颐和养老院,养老机构,孙伟,开封市民政局,市级,周敏,龙亭区民政局,县级\n",
    );
    let report = json(&[&pairing, "--region", "开封市"], "zh");
    let rule = |id: &str, record: &str| {
        let f = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == format!("henan-2022-57/{id}") && f["record"] == record)
            .unwrap_or_else(|| panic!("{id} {record}: {report}"))
            .clone();
        (
            f["message"].as_str().unwrap().to_string(),
            f["requirement"].as_str().unwrap().to_string(),
        )
    };
    let due = "（已逾期，期限 2022-03-31）";
    // 张红梅 is 包联人2 of 雷新庄村: she is the one named, not 孙伟.
    assert_eq!(
        rule("rural-home-staff-load", "兰考县东坝头镇雷新庄村幸福院"),
        (
            format!(
                "兰考县东坝头镇雷新庄村幸福院的包联人张红梅（兰考县东坝头镇人民政府）包联农村幸福院3所，超过2所{due}"
            ),
            "每名包联人包联农村幸福院不超过2所（张红梅包联3所）".to_string()
        )
    );
    assert_eq!(
        rule("staff-one-center", "双龙巷社区养老服务中心").0,
        format!(
            "双龙巷社区养老服务中心的包联人刘洋（鼓楼区民政局）包联社区老年人日间照料中心2所，超过1所{due}"
        )
    );
    assert_eq!(
        rule("institution-staff-not-crossed", "鼓楼区颐和养老院").0,
        format!(
            "鼓楼区颐和养老院的县级包联人周敏（龙亭区民政局）同时包联了社区老年人日间照料中心{due}"
        )
    );
    let en = json(&[&pairing, "--region", "开封市"], "en");
    let f = en["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"] == "henan-2022-57/rural-home-staff-load"
                && f["record"] == "兰考县东坝头镇雷新庄村幸福院"
        })
        .unwrap()
        .clone();
    assert_eq!(
        f["message"],
        "张红梅 (兰考县东坝头镇人民政府), paired with 兰考县东坝头镇雷新庄村幸福院, pairs 3 rural happiness homes, more than 2 (overdue; due 2022-03-31)"
    );
}

/// A list short of what a rule requires names the items it lacks, in the rule's
/// order, and not those it has.
#[test]
fn a_list_names_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let facilities = write(
        dir.path(),
        "facilities.csv",
        "名称,类型,县（区）,街道,服务功能\n\
         北书店街道综合养老服务中心,街道综合养老服务中心,龙亭区,北书店街道,全托、上门服务、助餐\n",
    );
    for (lang, want) in [
        (
            "zh",
            "北书店街道综合养老服务中心的服务功能为“全托、上门服务、助餐”，缺少：日托、运营家庭养老床位（已逾期，期限 2022-12-31）",
        ),
        (
            "en",
            "北书店街道综合养老服务中心 lists services \"全托、上门服务、助餐\", lacking: 日托, 运营家庭养老床位 (overdue; due 2022-12-31)",
        ),
    ] {
        let report = json(&[&facilities, "--region", "开封市"], lang);
        let f = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "kaifeng-2022-2/street-center-functions")
            .unwrap_or_else(|| panic!("{report}"))
            .clone();
        assert_eq!(f["outcome"], "fail");
        assert_eq!(f["message"], want);
    }
}

/// The task table's audit is a rule per kind of column, and a row wrong in several
/// columns is one finding naming each with both figures; a column that cannot be
/// checked is not named beside a wrong one, and where none is wrong the row is
/// unknown for the blanks that leave it so — not for a blank a decided column read
/// (叶县 has no county institution: its blank beds are 0, its 0% agrees).
#[test]
fn the_task_table_names_every_wrong_column_of_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let table = write(
        dir.path(),
        "progress.csv",
        "单位,上级,街道综合养老中心目标数,街道综合养老中心完成数,街道综合养老中心占比,街道综合养老中心缺口数,社区养老服务设施目标数,社区养老服务设施完成数,社区养老服务设施占比,社区养老服务设施缺口数,县级特困供养机构目标数,县级特困供养机构建设数,县级特困供养机构占比,县级特困供养机构缺口数,县级特困供养机构床位数,县级特困供养机构护理型床位数,县级特困供养机构护理型床位占比,乡镇敬老院提升改造目标数,乡镇敬老院提升改造改造数,乡镇敬老院提升改造缺口数,养老机构床位数,养老机构护理型床位数,养老机构护理型床位占比,护理员培训目标数\n\
         平顶山市,河南省,13,2,15.38%,11,70,,,36,4,2,50%,2,250,250,100%,34,22,12,3592,1170,32.57%,1188\n\
         舞钢市,平顶山市,6,0,0%,6,29,8,27.59%,21,1,1,100%,0,100,100,100%,8,8,0,1068,570,53.37%,400\n\
         郏县,平顶山市,3,2,66%,2,20,6,30%,14,2,1,50%,1,150,150,90%,13,11,2,850,246,28.94%,322\n\
         叶县,平顶山市,3,0,0%,3,21,,95%,1,1,0,0%,1,,,0%,13,3,10,1674,356,21.27%,466\n",
    );
    let report = json(&[&table, "--region", "平顶山市"], "zh");
    let rule = |id: &str| messages(&report, &format!("pingdingshan-2021-54/{id}"));
    assert_eq!(
        rule("reported-ratios"),
        [
            ("unknown".into(), "各栏填报的占比与完成数÷目标数（护理型床位为护理型床位数÷床位数）相符：“社区养老服务设施占比”未填；“社区养老服务设施完成数”未填，无法判断".into()),
            ("fail".into(), "平顶山市郏县填报的占比与计算不符：街道综合养老中心占比填报66%，计算为66.67%；县级特困供养机构护理型床位占比填报90%，计算为100%".into()),
            ("unknown".into(), "各栏填报的占比与完成数÷目标数（护理型床位为护理型床位数÷床位数）相符：“社区养老服务设施完成数”未填，无法判断".into()),
        ] as [(String, String); 3]
    );
    assert_eq!(
        rule("reported-gaps"),
        [
            ("unknown".into(), "各栏缺口数等于目标数减完成数（建设数、改造数），超额完成时为0：“社区养老服务设施完成数”未填，无法判断".into()),
            ("fail".into(), "平顶山市郏县填报的缺口数不等于目标数减完成数：街道综合养老中心缺口数填报2，应为1".into()),
            ("unknown".into(), "各栏缺口数等于目标数减完成数（建设数、改造数），超额完成时为0：“社区养老服务设施完成数”未填，无法判断".into()),
        ] as [(String, String); 3]
    );
    assert_eq!(
        rule("city-row-totals"),
        [(
            "fail".into(),
            "平顶山市一行与各县（市、区）之和不符：街道综合养老中心目标数为13，各县（市、区）之和为12；养老机构护理型床位数为1170，各县（市、区）之和为1172".into()
        )] as [(String, String); 1]
    );
}

/// A county whose land cell is blank, in a run with no parcel table: the message
/// names the blank cell as well as the table, since either would settle it.
#[test]
fn a_blank_beside_a_missing_table_names_both() {
    let dir = tempfile::tempdir().unwrap();
    let region = write(
        dir.path(),
        "region.csv",
        "名称,级别,上级,常住人口,养老服务设施用地面积（平方米）\n杞县,县,开封市,900000,\n",
    );
    let rule = "kaifeng-2022-2/care-land-per-capita";
    let zh = json(&[&region, "--select", rule], "zh");
    assert_eq!(
        messages(&zh, rule),
        [(
            "unknown".to_string(),
            "养老服务设施用地人均不少于0.2平方米：“养老服务设施用地面积”未填，也没有输入提供“用地地块”记录，无法判断".to_string()
        )]
    );
    let en = json(&[&region, "--select", rule], "en");
    assert!(
        messages(&en, rule)[0]
            .1
            .contains("is blank and no input provides the `parcel` records"),
        "{:?}",
        messages(&en, rule)
    );
}

/// A record that left an aggregate undecided is named with the file it is in,
/// whatever kind of input holds it: an undated visit in a plan given after two
/// CSVs is in the plan, not in the first CSV.
#[test]
fn an_undecided_record_names_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let pairing = write(
        dir.path(),
        "pairing.csv",
        "中心（机构）名称,类别,包联人1,级别1\n宋门社区养老服务中心,社区老年人日间照料中心,郑凯,县级\n",
    );
    let visits = write(
        dir.path(),
        "visits.csv",
        "日期,养老服务中心（机构）名称\n2022-04-05,宋门社区养老服务中心\n",
    );
    let plan = write(
        dir.path(),
        "visits.toml",
        "[plan]\nname = \"查访\"\n\n[[visit]]\nfacility = \"宋门社区养老服务中心\"\n",
    );
    let rule = "henan-2022-57/visits-weekly";
    let run = |lang: &str| {
        let args = [pairing.as_str(), &visits, &plan, "--select", rule];
        messages(&json_at(&args, lang, "2022-04-18"), rule)
    };
    let zh = run("zh");
    assert_eq!(zh.len(), 1, "{zh:?}");
    assert_eq!(zh[0].0, "unknown", "{zh:?}");
    assert!(zh[0].1.contains("visits.toml 第 4 行，日期不明"), "{zh:?}");
    let en = run("en");
    assert!(en[0].1.contains("visits.toml line 4, "), "{en:?}");
}

/// A county's land summed over its parcels is unknown when a parcel that counts
/// has no area: the unknown names that parcel's row and what it lacks, and the
/// parcel whose land use is blank (it may or may not count).
#[test]
fn an_unknown_sum_names_the_parcels_it_could_not_add() {
    let dir = tempfile::tempdir().unwrap();
    let region = write(
        dir.path(),
        "region.csv",
        "名称,级别,上级,常住人口\n禹王台区,区,开封市,165000\n",
    );
    let parcels = write(
        dir.path(),
        "parcels.csv",
        "地块名称,用地性质,县区,用地面积\n\
         YW-01,养老服务设施用地,禹王台区,30000\n\
         YW-02,,禹王台区,5000\n\
         YW-03,养老服务设施用地,禹王台区,\n",
    );
    let rule = "kaifeng-2022-2/care-land-per-capita";
    let zh = messages(&json(&[&region, &parcels, "--select", rule], "zh"), rule);
    assert_eq!(zh.len(), 1, "{zh:?}");
    assert_eq!(zh[0].0, "unknown");
    assert!(
        zh[0].1.contains("parcels.csv 第 3 行、")
            && zh[0].1.contains("parcels.csv 第 4 行，用地面积"),
        "{zh:?}"
    );
    let en = messages(&json(&[&region, &parcels, "--select", rule], "en"), rule);
    assert!(en[0].1.contains("parcels.csv line 4, land_area"), "{en:?}");
}

/// A parcel given twice in a one-line GeoJSON is named by its name, not by the
/// whole feature its line holds.
#[test]
fn a_repeat_in_a_map_is_named_by_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let feature = r#"{"type": "Feature", "properties": {"entity": "parcel", "name": "YW-01", "land_use": "养老服务设施用地", "county": "禹王台区"}, "geometry": {"type": "Polygon", "coordinates": [[[114.36, 34.77], [114.361, 34.77], [114.361, 34.771], [114.36, 34.771], [114.36, 34.77]]]}}"#;
    let map = write(
        dir.path(),
        "parcels.geojson",
        &format!(r#"{{"type": "FeatureCollection", "features": [{feature}, {feature}]}}"#),
    );
    let report = json(&[&map, "--region", "开封市"], "zh");
    let repeats: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "ylcheck::data::duplicate")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(repeats.len(), 1, "{report}");
    assert!(repeats[0].contains("用地地块“YW-01”与"), "{repeats:?}");
    assert!(!repeats[0].contains("Feature"), "{repeats:?}");
}

/// A rule that cannot decide says why when its `unknown` does, with its figures:
/// a parcel declaring 13 000 m² on a boundary of about 10 153 m² passes 55 000
/// residents' 11 000 m² at one figure and fails at the other.
#[test]
fn an_unknown_says_the_reason_its_rule_gives() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(
        dir.path(),
        "plan.toml",
        "[plan]\nname = \"x\"\nregion = \"开封市\"\n\n[[region]]\nname = \"祥符区\"\nlevel = \"县\"\npopulation = 55000\n\n\
         [[parcel]]\nname = \"XF-01\"\nland_use = \"养老服务设施用地\"\ncounty = \"祥符区\"\nland_area = 13000\n\
         location = \"POLYGON((114.300 34.790, 114.301 34.790, 114.301 34.791, 114.300 34.791, 114.300 34.790))\"\n",
    );
    let rule = "kaifeng-2022-2/care-land-per-capita";
    let zh = messages(&json(&[&plan, "--select", rule], "zh"), rule);
    assert_eq!(
        zh,
        [(
            "unknown".to_string(),
            "养老服务设施用地人均不少于0.2平方米：有地块申报面积与边界测算面积相差超过容差：按两者中较小的计，地块合计10152.96 m²，不足人均0.2平方米；按较大的计，合计13000 m²，达到人均0.2平方米，无法判断".to_string()
        )]
    );
    let en = messages(&json(&[&plan, "--select", rule], "en"), rule);
    assert!(
        en[0]
            .1
            .contains("at the larger, to 13000 m², enough, so this cannot be checked"),
        "{en:?}"
    );
    // A city row with no trained figure and no county rows to add up.
    let table = write(
        dir.path(),
        "p6.csv",
        "单位,上级,护理员培训目标数,护理员培训完成数\n平顶山市,河南省,2763,\n",
    );
    let rule = "pingdingshan-2021-54/caregiver-training-done";
    let zh = messages(
        &json(&[&table, "--region", "平顶山市", "--select", rule], "zh"),
        rule,
    );
    assert!(
        zh[0]
            .1
            .ends_with("：全市一行的已培训人数未填，表中也没有县级行可以相加，无法判断"),
        "{zh:?}"
    );
}

/// A share past a bound its entity sets (`plot_completion <= 100%`) is shown as its
/// column reads it, `101%`, out of range; the bound as written, not `<= 1`.
#[test]
fn a_share_out_of_range_is_shown_as_a_share() {
    let dir = tempfile::tempdir().unwrap();
    let out = not_yet_started(dir.path(), "101%");
    let all = out.transcript();
    assert!(
        all.contains("“101%”超出可能的范围（地块完工比例超过100%）"),
        "{all}"
    );
    assert!(all.contains("（地块完工比例 <= 100%）"), "{all}");
    assert!(
        !all.contains("1.01") && !all.contains("与本行其他数据矛盾"),
        "{all}"
    );
}

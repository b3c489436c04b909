//! The same inputs give byte-identical reports, run after run, whether the chunks
//! of a file are checked by one worker thread or by two.

use crate::common;

use std::process::Command;

fn run(args: &[&str], threads: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_ylcheck"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .expect("ylcheck runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    [out.stdout, out.stderr].concat()
}

/// A facility table of several MiB, so that it is read in several chunks that the
/// workers take in whatever order they finish.
fn big_table() -> String {
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism.csv");
    let mut text = String::from("名称,类型,县（区）,街道,建筑面积,床位数,护理型床位数\n");
    let kinds = ["街道综合养老服务中心", "社区养老服务设施", "乡镇敬老院"];
    for i in 0..40_000 {
        text.push_str(&format!(
            "设施{i},{},县{},街道{},{},{},{}\n",
            kinds[i % 3],
            i % 7,
            i % 97,
            1500 + (i * 37) % 1000,
            10 + i % 90,
            (i * 13) % 60
        ));
    }
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// A plan of some thousands of tables, so that its records, held whole, are
/// checked in several stretches.
fn big_plan() -> String {
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism.toml");
    let mut text = String::from("[plan]\nname = \"generated\"\n");
    for i in 0..4_200 {
        let (status, started) = if i % 3 == 0 {
            ("新建", "\ncare_started = false")
        } else {
            ("已建成", "")
        };
        text.push_str(&format!(
            "\n[[district]]\nname = \"小区{i}\"\nstatus = \"{status}\"\nhouseholds = {}\n\
             care_floor_area = {}\nland_area = 90000{started}\n\
             \n[[facility]]\nname = \"第{i}社区养老服务中心\"\nkind = \"社区养老服务设施\"\n\
             floor_area = {}\n",
            600 + (i * 40) % 900,
            100 + (i * 60) % 400,
            170 + (i * 40) % 500
        ));
    }
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn reports_are_byte_identical_with_one_or_two_threads() {
    let big = big_table();
    let plan = big_plan();
    let all = ["human", "json", "sarif", "junit", "markdown", "github"];
    let inputs: &[(&[&str], &[&str])] = &[
        (&["samples/kaifeng-plan.toml"], &all),
        (&["samples/kaifeng-facilities-gbk.csv"], &all),
        (&["samples/kaifeng-plan.geojson"], &all),
        (
            &["samples/huaiyang-workbook.xlsx", "--region", "周口市淮阳区"],
            &all,
        ),
        (
            &[
                "samples/pingdingshan-progress-faults.csv",
                "--region",
                "平顶山市",
            ],
            &all,
        ),
        (&[&big, "--region", "开封市"], &["human", "json"]),
        (&[&plan, "--region", "开封市祥符区"], &["human", "json"]),
        (
            &[&plan, "--region", "开封市祥符区", "--junit-passes"],
            &["junit"],
        ),
    ];
    for (input, formats) in inputs {
        for format in *formats {
            let mut args = vec![
                "--lang",
                "zh",
                "check",
                "--as-of",
                "2026-01-01",
                "--format",
                format,
            ];
            args.extend_from_slice(input);
            let first = run(&args, "1");
            assert!(!first.is_empty());
            for threads in ["2", "2"] {
                let again = run(&args, threads);
                assert!(
                    again == first,
                    "{format} report of {input:?} differs with {threads} thread(s)"
                );
            }
        }
    }
}

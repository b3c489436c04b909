//! Every input a fuzz target once crashed, hung or ran out of memory on is kept
//! under `tests/fuzz_regressions/<target>/` and run here through the very code the
//! target runs (`fuzz/src/lib.rs`). It must come back quickly, either with a
//! result or with errors a user can act on: pointing into the input, or naming
//! the file when the whole file is at fault. The snapshot is what the user sees.

#[path = "../../fuzz/src/lib.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Far above any kept input's time in a debug build; a hang comes back never.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Whether a diagnostic tells the user where: a label in its source, or the
/// input's name in the message (an archive that is not one, an encoding that is
/// neither UTF-8 nor GBK).
fn located(d: &ylcheck::diag::Diag) -> bool {
    let labelled = d.source.is_some() && !d.labels.is_empty();
    let named = ["fuzz.", "kaifeng-plan.toml", "rules/"]
        .iter()
        .any(|name| d.message.contains(name));
    labelled || named
}

/// Every kept input, as `(target, file name, path)`, in a fixed order.
fn kept() -> Vec<(String, String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut all = Vec::new();
    for dir in std::fs::read_dir(&root).expect("tests/fuzz_regressions/") {
        let dir = dir.expect("a directory entry").path();
        let target = dir.file_name().unwrap().to_str().unwrap().to_string();
        for file in std::fs::read_dir(&dir).expect("a target's directory") {
            let path = file.expect("a directory entry").path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            all.push((target.clone(), name, path));
        }
    }
    all.sort();
    all
}

#[test]
fn fuzz_regressions() {
    let all = kept();
    assert!(!all.is_empty(), "no kept inputs");
    for (target, name, path) in all {
        let (_, run) = harness::TARGETS
            .iter()
            .find(|(t, _)| *t == target)
            .unwrap_or_else(|| panic!("no fuzz target `{target}`"));
        let data = std::fs::read(&path).expect("readable");
        let start = Instant::now();
        let out = run(&data);
        let text = out.render();
        let took = start.elapsed();
        assert!(took < TIME_LIMIT, "{target}/{name}: {took:?}");
        if !out.ok {
            assert!(!out.diags.is_empty(), "{target}/{name}: an error says what");
        }
        for d in out.diags.iter().filter(|d| d.is_error()) {
            assert!(located(d), "{target}/{name}: not located:\n{text}");
        }
        insta::with_settings!({ input_file => &path, omit_expression => true }, {
            insta::assert_snapshot!(format!("{target}-{name}"), text);
        });
    }
}

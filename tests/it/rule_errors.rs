//! Every kind of rule-pack mistake gets a located, bilingual diagnostic and exit 2.

use crate::common;

#[test]
fn rule_pack_errors() {
    insta::glob!("..", "rule_errors/*.rules", |path| {
        let rel = path.strip_prefix(common::root()).expect("inside the crate");
        let rel = rel.to_str().expect("utf-8 path");
        let en = common::ylcheck(&["--lang", "en", "test", rel], None);
        let zh = common::ylcheck(&["--lang", "zh", "test", rel], None);
        assert_eq!(en.code, 2, "{rel}: {}", en.transcript());
        assert_eq!(zh.code, 2, "{rel}: {}", zh.transcript());
        assert!(!en.stderr.contains("panicked"), "{}", en.stderr);
        insta::assert_snapshot!(format!("{}\n{}", en.transcript(), zh.transcript()));
    });
}

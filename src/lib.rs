//! ylcheck checks residential plans and elder-care facility data against the planning
//! standards of Henan's elder-care policy documents, and reports every shortfall the
//! way a compiler does: what, where in the submitted file, by how much, and which
//! clause requires it.
//!
//! The pipeline, in memory from end to end:
//!
//! ```
//! use ylcheck::{data, eval, i18n::Lang, report, rules};
//! use std::sync::Arc;
//!
//! let rules = r#"
//!   entity facility {
//!     name: text alias "名称"
//!     kind: enum { street_center "街道综合养老服务中心" } alias "类型"
//!     floor_area: area alias "建筑面积"
//!   }
//!   pack demo { source "汴政〔2022〕2号" }
//!   rule street-center-floor-area {
//!     title zh "街道综合养老服务中心建筑面积不少于2000平方米" en "Street center floor area at least 2000 m²"
//!     cite "汴政〔2022〕2号 二.6"
//!     for facility where kind == street_center
//!     require floor_area >= 2000 m2
//!   }"#;
//! let set = rules::compile(&[("demo.rules".into(), Arc::from(rules))], Lang::En).unwrap();
//! let mut ds = data::Dataset::new(set.schema.entities.len());
//! let csv = "名称,类型,建筑面积\n城东中心,街道综合养老服务中心,1.5 亩\n";
//! data::load("f.csv", csv.as_bytes(), data::Format::Csv, &set.schema, None, &mut ds).unwrap();
//! let as_of = jiff::civil::date(2023, 1, 1);
//! let out = eval::check(&set, &ds, &eval::Options { as_of, selected: &|_, _| true });
//! assert_eq!(out.summary.failed, 1); // 1.5 亩 = 1000 m² < 2000 m²
//! let paths = ["f.csv".to_string()];
//! let ctx = report::Context::new(&set, &paths, as_of, Lang::En);
//! let json = report::json::finding(&ctx, &out.findings[0]);
//! assert!(json.contains(r#""shortfall":{"value":1000,"unit":"m²"}"#));
//! ```

#![expect(
    clippy::result_large_err,
    reason = "a Diag carries its source and labels; errors are rare and never on a hot path"
)]
// Input never panics the library: what came from outside is an error with a
// location, and what cannot happen is said with a value, not a panic.
#![cfg_attr(
    not(test),
    deny(
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::unwrap_used,
        clippy::expect_used
    )
)]

pub mod codes;
pub mod data;
pub mod diag;
pub mod embedded;
pub mod escape;
pub mod eval;
pub mod i18n;
pub mod in_memory;
pub mod lang;
pub mod num;
pub mod pack;
pub mod region;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod settings;
pub mod spatial;
pub mod units;
pub mod waiver;

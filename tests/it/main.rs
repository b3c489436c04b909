//! ylcheck's integration tests, in one binary: each module is a subject (the
//! samples, the report formats, hostile inputs, the packs' limits…), and `common`
//! runs the `ylcheck` binary the way a user does. One binary links once, where a
//! crate per file linked forty times.

#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

mod common;

mod bad_inputs;
mod boundaries;
mod ci_formats;
mod codes;
mod config;
mod coordinates;
mod coverage;
mod determinism;
mod diagnostics;
mod fail_closed;
mod fuzz_regressions;
mod hostile;
mod html;
mod html_browser;
mod in_memory;
mod inputs;
mod large_plans;
mod lets;
mod limits;
mod logic;
mod map;
mod messages;
mod nearest;
mod odd_files;
mod output;
mod places;
mod properties;
mod quotes;
mod readme;
mod rule_errors;
mod samples;
mod shell;
mod spool;
mod tallies;
mod templates;
mod vocabulary;
mod waivers;
mod windows;
mod worst_cases;
mod xlsx;
mod xlsx_report;

//! The command line: argument parsing, files and output, around the library.

#![expect(
    clippy::result_large_err,
    reason = "a Diag carries its source and labels; errors are rare and never on a hot path"
)]

mod cli;

fn main() {
    std::process::exit(cli::main());
}

//! `cargo xtask bench`: runs the benchmark binaries in release mode.

use crate::run::cargo;

/// Runs the benchmarks; extra arguments are passed to the bench binary.
pub(crate) fn run(extra: &[String]) -> Result<(), String> {
    let mut args = vec!["bench", "-p", "pc-client", "--bench", "throughput", "--"];
    args.extend(extra.iter().map(String::as_str));
    cargo(&args, &[])
}

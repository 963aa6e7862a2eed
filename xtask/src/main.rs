//! Development tasks for partner-center-rs: `cargo xtask <task>`.
//!
//! - `ci`: every check CI runs (format, licenses, lints, tests, docs, feature matrix, examples,
//!   man pages, packaging).
//! - `demo`: the offline demo (`pc demo` against the embedded emulator).
//! - `bench`: the benchmarks, reported as ratios against a baseline measured in the same run
//!   (`cargo xtask bench [client] [bulk] [memory] [--rows N]`).
//! - `fuzz`: the fuzz targets of pc-models and pc-emulator in release mode
//!   (`cargo xtask fuzz [--cases N] [-p CRATE]... [TARGET]`).
//! - `docsrs`: the publishable crates documented as docs.rs does (`--cfg docsrs`, all features).
//! - `man`: the man pages of `pc` into `target/man/` (`pc.1` and one page per subcommand).
//! - `licenses`: every package of the dependency tree under an accepted license (offline).
//! - `package`: `cargo package` of every publishable crate, each verified by a build of its
//!   `.crate` file.

mod bench;
mod bulk_memory;
mod ci;
mod docsrs;
mod fuzz;
mod licenses;
mod man;
mod package;
mod run;
mod tidy;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(),
        Some("demo") => run::cargo(&["run", "--quiet", "-p", "pc-cli", "--", "demo"], &[]),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("docsrs") => docsrs::run(),
        Some("man") => man::run(),
        Some("licenses") => licenses::run(),
        Some("package") => package::run(),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci | demo | bench | fuzz | docsrs | man | licenses | package>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

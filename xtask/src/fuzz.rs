//! `cargo xtask fuzz`: the fuzz targets of pc-models and pc-emulator, in release mode, for as
//! many cases as asked.
//!
//! - [`run`]: runs the `fuzz` module of each crate's test binary with `PC_FUZZ_CASES` set, then
//!   prints what each target reported (cases, time, rate) and the total time.
//! - [`Options`]: `--cases N`, `-p <crate>` (repeatable) and an optional target-name filter.
//!
//! The targets are proptest properties (stable toolchain, no cargo-fuzz): `cargo test` runs them
//! briefly (their default case counts), this task runs them long. A failure prints the shrunk
//! input; it becomes a named regression test at the end of that crate's `fuzz.rs`.
//!
//! # Examples
//!
//! ```text
//! cargo xtask fuzz                                  # 10,000 cases per target, both crates
//! cargo xtask fuzz --cases 1000000 -p pc-models     # a long run of the pc-models targets
//! cargo xtask fuzz --cases 50000 timestamps         # the targets whose name holds `timestamps`
//! ```

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::run::workspace_root;

/// The crates with fuzz targets, and the integration-test binary that holds them.
const CRATES: [(&str, &str); 2] = [("pc-models", "models"), ("pc-emulator", "emulator")];

/// Cases per target when `--cases` is not given.
const DEFAULT_CASES: u32 = 10_000;

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// Cases per target (`PC_FUZZ_CASES`).
    cases: u32,
    /// The crates, in [`CRATES`] order; all of them when none is named.
    crates: Vec<&'static str>,
    /// Only targets whose name contains this.
    filter: String,
}

impl Options {
    /// Parses `[--cases N] [-p CRATE]... [FILTER]`.
    pub(crate) fn parse(args: &[String]) -> Result<Self, String> {
        let mut cases = DEFAULT_CASES;
        let mut crates = Vec::new();
        let mut filter = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--cases" => {
                    let value = args.next().ok_or("--cases needs a number")?;
                    cases = value
                        .replace(['_', ','], "")
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| {
                            format!(
                                "--cases takes a number from 1 to {}, not {value:?}",
                                u32::MAX
                            )
                        })?;
                }
                "-p" | "--package" => {
                    let value = args.next().ok_or("-p needs a crate name")?;
                    let known = CRATES.iter().find(|(name, _)| name == value).ok_or_else(|| {
                        format!("no fuzz targets in {value:?}; the crates with targets: pc-models, pc-emulator")
                    })?;
                    if !crates.contains(&known.0) {
                        crates.push(known.0);
                    }
                }
                other if other.starts_with('-') => {
                    return Err(format!(
                        "unknown option {other:?}; usage: cargo xtask fuzz [--cases N] [-p CRATE]... [TARGET]"
                    ));
                }
                other if filter.is_none() => filter = Some(other.to_owned()),
                other => return Err(format!("one target filter only, got a second: {other:?}")),
            }
        }
        if crates.is_empty() {
            crates = CRATES.iter().map(|(name, _)| *name).collect();
        }
        crates.sort_by_key(|name| CRATES.iter().position(|(known, _)| known == name));
        Ok(Self {
            cases,
            crates,
            filter: filter.unwrap_or_default(),
        })
    }
}

/// Runs the fuzz targets as `args` say, then prints each target's report and the total time.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let started = Instant::now();
    let mut reports = Vec::new();
    for name in &options.crates {
        let binary = CRATES
            .iter()
            .find(|(known, _)| known == name)
            .map_or("", |(_, binary)| binary);
        reports.extend(run_crate(name, binary, &options)?);
    }
    let seconds = started.elapsed().as_secs_f64();
    if reports
        .iter()
        .all(|line| line.contains("answers by status"))
    {
        return Err(format!(
            "no fuzz target matches {:?} in {}",
            options.filter,
            options.crates.join(", ")
        ));
    }
    println!(
        "xtask: fuzz summary ({} cases per target, {seconds:.0} s in all):",
        options.cases
    );
    for line in &reports {
        println!("  {line}");
    }
    Ok(())
}

/// Runs one crate's fuzz module in release mode, echoing its output; returns the lines the
/// targets printed about themselves (`fuzz <crate>/<target>: ...`).
fn run_crate(name: &str, binary: &str, options: &Options) -> Result<Vec<String>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let filter = format!("fuzz::{}", options.filter);
    let args = [
        "test",
        "--release",
        "-p",
        name,
        "--test",
        binary,
        filter.as_str(),
        "--",
        "--nocapture",
    ];
    let cases = options.cases.to_string();
    let shown = format!("PC_FUZZ_CASES={cases} cargo {}", args.join(" "));
    eprintln!("xtask: running `{shown}`");
    let mut child = Command::new(cargo)
        .args(args)
        .env("PC_FUZZ_CASES", &cases)
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let mut reports = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("reading the output of `{shown}`: {e}"))?;
            println!("{line}");
            // The harness may print `test fuzz::x ... ` on the same line first.
            if let Some(at) = line.find("fuzz pc-") {
                reports.push(line[at + "fuzz ".len()..].to_owned());
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for `{shown}`: {e}"))?;
    if status.success() {
        Ok(reports)
    } else {
        Err(format!(
            "`{shown}` failed ({status}); the failing target printed its minimal input above: \
             add it as a regression test at the end of crates/{name}/tests/{binary}/fuzz.rs"
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_default_to_every_crate_and_ten_thousand_cases() {
        assert_eq!(
            Options::parse(&[]),
            Ok(Options {
                cases: 10_000,
                crates: vec!["pc-models", "pc-emulator"],
                filter: String::new(),
            })
        );
    }

    #[test]
    fn options_take_cases_crates_and_a_filter() {
        assert_eq!(
            Options::parse(&args(
                "-p pc-emulator --cases 1_000_000 -p pc-models timestamps"
            )),
            Ok(Options {
                cases: 1_000_000,
                crates: vec!["pc-models", "pc-emulator"],
                filter: "timestamps".to_owned(),
            })
        );
    }

    #[test]
    fn options_refuse_what_they_cannot_run() {
        for bad in [
            "--cases",
            "--cases 0",
            "--cases -5",
            "--cases 99999999999",
            "-p pc-cli",
            "--release",
            "one two",
        ] {
            assert!(Options::parse(&args(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_crate_with_targets_declares_its_fuzz_module() {
        for (name, binary) in CRATES {
            let root = workspace_root().join(format!("crates/{name}/tests/{binary}"));
            let main = fs::read_to_string(root.join("main.rs")).unwrap_or_default();
            assert!(
                main.lines().any(|line| line.trim() == "mod fuzz;"),
                "crates/{name}/tests/{binary}/main.rs must declare `mod fuzz;` (cargo xtask fuzz runs it)"
            );
            assert!(
                root.join("fuzz.rs").is_file(),
                "crates/{name}/tests/{binary}/fuzz.rs is missing; cargo xtask fuzz runs its targets"
            );
        }
    }
}

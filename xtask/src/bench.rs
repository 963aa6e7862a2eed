//! `cargo xtask bench [client] [bulk] [memory] [--rows N]`: the benchmarks in release mode, each
//! reported as ratios against a baseline measured in the same run (or against a stated goal).
//!
//! - `client`: pc-client's throughput (`crates/pc-client/benches/throughput.rs`).
//! - `bulk`: `pc bulk`'s engine against a raw reqwest loop on the same emulator, and against a
//!   throttled emulator (`crates/pc-cli/benches/bulk.rs`; `--rows N` creates, default 10,000).
//! - `memory`: the peak memory of `pc bulk create` on a large file, dry and against `pc emulator`
//!   in another process, and the ledger's size (`bulk_memory`; `--rows N`, default 1,000,000).
//!
//! With no name, all three run.

use crate::bulk_memory;
use crate::run::cargo;

/// Runs the benchmarks named in `args` (all of them when none is).
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut names = Vec::new();
    let mut rows: Option<u64> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "client" | "bulk" | "memory" => names.push(arg.as_str()),
            "--rows" => {
                let value = args.next().ok_or("--rows needs a number")?;
                rows = Some(
                    value
                        .replace('_', "")
                        .parse()
                        .map_err(|_| format!("--rows {value}: not a number"))?,
                );
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}: expected client, bulk, memory or --rows N"
                ));
            }
        }
    }
    if names.is_empty() {
        names = vec!["client", "bulk", "memory"];
    }
    for name in names {
        match name {
            "client" => cargo(&["bench", "-p", "pc-client", "--bench", "throughput"], &[])?,
            "bulk" => {
                let rows = rows.unwrap_or(10_000).to_string();
                cargo(
                    &["bench", "-p", "pc-cli", "--bench", "bulk", "--", &rows],
                    &[],
                )?;
            }
            _ => bulk_memory::run(rows.unwrap_or(1_000_000))?,
        }
    }
    Ok(())
}

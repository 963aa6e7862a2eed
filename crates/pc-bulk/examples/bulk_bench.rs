//! Measures a bulk create of generated rows against the in-process emulator (no socket).
//!
//! Run: `cargo run --release -p pc-bulk --example bulk_bench -- [ROWS] [--dry-run]`
//! (default 10,000 rows). Needs nothing else: the input and the ledger go to a temporary
//! directory. Prints the rows, the time, the rate and the summary's counts; measure memory with
//! `/usr/bin/time -v`. With `--dry-run` only the local checks run (no emulator involved, so the
//! process's memory is the engine's alone).

use std::io::Write;
use std::time::Instant;

use pc_bulk::BulkRun;
use pc_client::{Contract, PartnerCenterClient};
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut rows: u64 = 10_000;
    let mut dry_run = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--dry-run" => dry_run = true,
            n => rows = n.parse()?,
        }
    }
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("in.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&input)?);
    writeln!(file, "customer_id,qualification")?;
    for i in 0..rows {
        writeln!(file, "b0b0b0b0-0000-4000-8000-{i:012x},soe")?;
    }
    file.flush()?;
    drop(file);

    let mut run = BulkRun::new(&input, dir.path().join("run.db"))
        .dry_run(dry_run)
        .concurrency(32)
        .max_rate(1_000_000.0);
    if !dry_run {
        let emulator = Emulator::new(EmulatorConfig::default());
        let client = PartnerCenterClient::builder()
            .endpoint("http://127.0.0.1")
            .access_token(demo::DEMO_TOKEN)
            .transport(emulator.transport())
            .contract(Contract::Integer)
            .build()?;
        run = run.client(client);
    }
    let started = Instant::now();
    let summary = run.run().await?;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{rows} rows{} in {elapsed:.2}s: {:.0} rows/s; {:?}",
        if dry_run { " (dry run)" } else { "" },
        rows as f64 / elapsed,
        summary.ledger
    );
    if let Some(problem) = summary.problems.first() {
        println!(
            "first problem: line {}: {} {:?} {}",
            problem.line,
            problem.state,
            problem.status,
            problem.description.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

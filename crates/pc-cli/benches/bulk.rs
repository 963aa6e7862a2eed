//! Throughput of `pc bulk`'s engine, as ratios against what the same emulator gives in the same
//! run.
//!
//! Run with `cargo xtask bench bulk` (or `cargo bench -p pc-cli --bench bulk -- [ROWS]`). Two
//! measurements, against the emulator over TCP on 127.0.0.1 (in this process):
//! - unthrottled: ROWS creates (default 10,000) at concurrency 64 through pc-bulk (ledger on,
//!   no rate cap) vs a raw reqwest loop of the same creates at the same concurrency (fresh ids,
//!   no ledger, no checks): the cost of the engine. Goal: ratio >= 0.90.
//! - throttled: the emulator's token bucket at R = 200 per second (capacity 200), pc-bulk with
//!   its adaptive limiter and no `--rate`: created per second / R (goal >= 0.95) and the share of
//!   `429` answers (goal <= 1 %). The bucket starts full, so the first 200 creates come free;
//!   the burst-corrected ratio leaves them out.
//!
//! Timings vary with the machine; the ratios are what to compare between runs.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pc_bulk::{BulkRun, Summary};
use pc_client::{Contract, PartnerCenterClient};
use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Faults, Throttle, demo};

/// Rows sent at once.
const CONCURRENCY: usize = 64;
/// The throttled emulator's rate and bucket.
const THROTTLE_RATE: f64 = 200.0;
/// Rows of the throttled run (about 20 seconds at the throttle's rate).
const THROTTLED_ROWS: u64 = 4_000;
/// Rounds of each unthrottled measurement (the median is reported).
const ROUNDS: usize = 3;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> BenchResult<()> {
    let rows: u64 = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        unthrottled(rows).await?;
        throttled().await
    })
}

/// A customer id: tag `tag`, number `i`.
fn customer(tag: u32, i: u64) -> String {
    format!("{tag:08x}-0000-4000-8000-{i:012x}")
}

/// Writes a CSV of `rows` SOE rows for tag `tag` and returns its directory (kept while used).
fn input(tag: u32, rows: u64) -> BenchResult<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(dir.path().join("in.csv"))?);
    writeln!(file, "customer_id,qualification")?;
    for i in 0..rows {
        writeln!(file, "{},soe", customer(tag, i))?;
    }
    file.flush()?;
    Ok(dir)
}

/// A pc-bulk run of `dir/in.csv` into `dir/run.db` against `emulator`.
async fn bulk_run(
    emulator: &EmulatorHandle,
    dir: &tempfile::TempDir,
    max_rate: Option<f64>,
) -> BenchResult<Summary> {
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .contract(Contract::Integer)
        .build()?;
    let mut run = BulkRun::new(dir.path().join("in.csv"), dir.path().join("run.db"))
        .client(client)
        .concurrency(CONCURRENCY);
    if let Some(rate) = max_rate {
        run = run.max_rate(rate);
    }
    Ok(run.run().await?)
}

/// `rows` creates of SOE for tag `tag`'s customers through a bare reqwest client, `CONCURRENCY`
/// at once; returns the elapsed time.
async fn raw_loop(emulator: &EmulatorHandle, tag: u32, rows: u64) -> BenchResult<Duration> {
    let http = reqwest::Client::builder().no_proxy().build()?;
    let next = Arc::new(AtomicU64::new(0));
    let base = emulator.base_url();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let http = http.clone();
        let next = Arc::clone(&next);
        let base = base.clone();
        tasks.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= rows {
                    return Ok::<(), reqwest::Error>(());
                }
                let response = http
                    .post(format!(
                        "{base}/v1/customers/{}/qualifications",
                        customer(tag, i)
                    ))
                    .bearer_auth(demo::DEMO_TOKEN)
                    .header("MS-RequestId", uuid::Uuid::new_v4().to_string())
                    .header("MS-CorrelationId", uuid::Uuid::new_v4().to_string())
                    .header("Content-Type", "application/json")
                    .body("4")
                    .send()
                    .await?;
                let status = response.status();
                response.bytes().await?;
                assert_eq!(status, 201, "raw create of row {i}");
            }
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined??;
    }
    Ok(started.elapsed())
}

/// The same creates through `PartnerCenterClient` (no engine, no ledger), `CONCURRENCY` at
/// once: the client's share of the engine's cost.
async fn client_loop(emulator: &EmulatorHandle, tag: u32, rows: u64) -> BenchResult<Duration> {
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .contract(Contract::Integer)
        .build()?;
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let client = client.clone();
        let next = Arc::clone(&next);
        tasks.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= rows {
                    return Ok::<(), pc_client::Error>(());
                }
                let customer: pc_client::CustomerId =
                    customer(tag, i).parse().expect("a customer id");
                client
                    .customer(customer)
                    .qualifications()
                    .create(pc_client::QualificationRequest::state_owned_entity())
                    .await?;
            }
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined??;
    }
    Ok(started.elapsed())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn unthrottled(rows: u64) -> BenchResult<()> {
    let config = EmulatorConfig::default()
        .max_customers(usize::try_from(rows)? * (3 * ROUNDS + 1) + 1_000)
        .max_applied_changes(1_000)
        .max_stored_replies(usize::try_from(rows)? * 3);
    let emulator = Emulator::start(config).await?;
    // Warm the emulator and the allocator.
    raw_loop(&emulator, 0xa0, 1_000).await?;
    let mut raw = Vec::new();
    let mut bulk = Vec::new();
    let mut client = Vec::new();
    for round in 0..ROUNDS {
        let tag = 0xa1 + u32::try_from(round)? * 3;
        let elapsed = raw_loop(&emulator, tag, rows).await?;
        raw.push(rows as f64 / elapsed.as_secs_f64());
        let elapsed = client_loop(&emulator, tag + 2, rows).await?;
        client.push(rows as f64 / elapsed.as_secs_f64());
        let dir = input(tag + 1, rows)?;
        let summary = bulk_run(&emulator, &dir, Some(1_000_000.0)).await?;
        assert_eq!(summary.ledger.created, rows, "{summary:?}");
        bulk.push(rows as f64 / summary.elapsed.as_secs_f64());
        eprintln!(
            "  round {}: raw {:.0} rows/s, pc-client {:.0} rows/s, pc-bulk {:.0} rows/s",
            round + 1,
            raw[round],
            client[round],
            bulk[round]
        );
    }
    let (raw, client, bulk) = (median(raw), median(client), median(bulk));
    println!(
        "bulk create, {rows} rows at concurrency {CONCURRENCY}, emulator over TCP: raw reqwest \
         loop {raw:.0} rows/s, pc-bulk (ledger on) {bulk:.0} rows/s, ratio {:.2} (goal >= 0.90); \
         pc-client alone {client:.0} rows/s (ratio {:.2})",
        bulk / raw,
        client / raw
    );
    emulator.shutdown().await;
    Ok(())
}

async fn throttled() -> BenchResult<()> {
    let faults = Faults {
        // Capacity R, refilled at R per second.
        throttle: Some(Throttle::new(THROTTLE_RATE as u32, THROTTLE_RATE)),
        ..Faults::default()
    };
    let emulator = Emulator::start(EmulatorConfig::default().faults(faults)).await?;
    let dir = input(0xb0, THROTTLED_ROWS)?;
    let summary = bulk_run(&emulator, &dir, None).await?;
    let elapsed = summary.elapsed.as_secs_f64();
    let created = summary.ledger.created;
    let rate = created as f64 / elapsed;
    let steady = (created as f64 - THROTTLE_RATE).max(0.0) / elapsed;
    let share = summary.throttled as f64 / summary.requests.max(1) as f64;
    println!(
        "bulk create, throttled at {THROTTLE_RATE:.0}/s (bucket {THROTTLE_RATE:.0}): {created} of \
         {THROTTLED_ROWS} rows created in {elapsed:.1} s, {rate:.1} created/s, ratio {:.3} \
         (goal >= 0.95; without the full bucket's first {THROTTLE_RATE:.0}: {:.3}); 429 answers \
         {} of {} requests, {:.2} % (goal <= 1 %)",
        rate / THROTTLE_RATE,
        steady / THROTTLE_RATE,
        summary.throttled,
        summary.requests,
        share * 100.0
    );
    emulator.shutdown().await;
    Ok(())
}

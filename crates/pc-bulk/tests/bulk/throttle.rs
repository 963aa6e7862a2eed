//! The rate limiter against a throttled emulator.

use std::time::Duration;

use pc_bulk::BulkRun;
use pc_client::Contract;
use pc_emulator::{EmulatorConfig, Faults, Throttle};
use tokio::time::Instant;

use crate::support::{self, Recorder, TestResult};

/// The service's sustained rate in the adaptive test, requests per second.
const RATE: f64 = 200.0;
/// Its bucket: one second's worth.
const BURST: u32 = 200;
/// Rows in the adaptive test: about 12 seconds at the service's rate.
const ROWS: u64 = 2600;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_a_token_bucket_the_rate_adapts_to_95_percent_of_it_with_few_429s() -> TestResult {
    // Arrange: a bucket of BURST tokens refilled at RATE per second; no cap on our side.
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x40, ROWS, "soe"));
    let emulator = support::emulator(EmulatorConfig::default().faults(Faults {
        throttle: Some(Throttle::new(BURST, RATE)),
        ..Faults::default()
    }));
    let recorder = Recorder::new(&emulator);

    // Act
    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client_on(recorder.clone(), Contract::Integer))
        .concurrency(16)
        .run()
        .await?;

    // Assert: every row created once, few 429s.
    assert_eq!(summary.ledger.created, ROWS, "{:?}", summary.problems);
    assert_eq!(emulator.applied_changes().len() as u64, ROWS);
    let share = summary.throttled as f64 / summary.requests as f64;
    assert!(share <= 0.01, "{:.2}% of requests throttled", share * 100.0);
    // The service's rate sustained, from the first request to the last answer (the bucket's
    // tokens are part of what the service offers) and over the last two thirds, once the rate
    // has found the limit.
    let exchanges = recorder.exchanges();
    let first = exchanges.iter().map(|e| e.sent).min().ok_or("a request")?;
    let last = exchanges
        .iter()
        .map(|e| e.answered)
        .max()
        .ok_or("an answer")?;
    let span = (last - first).as_secs_f64();
    let overall = exchanges.len() as f64 / span;
    let settled_from = first + (last - first) / 3;
    let settled = exchanges.iter().filter(|e| e.sent >= settled_from).count() as f64
        / (last - settled_from).as_secs_f64();
    eprintln!(
        "adaptive: {span:.2}s, {overall:.1}/s overall, {settled:.1}/s settled, of {RATE}/s; \
         {} requests, {} throttled ({:.2}%)",
        summary.requests,
        summary.throttled,
        share * 100.0
    );
    assert!(
        overall >= 0.95 * RATE,
        "{overall:.1}/s is under 95% of {RATE}/s"
    );
    assert!(
        settled >= 0.95 * RATE,
        "{settled:.1}/s is under 95% of {RATE}/s once settled"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_pauses_every_worker_until_its_retry_after() -> TestResult {
    // Arrange: 4 tokens, refilled at 2 per second (Retry-After: 1); we pace at 20 per second.
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x41, 10, "soe"));
    let emulator = support::emulator(EmulatorConfig::default().faults(Faults {
        throttle: Some(Throttle::new(4, 2.0)),
        ..Faults::default()
    }));
    let recorder = Recorder::new(&emulator);

    // Act
    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client_on(recorder.clone(), Contract::Integer))
        .concurrency(8)
        .max_rate(20.0)
        .run()
        .await?;

    // Assert: after each 429, no request leaves before its Retry-After has passed, whichever
    // worker it comes from. (The first 10 ms are the answer's way back to the limiter: a permit
    // granted then was granted before the pause.)
    assert_eq!(summary.ledger.created, 10);
    let exchanges = recorder.exchanges();
    let throttled: Vec<_> = exchanges.iter().filter(|e| e.status == 429).collect();
    assert!(!throttled.is_empty(), "the bucket runs dry");
    assert_eq!(summary.throttled, throttled.len() as u64);
    for answer in &throttled {
        let wait = Duration::from_secs(answer.retry_after.ok_or("Retry-After")?);
        let early: Vec<_> = exchanges
            .iter()
            .filter(|e| {
                e.sent > answer.answered + Duration::from_millis(10)
                    && e.sent < answer.answered + wait
            })
            .collect();
        assert!(
            early.is_empty(),
            "{} requests left during the pause",
            early.len()
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_maximum_rate_caps_the_run_from_the_start() -> TestResult {
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x42, 21, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    let started = Instant::now();

    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client(&emulator))
        .concurrency(16)
        .max_rate(40.0)
        .run()
        .await?;

    // 21 requests spaced 25 ms apart: at least half a second.
    assert_eq!(summary.ledger.created, 21);
    assert!(
        started.elapsed() >= Duration::from_millis(490),
        "{:?}",
        started.elapsed()
    );
    Ok(())
}

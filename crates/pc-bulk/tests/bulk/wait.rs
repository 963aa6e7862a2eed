//! Waiting for vetting.

use std::time::Duration;

use pc_bulk::{
    BulkRun, BulkWait, CancellationToken, RateLimiter, ReportFormat, WaitEvent, WaitExit, status,
    write_report,
};
use pc_emulator::EmulatorConfig;

use crate::support::{self, TestResult, customer};

/// Six Education rows (even customers will be approved, odd ones denied) and one SOE row.
fn education_rows(tag: u32) -> String {
    let mut text = String::from("customer_id,qualification\n");
    for i in 0..6 {
        text.push_str(&format!("{},education\n", customer(tag, i)));
    }
    text.push_str(&format!("{},soe\n", customer(tag, 100)));
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_under_review_gets_its_verdict_recorded() -> TestResult {
    // Arrange: a created run whose Education rows are InReview for 300 ms.
    let (_dir, input, ledger) = support::input_and_ledger(&education_rows(0x50));
    let emulator =
        support::emulator(EmulatorConfig::default().vetting_delay(Duration::from_millis(300)));
    let limiter = RateLimiter::default();
    let created = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .rate_limiter(limiter.clone())
        .run()
        .await?;
    assert_eq!(status(&ledger)?.vetting.in_review, 6);
    let verdicts = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&verdicts);

    // Act
    let summary = BulkWait::new(&ledger)
        .client(support::client(&emulator))
        .rate_limiter(limiter.clone())
        .initial_interval(Duration::from_millis(100))
        .timeout(Duration::from_secs(20))
        .on_event(move |event: &WaitEvent| {
            if let WaitEvent::Verdict(verdict) = event {
                sink.lock().expect("verdicts").push(verdict.clone());
            }
        })
        .run()
        .await?;

    // Assert
    assert_eq!(summary.exit, WaitExit::Settled);
    assert_eq!(summary.exit.code(), 0);
    assert_eq!(
        (summary.approved, summary.denied, summary.still_in_review),
        (3, 3, 0)
    );
    assert_eq!(summary.unsettled_at_start, 6);
    let vetting = status(&ledger)?.vetting;
    assert_eq!(
        (vetting.approved, vetting.denied, vetting.in_review),
        (3, 3, 0)
    );
    let mut verdicts = verdicts.lock().expect("verdicts").clone();
    verdicts.sort_by_key(|v| v.line);
    let seen: Vec<(u64, &str, Option<&str>)> = verdicts
        .iter()
        .map(|v| (v.line, v.status.as_str(), v.reason.as_deref()))
        .collect();
    let denied = Some("Not an Education Customer");
    assert_eq!(
        seen,
        [
            (2, "Approved", None),
            (3, "Denied", denied),
            (4, "Approved", None),
            (5, "Denied", denied),
            (6, "Approved", None),
            (7, "Denied", denied),
        ]
    );
    let mut report = Vec::new();
    write_report(&ledger, ReportFormat::Csv, &mut report)?;
    let report = String::from_utf8(report)?;
    assert!(
        report.contains(",Denied,Not an Education Customer\n"),
        "{report}"
    );
    // Every create and poll went through the one limiter.
    assert_eq!(limiter.stats().requests, created.requests + summary.polls);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_that_times_out_leaves_the_rows_for_a_later_wait_to_resume() -> TestResult {
    // Arrange: vetting takes 1.5 seconds.
    let (_dir, input, ledger) = support::input_and_ledger(&education_rows(0x51));
    let emulator =
        support::emulator(EmulatorConfig::default().vetting_delay(Duration::from_millis(1500)));
    support::run(&input, &ledger, &emulator).await?;

    // Act 1: a wait shorter than the vetting.
    let first = BulkWait::new(&ledger)
        .client(support::client(&emulator))
        .initial_interval(Duration::from_millis(100))
        .timeout(Duration::from_millis(300))
        .run()
        .await?;

    // Assert 1
    assert_eq!(first.exit, WaitExit::TimedOut);
    assert_eq!(first.exit.code(), 3);
    assert_eq!(first.still_in_review, 6);
    assert!(first.polls >= 6);

    // Act 2: a wait long enough, resuming from the ledger.
    let second = BulkWait::new(&ledger)
        .client(support::client(&emulator))
        .initial_interval(Duration::from_millis(200))
        .max_interval(Duration::from_millis(400))
        .timeout(Duration::from_secs(20))
        .run()
        .await?;

    // Assert 2
    assert_eq!(second.exit, WaitExit::Settled);
    assert_eq!(second.unsettled_at_start, 6);
    assert_eq!((second.approved, second.denied), (3, 3));
    assert_eq!(status(&ledger)?.vetting.in_review, 0);

    // A third wait has nothing to do.
    let third = BulkWait::new(&ledger)
        .client(support::client(&emulator))
        .run()
        .await?;
    assert_eq!((third.exit, third.polls), (WaitExit::Settled, 0));
    Ok(())
}

#[tokio::test]
async fn a_cancelled_wait_is_interrupted() -> TestResult {
    let (_dir, input, ledger) = support::input_and_ledger(&education_rows(0x52));
    let emulator =
        support::emulator(EmulatorConfig::default().vetting_delay(Duration::from_secs(3600)));
    support::run(&input, &ledger, &emulator).await?;
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        trigger.cancel();
    });

    let summary = BulkWait::new(&ledger)
        .client(support::client(&emulator))
        .initial_interval(Duration::from_millis(50))
        .cancel_token(cancel)
        .run()
        .await?;

    assert_eq!(summary.exit, WaitExit::Interrupted);
    assert_eq!(summary.exit.code(), 130);
    assert_eq!(summary.still_in_review, 6);
    Ok(())
}

#[tokio::test]
async fn a_wait_needs_a_ledger_and_a_client() -> TestResult {
    let dir = support::dir();
    let emulator = support::emulator(EmulatorConfig::default());
    let error = BulkWait::new(dir.path().join("none.db"))
        .client(support::client(&emulator))
        .run()
        .await
        .err()
        .ok_or("no ledger")?;
    assert!(error.is_ledger(), "{error}");
    assert!(!dir.path().join("none.db").exists(), "no ledger is created");
    let error = BulkWait::new(dir.path().join("none.db"))
        .run()
        .await
        .err()
        .ok_or("no client")?;
    assert!(error.is_config());
    Ok(())
}

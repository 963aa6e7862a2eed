//! Resume: after a crash, after a cancel; a changed input refused.

use std::collections::HashMap;
use std::time::Duration;

use pc_bulk::{BulkRun, CancellationToken, ErrorKind, ExitClass, status};
use pc_client::Contract;
use pc_emulator::EmulatorConfig;

use crate::support::{self, Hang, TestResult};

/// Polls the ledger's status until `ready` holds (the writer of a dropped run may still be
/// committing), for at most 5 seconds.
async fn settled_status(
    ledger: &std::path::Path,
    ready: impl Fn(&pc_bulk::LedgerStatus) -> bool,
) -> Result<pc_bulk::LedgerStatus, Box<dyn std::error::Error + Send + Sync>> {
    for _ in 0..100 {
        let found = status(ledger)?;
        if ready(&found) {
            return Ok(found);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(status(ledger)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_with_rows_in_flight_resends_them_with_their_stored_ids_and_applies_each_once()
-> TestResult {
    // Arrange: 10 answers come back, then 4 creates are applied whose answers never do.
    let (_dir, input, ledger) = support::input_and_ledger(&support::csv_of(0x30, 40, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    let hang = Hang::new(&emulator, 10);
    let run = BulkRun::new(&input, &ledger)
        .client(support::client_on(hang.clone(), Contract::Integer))
        .concurrency(4)
        .max_rate(1000.0)
        .run();

    // Act 1: drop the run abruptly (not the graceful path) once 4 requests hang.
    tokio::select! {
        result = run => return Err(format!("the run should hang, got {result:?}").into()),
        () = hang.held(4) => {}
    }

    // Assert 1: the crash left the in-flight rows `sent`, with 14 changes applied.
    let crashed = settled_status(&ledger, |s| s.counts.created == 10).await?;
    assert_eq!(crashed.counts.created, 10);
    assert_eq!(
        crashed.counts.sent, 30,
        "in flight or released: their ids are committed"
    );
    assert_eq!(emulator.applied_changes().len(), 14);

    // Act 2: rerun with a transport that answers.
    let summary = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .concurrency(4)
        .max_rate(1000.0)
        .run()
        .await?;

    // Assert 2: every row created once; the 4 in-flight creates were replayed, not reapplied.
    assert!(summary.resumed);
    assert_eq!(summary.skipped, 10);
    assert_eq!(summary.this_run.created, 30);
    assert_eq!(summary.ledger.created, 40);
    assert_eq!(summary.exit_class(), ExitClass::Success);
    let applied = emulator.applied_changes();
    assert_eq!(applied.len(), 40);
    let log = emulator.request_log();
    let replayed: Vec<&str> = log
        .iter()
        .filter(|r| r.fault.as_deref() == Some("replayed"))
        .filter_map(|r| r.request_id.as_deref())
        .collect();
    assert_eq!(replayed.len(), 4);
    let mut posts_per_id: HashMap<&str, usize> = HashMap::new();
    for entry in log.iter().filter(|r| r.method == "POST") {
        *posts_per_id
            .entry(entry.request_id.as_deref().unwrap_or_default())
            .or_default() += 1;
    }
    for id in &replayed {
        assert_eq!(
            posts_per_id.get(id),
            Some(&2),
            "sent before the crash and after"
        );
        assert!(
            applied.iter().any(|c| c.request_id.as_deref() == Some(*id)),
            "applied under its first request id"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_lets_rows_in_flight_finish_within_the_grace_period_then_stops() -> TestResult {
    // Arrange
    let (_dir, input, ledger) = support::input_and_ledger(&support::csv_of(0x31, 40, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    let hang = Hang::new(&emulator, 5);
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let watcher = hang.clone();
    tokio::spawn(async move {
        watcher.held(3).await;
        trigger.cancel();
    });

    // Act
    let summary = BulkRun::new(&input, &ledger)
        .client(support::client_on(hang, Contract::Integer))
        .concurrency(3)
        .max_rate(1000.0)
        .cancel_token(cancel)
        .grace_period(Duration::from_millis(200))
        .run()
        .await?;

    // Assert: interrupted; abandoned rows stay `sent`, rows never started are `pending`.
    assert!(summary.interrupted);
    assert_eq!(summary.exit_class(), ExitClass::Interrupted);
    assert_eq!(summary.exit_class().code(), 130);
    assert_eq!(summary.ledger.created, 5);
    assert_eq!(summary.ledger.sent, 3);
    assert_eq!(summary.ledger.pending, 32);

    // A rerun finishes the job, applying each row once.
    let rerun = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .max_rate(1000.0)
        .run()
        .await?;
    assert_eq!(rerun.ledger.created, 40);
    assert_eq!(emulator.applied_changes().len(), 40);
    Ok(())
}

#[tokio::test]
async fn a_ledger_made_from_another_input_file_is_refused() -> TestResult {
    // Arrange
    let (dir, input, ledger) = support::input_and_ledger(&support::csv_of(0x32, 3, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    support::run(&input, &ledger, &emulator).await?;
    support::file(dir.path(), "in.csv", &support::csv_of(0x32, 4, "soe"));

    // Act
    let error = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .run()
        .await
        .err()
        .ok_or("the run fails")?;

    // Assert
    assert_eq!(error.kind(), ErrorKind::LedgerMismatch);
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "ledger {} was made from another input file",
            ledger.display()
        )),
        "{message}"
    );
    assert_eq!(emulator.applied_changes().len(), 3);
    Ok(())
}

#[tokio::test]
async fn another_validation_code_is_not_another_file() -> TestResult {
    // The fingerprint leaves codes out (they must not be guessable from the ledger): a file
    // that differs only in its codes resumes.
    let dir = support::dir();
    let row = support::customer(0x33, 0);
    let input = support::file(
        dir.path(),
        "in.csv",
        &format!("customer_id,qualification,validation_code\n{row},gcc,654321\n"),
    );
    let ledger = dir.path().join("run.db");
    let emulator = support::emulator(EmulatorConfig::default());
    support::run(&input, &ledger, &emulator).await?;
    support::file(
        dir.path(),
        "in.csv",
        &format!("customer_id,qualification,validation_code\n{row},gcc,123456\n"),
    );

    let summary = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .run()
        .await?;

    assert!(summary.resumed);
    assert_eq!(summary.skipped, 1);
    Ok(())
}

//! The happy path.

use std::collections::HashSet;

use pc_bulk::{BulkRun, ExitClass, ReportFormat, RowState, write_report};
use pc_client::CustomerQualification;
use pc_emulator::EmulatorConfig;

use crate::support::{self, Events, TestResult};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_is_created_and_applied_exactly_once_with_the_ledgers_ids() -> TestResult {
    // Arrange
    let (_dir, input, ledger) = support::input_and_ledger(&support::csv_of(1, 60, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    let events = Events::default();

    // Act
    let summary = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .concurrency(8)
        .max_rate(1000.0)
        .on_event(events.sink())
        .run()
        .await?;

    // Assert
    assert_eq!(summary.exit_class(), ExitClass::Success);
    assert_eq!(summary.total, 60);
    assert_eq!(summary.this_run.created, 60);
    assert_eq!(summary.ledger.created, 60);
    assert_eq!(summary.requests, 60);
    assert!(!summary.resumed && !summary.interrupted);
    let applied = emulator.applied_changes();
    assert_eq!(applied.len(), 60);
    let customers: HashSet<_> = applied.iter().map(|c| c.customer).collect();
    assert_eq!(customers.len(), 60);
    assert!(
        applied
            .iter()
            .all(|c| c.qualification == CustomerQualification::StateOwnedEntity)
    );
    let rows = events.rows();
    assert_eq!(rows.len(), 60);
    assert!(
        rows.iter()
            .all(|r| r.state == RowState::Created && r.status == Some(201))
    );
    let sent_ids: HashSet<String> = rows
        .iter()
        .filter_map(|r| r.request_id.map(|id| id.to_string()))
        .collect();
    let applied_ids: HashSet<String> = applied
        .iter()
        .filter_map(|c| c.request_id.clone())
        .collect();
    assert_eq!(sent_ids, applied_ids);
    let mut report = Vec::new();
    write_report(&ledger, ReportFormat::Csv, &mut report)?;
    let report = String::from_utf8(report)?;
    for id in &applied_ids {
        assert!(
            report.contains(id.as_str()),
            "the ledger holds request id {id}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_rerun_of_a_finished_ledger_sends_nothing() -> TestResult {
    // Arrange
    let (_dir, input, ledger) = support::input_and_ledger(&support::csv_of(2, 10, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    support::run(&input, &ledger, &emulator).await?;
    let before = emulator.request_log().len();

    // Act
    let summary = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .run()
        .await?;

    // Assert
    assert!(summary.resumed);
    assert_eq!(summary.skipped, 10);
    assert_eq!(summary.this_run.total(), 0);
    assert_eq!(summary.ledger.created, 10);
    assert_eq!(summary.requests, 0);
    assert_eq!(emulator.request_log().len(), before);
    assert_eq!(summary.exit_class(), ExitClass::Success);
    Ok(())
}

#[tokio::test]
async fn progress_events_count_every_row_and_end_at_the_total() -> TestResult {
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(3, 20, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    let events = Events::default();

    BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client(&emulator))
        .on_event(events.sink())
        .run()
        .await?;

    let last = events
        .all()
        .into_iter()
        .filter_map(|e| match e {
            pc_bulk::Event::Progress(p) => Some(p),
            _ => None,
        })
        .next_back()
        .ok_or("a progress event")?;
    assert_eq!((last.done, last.total, last.created), (20, 20, 20));
    assert_eq!(last.in_flight, 0);
    assert_eq!(last.requests, 20);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rows_ids_are_committed_as_sent_before_its_request_leaves() -> TestResult {
    // Arrange: a transport that reads the ledger (another connection) before each create.
    let (_dir, input, ledger) = support::input_and_ledger(&support::csv_of(4, 30, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    let check = support::LedgerCheck::new(&emulator, &ledger);

    // Act
    let summary = BulkRun::new(&input, &ledger)
        .client(support::client_on(
            check.clone(),
            pc_client::Contract::Integer,
        ))
        .concurrency(4)
        .run()
        .await?;

    // Assert
    assert_eq!(summary.ledger.created, 30);
    let seen = check.seen();
    assert_eq!(seen.len(), 30);
    let early: Vec<&String> = seen
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(id, _)| id)
        .collect();
    assert!(
        early.is_empty(),
        "requests left before their ids were committed: {early:?}"
    );
    Ok(())
}

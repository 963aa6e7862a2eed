//! Outcome classes: already held, refused, retried, failed; exit classes.

use std::collections::HashMap;

use pc_bulk::{BulkRun, ExitClass, RowState};
use pc_client::QualificationRequest;
use pc_emulator::{EmulatorConfig, Faults, demo};

use crate::support::{self, Events, TestResult, customer};

#[tokio::test]
async fn a_409_for_a_qualification_the_customer_holds_is_already_held_not_failed() -> TestResult {
    // Arrange: Tailspin University holds an approved Education from the start.
    let dir = support::dir();
    let text = format!(
        "customer_id,qualification\n{},education\n{},soe\n",
        demo::TAILSPIN_UNIVERSITY,
        customer(0x20, 0)
    );
    let input = support::file(dir.path(), "in.csv", &text);
    let emulator = support::emulator(EmulatorConfig::default());
    let events = Events::default();

    // Act
    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client(&emulator))
        .on_event(events.sink())
        .run()
        .await?;

    // Assert
    assert_eq!(summary.ledger.already_held, 1);
    assert_eq!(summary.ledger.created, 1);
    assert_eq!(summary.exit_class(), ExitClass::Success);
    assert_eq!(summary.exit_class().code(), 0);
    let held = events
        .rows()
        .into_iter()
        .find(|r| r.line == 2)
        .ok_or("line 2 reported")?;
    assert_eq!(held.state, RowState::AlreadyHeld);
    assert_eq!(held.status, Some(409));
    assert_eq!(held.vetting_status.as_deref(), Some("Approved"));
    // The create, then the list that checked it.
    assert_eq!(summary.requests, 3);
    Ok(())
}

#[tokio::test]
async fn a_409_for_a_customer_without_the_qualification_and_other_4xx_are_refused() -> TestResult {
    // Arrange: customer 0 holds GCC, so Education is refused with 409; customer 1's code is
    // unknown, so GCC is refused with 400.
    let dir = support::dir();
    let emulator = support::emulator(EmulatorConfig::default());
    let client = support::client(&emulator);
    client
        .customer(customer(0x21, 0))
        .qualifications()
        .create(QualificationRequest::government_community_cloud("654321"))
        .await?;
    let text = format!(
        "customer_id,qualification,validation_code\n{},edu,\n{},gcc,999999\n{},gcc,654321\n",
        customer(0x21, 0),
        customer(0x21, 1),
        customer(0x21, 2),
    );
    let input = support::file(dir.path(), "in.csv", &text);

    // Act
    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(client)
        .run()
        .await?;

    // Assert
    assert_eq!(summary.ledger.refused, 2);
    assert_eq!(summary.ledger.created, 1);
    assert_eq!(summary.exit_class(), ExitClass::ItemsFailed);
    assert_eq!(summary.exit_class().code(), 4);
    let found: HashMap<u64, (RowState, Option<u16>, Option<String>)> = summary
        .problems
        .iter()
        .map(|p| (p.line, (p.state, p.status, p.code.clone())))
        .collect();
    assert_eq!(
        found.get(&2),
        Some(&(RowState::Refused, Some(409), Some("800002".to_owned())))
    );
    assert_eq!(
        found.get(&3),
        Some(&(RowState::Refused, Some(400), Some("3000".to_owned())))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_and_dropped_answers_are_retried_with_the_same_request_id() -> TestResult {
    // Arrange: a third of the answers are 5xx, a third of the applied creates lose their answer.
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x22, 40, "soe"));
    let emulator = support::emulator(EmulatorConfig::default().seed(7).faults(Faults {
        error_rate: 0.3,
        drop_after_apply_rate: 0.3,
        ..Faults::default()
    }));

    // Act
    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client(&emulator))
        .max_attempts(20)
        .max_rate(1000.0)
        .run()
        .await?;

    // Assert: every row created, each applied once, retries resent the same request id.
    assert_eq!(summary.ledger.created, 40, "{:?}", summary.problems);
    assert!(summary.requests > 40);
    let applied = emulator.applied_changes();
    assert_eq!(applied.len(), 40);
    let log = emulator.request_log();
    let replayed = log
        .iter()
        .filter(|r| r.fault.as_deref() == Some("replayed"))
        .count();
    let dropped = log
        .iter()
        .filter(|r| r.fault.as_deref() == Some("drop-after-apply"))
        .count();
    assert!(dropped > 0);
    assert!(replayed > 0, "a retry after a dropped answer is a replay");
    for change in &applied {
        let id = change.request_id.as_deref();
        assert!(log.iter().filter(|r| r.request_id.as_deref() == id).count() >= 1);
    }
    Ok(())
}

#[tokio::test]
async fn rows_failed_on_5xx_are_sent_again_by_a_rerun_unless_told_not_to() -> TestResult {
    // Arrange: every answer is a server error, two attempts per row.
    let (_dir, input, ledger) = support::input_and_ledger(&support::csv_of(0x23, 5, "soe"));
    let emulator = support::emulator(EmulatorConfig::default().faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    }));
    let events = Events::default();
    let first = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .max_attempts(2)
        .max_rate(1000.0)
        .on_event(events.sink())
        .run()
        .await?;
    assert_eq!(first.ledger.failed, 5);
    assert_eq!(first.requests, 10);
    assert_eq!(first.exit_class(), ExitClass::ItemsFailed);
    let statuses: Vec<Option<u16>> = first.problems.iter().map(|p| p.status).collect();
    assert!(
        statuses.iter().all(|s| matches!(s, Some(500 | 503))),
        "{statuses:?}"
    );
    let first_ids: HashMap<u64, String> = events
        .rows()
        .iter()
        .filter_map(|r| Some((r.line, r.request_id?.to_string())))
        .collect();

    // Act: not retried when told so; retried, with the same ids, by default.
    emulator.set_faults(Faults::default());
    let skipped = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .retry_failed(false)
        .run()
        .await?;
    let retried = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .run()
        .await?;

    // Assert
    assert_eq!((skipped.skipped, skipped.requests), (5, 0));
    assert_eq!(retried.this_run.created, 5);
    assert_eq!(retried.exit_class(), ExitClass::Success);
    let applied: Vec<String> = emulator
        .applied_changes()
        .into_iter()
        .filter_map(|c| c.request_id)
        .collect();
    let mut expected: Vec<String> = first_ids.into_values().collect();
    let mut applied_sorted = applied.clone();
    expected.sort();
    applied_sorted.sort();
    assert_eq!(applied_sorted, expected);
    Ok(())
}

#[tokio::test]
async fn a_refused_token_fails_the_rows_so_a_rerun_with_a_good_one_sends_them() -> TestResult {
    // Arrange: a client whose token the emulator does not know.
    let dir = support::dir();
    let emulator = support::emulator(EmulatorConfig::default());
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x24, 3, "soe"));
    let ledger = dir.path().join("run.db");
    let bad = pc_client::PartnerCenterClient::builder()
        .endpoint("http://127.0.0.1")
        .access_token("not-a-token-the-emulator-knows")
        .transport(emulator.transport())
        .build()?;

    // Act
    let refused = BulkRun::new(&input, &ledger).client(bad).run().await?;
    let rerun = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .run()
        .await?;

    // Assert: 401 is about the credentials, not the rows: failed, and sent again.
    assert_eq!(refused.ledger.failed, 3);
    assert!(
        refused.problems.iter().all(|p| p.status == Some(401)),
        "{:?}",
        refused.problems
    );
    assert_eq!(rerun.this_run.created, 3);
    assert_eq!(rerun.exit_class(), ExitClass::Success);
    Ok(())
}

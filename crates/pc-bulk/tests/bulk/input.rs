//! The input: rows refused locally, unknown columns, duplicates, file-level errors, dry runs.

use pc_bulk::{BulkRun, ErrorKind, Event, ExitClass, RowState, Warning};
use pc_client::Contract;
use pc_emulator::EmulatorConfig;

use crate::support::{self, Events, TestResult, customer};

/// A file mixing valid rows with every kind of malformed one, and the lines refused.
fn mixed() -> (String, Vec<(u64, &'static str)>) {
    let c = |i| customer(0x10, i);
    let text = format!(
        "customer_id,qualification,education_segment,website,validation_code,notes\n\
         {},soe,,,,first\n\
         not-a-guid,soe,,,,\n\
         {},nonprofit,,,,\n\
         {},gcc,,,,\n\
         {},education,K12,,,\n\
         {},education,,,,x,extra\n\
         {},StateOwnedEntity,,,,\n\
         {},wizard,,,,\n\
         {},edu,,,,\n\
         \"{}\",\"soe\",,,,\"a note\non two lines\"\n\
         {},soe\n\
         ,,,,,\n",
        c(0),
        c(1),
        c(2),
        c(3),
        c(4),
        c(0),
        c(5),
        c(6),
        c(7),
        c(8),
    );
    let refused = vec![
        (
            3,
            "invalid customer id \"not-a-guid\": expected a GUID like 00000000-0000-0000-0000-000000000000",
        ),
        (
            4,
            "qualification Nonprofit can never be set by a partner (only Education, GovernmentCommunityCloud and StateOwnedEntity)",
        ),
        (
            5,
            "qualification GovernmentCommunityCloud needs a validation code",
        ),
        (6, "the integer contract cannot carry educationSegment"),
        (7, "the row has 7 fields, the header 6"),
        (8, "duplicate of line 2 (same customer and qualification)"),
        (
            9,
            "unknown qualification \"wizard\" (expected education (edu), government-community-cloud (gcc) or state-owned-entity (soe))",
        ),
    ];
    (text, refused)
}

#[tokio::test]
async fn malformed_rows_are_refused_with_their_line_numbers_and_never_sent() -> TestResult {
    // Arrange
    let dir = support::dir();
    let (text, refused) = mixed();
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
    assert_eq!(summary.total, 11, "the blank last row is not a row");
    assert_eq!(summary.ledger.created, 4);
    assert_eq!(summary.ledger.invalid, 7);
    assert_eq!(summary.exit_class(), ExitClass::ItemsFailed);
    let found: Vec<(u64, String)> = summary
        .problems
        .iter()
        .map(|p| (p.line, p.description.clone().unwrap_or_default()))
        .collect();
    let expected: Vec<(u64, String)> = refused.iter().map(|(l, d)| (*l, (*d).to_owned())).collect();
    assert_eq!(found, expected);
    assert!(
        summary
            .problems
            .iter()
            .all(|p| p.state == RowState::Invalid)
    );
    let mut created: Vec<u64> = events
        .rows()
        .iter()
        .filter(|r| r.state == RowState::Created)
        .map(|r| r.line)
        .collect();
    created.sort_unstable();
    assert_eq!(created, [2, 10, 11, 13]);
    let posts = emulator
        .request_log()
        .into_iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 4, "only valid rows are sent");
    Ok(())
}

#[tokio::test]
async fn unknown_columns_are_reported_once_and_ignored() -> TestResult {
    let dir = support::dir();
    let text = format!(
        "Notes,Customer ID,QUALIFICATION,owner\nx,{},soe,me\ny,{},soe,you\n",
        customer(0x11, 0),
        customer(0x11, 1)
    );
    let input = support::file(dir.path(), "in.csv", &text);
    let emulator = support::emulator(EmulatorConfig::default());
    let events = Events::default();

    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client(&emulator))
        .on_event(events.sink())
        .run()
        .await?;

    let expected = Warning::UnknownColumns(vec!["Notes".to_owned(), "owner".to_owned()]);
    assert_eq!(summary.warnings, std::slice::from_ref(&expected));
    let warnings: Vec<Event> = events
        .all()
        .into_iter()
        .filter(|e| matches!(e, Event::Warning(_)))
        .collect();
    assert_eq!(warnings, [Event::Warning(expected)]);
    assert_eq!(summary.ledger.created, 2);
    Ok(())
}

#[tokio::test]
async fn a_missing_required_column_stops_the_run_before_anything_is_sent() -> TestResult {
    let (_dir, input, ledger) = support::input_and_ledger("customer_id,qual\nx,y\n");
    let emulator = support::emulator(EmulatorConfig::default());

    let error = BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .run()
        .await
        .err()
        .ok_or("the run fails")?;

    assert_eq!(error.kind(), ErrorKind::Input);
    assert_eq!(
        error.to_string(),
        format!(
            "input {}: missing required column qualification (found customer_id, qual)",
            input.display()
        )
    );
    assert!(!ledger.exists(), "no ledger is written");
    assert!(emulator.request_log().is_empty());
    Ok(())
}

#[tokio::test]
async fn unreadable_empty_and_ambiguous_files_are_file_level_errors() -> TestResult {
    let dir = support::dir();
    let missing = dir.path().join("missing.csv");
    let empty = support::file(dir.path(), "empty.csv", "");
    let twice = support::file(
        dir.path(),
        "twice.csv",
        "customer_id,qualification,Qualification\n",
    );
    for (input, message) in [
        (&missing, "cannot open input"),
        (
            &empty,
            "missing required columns customer_id and qualification (no header row)",
        ),
        (&twice, "column qualification appears twice in the header"),
    ] {
        let error = BulkRun::new(input, dir.path().join("run.db"))
            .dry_run(true)
            .run()
            .await
            .err()
            .ok_or("the run fails")?;
        assert_eq!(error.kind(), ErrorKind::Input, "{error}");
        assert!(error.to_string().contains(message), "{error}");
    }
    assert!(!dir.path().join("run.db").exists());
    Ok(())
}

#[tokio::test]
async fn a_dry_run_checks_every_row_sends_nothing_and_writes_no_ledger() -> TestResult {
    // Arrange: no client at all.
    let dir = support::dir();
    let (text, refused) = mixed();
    let input = support::file(dir.path(), "in.csv", &text);
    let ledger = dir.path().join("run.db");

    // Act
    let summary = BulkRun::new(&input, &ledger).dry_run(true).run().await?;

    // Assert
    assert!(summary.dry_run);
    assert_eq!(summary.this_run.pending, 4, "valid rows");
    assert_eq!(summary.this_run.invalid, 7);
    assert_eq!(summary.requests, 0);
    assert_eq!(summary.exit_class(), ExitClass::InvalidInput);
    assert_eq!(summary.exit_class().code(), 2);
    let lines: Vec<u64> = summary.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, refused.iter().map(|(l, _)| *l).collect::<Vec<_>>());
    assert!(!ledger.exists());
    Ok(())
}

#[tokio::test]
async fn a_clean_dry_run_succeeds() -> TestResult {
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x12, 30, "gcc"));
    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .dry_run(true)
        .run()
        .await?;
    // GCC without a code: all invalid, so the exit class says so.
    assert_eq!(summary.this_run.invalid, 30);
    assert_eq!(summary.exit_class(), ExitClass::InvalidInput);

    let input = support::file(dir.path(), "ok.csv", &support::csv_of(0x12, 30, "soe"));
    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .dry_run(true)
        .run()
        .await?;
    assert_eq!(summary.this_run.pending, 30);
    assert_eq!(summary.exit_class(), ExitClass::Success);
    Ok(())
}

#[tokio::test]
async fn the_object_contract_needs_a_segment_and_carries_the_website() -> TestResult {
    let dir = support::dir();
    let text = format!(
        "customer_id,qualification,education_segment,website\n\
         {},education,,\n\
         {},education,higher-education,contoso.edu\n\
         {},soe,,contoso.gov\n",
        customer(0x13, 0),
        customer(0x13, 2),
        customer(0x13, 4),
    );
    let input = support::file(dir.path(), "in.csv", &text);
    let emulator = support::emulator(EmulatorConfig::default());

    let summary = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client_on(emulator.transport(), Contract::Object))
        .run()
        .await?;

    assert_eq!(summary.ledger.created, 1);
    let found: Vec<(u64, String)> = summary
        .problems
        .iter()
        .map(|p| (p.line, p.description.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            (
                2,
                "qualification Education needs an education segment (K12 or HigherEducation) under the object contract"
                    .to_owned()
            ),
            (4, "website is only accepted with Education, not StateOwnedEntity".to_owned()),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn a_contract_that_differs_from_the_clients_is_refused() -> TestResult {
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x14, 1, "soe"));
    let emulator = support::emulator(EmulatorConfig::default());
    let error = BulkRun::new(&input, dir.path().join("run.db"))
        .client(support::client(&emulator))
        .contract(Contract::Object)
        .run()
        .await
        .err()
        .ok_or("the run fails")?;
    assert_eq!(error.kind(), ErrorKind::Config);
    let error = BulkRun::new(&input, dir.path().join("run.db"))
        .run()
        .await
        .err()
        .ok_or("no client")?;
    assert!(error.is_config());
    Ok(())
}

#[tokio::test]
async fn a_dry_run_reports_progress_while_it_reads() -> TestResult {
    let dir = support::dir();
    let input = support::file(dir.path(), "in.csv", &support::csv_of(0x15, 3000, "soe"));
    let events = Events::default();

    BulkRun::new(&input, dir.path().join("run.db"))
        .dry_run(true)
        .progress_interval(std::time::Duration::from_millis(1))
        .on_event(events.sink())
        .run()
        .await?;

    let done: Vec<u64> = events
        .all()
        .into_iter()
        .filter_map(|e| match e {
            Event::Progress(p) => Some(p.done),
            _ => None,
        })
        .collect();
    assert!(done.len() >= 3, "{done:?}");
    assert_eq!(done.last(), Some(&3000));
    assert!(done.windows(2).all(|w| w[0] <= w[1]), "{done:?}");
    Ok(())
}

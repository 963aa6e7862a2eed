//! Status and reports: exact output.

use std::collections::HashMap;

use pc_bulk::{BulkRun, ReportFormat, RowState, StateCounts, status, write_report};
use pc_emulator::EmulatorConfig;

use crate::support::{self, Events, TestResult, customer};

/// Runs a three-row file (created, invalid, refused) and returns the ledger and the ids of
/// lines 2 and 4.
async fn three_rows(
    dir: &std::path::Path,
) -> Result<
    (std::path::PathBuf, HashMap<u64, (String, String)>),
    Box<dyn std::error::Error + Send + Sync>,
> {
    let text = format!(
        "customer_id,qualification,validation_code\n{},soe,\nbad,soe,\n{},gcc,999999\n",
        customer(0x70, 0),
        customer(0x70, 1)
    );
    let input = support::file(dir, "in.csv", &text);
    let ledger = dir.join("run.db");
    let emulator = support::emulator(EmulatorConfig::default());
    let events = Events::default();
    BulkRun::new(&input, &ledger)
        .client(support::client(&emulator))
        .on_event(events.sink())
        .run()
        .await?;
    let ids = events
        .rows()
        .into_iter()
        .filter_map(|r| {
            Some((
                r.line,
                (r.request_id?.to_string(), r.correlation_id?.to_string()),
            ))
        })
        .collect();
    Ok((ledger, ids))
}

#[tokio::test]
async fn the_csv_report_has_one_line_per_input_row() -> TestResult {
    // Arrange
    let dir = support::dir();
    let (ledger, ids) = three_rows(dir.path()).await?;
    let (r2, c2) = &ids[&2];
    let (r4, c4) = &ids[&4];

    // Act
    let mut out = Vec::new();
    let rows = write_report(&ledger, ReportFormat::Csv, &mut out)?;

    // Assert
    assert_eq!(rows, 3);
    let expected = format!(
        "line,customer_id,qualification,state,http_status,error_code,error_description,request_id,correlation_id,attempts,vetting_status,vetting_reason\n\
         2,{},StateOwnedEntity,created,201,,,{r2},{c2},1,,\n\
         3,,StateOwnedEntity,invalid,,,\"invalid customer id \"\"bad\"\": expected a GUID like 00000000-0000-0000-0000-000000000000\",,,0,,\n\
         4,{},GovernmentCommunityCloud,refused,400,3000,The validation code is invalid.,{r4},{c4},1,,\n",
        customer(0x70, 0),
        customer(0x70, 1),
    );
    assert_eq!(String::from_utf8(out)?, expected);
    Ok(())
}

#[tokio::test]
async fn the_json_report_is_one_array_with_an_object_per_line() -> TestResult {
    // Arrange
    let dir = support::dir();
    let (ledger, ids) = three_rows(dir.path()).await?;
    let (r2, c2) = &ids[&2];
    let (r4, c4) = &ids[&4];

    // Act
    let mut out = Vec::new();
    write_report(&ledger, ReportFormat::Json, &mut out)?;

    // Assert
    let expected = format!(
        "[\n\
         {{\"line\":2,\"customerId\":\"{}\",\"qualification\":\"StateOwnedEntity\",\"state\":\"created\",\"httpStatus\":201,\"errorCode\":null,\"errorDescription\":null,\"requestId\":\"{r2}\",\"correlationId\":\"{c2}\",\"attempts\":1,\"vettingStatus\":null,\"vettingReason\":null}},\n\
         {{\"line\":3,\"customerId\":null,\"qualification\":\"StateOwnedEntity\",\"state\":\"invalid\",\"httpStatus\":null,\"errorCode\":null,\"errorDescription\":\"invalid customer id \\\"bad\\\": expected a GUID like 00000000-0000-0000-0000-000000000000\",\"requestId\":null,\"correlationId\":null,\"attempts\":0,\"vettingStatus\":null,\"vettingReason\":null}},\n\
         {{\"line\":4,\"customerId\":\"{}\",\"qualification\":\"GovernmentCommunityCloud\",\"state\":\"refused\",\"httpStatus\":400,\"errorCode\":\"3000\",\"errorDescription\":\"The validation code is invalid.\",\"requestId\":\"{r4}\",\"correlationId\":\"{c4}\",\"attempts\":1,\"vettingStatus\":null,\"vettingReason\":null}}\n\
         ]\n",
        customer(0x70, 0),
        customer(0x70, 1),
    );
    let text = String::from_utf8(out)?;
    assert_eq!(text, expected);
    let parsed: serde_json::Value = serde_json::from_str(&text)?;
    assert_eq!(parsed.as_array().map(Vec::len), Some(3));
    Ok(())
}

#[tokio::test]
async fn an_empty_ledger_reports_a_header_or_an_empty_array() -> TestResult {
    let (_dir, input, ledger) = support::input_and_ledger("customer_id,qualification\n");
    let emulator = support::emulator(EmulatorConfig::default());
    support::run(&input, &ledger, &emulator).await?;
    let mut csv = Vec::new();
    let mut json = Vec::new();
    write_report(&ledger, ReportFormat::Csv, &mut csv)?;
    write_report(&ledger, ReportFormat::Json, &mut json)?;
    assert_eq!(String::from_utf8(csv)?.lines().count(), 1);
    assert_eq!(String::from_utf8(json)?, "[]\n");
    Ok(())
}

#[tokio::test]
async fn status_counts_rows_per_state_and_serializes_in_camel_case() -> TestResult {
    // Arrange
    let dir = support::dir();
    let (ledger, _) = three_rows(dir.path()).await?;

    // Act
    let found = status(&ledger)?;

    // Assert
    let mut expected = StateCounts::default();
    expected.add(RowState::Created, 1);
    expected.add(RowState::Invalid, 1);
    expected.add(RowState::Refused, 1);
    assert_eq!(found.counts, expected);
    assert_eq!(found.input_rows, 3);
    assert_eq!(found.contract, "integer");
    assert!(found.complete);
    assert_eq!(found.input_fingerprint.len(), 64);
    let json = serde_json::to_value(&found)?;
    assert_eq!(
        json["counts"],
        serde_json::json!({"pending":0,"sent":0,"created":1,"alreadyHeld":0,"refused":1,"failed":0,"invalid":1})
    );
    assert_eq!(
        json["vetting"],
        serde_json::json!({"inReview":0,"approved":0,"denied":0,"other":0})
    );
    assert!(
        json["inputPath"]
            .as_str()
            .is_some_and(|p| p.ends_with("in.csv"))
    );
    let error = status(dir.path().join("none.db"))
        .err()
        .ok_or("no ledger")?;
    assert!(error.is_ledger());
    Ok(())
}

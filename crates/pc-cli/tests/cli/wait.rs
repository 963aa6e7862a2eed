//! `pc qualifications wait` and `pc qualifications create --wait` against the real emulator:
//! Approved and Denied both exit 0, the vetting deadline exits 3.

use std::collections::BTreeSet;
use std::error::Error;
use std::time::Duration;

use assert_cmd::Command;
use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, demo};
use serde_json::json;

use crate::support::{
    CORRELATION_ID, TestResult, assert_exit, error_line, pc, run, stderr, stderr_json, stdout,
    stdout_json,
};

/// A short vetting delay: Education is decided 300 ms after its creation.
const VETTING: Duration = Duration::from_millis(300);

/// A vetting delay no test outlasts: Education stays InReview.
const FOREVER: Duration = Duration::from_secs(600);

async fn emulator(vetting: Duration) -> Result<EmulatorHandle, Box<dyn Error>> {
    Ok(Emulator::start(EmulatorConfig::default().vetting_delay(vetting)).await?)
}

/// `pc --endpoint <emulator> --access-token <demo token> --output json`.
fn pc_on(emulator: &EmulatorHandle) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc()?;
    cmd.args(["--endpoint", &emulator.base_url()]).args([
        "--access-token",
        demo::DEMO_TOKEN,
        "--output",
        "json",
    ]);
    Ok(cmd)
}

/// Creates Education on `customer` without waiting; asserts it is InReview.
async fn create_education(emulator: &EmulatorHandle, customer: &str) -> TestResult {
    let mut cmd = pc_on(emulator)?;
    cmd.args(["qualifications", "create", "--customer", customer])
        .args(["--qualification", "education"]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?["vettingStatus"], json!("InReview"));
    Ok(())
}

/// The `/v1/*` requests the emulator received: (method, correlation id).
fn api_requests(emulator: &EmulatorHandle) -> Vec<(String, Option<String>)> {
    emulator
        .request_log()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/"))
        .map(|r| (r.method, r.correlation_id))
        .collect()
}

#[tokio::test]
async fn create_wait_prints_the_approved_record_of_an_academy() -> TestResult {
    let emulator = emulator(VETTING).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::CONTOSO_ACADEMY,
    ])
    .args([
        "--qualification",
        "education",
        "--wait",
        "--interval",
        "0.1",
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
    let record = stdout_json(&output)?;
    assert_eq!(record["qualification"], json!("Education"));
    assert_eq!(record["vettingStatus"], json!("Approved"));
    assert!(record.get("vettingReason").is_none(), "{record}");
    assert!(record["vettingCreateDate"].is_string(), "{record}");
    let requests = api_requests(&emulator);
    assert_eq!(requests[0].0, "POST", "{requests:?}");
    assert!(requests.len() >= 2, "{requests:?}");
    assert!(
        requests[1..].iter().all(|(m, _)| m == "GET"),
        "{requests:?}"
    );
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn create_wait_prints_a_denied_record_with_its_reason_and_exits_0() -> TestResult {
    let emulator = emulator(VETTING).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::FABRIKAM_TRADING,
    ])
    .args(["--qualification", "edu", "--wait", "--interval", "0.1"])
    .args(["--wait-timeout", "20"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let record = stdout_json(&output)?;
    assert_eq!(record["qualification"], json!("Education"));
    assert_eq!(record["vettingStatus"], json!("Denied"));
    assert_eq!(record["vettingReason"], json!("Not an Education Customer"));
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn create_wait_under_table_output_prints_one_row() -> TestResult {
    let emulator = emulator(VETTING).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--output", "table", "qualifications", "create"])
        .args([
            "--customer",
            demo::FABRIKAM_TRADING,
            "--qualification",
            "edu",
        ])
        .args(["--wait", "--interval", "0.1"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("QUALIFICATION"), "{text}");
    assert!(
        lines[1].starts_with("Education") && lines[1].contains("Denied"),
        "{text}"
    );
    assert!(lines[1].contains("Not an Education Customer"), "{text}");
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn create_wait_shares_one_correlation_id_across_the_create_and_its_polls() -> TestResult {
    for pinned in [false, true] {
        let emulator = emulator(VETTING).await?;
        let mut cmd = pc_on(&emulator)?;
        if pinned {
            cmd.args(["--correlation-id", CORRELATION_ID]);
        }
        cmd.args([
            "qualifications",
            "create",
            "--customer",
            demo::CONTOSO_ACADEMY,
        ])
        .args([
            "--qualification",
            "education",
            "--wait",
            "--interval",
            "0.1",
        ]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        let requests = api_requests(&emulator);
        let ids: BTreeSet<Option<String>> = requests.iter().map(|(_, id)| id.clone()).collect();
        assert_eq!(ids.len(), 1, "{requests:?}");
        if pinned {
            assert_eq!(requests[0].1.as_deref(), Some(CORRELATION_ID));
        }
        emulator.shutdown().await;
    }
    Ok(())
}

#[tokio::test]
async fn create_wait_of_a_qualification_approved_at_once_does_not_poll() -> TestResult {
    let emulator = emulator(FOREVER).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["qualifications", "create"])
        .args([
            "--customer",
            demo::WOODGROVE_MUNICIPALITY,
            "--qualification",
            "gcc",
        ])
        .args(["--validation-code", demo::VALIDATION_CODE, "--wait"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let record = stdout_json(&output)?;
    assert_eq!(record["qualification"], json!("GovernmentCommunityCloud"));
    assert_eq!(record["vettingStatus"], json!("Approved"));
    assert_eq!(api_requests(&emulator).len(), 1);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn wait_polls_an_existing_record_until_it_is_approved() -> TestResult {
    let emulator = emulator(VETTING).await?;
    create_education(&emulator, demo::CONTOSO_ACADEMY).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "wait",
        "--customer",
        demo::CONTOSO_ACADEMY,
    ])
    .args(["--qualification", "Education", "--interval", "0.1"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let record = stdout_json(&output)?;
    assert!(record.is_object(), "{record}");
    assert_eq!(record["vettingStatus"], json!("Approved"));
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn wait_on_an_already_vetted_record_prints_it_after_one_poll() -> TestResult {
    let emulator = emulator(FOREVER).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--output", "table", "qualifications", "wait"])
        .args([
            "--customer",
            demo::TAILSPIN_UNIVERSITY,
            "--qualification",
            "edu",
        ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        format!(
            "QUALIFICATION  VETTING STATUS  REASON  CREATED\n\
             Education      Approved        -       {}\n",
            demo::TAILSPIN_UNIVERSITY_VETTED_AT
        )
    );
    assert_eq!(api_requests(&emulator).len(), 1);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn wait_past_its_deadline_on_a_record_in_review_exits_3() -> TestResult {
    let emulator = emulator(FOREVER).await?;
    create_education(&emulator, demo::CONTOSO_ACADEMY).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--output", "table", "qualifications", "wait"])
        .args([
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "edu",
        ])
        .args(["--wait-timeout", "0.05"]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    let line = error_line(&output);
    assert!(line.starts_with("error: vetting not finished"), "{line}");
    assert!(line.contains("Education still InReview"), "{line}");
    assert_eq!(stdout(&output), "");
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn create_wait_past_its_deadline_exits_3_as_a_json_error_object() -> TestResult {
    let emulator = emulator(FOREVER).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::CONTOSO_ACADEMY,
    ])
    .args(["--qualification", "edu", "--wait", "--wait-timeout", "0.2"])
    .args(["--interval", "0.1"]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    assert_eq!(stdout(&output), "");
    let error = stderr_json(&output)?;
    assert_eq!(error["error"]["kind"], json!("vetting_timeout"), "{error}");
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("vetting not finished"), "{error}");
    // The create went through: it is the vetting that is still running.
    assert_eq!(emulator.applied_changes().len(), 1);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn wait_flags_are_checked_before_anything_is_sent() -> TestResult {
    let emulator = emulator(FOREVER).await?;
    let cases: &[&[&str]] = &[
        &[
            "wait",
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "edu",
            "--wait-timeout",
            "0",
        ],
        &[
            "wait",
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "edu",
            "--interval",
            "-2",
        ],
        &[
            "wait",
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "edu",
            "--wait-timeout",
            "soon",
        ],
        &["wait", "--customer", demo::CONTOSO_ACADEMY],
        &["wait", "--customer", "not-a-guid", "--qualification", "edu"],
        &[
            "wait",
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "teacher",
        ],
        &[
            "wait",
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "none",
        ],
        &[
            "create",
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "edu",
            "--wait-timeout",
            "5",
        ],
        &[
            "create",
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "edu",
            "--interval",
            "1",
        ],
    ];
    for args in cases {
        let mut cmd = pc_on(&emulator)?;
        cmd.args(["--output", "table", "qualifications"])
            .args(*args);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        assert!(
            stderr(&output).starts_with("error: "),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "");
    }
    assert_eq!(api_requests(&emulator).len(), 0);
    emulator.shutdown().await;
    Ok(())
}

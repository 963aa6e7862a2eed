//! `pc qualifications wait` and `pc qualifications create --wait` against the real emulator:
//! Approved and Denied both exit 0, the vetting deadline exits 3, nothing to wait for exits 1.
//!
//! Deadlines are at least a second against an emulator whose vetting never finishes, so a loaded
//! machine cannot turn a deadline test into a race.

use std::collections::BTreeSet;
use std::error::Error;
use std::time::Duration;

use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, demo};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CORRELATION_ID, CUSTOMER, TestResult, api_requests, assert_exit, error_line, pc_at, pc_on, run,
    stderr, stderr_json, stdout, stdout_json,
};

/// A short vetting delay: Education is decided 300 ms after its creation.
const VETTING: Duration = Duration::from_millis(300);

/// A vetting delay no test outlasts: Education stays InReview.
const FOREVER: Duration = Duration::from_secs(600);

async fn emulator(vetting: Duration) -> Result<EmulatorHandle, Box<dyn Error>> {
    Ok(Emulator::start(EmulatorConfig::default().vetting_delay(vetting)).await?)
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
        assert!(requests.len() >= 2, "{requests:?}");
        // Every request carried a GUID, and the same one.
        let ids = requests
            .iter()
            .map(|(_, id)| {
                let id = id.as_deref().ok_or("a request without MS-CorrelationId")?;
                Ok(Uuid::try_parse(id)?)
            })
            .collect::<Result<BTreeSet<Uuid>, Box<dyn Error>>>()?;
        assert_eq!(ids.len(), 1, "{requests:?}");
        if pinned {
            assert_eq!(
                ids.first().map(Uuid::to_string).as_deref(),
                Some(CORRELATION_ID)
            );
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
        .args(["--wait-timeout", "2", "--interval", "0.5"]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    let line = error_line(&output);
    assert!(line.starts_with("error: vetting not finished"), "{line}");
    assert!(line.contains("Education still InReview"), "{line}");
    assert_eq!(stdout(&output), "");
    let requests = api_requests(&emulator);
    assert!(requests.len() >= 3, "the create and two polls");
    // Issue 7: one poller made every poll, the first (which found the record) included.
    let polls = requests.len() - 1;
    assert!(line.contains(&format!("after {polls} polls")), "{line}");
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
    .args(["--qualification", "edu", "--wait", "--wait-timeout", "1"])
    .args(["--interval", "0.2"]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    assert_eq!(stdout(&output), "");
    let error = stderr_json(&output)?;
    assert_eq!(error["error"]["kind"], json!("vetting_timeout"), "{error}");
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("created (201 Created, MS-RequestId "),
        "{error}"
    );
    assert!(
        message.contains(") but waiting failed: vetting not finished"),
        "{error}"
    );
    // The create went through, and the error says so: it is the vetting that is still running.
    assert_eq!(
        error["error"]["created"]["qualification"],
        json!("Education")
    );
    assert_eq!(
        error["error"]["created"]["vettingStatus"],
        json!("InReview")
    );
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
        // Clap's refusals and the commands' own alike: one line.
        error_line(&output);
        assert_eq!(stdout(&output), "");
    }
    assert_eq!(api_requests(&emulator).len(), 0);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn wait_on_a_qualification_the_customer_does_not_hold_exits_1_after_one_poll() -> TestResult {
    let emulator = emulator(FOREVER).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--output", "table", "qualifications", "wait"])
        .args([
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "edu",
        ])
        .args(["--wait-timeout", "60"]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    assert_eq!(
        error_line(&output),
        format!(
            "error: customer {} holds no Education qualification to wait for",
            demo::CONTOSO_ACADEMY
        )
    );
    assert_eq!(stdout(&output), "");
    assert_eq!(api_requests(&emulator).len(), 1);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn wait_on_an_absent_qualification_under_json_output_is_a_not_found_object() -> TestResult {
    let emulator = emulator(FOREVER).await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["qualifications", "wait", "--customer"]).args([
        demo::CONTOSO_ACADEMY,
        "--qualification",
        "gcc",
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    assert_eq!(
        stderr_json(&output)?,
        json!({"error": {
            "kind": "not_found",
            "message": format!(
                "customer {} holds no GovernmentCommunityCloud qualification to wait for",
                demo::CONTOSO_ACADEMY
            ),
        }})
    );
    assert_eq!(api_requests(&emulator).len(), 1);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn create_wait_keeps_polling_while_the_new_record_is_not_listed_yet() -> TestResult {
    let server = MockServer::start().await;
    let list = format!("/v1/customers/{CUSTOMER}/qualifications");
    Mock::given(method("POST"))
        .and(path(list.as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"Education","vettingStatus":"InReview"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .up_to_n_times(1)
        .expect(1)
        .named("first poll: not listed yet")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"[{"qualification":"Education","vettingStatus":"Approved"}]"#,
            "application/json",
        ))
        .expect(1)
        .named("second poll: approved")
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "create", "--customer", CUSTOMER])
        .args(["--qualification", "edu", "--wait", "--interval", "0.1"])
        .args(["--wait-timeout", "20"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!({"qualification": "Education", "vettingStatus": "Approved"})
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn create_wait_whose_poll_fails_still_reports_the_created_record() -> TestResult {
    let server = MockServer::start().await;
    let list = format!("/v1/customers/{CUSTOMER}/qualifications");
    Mock::given(method("POST"))
        .and(path(list.as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"Education","vettingStatus":"InReview","vettingCreateDate":"2024-03-01T10:00:00Z"}"#,
            "application/json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list.as_str()))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            r#"{"code":"800002","description":"Internal error."}"#,
            "application/json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    for format in ["table", "json"] {
        let mut cmd = pc_at(&server)?;
        cmd.args(["--output", format, "--max-attempts", "1"])
            .args(["qualifications", "create", "--customer", CUSTOMER])
            .args(["--qualification", "edu", "--wait", "--interval", "0.1"]);

        let output = run(cmd).await?;

        // The wait failure's exit code: the service refused the poll.
        assert_exit(&output, 1);
        assert_eq!(stdout(&output), "");
        let requests = server.received_requests().await.unwrap_or_default();
        let post = requests
            .iter()
            .rev()
            .find(|r| r.method.as_str() == "POST")
            .ok_or("no POST")?;
        let created_id = post
            .headers
            .get("MS-RequestId")
            .ok_or("no MS-RequestId")?
            .to_str()?
            .to_owned();
        let prefix =
            format!("created (201 Created, MS-RequestId {created_id}) but waiting failed: ");
        if format == "table" {
            let line = error_line(&output);
            assert!(
                line.starts_with(&format!("error: {prefix}service error: HTTP 500")),
                "{line}"
            );
            assert!(line.contains("code 800002: Internal error"), "{line}");
        } else {
            let error = stderr_json(&output)?;
            assert_eq!(error["error"]["kind"], json!("service"), "{error}");
            assert_eq!(error["error"]["status"], json!(500), "{error}");
            assert_eq!(error["error"]["code"], json!("800002"), "{error}");
            let message = error["error"]["message"].as_str().unwrap_or_default();
            assert!(message.starts_with(&prefix), "{error}");
            assert_eq!(
                error["error"]["created"],
                json!({
                    "qualification": "Education",
                    "vettingStatus": "InReview",
                    "vettingCreateDate": "2024-03-01T10:00:00Z",
                }),
                "{error}"
            );
            // The ids of the error are the failed poll's, not the create's.
            assert_ne!(error["error"]["requestId"], json!(created_id), "{error}");
        }
    }
    server.verify().await;
    Ok(())
}

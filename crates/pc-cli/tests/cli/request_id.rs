//! Issue 10: `--request-id` on `qualifications create` (alias `update`) and `qualification set`
//! pins `MS-RequestId`, so that a rerun after exit code 3 replays instead of applying twice.

use std::error::Error;
use std::time::Duration;

use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Faults, demo};
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CUSTOMER, TestResult, assert_exit, error_line, pc_at, pc_on, received_request_id, run,
    stderr_json, stdout, untouchable,
};

/// The request id the tests pin.
const REQUEST_ID: &str = "5e1f0c2a-7b3d-4c9e-8a6f-2d4b1c0e9f7a";

/// A response delay no run waits for.
const SLOW: Duration = Duration::from_secs(30);

fn create_path() -> String {
    format!("/v1/customers/{CUSTOMER}/qualifications")
}

#[tokio::test]
async fn request_id_pins_the_ms_request_id_of_create_update_and_set() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(create_path()))
        .and(header("MS-RequestId", REQUEST_ID))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"StateOwnedEntity"}"#,
            "application/json",
        ))
        .expect(2)
        .named("POST with the pinned request id")
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualification")))
        .and(header("MS-RequestId", REQUEST_ID))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#""education""#, "application/json"))
        .expect(1)
        .named("PUT with the pinned request id")
        .mount(&server)
        .await;
    let lines: [&[&str]; 3] = [
        &["qualifications", "create", "--qualification", "soe"],
        &["qualifications", "update", "--qualification", "soe"],
        &["qualification", "set", "--qualification", "edu"],
    ];

    for line in lines {
        let mut cmd = pc_at(&server)?;
        cmd.args(line)
            .args(["--customer", CUSTOMER, "--request-id", REQUEST_ID]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
    }
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn an_invalid_request_id_exits_2_and_sends_nothing() -> TestResult {
    let server = untouchable().await;
    let cases: [(&[&str], &str); 4] = [
        (
            &["qualifications", "create", "--qualification", "soe"],
            "42",
        ),
        (
            &["qualifications", "update", "--qualification", "soe"],
            "{5e1f0c2a-7b3d-4c9e-8a6f-2d4b1c0e9f7a}",
        ),
        (
            &["qualification", "set", "--qualification", "edu"],
            "5e1f0c2a7b3d4c9e8a6f2d4b1c0e9f7a",
        ),
        (&["qualification", "set", "--qualification", "edu"], ""),
    ];
    for (line, id) in cases {
        let mut cmd = pc_at(&server)?;
        cmd.args(["--output", "table"]).args(line).args([
            "--customer",
            CUSTOMER,
            "--request-id",
            id,
        ]);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        assert_eq!(
            error_line(&output),
            format!(
                "error: invalid input: invalid request id {id:?}: expected a GUID like \
                 00000000-0000-0000-0000-000000000000"
            )
        );
    }
    server.verify().await;
    Ok(())
}

/// Mounts a create that never answers in time.
async fn slow_create(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(create_path()))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(
                    r#"{"qualification":"StateOwnedEntity"}"#,
                    "application/json",
                )
                .set_delay(SLOW),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_create_that_times_out_exits_3_and_says_how_to_replay_it() -> TestResult {
    let server = MockServer::start().await;
    slow_create(&server).await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--output",
        "table",
        "--timeout",
        "0.5",
        "--max-attempts",
        "1",
    ])
    .args(["qualifications", "create", "--customer", CUSTOMER])
    .args(["--qualification", "soe"]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    let sent = received_request_id(&server).await?;
    let line = error_line(&output);
    assert!(line.starts_with("error: timed out"), "{line}");
    assert!(
        line.ends_with(&format!(
            "request id {sent}); the create may have been applied: rerun with --request-id \
             {sent} to replay it safely"
        )),
        "{line}"
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn a_pinned_create_that_times_out_names_the_pinned_id_in_its_json_error() -> TestResult {
    let server = MockServer::start().await;
    slow_create(&server).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--timeout", "0.5", "--max-attempts", "1"])
        .args(["qualifications", "create", "--customer", CUSTOMER])
        .args(["--qualification", "soe", "--request-id", REQUEST_ID]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    assert_eq!(received_request_id(&server).await?, REQUEST_ID);
    let error = stderr_json(&output)?;
    assert_eq!(error["error"]["kind"], json!("timeout"), "{error}");
    assert_eq!(error["error"]["requestId"], json!(REQUEST_ID), "{error}");
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.ends_with(&format!(
            "rerun with --request-id {REQUEST_ID} to replay it safely"
        )),
        "{message}"
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn a_refusal_says_nothing_about_replaying() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_raw(
            r#"{"code":"600041","description":"Already qualified."}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "qualifications", "create"])
        .args(["--customer", CUSTOMER, "--qualification", "soe"]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    let line = error_line(&output);
    assert!(line.contains("Already qualified"), "{line}");
    assert!(!line.contains("--request-id"), "{line}");
    server.verify().await;
    Ok(())
}

async fn emulator() -> Result<EmulatorHandle, Box<dyn Error>> {
    Ok(Emulator::start(EmulatorConfig::default()).await?)
}

#[tokio::test]
async fn a_rerun_with_the_same_request_id_replays_the_create_instead_of_applying_it_again()
-> TestResult {
    let emulator = emulator().await?;
    let create = |id: &str| -> Result<assert_cmd::Command, Box<dyn Error>> {
        let mut cmd = pc_on(&emulator)?;
        cmd.args(["qualifications", "create"])
            .args([
                "--customer",
                demo::CONTOSO_ACADEMY,
                "--qualification",
                "edu",
            ])
            .args(["--request-id", id]);
        Ok(cmd)
    };

    let first = run(create(REQUEST_ID)?).await?;
    let second = run(create(REQUEST_ID)?).await?;
    let other_id = run(create(&Uuid::new_v4().to_string())?).await?;

    assert_exit(&first, 0);
    assert_exit(&second, 0);
    assert_eq!(stdout(&second), stdout(&first), "the stored answer");
    let applied = emulator.applied_changes();
    assert_eq!(applied.len(), 1, "{applied:?}");
    assert_eq!(applied[0].request_id.as_deref(), Some(REQUEST_ID));
    let log = emulator.request_log();
    let posts: Vec<_> = log.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 3, "{log:?}");
    assert_eq!(posts[0].fault, None);
    assert_eq!(posts[1].fault.as_deref(), Some("replayed"));
    assert_eq!(posts[1].request_id.as_deref(), Some(REQUEST_ID));
    // Without the same id, the same create is a new one: refused as a duplicate.
    assert_exit(&other_id, 1);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn after_a_dropped_create_exits_3_the_rerun_it_suggests_replays_it() -> TestResult {
    let emulator = emulator().await?;
    emulator.set_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--max-attempts", "1", "qualifications", "create"])
        .args([
            "--customer",
            demo::WOODGROVE_MUNICIPALITY,
            "--qualification",
            "gcc",
        ])
        .args(["--validation-code", demo::VALIDATION_CODE]);

    let dropped = run(cmd).await?;

    assert_exit(&dropped, 3);
    let error = stderr_json(&dropped)?;
    let id = error["error"]["requestId"]
        .as_str()
        .ok_or("no request id")?;
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.ends_with(&format!(
            "the create may have been applied: rerun with --request-id {id} to replay it safely"
        )),
        "{message}"
    );
    assert_eq!(emulator.applied_changes().len(), 1, "applied, then dropped");

    emulator.set_faults(Faults::default());
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["qualifications", "create"])
        .args([
            "--customer",
            demo::WOODGROVE_MUNICIPALITY,
            "--qualification",
            "gcc",
        ])
        .args([
            "--validation-code",
            demo::VALIDATION_CODE,
            "--request-id",
            id,
        ]);

    let rerun = run(cmd).await?;

    assert_exit(&rerun, 0);
    assert_eq!(
        crate::support::stdout_json(&rerun)?["qualification"],
        json!("GovernmentCommunityCloud")
    );
    assert_eq!(emulator.applied_changes().len(), 1, "applied once");
    let last = emulator.request_log().pop().ok_or("no request logged")?;
    assert_eq!(last.fault.as_deref(), Some("replayed"), "{last:?}");
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_rerun_of_a_legacy_set_with_the_same_request_id_replays_it() -> TestResult {
    let emulator = emulator().await?;
    let customer = Uuid::new_v4().to_string();
    let set = || -> Result<assert_cmd::Command, Box<dyn Error>> {
        let mut cmd = pc_on(&emulator)?;
        cmd.args(["qualification", "set", "--customer", &customer])
            .args(["--qualification", "edu", "--request-id", REQUEST_ID]);
        Ok(cmd)
    };

    let first = run(set()?).await?;
    let second = run(set()?).await?;

    assert_exit(&first, 0);
    assert_exit(&second, 0);
    assert_eq!(stdout(&second), stdout(&first));
    assert_eq!(emulator.applied_changes().len(), 1);
    let last = emulator.request_log().pop().ok_or("no request logged")?;
    assert_eq!(last.method, "PUT");
    assert_eq!(last.fault.as_deref(), Some("replayed"), "{last:?}");
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_single_refused_connection_was_surely_not_applied_and_gets_no_hint() -> TestResult {
    let endpoint = format!("http://127.0.0.1:{}", crate::support::closed_port()?);
    for (attempts, hint) in [("1", false), ("2", true)] {
        let mut cmd = crate::support::pc()?;
        cmd.args(["--endpoint", &endpoint, "--access-token", "token-1234"])
            .args(["--output", "table", "--max-attempts", attempts])
            .args(["qualifications", "create", "--customer", CUSTOMER])
            .args(["--qualification", "soe", "--request-id", REQUEST_ID]);

        let output = run(cmd).await?;

        assert_exit(&output, 3);
        let line = error_line(&output);
        assert!(line.starts_with("error: no complete response"), "{line}");
        // After two attempts the error is the last one's: an earlier one may have been applied.
        assert_eq!(
            line.ends_with(&format!(
                "rerun with --request-id {REQUEST_ID} to replay it safely"
            )),
            hint,
            "{attempts} attempts: {line}"
        );
    }
    Ok(())
}

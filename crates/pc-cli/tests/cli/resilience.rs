//! `--max-attempts` and `--timeout`: retries with one `MS-RequestId`, the per-call deadline, and
//! refused values (exit code 2, nothing sent).

use std::error::Error;
use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CUSTOMER, TestResult, assert_exit, error_line, pc_at, run, stderr, stderr_json, stdout,
    stdout_json, untouchable, usage_error_json,
};

const UNAVAILABLE: &str = r#"{"code":"800003","description":"Service unavailable."}"#;

/// The delay of a server too slow for `--timeout`: no run waits for it.
const SLOW: Duration = Duration::from_secs(30);

fn list_path() -> String {
    format!("/v1/customers/{CUSTOMER}/qualifications")
}

/// The `MS-RequestId` of every request `server` received, in order.
async fn request_ids(server: &MockServer) -> Result<Vec<String>, Box<dyn Error>> {
    let mut ids = Vec::new();
    for request in server.received_requests().await.unwrap_or_default() {
        let id = request
            .headers
            .get("MS-RequestId")
            .ok_or("no MS-RequestId")?
            .to_str()?;
        ids.push(id.to_owned());
    }
    Ok(ids)
}

#[tokio::test]
async fn max_attempts_3_retries_a_503_twice_with_one_request_id_then_exits_1() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(ResponseTemplate::new(503).set_body_raw(UNAVAILABLE, "application/json"))
        .expect(3)
        .named("three attempts")
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "--max-attempts", "3"])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    let line = error_line(&output);
    assert!(line.contains("HTTP 503 Service Unavailable"), "{line}");
    assert!(line.contains("after 3 attempts"), "{line}");
    let ids = request_ids(&server).await?;
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert!(line.contains(&format!("request id {}", ids[0])), "{line}");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn max_attempts_1_sends_exactly_one_request() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(ResponseTemplate::new(503).set_body_raw(UNAVAILABLE, "application/json"))
        .expect(1)
        .named("one attempt")
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "--max-attempts", "1"])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    let line = error_line(&output);
    assert!(line.contains("HTTP 503"), "{line}");
    assert!(!line.contains("attempts"), "{line}");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn a_503_then_a_200_succeeds_with_the_default_attempts() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(ResponseTemplate::new(503).set_body_raw(UNAVAILABLE, "application/json"))
        .up_to_n_times(1)
        .expect(1)
        .named("first attempt: 503")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"[{"qualification":"StateOwnedEntity"}]"#,
            "application/json",
        ))
        .expect(1)
        .named("second attempt: 200")
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
    assert_eq!(
        stdout_json(&output)?,
        json!([{"qualification": "StateOwnedEntity"}])
    );
    let ids = request_ids(&server).await?;
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(ids[0], ids[1]);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn timeout_ends_a_slow_call_with_exit_3_before_the_response_arrives() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("[]", "application/json")
                .set_delay(SLOW),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "--timeout", "0.3"]).args([
        "qualifications",
        "list",
        "--customer",
        CUSTOMER,
    ]);

    let started = Instant::now();
    let output = run(cmd).await?;
    let elapsed = started.elapsed();

    assert_exit(&output, 3);
    // Far below the server's delay, with room for a loaded machine.
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
    let line = error_line(&output);
    assert!(line.starts_with("error: timed out"), "{line}");
    assert!(line.contains("300ms"), "{line}");
    assert_eq!(stdout(&output), "");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn a_timeout_under_json_output_is_a_timeout_error_object() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("[]", "application/json")
                .set_delay(SLOW),
        )
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--timeout", "0.2", "validation-codes", "list"]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    let error = stderr_json(&output)?;
    assert_eq!(error["error"]["kind"], json!("timeout"), "{error}");
    assert!(error["error"]["requestId"].is_string(), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_decimal_timeout_and_max_attempts_within_range_are_accepted() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--timeout", "7.5", "--max-attempts", "20"])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!([]));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn invalid_attempts_and_timeouts_exit_2_and_send_nothing() -> TestResult {
    let cases: &[(&[&str], &str)] = &[
        (&["--max-attempts", "0"], "--max-attempts"),
        (&["--max-attempts", "21"], "--max-attempts"),
        (&["--max-attempts", "-1"], "--max-attempts"),
        (&["--max-attempts", "three"], "--max-attempts"),
        (&["--timeout", "-1"], "must be more than 0 seconds"),
        (&["--timeout", "abc"], "is not a number of seconds"),
        (&["--timeout", "0"], "must be more than 0 seconds"),
        (&["--timeout", "NaN"], "--timeout"),
        (&["--timeout", "inf"], "--timeout"),
        (
            &["--timeout", "1e9"],
            "is more than the 86400 seconds allowed",
        ),
        (&["--timeout", ""], "--timeout"),
    ];
    for (flags, expected) in cases {
        let server = untouchable().await;
        let mut cmd = pc_at(&server)?;
        cmd.args(*flags)
            .args(["qualifications", "list", "--customer", CUSTOMER]);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        // `pc_at` asks for JSON: clap's refusal is one error object too.
        let message = usage_error_json(&output)?;
        assert!(
            message.contains(expected),
            "{flags:?}: {expected:?} not in {message}"
        );
        assert_eq!(stdout(&output), "");
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn a_429_with_retry_after_then_a_200_succeeds_with_one_request_id() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_raw(
                    r#"{"code":"429","description":"Rate limit is exceeded."}"#,
                    "application/json",
                ),
        )
        .up_to_n_times(1)
        .expect(1)
        .named("first attempt: throttled")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"[{"qualification":"Education","vettingStatus":"Approved"}]"#,
            "application/json",
        ))
        .expect(1)
        .named("second attempt: 200")
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "list", "--customer", CUSTOMER]);

    let started = Instant::now();
    let output = run(cmd).await?;
    let elapsed = started.elapsed();

    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
    assert_eq!(
        stdout_json(&output)?,
        json!([{"qualification": "Education", "vettingStatus": "Approved"}])
    );
    let ids = request_ids(&server).await?;
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(ids[0], ids[1]);
    // Retry-After was honoured.
    assert!(elapsed >= Duration::from_millis(900), "took {elapsed:?}");
    server.verify().await;
    Ok(())
}

//! Issue 10 ("Hardening ... terminal-safe output"): server text reaches the terminal as one clean,
//! bounded line in tables and error lines, and whole (escaped) under `--output json`.

use std::process::Output;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CUSTOMER, TestResult, assert_exit, error_line, pc_at, received_request_id, run, stderr,
    stderr_json, stdout, stdout_json,
};

/// Two MiB: far more than any line may show.
const HUGE: usize = 2 * 1024 * 1024;

/// The longest error line or table line the tests accept (the CLI's limits plus room).
const LINE_LIMIT: usize = 4 * 1024 + 200;

/// A vetting reason with an SGR escape, a bare CR, a line break, a bell and a C1 CSI.
const HOSTILE_REASON: &str = "Denied\u{1b}[31m red\rover\nnext line\u{7} csi\u{9b}2J";

/// An unknown status name with control characters.
const HOSTILE_STATUS: &str = "Pending\u{1b}]0;pwned\u{7}\r\n";

fn list_path() -> String {
    format!("/v1/customers/{CUSTOMER}/qualifications")
}

/// Mounts the list endpoint answering `records` (as JSON text, escapes and all).
async fn mount_list(server: &MockServer, records: &Value) -> TestResult {
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(serde_json::to_string(records)?, "application/json"),
        )
        .expect(1)
        .mount(server)
        .await;
    Ok(())
}

/// The records of the list tests: hostile text, and a 2 MiB reason.
fn hostile_records() -> Value {
    json!([
        {"qualification": "Education", "vettingStatus": "Denied", "vettingReason": HOSTILE_REASON},
        {"qualification": "Future\u{1b}[2JName", "vettingStatus": HOSTILE_STATUS},
        {"qualification": "Education", "vettingStatus": "Denied", "vettingReason": "y".repeat(HUGE)},
    ])
}

/// Asserts `text` holds no control character but line ends, and no line longer than
/// [`LINE_LIMIT`] characters; returns its lines.
fn assert_clean_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    for line in &lines {
        assert!(
            !line.contains(char::is_control),
            "control character in {:?}",
            line.chars().take(200).collect::<String>()
        );
        assert!(
            line.chars().count() <= LINE_LIMIT,
            "a line of {} characters",
            line.chars().count()
        );
    }
    lines
}

/// Asserts the raw bytes of a stream hold no C0 control byte but `\n`, no DEL and no C1 control.
fn assert_no_raw_controls(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let found: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(found.is_empty(), "raw control characters {found:?}");
}

#[tokio::test]
async fn table_output_shows_hostile_server_text_as_clean_bounded_lines() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, &hostile_records()).await?;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "qualifications", "list"])
        .args(["--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let text = stdout(&output);
    let lines = assert_clean_lines(&text);
    assert_eq!(
        lines.len(),
        4,
        "a header and one line per record: {lines:?}"
    );
    assert!(
        lines[1].contains("Denied\u{fffd}[31m red over next line\u{fffd} csi\u{fffd}2J"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("Future\u{fffd}[2JName  Pending\u{fffd}]0;pwned\u{fffd}"),
        "{}",
        lines[2]
    );
    assert!(lines[3].contains("yyy…"), "the long reason is cut with …");
    assert_eq!(stderr(&output), "");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn json_output_keeps_hostile_server_text_whole_and_escaped() -> TestResult {
    let server = MockServer::start().await;
    let records = hostile_records();
    mount_list(&server, &records).await?;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_no_raw_controls(&output.stdout);
    let text = stdout(&output);
    // Escaped by serde_json (C0) and by pc (C1), never unescaped to the terminal.
    assert!(text.contains(r"Denied\u001b[31m red\rover\nnext line\u0007 csi\u009b2J"));
    assert!(text.contains(r"Pending\u001b]0;pwned\u0007\r\n"));
    assert_eq!(
        stdout_json(&output)?,
        records,
        "the full text, 2 MiB reason included"
    );
    server.verify().await;
    Ok(())
}

/// An error body whose code and description are hostile, the description 2 MiB long.
fn hostile_error() -> (String, String) {
    let description = format!("Refused\u{1b}[31m\r\nbecause\u{7} {}", "z".repeat(HUGE));
    let body = json!({"code": "9001\u{1b}[0m", "description": description});
    (body.to_string(), description)
}

async fn refusing_server() -> MockServer {
    let server = MockServer::start().await;
    let (body, _) = hostile_error();
    Mock::given(method("GET"))
        .and(path(list_path()))
        .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn list_on(
    server: &MockServer,
    format: &str,
) -> Result<assert_cmd::Command, Box<dyn std::error::Error>> {
    let mut cmd = pc_at(server)?;
    cmd.args(["--output", format, "qualifications", "list"])
        .args(["--customer", CUSTOMER]);
    Ok(cmd)
}

#[tokio::test]
async fn a_hostile_error_is_one_clean_bounded_line_that_still_ends_with_the_ids() -> TestResult {
    let server = refusing_server().await;

    let output: Output = run(list_on(&server, "table")?).await?;

    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    let line = error_line(&output);
    assert_clean_lines(&stderr(&output));
    assert!(
        line.starts_with(
            "error: service error: HTTP 400 Bad Request, code 9001\u{fffd}[0m: \
             Refused\u{fffd}[31m because\u{fffd} zzz"
        ),
        "{}",
        line.chars().take(200).collect::<String>()
    );
    assert!(line.contains("zzz…"), "the description is cut with …");
    let request_id = received_request_id(&server).await?;
    assert!(
        line.ends_with(&format!("request id {request_id})")),
        "the ids survive the cut"
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn a_hostile_error_under_json_output_is_one_escaped_object_with_the_whole_text() -> TestResult
{
    let server = refusing_server().await;

    let output = run(list_on(&server, "json")?).await?;

    assert_exit(&output, 1);
    assert_no_raw_controls(&output.stderr);
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "one line");
    assert!(text.contains(r"Refused\u001b[31m\r\nbecause\u0007 zzz"));
    let error = stderr_json(&output)?;
    let (_, description) = hostile_error();
    assert_eq!(error["error"]["description"], json!(description));
    assert_eq!(error["error"]["code"], json!("9001\u{1b}[0m"));
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.chars().count() <= LINE_LIMIT,
        "the message is the bounded line"
    );
    assert!(!message.contains(char::is_control));
    server.verify().await;
    Ok(())
}

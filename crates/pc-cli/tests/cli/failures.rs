//! Exit codes 1, 2 and 3; the one-line error on stderr and the `--output json` error object.

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CORRELATION_ID, CUSTOMER, TOKEN, TestResult, assert_exit, closed_port, error_line, pc, pc_at,
    received_request_id, run, stderr_json, stdout, untouchable, usage_error_json,
};

const INVALID_CUSTOMER: &str = r#"{"code":"900118","description":"The customer ID is invalid.","data":[],"source":"PartnerFD"}"#;

async fn mount_refusal(server: &MockServer, status: u16, body: &'static str) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualifications")))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_service_refusal_exits_1_with_status_code_description_and_both_ids() -> TestResult {
    let server = MockServer::start().await;
    mount_refusal(&server, 400, INVALID_CUSTOMER).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "--correlation-id", CORRELATION_ID])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    let request_id = received_request_id(&server).await?;
    assert_eq!(
        error_line(&output),
        format!(
            "error: service error: HTTP 400 Bad Request, code 900118: The customer ID is invalid \
             (correlation id {CORRELATION_ID}, request id {request_id})"
        )
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn a_service_refusal_under_json_output_is_one_json_object_on_stderr() -> TestResult {
    let server = MockServer::start().await;
    mount_refusal(&server, 400, INVALID_CUSTOMER).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--correlation-id", CORRELATION_ID]).args([
        "qualifications",
        "list",
        "--customer",
        CUSTOMER,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    let request_id = received_request_id(&server).await?;
    assert_eq!(
        stderr_json(&output)?,
        json!({"error": {
            "kind": "service",
            "status": 400,
            "code": "900118",
            "description": "The customer ID is invalid.",
            "correlationId": CORRELATION_ID,
            "requestId": request_id,
            "message": format!(
                "service error: HTTP 400 Bad Request, code 900118: The customer ID is invalid \
                 (correlation id {CORRELATION_ID}, request id {request_id})"
            ),
        }})
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn odd_error_bodies_still_exit_1_on_one_line() -> TestResult {
    let cases = [
        (
            403,
            r#"{"code":900329,"description":"App-only\nauthentication is not supported"}"#,
            "code 900329: App-only authentication is not supported",
        ),
        (409, r#""Conflict: already qualified""#, "HTTP 409 Conflict"),
        (404, "", "HTTP 404 Not Found"),
        (
            400,
            "<html><body>Bad gateway config</body></html>",
            "HTTP 400 Bad Request",
        ),
    ];
    for (status, body, expected) in cases {
        let server = MockServer::start().await;
        mount_refusal(&server, status, body).await;
        let mut cmd = pc_at(&server)?;
        cmd.args([
            "--output",
            "table",
            "qualifications",
            "list",
            "--customer",
            CUSTOMER,
        ]);

        let output = run(cmd).await?;

        assert_exit(&output, 1);
        let line = error_line(&output);
        assert!(line.contains(expected), "{expected:?} not in {line:?}");
        assert!(line.contains("request id "), "{line}");
        server.verify().await;
    }
    Ok(())
}

/// Command lines refused before anything is sent, with a fragment of their message.
const REFUSED: &[(&[&str], &str)] = &[
    (
        &["qualifications", "list", "--customer", "not-a-guid"],
        "invalid customer id \"not-a-guid\"",
    ),
    (
        &["qualifications", "list", "--customer", "../../partners"],
        "invalid customer id",
    ),
    (
        &[
            "qualification",
            "get",
            "--customer",
            "{0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d}",
        ],
        "invalid customer id",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "none",
        ],
        "qualification None can never be set",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "Nonprofit",
        ],
        "qualification Nonprofit can never be set",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "gcc",
        ],
        "needs a validation code",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "education",
            "--validation-code",
            "123456",
        ],
        "only accepted with GovernmentCommunityCloud",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "teacher",
        ],
        "unknown qualification \"teacher\"",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "education",
            "--education-segment",
            "k12",
        ],
        "the integer contract cannot carry educationSegment",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "education",
            "--website",
            "contoso.edu",
        ],
        "the integer contract cannot carry website",
    ),
    (
        &[
            "--contract",
            "object",
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "education",
        ],
        "needs an education segment",
    ),
    (
        &[
            "--contract",
            "object",
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "soe",
            "--website",
            "x.edu",
        ],
        "website is only accepted with Education",
    ),
    (
        &[
            "qualification",
            "set",
            "--customer",
            CUSTOMER,
            "--qualification",
            "soe",
        ],
        "cannot be set through the legacy synchronous API",
    ),
    (
        &[
            "qualification",
            "set",
            "--customer",
            CUSTOMER,
            "--qualification",
            "gcc",
        ],
        "needs a validation code",
    ),
    (
        &[
            "qualification",
            "set",
            "--customer",
            CUSTOMER,
            "--qualification",
            "nonsense",
        ],
        "unknown qualification",
    ),
    (
        &["--correlation-id", "abc", "validation-codes", "list"],
        "invalid correlation id \"abc\"",
    ),
    (
        &["--locale", "fr\u{7f}FR", "validation-codes", "list"],
        "invalid locale",
    ),
];

#[tokio::test]
async fn invalid_input_exits_2_and_sends_nothing() -> TestResult {
    for (args, expected) in REFUSED {
        let server = untouchable().await;
        let mut cmd = pc_at(&server)?;
        cmd.args(["--output", "table"]).args(*args);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        let line = error_line(&output);
        assert!(line.starts_with("error: invalid"), "{line}");
        assert!(line.contains(expected), "{expected:?} not in {line:?}");
        assert_eq!(stdout(&output), "");
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn invalid_input_under_json_output_is_a_json_object() -> TestResult {
    let server = untouchable().await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        CUSTOMER,
        "--qualification",
        "none",
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert_eq!(
        stderr_json(&output)?,
        json!({"error": {
            "kind": "invalid_input",
            "message": "invalid input: qualification None can never be set by a partner \
                        (only Education, GovernmentCommunityCloud and StateOwnedEntity)",
        }})
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn missing_credentials_exit_2_and_say_how_to_pass_them() -> TestResult {
    let server = untouchable().await;
    let mut cmd = pc()?;
    cmd.args(["--endpoint", &server.uri(), "--output", "table"])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert_eq!(
        error_line(&output),
        "error: invalid input: no credentials: pass --access-token TOKEN or set PC_ACCESS_TOKEN, \
         or set PC_TENANT_ID and PC_CLIENT_ID with PC_REFRESH_TOKEN (App+User) or \
         PC_CLIENT_SECRET alone (App-only) to get a token from Microsoft Entra ID"
    );
    server.verify().await;
    Ok(())
}

/// Command lines clap refuses, with clap's message folded onto one line.
const USAGE: &[(&[&str], &str)] = &[
    (
        &["qualifications", "list"],
        "the following required arguments were not provided: --customer <GUID>",
    ),
    (
        &["qualifications", "create", "--customer", CUSTOMER],
        "the following required arguments were not provided: --qualification <NAME>",
    ),
    (
        &[
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "edu",
            "--education-segment",
            "college",
        ],
        "invalid value 'college' for '--education-segment <SEGMENT>' \
         [possible values: k12, higher-education]",
    ),
    (
        &["--timeout", "abc", "validation-codes", "list"],
        "invalid value 'abc' for '--timeout <SECONDS>': \"abc\" is not a number of seconds",
    ),
    (
        &["--max-attempts", "0", "validation-codes", "list"],
        "invalid value '0' for '--max-attempts <N>': 0 is not in 1..=20",
    ),
    (
        &["--contract", "string", "validation-codes", "list"],
        "invalid value 'string' for '--contract <CONTRACT>' [possible values: integer, object]",
    ),
    (
        &["qualifications", "delete", "--customer", CUSTOMER],
        "unrecognized subcommand 'delete'",
    ),
    (
        &["qualifications", "list", "--custmer", CUSTOMER],
        "unexpected argument '--custmer' found (tip: a similar argument exists: '--customer')",
    ),
    (
        &["emulator", "--listen", "localhost"],
        "invalid value 'localhost' for '--listen <ADDR>'",
    ),
    (
        &["qualifications"],
        "'pc qualifications' requires a subcommand but one was not provided \
         [subcommands: list, create, update, wait, help]",
    ),
];

#[tokio::test]
async fn usage_errors_exit_2_with_one_line_and_send_nothing() -> TestResult {
    for (args, expected) in USAGE {
        let server = untouchable().await;
        let mut cmd = pc_at(&server)?;
        cmd.args(["--output", "table"]).args(*args);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        let line = error_line(&output);
        assert!(
            line.starts_with(&format!("error: {expected}")),
            "{args:?}: {expected:?} does not start {line:?}"
        );
        assert_eq!(stdout(&output), "");
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn usage_errors_under_json_output_are_one_invalid_input_object() -> TestResult {
    for (args, expected) in USAGE {
        // `pc_at` asks for `--output json` before the arguments; `--output=json` after them.
        for spelling in ["--output json", "--output=json", "json by default"] {
            let server = untouchable().await;
            let mut cmd = match spelling {
                "json by default" => {
                    let mut cmd = pc()?;
                    cmd.args(["--endpoint", &server.uri(), "--access-token", TOKEN]);
                    cmd
                }
                _ => pc_at(&server)?,
            };
            cmd.args(*args);
            if spelling == "--output=json" {
                cmd.args(["--output", "table"]);
                cmd.arg("--output=json");
            }

            let output = run(cmd).await?;

            assert_exit(&output, 2);
            let message = usage_error_json(&output)?;
            assert!(
                message.starts_with(expected),
                "{args:?} {spelling}: {expected:?} does not start {message:?}"
            );
            assert_eq!(stdout(&output), "");
            server.verify().await;
        }
    }
    Ok(())
}

#[tokio::test]
async fn a_usage_error_never_shows_a_secret_given_on_the_command_line() -> TestResult {
    let server = untouchable().await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "qualifications", "list"])
        .args(["--customer", CUSTOMER, TOKEN]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert_eq!(
        error_line(&output),
        "error: unexpected argument '[redacted]' found"
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn an_unusable_endpoint_exits_2() -> TestResult {
    let mut cmd = pc()?;
    cmd.args([
        "--endpoint",
        "ftp://pc.test",
        "--access-token",
        TOKEN,
        "--output",
        "table",
    ])
    .args(["validation-codes", "list"]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert!(error_line(&output).contains("invalid base URL \"ftp://pc.test\""));
    Ok(())
}

#[tokio::test]
async fn a_closed_port_exits_3() -> TestResult {
    let endpoint = format!("http://127.0.0.1:{}", closed_port()?);
    let mut cmd = pc()?;
    cmd.args([
        "--endpoint",
        &endpoint,
        "--access-token",
        TOKEN,
        "--output",
        "table",
    ])
    .args(["--correlation-id", CORRELATION_ID])
    .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    let line = error_line(&output);
    assert!(line.starts_with("error: no complete response"), "{line}");
    assert!(line.contains("connection failed"), "{line}");
    assert!(
        line.contains(&format!("correlation id {CORRELATION_ID}")),
        "{line}"
    );
    // Issue 7: the client's message carries the transport's causes itself, before the ids;
    // nothing is appended after them.
    let cause = line.find("connection failed: ").ok_or("no cause")?;
    let ids = line.find(" (correlation id ").ok_or("no ids")?;
    assert!(cause < ids, "{line}");
    assert!(line.ends_with(')'), "{line}");
    Ok(())
}

#[tokio::test]
async fn a_closed_port_under_json_output_is_a_transport_error_object() -> TestResult {
    let endpoint = format!("http://127.0.0.1:{}", closed_port()?);
    let mut cmd = pc()?;
    cmd.args([
        "--endpoint",
        &endpoint,
        "--access-token",
        TOKEN,
        "--output",
        "json",
    ])
    .args(["--correlation-id", CORRELATION_ID])
    .args(["validation-codes", "list"]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    let error = stderr_json(&output)?;
    assert_eq!(error["error"]["kind"], json!("transport"));
    assert_eq!(error["error"]["correlationId"], json!(CORRELATION_ID));
    assert!(error["error"]["requestId"].is_string(), "{error}");
    assert!(error["error"].get("status").is_none(), "{error}");
    Ok(())
}

#[tokio::test]
async fn an_undecodable_success_exits_3() -> TestResult {
    let server = MockServer::start().await;
    mount_refusal(&server, 200, "<html>maintenance</html>").await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--output",
        "table",
        "qualifications",
        "list",
        "--customer",
        CUSTOMER,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 3);
    let line = error_line(&output);
    assert!(line.starts_with("error: undecodable response"), "{line}");
    assert!(line.contains("HTTP 200 OK"), "{line}");
    server.verify().await;
    Ok(())
}

//! Flags versus environment variables, secrets never printed, and `-v` logging.

use clap::Parser;
use pc_cli::Cli;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CUSTOMER, TOKEN, TestResult, assert_exit, pc, pc_at, run, stderr, stdout, stdout_json,
    untouchable,
};

/// Mounts the list endpoint, expecting exactly one call with `token`.
async fn mount_list(server: &MockServer, token: &str, expected_calls: u64) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualifications")))
        .and(header("Authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(expected_calls)
        .mount(server)
        .await;
}

#[tokio::test]
async fn environment_variables_supply_endpoint_and_token() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, "env-token-1234", 1).await;
    let mut cmd = pc()?;
    cmd.env("PC_ENDPOINT", server.uri())
        .env("PC_ACCESS_TOKEN", "env-token-1234")
        .args([
            "--output",
            "json",
            "qualifications",
            "list",
            "--customer",
            CUSTOMER,
        ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!([]));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn the_endpoint_flag_wins_over_pc_endpoint() -> TestResult {
    let from_env = untouchable().await;
    let from_flag = MockServer::start().await;
    mount_list(&from_flag, TOKEN, 1).await;
    let mut cmd = pc()?;
    cmd.env("PC_ENDPOINT", from_env.uri())
        .args(["--endpoint", &from_flag.uri(), "--access-token", TOKEN])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    from_flag.verify().await;
    from_env.verify().await;
    Ok(())
}

#[tokio::test]
async fn the_access_token_flag_wins_over_pc_access_token() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, "flag-token-5678", 1).await;
    let mut cmd = pc()?;
    cmd.env("PC_ENDPOINT", server.uri())
        .env("PC_ACCESS_TOKEN", "env-token-1234")
        .args(["--access-token", "flag-token-5678"])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn token_and_code_are_never_printed_even_at_trace_level() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualifications")))
        .and(header("Authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["-vvv", "qualifications", "create", "--customer", CUSTOMER])
        .args(["--qualification", "gcc", "--validation-code", "987654"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let log = stderr(&output);
    assert!(log.contains("pc.call"), "{log}");
    assert!(!log.contains(TOKEN), "{log}");
    assert!(!log.contains("987654"), "{log}");
    assert!(!stdout(&output).contains(TOKEN));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn the_token_and_code_are_never_printed_even_when_the_service_echoes_them() -> TestResult {
    let echo =
        format!(r#"{{"code":"400","description":"Access denied for {TOKEN} with code 123456"}}"#);
    for format in ["table", "json"] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(403).set_body_raw(echo.clone(), "application/json"))
            .expect(1)
            .mount(&server)
            .await;
        let mut cmd = pc_at(&server)?;
        cmd.args(["-vv", "--output", format])
            .args(["qualifications", "create", "--customer", CUSTOMER])
            .args(["--qualification", "gcc", "--validation-code", "123456"]);

        let output = run(cmd).await?;

        assert_exit(&output, 1);
        let err = stderr(&output);
        assert!(
            err.contains("Access denied for [redacted] with code [redacted]"),
            "{err}"
        );
        assert!(!err.contains(TOKEN), "{err}");
        assert!(!err.contains("123456"), "{err}");
        assert!(!stdout(&output).contains(TOKEN));
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn the_default_is_quiet_and_verbose_logs_each_call_to_stderr() -> TestResult {
    let quiet = MockServer::start().await;
    mount_list(&quiet, TOKEN, 1).await;
    let mut cmd = pc_at(&quiet)?;
    cmd.args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");

    let verbose = MockServer::start().await;
    mount_list(&verbose, TOKEN, 1).await;
    let mut cmd = pc_at(&verbose)?;
    cmd.args(["-v", "qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let log = stderr(&output);
    assert!(log.contains("pc.call"), "{log}");
    assert!(log.contains("pc.attempt"), "{log}");
    assert!(log.contains("qualifications.list"), "{log}");
    assert_eq!(stdout_json(&output)?, json!([]));
    quiet.verify().await;
    verbose.verify().await;
    Ok(())
}

#[tokio::test]
async fn rust_log_turns_logging_on_without_flags() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, TOKEN, 1).await;
    let mut cmd = pc_at(&server)?;
    cmd.env("RUST_LOG", "pc_client=info")
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert!(stderr(&output).contains("pc.call"), "{}", stderr(&output));
    server.verify().await;
    Ok(())
}

#[test]
fn debug_of_a_parsed_command_line_never_shows_a_secret() -> TestResult {
    let lines: [&[&str]; 2] = [
        &[
            "pc",
            "--access-token",
            "token-5f3a9c-debug",
            "--client-secret",
            "client-secret-debug",
            "--refresh-token",
            "refresh-token-debug",
            "qualifications",
            "create",
            "--customer",
            CUSTOMER,
            "--qualification",
            "gcc",
            "--validation-code",
            "987654",
        ],
        &[
            "pc",
            "qualification",
            "set",
            "--customer",
            CUSTOMER,
            "--qualification",
            "gcc",
            "--validation-code",
            "987654",
        ],
    ];
    for line in lines {
        let shown = format!("{:?}", Cli::try_parse_from(line));
        assert!(shown.contains("Ok(Cli"), "{shown}");
        assert!(shown.contains(CUSTOMER), "{shown}");
        for secret in [
            "987654",
            "token-5f3a9c-debug",
            "client-secret-debug",
            "refresh-token-debug",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
    Ok(())
}

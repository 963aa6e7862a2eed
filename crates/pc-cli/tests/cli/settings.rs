//! Flags versus environment variables (the validation code's stdin too), secrets never printed,
//! and `-v` logging.

use clap::Parser;
use pc_cli::Cli;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CUSTOMER, TOKEN, TestResult, assert_exit, closed_port, exact_query, pc, pc_at, run, stderr,
    stdout, stdout_json, untouchable, usage_error_json,
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

/// Mounts the GCC create of the integer contract, expecting `code` in the query.
async fn mount_gcc_create(server: &MockServer, query: &'static str) {
    Mock::given(method("POST"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualifications")))
        .and(exact_query(Some(query)))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved"}"#,
            "application/json",
        ))
        .expect(1)
        .named(query)
        .mount(server)
        .await;
}

/// `pc ... qualifications create --customer CUSTOMER --qualification gcc`.
fn gcc_create(server: &MockServer) -> Result<assert_cmd::Command, Box<dyn std::error::Error>> {
    let mut cmd = pc_at(server)?;
    cmd.args(["qualifications", "create", "--customer", CUSTOMER])
        .args(["--qualification", "gcc"]);
    Ok(cmd)
}

/// Asserts a run succeeded without ever showing `code`.
fn assert_quiet_success(output: &std::process::Output, code: &str) {
    assert_exit(output, 0);
    assert_eq!(stderr(output), "");
    assert!(!stdout(output).contains(code), "{}", stdout(output));
}

#[tokio::test]
async fn pc_validation_code_supplies_the_code() -> TestResult {
    let server = MockServer::start().await;
    mount_gcc_create(&server, "code=135790").await;
    let mut cmd = gcc_create(&server)?;
    cmd.env("PC_VALIDATION_CODE", "135790");

    let output = run(cmd).await?;

    assert_quiet_success(&output, "135790");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn the_validation_code_flag_wins_over_pc_validation_code() -> TestResult {
    let server = MockServer::start().await;
    mount_gcc_create(&server, "code=246801").await;
    let mut cmd = gcc_create(&server)?;
    cmd.env("PC_VALIDATION_CODE", "135790")
        .args(["--validation-code", "246801"]);

    let output = run(cmd).await?;

    assert_quiet_success(&output, "246801");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn an_empty_pc_validation_code_counts_as_unset() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualifications")))
        .and(exact_query(None))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"Education","vettingStatus":"InReview"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.env("PC_VALIDATION_CODE", "")
        .args(["qualifications", "create", "--customer", CUSTOMER])
        .args(["--qualification", "education"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn a_dash_reads_the_validation_code_from_the_first_line_of_stdin() -> TestResult {
    for (flag, variable) in [
        (Some("-"), None),
        (None, Some("-")),
        (Some("-"), Some("999999")),
    ] {
        let server = MockServer::start().await;
        mount_gcc_create(&server, "code=975310").await;
        let mut cmd = gcc_create(&server)?;
        if let Some(variable) = variable {
            cmd.env("PC_VALIDATION_CODE", variable);
        }
        if let Some(flag) = flag {
            cmd.args(["--validation-code", flag]);
        }
        cmd.write_stdin("  975310 \r\nignored second line\n");

        let output = run(cmd).await?;

        assert_quiet_success(&output, "975310");
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn the_legacy_set_reads_its_validation_code_from_stdin_too() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualification")))
        .and(exact_query(Some("code=864200")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#""governmentcommunitycloud""#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualification", "set", "--customer", CUSTOMER])
        .args(["--qualification", "gcc", "--validation-code", "-"])
        .write_stdin("864200\n");

    let output = run(cmd).await?;

    assert_quiet_success(&output, "864200");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn an_empty_stdin_for_the_validation_code_exits_2_and_sends_nothing() -> TestResult {
    let server = untouchable().await;
    for input in ["", "\n", "   \n123456\n"] {
        let mut cmd = gcc_create(&server)?;
        cmd.args(["--validation-code", "-"]).write_stdin(input);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        let message = usage_error_json(&output)?;
        assert_eq!(
            message,
            "invalid input: --validation-code -: stdin held no validation code (the code is \
             read from the first line of stdin)"
        );
    }
    server.verify().await;
    Ok(())
}

/// Issue 10: secrets shorter than 4 characters were never redacted.
#[tokio::test]
async fn short_validation_codes_echoed_by_the_service_are_never_printed() -> TestResult {
    for (code, contract) in [
        ("7", "integer"),
        ("k9x", "object"),
        ("7", "object"),
        ("k9x", "integer"),
    ] {
        for format in ["table", "json"] {
            let server = MockServer::start().await;
            let echo = format!(
                r#"{{"code":"600072","description":"Validation code {code} is invalid (code={code}, \"{code}\")."}}"#
            );
            Mock::given(method("POST"))
                .respond_with(ResponseTemplate::new(400).set_body_raw(echo, "application/json"))
                .expect(1)
                .mount(&server)
                .await;
            let mut cmd = gcc_create(&server)?;
            cmd.args(["--output", format, "--contract", contract])
                .args(["--validation-code", code]);

            let output = run(cmd).await?;

            assert_exit(&output, 1);
            let err = stderr(&output);
            assert!(
                err.contains("Validation code [redacted] is invalid"),
                "{err}"
            );
            for shown in [
                format!(" {code} "),
                format!("={code}"),
                format!("\"{code}\""),
                format!("\\\"{code}\\\""),
            ] {
                assert!(!err.contains(&shown), "{shown:?} in {err}");
            }
            assert_eq!(stdout(&output), "");
            server.verify().await;
        }
    }
    Ok(())
}

/// Issue 10: without `-v`, a dependency's log line came before pc's own one-line error.
#[tokio::test]
async fn without_v_a_failed_connection_prints_only_pc_s_own_line() -> TestResult {
    // Nothing listening; and a plain-HTTP server spoken to over TLS.
    let plain = MockServer::start().await;
    let endpoints = [
        format!("https://127.0.0.1:{}", closed_port()?),
        format!("http://127.0.0.1:{}", closed_port()?),
        plain.uri().replacen("http://", "https://", 1),
    ];
    for endpoint in endpoints {
        let mut cmd = pc()?;
        cmd.args(["--endpoint", &endpoint, "--access-token", TOKEN])
            .args(["--output", "table", "--max-attempts", "1"])
            .args(["qualifications", "list", "--customer", CUSTOMER]);

        let output = run(cmd).await?;

        assert_exit(&output, 3);
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{endpoint}: {err}");
        assert!(
            err.starts_with("error: no complete response"),
            "{endpoint}: {err}"
        );
    }
    Ok(())
}

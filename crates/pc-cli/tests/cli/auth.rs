//! Token acquisition from the `PC_TENANT_ID`, `PC_CLIENT_ID`, `PC_CLIENT_SECRET`,
//! `PC_REFRESH_TOKEN` and `PC_AUTHORITY` variables, against the real emulator's token endpoint;
//! secrets only ever sent to a named authority (issue 10).

use std::error::Error;
use std::process::Output;

use assert_cmd::Command;
use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, demo};
use serde_json::json;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    TestResult, api_requests, assert_exit, closed_port, error_line, pc, run, stderr, stderr_json,
    stdout, stdout_json, untouchable,
};

/// The tenant the tests ask tokens for (the emulator accepts any).
const TENANT: &str = "contoso.onmicrosoft.com";

async fn emulator() -> Result<EmulatorHandle, Box<dyn Error>> {
    Ok(Emulator::start(EmulatorConfig::default()).await?)
}

/// `pc --endpoint <emulator> --output json` with the tenant and client id set, and the emulator
/// named as the token authority (`PC_AUTHORITY`).
fn pc_entra(emulator: &EmulatorHandle) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc()?;
    cmd.env("PC_TENANT_ID", TENANT)
        .env("PC_CLIENT_ID", demo::CLIENT_ID)
        .env("PC_AUTHORITY", emulator.base_url())
        .args(["--endpoint", &emulator.base_url(), "--output", "json"]);
    Ok(cmd)
}

/// `pc_entra` with the App+User variables: secret and refresh token.
fn app_user(emulator: &EmulatorHandle) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc_entra(emulator)?;
    cmd.env("PC_CLIENT_SECRET", demo::CLIENT_SECRET)
        .env("PC_REFRESH_TOKEN", demo::REFRESH_TOKEN);
    Ok(cmd)
}

/// Asserts neither stream holds a client secret or refresh token.
fn assert_no_secrets(output: &Output, secrets: &[&str]) {
    let (out, err) = (stdout(output), stderr(output));
    for secret in secrets {
        assert!(!out.contains(secret), "{secret:?} on stdout: {out}");
        assert!(!err.contains(secret), "{secret:?} on stderr: {err}");
    }
}

fn create_education(cmd: &mut Command) {
    cmd.args(["qualifications", "create", "--customer"]).args([
        demo::CONTOSO_ACADEMY,
        "--qualification",
        "education",
    ]);
}

#[tokio::test]
async fn a_refresh_token_from_the_environment_gets_an_app_user_token_that_can_create() -> TestResult
{
    let emulator = emulator().await?;
    let mut cmd = app_user(&emulator)?;
    create_education(&mut cmd);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let created = stdout_json(&output)?;
    assert_eq!(created["qualification"], json!("Education"));
    assert_eq!(created["vettingStatus"], json!("InReview"));
    assert_eq!(emulator.token_requests(), 1);
    assert_eq!(stderr(&output), "");
    assert_no_secrets(&output, &[demo::CLIENT_SECRET, demo::REFRESH_TOKEN]);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_refresh_token_without_a_client_secret_is_enough_for_app_user() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_entra(&emulator)?;
    // No client secret: it is optional on the refresh-token grant.
    cmd.env("PC_REFRESH_TOKEN", demo::REFRESH_TOKEN);
    create_education(&mut cmd);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?["vettingStatus"], json!("InReview"));
    assert_eq!(emulator.token_requests(), 1);
    emulator.shutdown().await;
    Ok(())
}

/// Regression test for issue 10 ("credentials that never travel in clear"): a loopback
/// `--endpoint` used to be taken as the token authority, so production secrets went to whatever
/// listened on that port.
#[tokio::test]
async fn without_pc_authority_a_loopback_endpoint_gets_no_secret_and_pc_exits_2() -> TestResult {
    for format in ["table", "json"] {
        // Arrange: production-like secrets exported, something listening on the endpoint.
        let listener = untouchable().await;
        let mut cmd = pc()?;
        cmd.env("PC_TENANT_ID", TENANT)
            .env("PC_CLIENT_ID", demo::CLIENT_ID)
            .env("PC_CLIENT_SECRET", demo::CLIENT_SECRET)
            .env("PC_REFRESH_TOKEN", demo::REFRESH_TOKEN)
            .args(["--endpoint", &listener.uri(), "--output", format])
            .args(["validation-codes", "list"]);

        // Act
        let output = run(cmd).await?;

        // Assert
        assert_exit(&output, 2);
        let expected = format!(
            "invalid input: set PC_AUTHORITY (or --authority) to the token authority for the \
             custom endpoint {} (for the emulator, its own URL): client secrets and refresh \
             tokens are only sent to a named token authority",
            listener.uri()
        );
        if format == "table" {
            assert_eq!(error_line(&output), format!("error: {expected}"));
        } else {
            let error = stderr_json(&output)?;
            assert_eq!(error["error"]["kind"], json!("invalid_input"));
            assert_eq!(error["error"]["message"], json!(expected));
        }
        assert_eq!(stdout(&output), "");
        assert_no_secrets(&output, &[demo::CLIENT_SECRET, demo::REFRESH_TOKEN]);
        listener.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn flags_supply_the_entra_settings_too() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc()?;
    cmd.args(["--endpoint", &emulator.base_url(), "--output", "json"])
        .args(["--tenant-id", TENANT, "--client-id", demo::CLIENT_ID])
        .args(["--refresh-token", demo::REFRESH_TOKEN])
        .args(["--authority", &emulator.base_url()]);
    create_education(&mut cmd);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(emulator.token_requests(), 1);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_client_secret_alone_gets_an_app_only_token_that_lists_but_cannot_create() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_entra(&emulator)?;
    cmd.env("PC_CLIENT_SECRET", demo::CLIENT_SECRET).args([
        "qualifications",
        "list",
        "--customer",
        demo::TAILSPIN_UNIVERSITY,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?[0]["vettingStatus"], json!("Approved"));

    let mut cmd = pc_entra(&emulator)?;
    cmd.env("PC_CLIENT_SECRET", demo::CLIENT_SECRET)
        .args(["--output", "table"]);
    create_education(&mut cmd);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    let line = error_line(&output);
    assert!(line.contains("HTTP 403"), "{line}");
    assert!(line.contains("900329"), "{line}");
    assert_no_secrets(&output, &[demo::CLIENT_SECRET]);
    assert_eq!(emulator.token_requests(), 2);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn incomplete_entra_settings_exit_2_naming_the_variables_and_send_nothing() -> TestResult {
    let emulator = emulator().await?;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[
                ("PC_TENANT_ID", TENANT),
                ("PC_CLIENT_SECRET", demo::CLIENT_SECRET),
                ("PC_REFRESH_TOKEN", demo::REFRESH_TOKEN),
            ],
            "incomplete credentials: PC_CLIENT_ID is not set (",
        ),
        (
            &[("PC_CLIENT_ID", demo::CLIENT_ID)],
            "incomplete credentials: PC_TENANT_ID is not set; neither PC_REFRESH_TOKEN nor \
             PC_CLIENT_SECRET is set (",
        ),
        (
            &[("PC_TENANT_ID", TENANT), ("PC_CLIENT_ID", demo::CLIENT_ID)],
            "incomplete credentials: neither PC_REFRESH_TOKEN nor PC_CLIENT_SECRET is set (",
        ),
    ];
    for (vars, expected) in cases {
        let mut cmd = pc()?;
        cmd.envs(vars.iter().copied())
            .args(["--endpoint", &emulator.base_url(), "--output", "table"])
            .args([
                "qualifications",
                "list",
                "--customer",
                demo::CONTOSO_ACADEMY,
            ]);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        let line = error_line(&output);
        assert!(line.contains(expected), "{expected:?} not in {line:?}");
        for name in [
            "PC_TENANT_ID",
            "PC_CLIENT_ID",
            "PC_REFRESH_TOKEN",
            "PC_CLIENT_SECRET",
        ] {
            assert!(line.contains(name), "{name} not in {line:?}");
        }
        assert_no_secrets(&output, &[demo::CLIENT_SECRET, demo::REFRESH_TOKEN]);
    }
    assert_eq!(emulator.token_requests(), 0);
    assert_eq!(api_requests(&emulator).len(), 0);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_wrong_client_secret_exits_1_as_an_auth_failure_without_printing_it() -> TestResult {
    const WRONG: &str = "wrong-secret-7c41e9";
    for format in ["table", "json"] {
        let emulator = emulator().await?;
        let mut cmd = pc_entra(&emulator)?;
        cmd.env("PC_CLIENT_SECRET", WRONG)
            .env("PC_REFRESH_TOKEN", demo::REFRESH_TOKEN)
            .args(["-vvv", "--output", format]);
        create_education(&mut cmd);

        let output = run(cmd).await?;

        assert_exit(&output, 1);
        let err = stderr(&output);
        assert!(err.contains("authentication failed"), "{err}");
        assert!(err.contains("HTTP 401"), "{err}");
        assert!(err.contains("invalid_client"), "{err}");
        assert_eq!(stdout(&output), "");
        assert_no_secrets(&output, &[WRONG, demo::REFRESH_TOKEN]);
        assert_eq!(api_requests(&emulator).len(), 0);
        emulator.shutdown().await;
    }
    Ok(())
}

#[tokio::test]
async fn secrets_never_appear_even_with_trace_logging() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = app_user(&emulator)?;
    cmd.arg("-vvv");
    create_education(&mut cmd);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert!(stderr(&output).contains("pc.call"), "{}", stderr(&output));
    assert_no_secrets(&output, &[demo::CLIENT_SECRET, demo::REFRESH_TOKEN]);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_emulators_single_use_refresh_token_serves_one_run_then_exits_1() -> TestResult {
    // The emulator rotates refresh tokens and forgets the old one; pc keeps the rotated token for
    // its own run only, so a second run with the same PC_REFRESH_TOKEN is refused.
    let emulator = emulator().await?;
    let mut first = app_user(&emulator)?;
    first.args([
        "qualifications",
        "list",
        "--customer",
        demo::CONTOSO_ACADEMY,
    ]);
    let output = run(first).await?;
    assert_exit(&output, 0);

    let mut second = app_user(&emulator)?;
    second
        .args(["--output", "table", "qualifications", "list"])
        .args(["--customer", demo::CONTOSO_ACADEMY]);
    let output = run(second).await?;

    assert_exit(&output, 1);
    let line = error_line(&output);
    assert!(line.starts_with("error: authentication failed"), "{line}");
    assert!(line.contains("invalid_grant"), "{line}");
    assert_no_secrets(&output, &[demo::CLIENT_SECRET, demo::REFRESH_TOKEN]);
    assert_eq!(emulator.token_requests(), 2);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_access_token_wins_over_the_entra_variables() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc()?;
    // No PC_AUTHORITY either: an access token needs no authority.
    cmd.env("PC_TENANT_ID", TENANT)
        .env("PC_CLIENT_ID", demo::CLIENT_ID)
        .args(["--endpoint", &emulator.base_url(), "--output", "json"])
        .env("PC_ACCESS_TOKEN", demo::DEMO_TOKEN)
        .env("PC_CLIENT_SECRET", "not-the-secret")
        .env("PC_REFRESH_TOKEN", "not-a-refresh-token");
    create_education(&mut cmd);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(emulator.token_requests(), 0);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_unusable_authority_exits_2() -> TestResult {
    let emulator = emulator().await?;
    let cases = [
        (
            "ftp://login.test",
            "invalid authority \"ftp://login.test\": expected an http or https URL",
        ),
        (
            "http://login.test",
            "invalid authority \"http://login.test\": plain http is only allowed to a loopback \
             host (127.0.0.0/8, ::1, localhost)",
        ),
    ];
    for (authority, expected) in cases {
        let mut cmd = app_user(&emulator)?;
        cmd.env("PC_AUTHORITY", authority)
            .args(["--output", "table"]);
        create_education(&mut cmd);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        let line = error_line(&output);
        assert!(line.contains(expected), "{expected:?} not in {line:?}");
        assert_no_secrets(&output, &[demo::CLIENT_SECRET, demo::REFRESH_TOKEN]);
    }
    assert_eq!(emulator.token_requests(), 0);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn help_never_shows_the_client_secret_or_refresh_token_from_the_environment() -> TestResult {
    let mut cmd = pc()?;
    cmd.env("PC_CLIENT_SECRET", "env-client-secret-value")
        .env("PC_REFRESH_TOKEN", "env-refresh-token-value")
        .env("PC_TENANT_ID", "contoso.example")
        .arg("--help");

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let help = stdout(&output);
    assert!(!help.contains("env-client-secret-value"), "{help}");
    assert!(!help.contains("env-refresh-token-value"), "{help}");
    assert!(help.contains("[env: PC_CLIENT_SECRET]"), "{help}");
    assert!(help.contains("[env: PC_REFRESH_TOKEN]"), "{help}");
    assert!(
        help.contains("[env: PC_TENANT_ID=contoso.example]"),
        "{help}"
    );
    assert!(help.contains("[env: PC_AUTHORITY=]"), "{help}");
    Ok(())
}

/// `pc` with App-only Entra settings, `PC_AUTHORITY` at `authority`, one attempt per call, and
/// an API endpoint nothing may reach.
fn pc_with_authority(authority: &str, endpoint: &MockServer) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc()?;
    cmd.env("PC_TENANT_ID", TENANT)
        .env("PC_CLIENT_ID", demo::CLIENT_ID)
        .env("PC_CLIENT_SECRET", demo::CLIENT_SECRET)
        .env("PC_AUTHORITY", authority)
        .args(["--endpoint", &endpoint.uri(), "--max-attempts", "1"])
        .args(["validation-codes", "list"]);
    Ok(cmd)
}

#[tokio::test]
async fn an_unreachable_token_endpoint_exits_3_like_any_transport_failure() -> TestResult {
    let authority = format!("http://127.0.0.1:{}", closed_port()?);
    for format in ["table", "json"] {
        let api = untouchable().await;
        let mut cmd = pc_with_authority(&authority, &api)?;
        cmd.args(["--output", format]);

        let output = run(cmd).await?;

        assert_exit(&output, 3);
        assert_eq!(stdout(&output), "");
        if format == "table" {
            let line = error_line(&output);
            assert!(line.starts_with("error: authentication failed"), "{line}");
            assert!(line.contains("could not be reached"), "{line}");
        } else {
            assert_eq!(stderr_json(&output)?["error"]["kind"], json!("auth"));
        }
        assert_no_secrets(&output, &[demo::CLIENT_SECRET]);
        api.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn a_busy_token_endpoint_exits_3_and_a_refusing_one_exits_1() -> TestResult {
    let cases = [
        (503, r#"{"error":"temporarily_unavailable"}"#, 3),
        (429, r#"{"error":"too_many_requests"}"#, 3),
        (
            400,
            r#"{"error":"invalid_grant","error_description":"AADSTS70000: expired"}"#,
            1,
        ),
    ];
    for (status, body, code) in cases {
        let authority = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(format!("/{TENANT}/oauth2/token")))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .expect(1)
            .mount(&authority)
            .await;
        let api = untouchable().await;
        let mut cmd = pc_with_authority(&authority.uri(), &api)?;
        cmd.args(["--output", "table"]);

        let output = run(cmd).await?;

        assert_exit(&output, code);
        let line = error_line(&output);
        assert!(
            line.starts_with("error: authentication failed"),
            "{status}: {line}"
        );
        authority.verify().await;
        api.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn an_empty_pc_access_token_counts_as_unset() -> TestResult {
    // With the Entra variables: they supply the token.
    let emulator = emulator().await?;
    let mut cmd = app_user(&emulator)?;
    cmd.env("PC_ACCESS_TOKEN", "").args([
        "qualifications",
        "list",
        "--customer",
        demo::TAILSPIN_UNIVERSITY,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(emulator.token_requests(), 1);
    assert_eq!(api_requests(&emulator).len(), 1);
    emulator.shutdown().await;

    // Without them: no credentials, nothing sent.
    let api = untouchable().await;
    let mut cmd = pc()?;
    cmd.env("PC_ACCESS_TOKEN", "")
        .args(["--endpoint", &api.uri(), "--output", "table"])
        .args(["validation-codes", "list"]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert!(
        error_line(&output).starts_with("error: invalid input: no credentials"),
        "{}",
        stderr(&output)
    );
    api.verify().await;
    Ok(())
}

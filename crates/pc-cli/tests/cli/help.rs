//! Clap's consistency checks and the help text.

use clap::CommandFactory;
use pc_cli::Cli;

use crate::support::{TestResult, assert_exit, error_line, pc, run, stderr, stdout};

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[tokio::test]
async fn top_level_help_lists_every_command_and_global_flag() -> TestResult {
    let mut cmd = pc()?;
    cmd.arg("--help");

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let help = stdout(&output);
    for expected in [
        "demo",
        "emulator",
        "qualifications",
        "qualification",
        "validation-codes",
        "bulk",
        "--endpoint <URL>",
        "--access-token <TOKEN>",
        "--output <FORMAT>",
        "--correlation-id <GUID>",
        "--locale <LOCALE>",
        "--application <NAME>",
        "--contract <CONTRACT>",
        "--max-attempts <N>",
        "--timeout <SECONDS>",
        "--tenant-id <TENANT>",
        "--client-id <ID>",
        "--client-secret <SECRET>",
        "--refresh-token <TOKEN>",
        "--authority <URL>",
        "[env: PC_ENDPOINT=]",
        "[env: PC_ACCESS_TOKEN]",
        "- table:",
        "- json:",
        "Global options:",
        "Token acquisition (used when no access token is given):",
        "PC_TENANT_ID and PC_CLIENT_ID with PC_REFRESH_TOKEN",
    ] {
        assert!(
            help.contains(expected),
            "{expected:?} missing from:\n{help}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn help_never_shows_the_access_token_from_the_environment() -> TestResult {
    let mut cmd = pc()?;
    cmd.env("PC_ACCESS_TOKEN", "env-secret-token-value")
        .env("PC_ENDPOINT", "http://127.0.0.1:9")
        .arg("--help");

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let help = stdout(&output);
    assert!(!help.contains("env-secret-token-value"), "{help}");
    assert!(
        help.contains("[env: PC_ENDPOINT=http://127.0.0.1:9]"),
        "{help}"
    );
    Ok(())
}

#[tokio::test]
async fn write_help_never_shows_the_validation_code_from_the_environment() -> TestResult {
    for command in [["qualifications", "create"], ["qualification", "set"]] {
        let mut cmd = pc()?;
        cmd.env("PC_VALIDATION_CODE", "env-code-975310")
            .args(command)
            .arg("--help");

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        let help = stdout(&output);
        assert!(!help.contains("env-code-975310"), "{help}");
        assert!(help.contains("[env: PC_VALIDATION_CODE]"), "{help}");
    }
    Ok(())
}

#[tokio::test]
async fn set_help_lists_its_flags() -> TestResult {
    let mut cmd = pc()?;
    cmd.args(["qualification", "set", "--help"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let help = stdout(&output);
    for expected in [
        "--customer <GUID>",
        "--qualification <NAME>",
        "--validation-code <CODE>",
        "`-` reads it from the first line of stdin",
        "[env: PC_VALIDATION_CODE]",
        "--request-id <GUID>",
    ] {
        assert!(
            help.contains(expected),
            "{expected:?} missing from:\n{help}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn group_help_shows_the_update_alias_of_create() -> TestResult {
    let mut cmd = pc()?;
    cmd.args(["qualifications", "--help"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let help = stdout(&output);
    assert!(help.contains("create"), "{help}");
    assert!(help.contains("[alias: update]"), "{help}");
    Ok(())
}

#[tokio::test]
async fn create_help_lists_its_flags_and_the_segment_values() -> TestResult {
    let mut cmd = pc()?;
    cmd.args(["qualifications", "create", "--help"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let help = stdout(&output);
    for expected in [
        "--customer <GUID>",
        "--qualification <NAME>",
        "--education-segment <SEGMENT>",
        "- k12:",
        "- higher-education:",
        "--website <SITE>",
        "--validation-code <CODE>",
        "`-` reads it from the first line of stdin",
        "[env: PC_VALIDATION_CODE]",
        "--request-id <GUID>",
        "Rerunning the same create with `--request-id <that id>`",
    ] {
        assert!(
            help.contains(expected),
            "{expected:?} missing from:\n{help}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn version_prints_the_package_version() -> TestResult {
    let mut cmd = pc()?;
    cmd.arg("--version");

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        format!("pc {}\n", env!("CARGO_PKG_VERSION"))
    );
    Ok(())
}

#[tokio::test]
async fn no_command_is_a_usage_error_on_one_line() -> TestResult {
    let mut cmd = pc()?;
    cmd.args(["--output", "table"]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert_eq!(
        error_line(&output),
        "error: 'pc' requires a subcommand but one was not provided \
         [subcommands: demo, emulator, qualifications, qualification, validation-codes, bulk, \
         completions, help]"
    );
    assert_eq!(stdout(&output), "");
    Ok(())
}

#[tokio::test]
async fn help_and_version_stay_clap_text_under_json_output() -> TestResult {
    for flag in ["--help", "--version"] {
        let mut cmd = pc()?;
        cmd.args(["--output", "json", "qualifications", "list", flag]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        let text = stdout(&output);
        let expected = match flag {
            "--help" => "List a customer's qualifications with their vetting status\n",
            _ => "pc-qualifications-list ",
        };
        assert!(text.starts_with(expected), "{flag}: {text}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_err(),
            "{text}"
        );
        assert_eq!(stderr(&output), "");
    }
    Ok(())
}

#[tokio::test]
async fn wait_help_explains_its_deadline_and_exit_codes() -> TestResult {
    let mut cmd = pc()?;
    cmd.args(["qualifications", "wait", "--help"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let help = stdout(&output);
    for expected in [
        "--customer <GUID>",
        "--qualification <NAME>",
        "--wait-timeout <SECONDS>",
        "[default: 1800]",
        "--interval <SECONDS>",
        "[default: 2]",
        "Approved or Denied alike",
        "Exits 3",
        "--timeout is the deadline of each poll",
    ] {
        assert!(
            help.contains(expected),
            "{expected:?} missing from:\n{help}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn bulk_help_lists_its_commands_and_each_commands_flags() -> TestResult {
    let expected: [(&[&str], &[&str]); 5] = [
        (&["bulk", "--help"], &["create", "status", "wait", "report"]),
        (
            &["bulk", "create", "--help"],
            &[
                "--input <FILE>",
                "--ledger <FILE>",
                "--concurrency <N>",
                "[default: 16]",
                "--rate <N>",
                "--dry-run",
                "--grace-period <SECONDS>",
                "rerun the same command to resume",
                "Exit codes: 0 every row created or already held",
                "130",
            ],
        ),
        (&["bulk", "status", "--help"], &["--ledger <FILE>"]),
        (
            &["bulk", "wait", "--help"],
            &[
                "--ledger <FILE>",
                "--wait-timeout <SECONDS>",
                "[default: 1800]",
                "--interval <SECONDS>",
                "--concurrency <N>",
                "--rate <N>",
            ],
        ),
        (
            &["bulk", "report", "--help"],
            &["--ledger <FILE>", "--format <FORMAT>", "- csv:", "- json:"],
        ),
    ];
    for (args, flags) in expected {
        let mut cmd = pc()?;
        cmd.args(args);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        let help = stdout(&output);
        for flag in flags {
            assert!(
                help.contains(flag),
                "{args:?}: {flag:?} missing from:\n{help}"
            );
        }
    }
    Ok(())
}

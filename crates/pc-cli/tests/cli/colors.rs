//! Issue 11: `NO_COLOR` (<https://no-color.org>). Clap would color help and usage text when
//! `CLICOLOR_FORCE` is set even on a pipe; a non-empty `NO_COLOR` wins, and error lines are
//! always plain.

use crate::support::{TestResult, assert_exit, pc, run, stderr, stdout};

const ESC: char = '\u{1b}';

#[tokio::test]
async fn forced_colors_reach_the_help_without_no_color() -> TestResult {
    // The control: proves the tests below would see an ESC byte if one were written.
    let mut cmd = pc()?;
    cmd.env("CLICOLOR_FORCE", "1").arg("--help");

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert!(stdout(&output).contains(ESC), "{}", stdout(&output));
    Ok(())
}

#[tokio::test]
async fn no_color_keeps_the_help_free_of_escape_sequences() -> TestResult {
    for help in [
        &["--help"][..],
        &["qualifications", "create", "--help"],
        &["-h"],
    ] {
        let mut cmd = pc()?;
        cmd.env("NO_COLOR", "1")
            .env("CLICOLOR_FORCE", "1")
            .args(help);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        assert!(
            !stdout(&output).contains(ESC),
            "{help:?}: {}",
            stdout(&output)
        );
        assert!(
            !stderr(&output).contains(ESC),
            "{help:?}: {}",
            stderr(&output)
        );
    }
    Ok(())
}

#[tokio::test]
async fn no_color_keeps_errors_and_logs_free_of_escape_sequences() -> TestResult {
    for line in [
        // A usage error (clap's message), and one of pc's own with -vvv logs on stderr.
        &["qualifications", "list", "--custmer", "x"][..],
        &[
            "-vvv",
            "--access-token",
            "t",
            "qualifications",
            "list",
            "--customer",
            "not-a-guid",
        ],
    ] {
        let mut cmd = pc()?;
        cmd.env("NO_COLOR", "1")
            .env("CLICOLOR_FORCE", "1")
            .args(line);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        let errors = stderr(&output);
        assert!(errors.contains("error"), "{line:?}: {errors}");
        assert!(!errors.contains(ESC), "{line:?}: {errors}");
        assert!(!stdout(&output).contains(ESC), "{line:?}");
    }
    Ok(())
}

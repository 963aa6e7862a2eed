//! Issue 11: `pc completions <shell>` and the man pages generated from `pc_cli::command()`.

use std::fs;
use std::path::PathBuf;

use crate::support::{TestResult, assert_exit, pc, run, stderr, stdout};

#[tokio::test]
async fn completions_for_every_shell_complete_the_commands() -> TestResult {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let mut cmd = pc()?;
        cmd.args(["completions", shell]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        let script = stdout(&output);
        assert!(!script.trim().is_empty(), "{shell}: empty script");
        // fish spells flags `-l customer`, the others `--customer`.
        for word in ["qualifications", "validation-codes", "customer"] {
            assert!(
                script.contains(word),
                "{shell}: {word} missing from:\n{script}"
            );
        }
        assert_eq!(stderr(&output), "", "{shell}");
    }
    Ok(())
}

#[tokio::test]
async fn completions_need_no_credentials_and_refuse_an_unknown_shell() -> TestResult {
    let mut cmd = pc()?;
    cmd.args(["completions", "tcsh"]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert!(stderr(&output).contains("tcsh"), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    Ok(())
}

/// `pc completions bash | head -1`: a closed pipe ends the run quietly with exit code 0.
#[test]
fn completions_into_a_closed_pipe_exit_0() -> TestResult {
    use std::io::Read;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_pc"))
        .env_clear()
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Close the read end at once: a write after it fails with EPIPE, which must not panic
    // (clap_complete's own writer would) nor be reported.
    drop(child.stdout.take());
    let status = child.wait()?;
    let mut errors = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        stderr.read_to_string(&mut errors)?;
    }

    assert_eq!(status.code(), Some(0), "{errors}");
    assert_eq!(errors, "");
    Ok(())
}

/// Every subcommand path of `pc`, `pc-qualifications-create` style, hidden ones left out.
fn page_names(command: &clap::Command, prefix: &str, names: &mut Vec<String>) {
    let name = if prefix.is_empty() {
        command.get_name().to_owned()
    } else {
        format!("{prefix}-{}", command.get_name())
    };
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        page_names(sub, &name, names);
    }
    names.push(name);
}

#[test]
fn man_pages_have_a_name_section_and_cover_every_subcommand() -> TestResult {
    // Arrange: the directory `cargo xtask man` would fill (target/man), here a test-only one.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("man");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;

    // Act: what the `man` example (run by `cargo xtask man`) does.
    clap_mangen::generate_to(pc_cli::command(), &dir)?;

    // Assert
    let top = fs::read_to_string(dir.join("pc.1"))?;
    assert!(top.contains(".TH pc 1"), "{top}");
    assert!(
        top.contains(".SH NAME\npc \\- Manage Microsoft Partner Center"),
        "{top}"
    );
    assert!(top.contains(".SH SYNOPSIS"), "{top}");
    assert!(top.contains(".SH SUBCOMMANDS"), "{top}");
    let command = pc_cli::command();
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let reference = format!("pc\\-{}(1)", sub.get_name().replace('-', "\\-"));
        assert!(top.contains(&reference), "{reference} missing from pc.1");
    }
    // The environment variables are named, their values never shown.
    assert!(
        top.contains("\\fBPC_ACCESS_TOKEN\\fR environment variable"),
        "{top}"
    );

    let mut expected = Vec::new();
    page_names(&command, "", &mut expected);
    assert!(
        expected.contains(&"pc-qualifications-create".to_owned()),
        "{expected:?}"
    );
    for name in &expected {
        let page = fs::read_to_string(dir.join(format!("{name}.1")))?;
        assert!(page.contains(".SH NAME\n"), "{name}.1 has no NAME section");
    }
    let mut written: Vec<String> = fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    written.sort();
    let mut expected_files: Vec<String> = expected.iter().map(|n| format!("{n}.1")).collect();
    expected_files.sort();
    assert_eq!(written, expected_files);
    Ok(())
}

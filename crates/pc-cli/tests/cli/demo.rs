//! `pc demo` end to end, and a broken pipe on stdout.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{
    TestResult, assert_exit, exit_within, pc, run, stderr, stdout, usage_error_json,
};

#[tokio::test]
async fn the_demo_walks_through_every_step_and_exits_0() -> TestResult {
    // stdout is a pipe and no --output is given: the demo still prints its text.
    let mut cmd = pc()?;
    cmd.arg("demo").timeout(Duration::from_secs(60));
    let started = Instant::now();

    let output = run(cmd).await?;

    let elapsed = started.elapsed();
    assert_exit(&output, 0);
    let text = stdout(&output);
    for expected in [
        "== Step 1. List Contoso Academy's qualifications: none yet",
        "  <- 200 OK\n  []\n",
        "== Step 2. Set Education on Contoso Academy (integer contract)",
        "POST /v1/customers/c0a5c0a5-0000-4000-8000-acade0000002/qualifications\n",
        "body: 1\n",
        "  <- 201 Created",
        "\"vettingStatus\": \"InReview\"",
        "== Step 3.",
        "Education Approved",
        "=> Education is Approved",
        "== Step 4.",
        "body: {\"qualification\":\"Education\",\"educationSegment\":\"HigherEducation\"}",
        "Education Denied",
        "\"vettingReason\": \"Not an Education Customer\"",
        "== Step 5. List the partner's GCC validation codes",
        "GET /v1/customers/all/validations",
        "\"remainingCreates\": 5",
        "== Step 6.",
        "/qualifications?code=[redacted]\n",
        "=> GovernmentCommunityCloud is Approved",
        "== Step 7.",
        "=> Contoso Academy now holds Education and StateOwnedEntity",
        "== Step 8.",
        "error: invalid input: qualification None can never be set",
        "nothing was sent",
        "== Step 9.",
        "GET /v1/customers/c0a5c0a5-0000-4000-8000-acade0000002/qualification\n",
        "  \"education\"\n",
        "emulator stopped",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Issue 7: one line per poll the client's poller observed, the settled one last.
    assert!(text.contains("  poll 1  MS-RequestId: "), "{text}");
    let settled = text
        .lines()
        .find(|l| l.starts_with("  poll ") && l.ends_with("<- Education Approved"))
        .ok_or("no settled poll line")?;
    assert!(settled.contains("  +"), "{settled}");
    assert!(text.contains("MS-CorrelationId: "), "{text}");
    assert!(text.contains("MS-RequestId:     "), "{text}");
    assert!(!text.contains("code=123456"), "{text}");
    assert_eq!(stderr(&output), "");
    assert!(
        elapsed < Duration::from_secs(30),
        "the demo took {elapsed:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_closed_stdout_ends_the_demo_quietly_with_exit_0() -> TestResult {
    let binary = assert_cmd::cargo::cargo_bin("pc");
    let mut child = std::process::Command::new(binary)
        .env_clear()
        .arg("demo")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Close the reading end before the demo writes anything.
    drop(child.stdout.take());

    let status = exit_within(&mut child, Duration::from_secs(30)).await?;

    assert_eq!(status.code(), Some(0));
    let mut errors = String::new();
    if let Some(mut stream) = child.stderr.take() {
        stream.read_to_string(&mut errors)?;
    }
    assert_eq!(errors, "");
    Ok(())
}

#[tokio::test]
async fn the_demo_refuses_json_output_before_starting_the_emulator() -> TestResult {
    for flags in [&["--output", "json"][..], &["--output=json"][..]] {
        let mut cmd = pc()?;
        cmd.args(flags).arg("demo");

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        assert_eq!(stdout(&output), "");
        assert_eq!(
            usage_error_json(&output)?,
            "pc demo prints a walkthrough for people; --output json is not supported"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_demo_refuses_json_output_given_after_the_command_too() -> TestResult {
    let mut cmd = pc()?;
    // The last --output wins: json, so the error itself is a JSON object.
    cmd.args(["--output", "table", "demo", "--output", "json"]);

    let output = run(cmd).await?;

    assert_exit(&output, 2);
    assert!(usage_error_json(&output)?.starts_with("pc demo prints a walkthrough"));
    Ok(())
}

#[tokio::test]
async fn the_demo_passes_with_every_proxy_variable_pointing_at_a_dead_port() -> TestResult {
    // Issue 8: corporate machines and CI runners set proxy variables; the embedded emulator on
    // 127.0.0.1 must be reached directly, never through them.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let proxy = format!("http://{dead}");
    let mut cmd = pc()?;
    for name in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env(name, &proxy);
    }
    cmd.arg("demo").timeout(Duration::from_secs(60));

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(text.contains("=> Education is Approved"), "{text}");
    assert!(text.contains("emulator stopped"), "{text}");
    assert_eq!(stderr(&output), "");
    Ok(())
}

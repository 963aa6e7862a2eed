//! Issue 9: `pc bulk create|status|wait|report` against the emulator on 127.0.0.1: exit codes,
//! the summary's lines, reports, resume after Ctrl-C and after SIGKILL (each row applied once,
//! in-flight rows resent with their stored ids).

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Faults, Throttle, demo};
use serde_json::Value;

use crate::support::{
    TestResult, assert_exit, closed_port, exit_within, pc, pc_on, run, stderr, stdout, stdout_json,
};

/// A temporary directory holding a test's input and ledger.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Result<Self, Box<dyn Error>> {
        Ok(Self {
            dir: tempfile::tempdir()?,
        })
    }

    /// Writes the input file `in.csv` and returns its path.
    fn input(&self, text: &str) -> Result<PathBuf, Box<dyn Error>> {
        let path = self.dir.path().join("in.csv");
        std::fs::write(&path, text)?;
        Ok(path)
    }

    fn ledger(&self) -> PathBuf {
        self.dir.path().join("run.db")
    }
}

/// Customer `i` of test `tag` (its last hex digit is `i`'s: even ones pass Education vetting).
fn customer(tag: u32, i: u64) -> String {
    format!("{tag:08x}-0000-4000-8000-{i:012x}")
}

/// A CSV of `n` rows of `qualification` for test `tag`'s customers 0..n.
fn csv_of(tag: u32, n: u64, qualification: &str) -> String {
    let mut text = String::from("customer_id,qualification\n");
    for i in 0..n {
        text.push_str(&format!("{},{qualification}\n", customer(tag, i)));
    }
    text
}

/// An emulator on 127.0.0.1 with `config`.
async fn emulator(config: EmulatorConfig) -> Result<EmulatorHandle, Box<dyn Error>> {
    Ok(Emulator::start(config).await?)
}

/// `pc --endpoint <emulator> --access-token <demo> --output json bulk <args> --input .. --ledger ..`.
fn bulk(
    emulator: &EmulatorHandle,
    command: &str,
    files: &Files,
) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc_on(emulator)?;
    cmd.args(["bulk", command]);
    if command == "create" {
        cmd.arg("--input").arg(files.dir.path().join("in.csv"));
    }
    cmd.arg("--ledger").arg(files.ledger());
    Ok(cmd)
}

/// `pc bulk <command> --ledger ..` with no endpoint or credentials.
fn offline(command: &str, files: &Files, extra: &[&str]) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc()?;
    cmd.args(["bulk", command, "--ledger"])
        .arg(files.ledger())
        .args(extra);
    Ok(cmd)
}

/// The `/v1/*` requests the emulator received.
fn api_requests(emulator: &EmulatorHandle) -> Vec<pc_emulator::LoggedRequest> {
    emulator
        .request_log()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/"))
        .collect()
}

/// The customer of a `/v1/customers/{id}/...` path.
fn customer_of(path: &str) -> String {
    path.split('/').nth(3).unwrap_or_default().to_owned()
}

/// How many times each (customer, qualification) was applied.
fn applied(emulator: &EmulatorHandle) -> BTreeMap<(String, String), usize> {
    let mut counts = BTreeMap::new();
    for change in emulator.applied_changes() {
        *counts
            .entry((
                change.customer.to_string(),
                change.qualification.as_str().to_owned(),
            ))
            .or_insert(0) += 1;
    }
    counts
}

/// The ledger's report as JSON (one object per input row).
async fn report_json(files: &Files) -> Result<Vec<Value>, Box<dyn Error>> {
    let output = run(offline("report", files, &["--format", "json"])?).await?;
    assert_exit(&output, 0);
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout)?;
    Ok(rows)
}

/// The ledger's status as JSON.
async fn status_json(files: &Files) -> Result<Value, Box<dyn Error>> {
    let mut cmd = offline("status", files, &[])?;
    cmd.args(["--output", "json"]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    stdout_json(&output)
}

/// The last line of stderr parsed as the `--output json` error object.
fn error_json(output: &std::process::Output) -> Result<Value, Box<dyn Error>> {
    let text = stderr(output);
    let last = text.lines().last().ok_or("empty stderr")?;
    Ok(serde_json::from_str(last)?)
}

/// `pc` as a child process (for signals), stdout and stderr piped.
fn spawn(args: &[String]) -> Result<Child, Box<dyn Error>> {
    let binary = assert_cmd::cargo::cargo_bin("pc");
    Ok(std::process::Command::new(binary)
        .env_clear()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?)
}

/// The global arguments for `emulator`, as strings.
fn global_args(emulator: &EmulatorHandle) -> Vec<String> {
    [
        "--endpoint",
        &emulator.base_url(),
        "--access-token",
        demo::DEMO_TOKEN,
        "--output",
        "json",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn path_arg(path: &Path) -> String {
    path.display().to_string()
}

/// Sends SIGINT to `child`, as Ctrl-C does.
fn interrupt(child: &Child) -> Result<(), Box<dyn Error>> {
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()?;
    assert!(sent.success());
    Ok(())
}

/// The stderr of an exited child.
fn child_stderr(child: &mut Child) -> Result<String, Box<dyn Error>> {
    let mut text = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut text)?;
    }
    Ok(text)
}

#[tokio::test]
async fn a_happy_run_creates_each_row_once_and_reports_every_row_exactly() -> TestResult {
    // Arrange: new customers (SOE, Education in review) and a GCC with the unlimited code.
    let emulator =
        emulator(EmulatorConfig::default().vetting_delay(Duration::from_secs(600))).await?;
    let files = Files::new()?;
    let rows = [
        (customer(0x91, 0), "soe", ""),
        (customer(0x91, 1), "edu", ""),
        (customer(0x91, 2), "gcc", demo::VALIDATION_CODE_UNLIMITED),
    ];
    let mut text = String::from("customer_id,qualification,validation_code\n");
    for (id, qualification, code) in &rows {
        text.push_str(&format!("{id},{qualification},{code}\n"));
    }
    files.input(&text)?;

    // Act
    let output = run(bulk(&emulator, "create", &files)?).await?;

    // Assert
    assert_exit(&output, 0);
    let summary = stdout_json(&output)?;
    assert_eq!(summary["ledger"]["created"], 3, "{summary}");
    assert_eq!(summary["ledger"]["invalid"], 0, "{summary}");
    let applied = applied(&emulator);
    assert_eq!(applied.len(), 3, "{applied:?}");
    assert!(applied.values().all(|n| *n == 1), "{applied:?}");
    // The report: each row with the ids its create was sent with.
    let sent: BTreeMap<String, (String, String)> = api_requests(&emulator)
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| {
            (
                customer_of(&r.path),
                (
                    r.request_id.unwrap_or_default(),
                    r.correlation_id.unwrap_or_default(),
                ),
            )
        })
        .collect();
    let ids = |i: usize| sent.get(&rows[i].0).cloned().unwrap_or_default();
    let (r0, c0) = ids(0);
    let (r1, c1) = ids(1);
    let (r2, c2) = ids(2);
    let expected = format!(
        "line,customer_id,qualification,state,http_status,error_code,error_description,\
         request_id,correlation_id,attempts,vetting_status,vetting_reason\n\
         2,{},StateOwnedEntity,created,201,,,{r0},{c0},1,,\n\
         3,{},Education,created,201,,,{r1},{c1},1,InReview,\n\
         4,{},GovernmentCommunityCloud,created,201,,,{r2},{c2},1,Approved,\n",
        rows[0].0, rows[1].0, rows[2].0
    );
    let report = run(offline("report", &files, &[])?).await?;
    assert_exit(&report, 0);
    assert_eq!(stdout(&report), expected);
    // The validation code is nowhere: output, report, ledger file.
    let ledger_bytes = std::fs::read(files.ledger())?;
    let code = demo::VALIDATION_CODE_UNLIMITED;
    assert!(!stdout(&output).contains(code) && !stderr(&output).contains(code));
    assert!(!stdout(&report).contains(code));
    assert!(
        !ledger_bytes
            .windows(code.len())
            .any(|w| w == code.as_bytes())
    );
    Ok(())
}

#[tokio::test]
async fn a_partial_failure_exits_4_and_the_summary_names_each_problem_line() -> TestResult {
    // Arrange: line 2 fine, line 3 an unknown code (400), line 4 not a GUID, line 5 fine.
    let emulator = emulator(EmulatorConfig::default()).await?;
    let files = Files::new()?;
    files.input(&format!(
        "customer_id,qualification,validation_code\n{},soe,\n{},gcc,999999\nnot-a-guid,soe,\n{},soe,\n",
        customer(0x92, 0),
        customer(0x92, 1),
        customer(0x92, 3),
    ))?;
    let mut cmd = bulk(&emulator, "create", &files)?;
    cmd.args(["--output", "table"]);

    // Act
    let output = run(cmd).await?;

    // Assert
    assert_exit(&output, 4);
    assert_eq!(stdout(&output), "");
    let text = stderr(&output);
    assert!(
        text.contains("bulk: 4 rows: 2 created, 0 already held, 1 refused, 0 failed, 1 invalid"),
        "{text}"
    );
    assert!(text.contains("  line 3: refused HTTP 400"), "{text}");
    assert!(
        text.contains("  line 4: invalid: invalid customer id"),
        "{text}"
    );
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: 2 of 4 rows were not created: 1 refused, 0 failed, 1 invalid"),
        "{last}"
    );
    assert!(!text.contains("999999"), "{text}");
    assert_eq!(applied(&emulator).len(), 2);
    Ok(())
}

/// A case of bad files: its name, the input's text, the ledger's bytes (`None`: no such file).
type BadFiles = (&'static str, Option<&'static str>, Option<&'static [u8]>);

#[tokio::test]
async fn bad_input_files_and_ledgers_exit_2_and_send_nothing() -> TestResult {
    let emulator = emulator(EmulatorConfig::default()).await?;
    let cases: [BadFiles; 3] = [
        ("a missing input file", None, None),
        (
            "a header without qualification",
            Some("customer_id,segment\n00000000-0000-4000-8000-000000000001,K12\n"),
            None,
        ),
        (
            "a ledger that is not SQLite",
            Some("customer_id,qualification\n00000000-0000-4000-8000-000000000001,soe\n"),
            Some(b"this is not a SQLite database, not even close; it is plain text".as_slice()),
        ),
    ];
    for (case, input, ledger) in cases {
        // Arrange
        let files = Files::new()?;
        if let Some(text) = input {
            files.input(text)?;
        }
        if let Some(bytes) = ledger {
            std::fs::write(files.ledger(), bytes)?;
        }

        // Act
        let output = run(bulk(&emulator, "create", &files)?).await?;

        // Assert
        assert_exit(&output, 2);
        let error = error_json(&output)?;
        assert_eq!(error["error"]["kind"], "invalid_input", "{case}: {error}");
        if ledger.is_none() {
            assert!(!files.ledger().exists(), "{case}: a ledger was written");
        }
    }
    assert_eq!(api_requests(&emulator).len(), 0);
    Ok(())
}

#[tokio::test]
async fn a_ledger_made_from_another_input_file_is_refused_with_exit_2() -> TestResult {
    // Arrange: a finished run, then the input changes.
    let emulator = emulator(EmulatorConfig::default()).await?;
    let files = Files::new()?;
    files.input(&csv_of(0x93, 2, "soe"))?;
    assert_exit(&run(bulk(&emulator, "create", &files)?).await?, 0);
    files.input(&csv_of(0x93, 3, "soe"))?;
    let before = api_requests(&emulator).len();

    // Act
    let output = run(bulk(&emulator, "create", &files)?).await?;

    // Assert
    assert_exit(&output, 2);
    let error = error_json(&output)?;
    let message = error["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("was made from another input file"),
        "{message}"
    );
    assert_eq!(api_requests(&emulator).len(), before);
    Ok(())
}

#[tokio::test]
async fn under_throttling_every_row_is_created_with_few_429s() -> TestResult {
    // Arrange: a token bucket of 5, refilled at 20 per second (the run starts at 50 per second).
    let faults = Faults {
        throttle: Some(Throttle::new(5, 20.0)),
        ..Faults::default()
    };
    let emulator = emulator(EmulatorConfig::default().faults(faults)).await?;
    let files = Files::new()?;
    files.input(&csv_of(0x94, 60, "soe"))?;

    // Act
    let output = run(bulk(&emulator, "create", &files)?).await?;

    // Assert
    assert_exit(&output, 0);
    let summary = stdout_json(&output)?;
    assert_eq!(summary["ledger"]["created"], 60, "{summary}");
    let requests = summary["requests"].as_u64().unwrap_or_default();
    let throttled = summary["throttled"].as_u64().unwrap_or_default();
    eprintln!("throttled run: {requests} requests, {throttled} answered 429");
    assert!(throttled > 0, "the bucket never ran dry: {summary}");
    assert!(
        throttled * 5 <= requests,
        "more than 20 % of requests answered 429: {summary}"
    );
    assert!(applied(&emulator).values().all(|n| *n == 1));
    Ok(())
}

#[tokio::test]
async fn status_prints_one_json_document_of_counts() -> TestResult {
    // Arrange: 2 created, 1 invalid.
    let emulator = emulator(EmulatorConfig::default()).await?;
    let files = Files::new()?;
    files.input(&format!(
        "customer_id,qualification\n{},soe\n{},soe\n{},nonprofit\n",
        customer(0x95, 0),
        customer(0x95, 1),
        customer(0x95, 2),
    ))?;
    assert_exit(&run(bulk(&emulator, "create", &files)?).await?, 4);

    // Act
    let status = status_json(&files).await?;

    // Assert
    assert_eq!(status["inputRows"], 3, "{status}");
    assert_eq!(status["contract"], "integer", "{status}");
    assert_eq!(
        status["counts"],
        serde_json::json!({"pending":0,"sent":0,"created":2,"alreadyHeld":0,"refused":0,"failed":0,"invalid":1})
    );
    assert_eq!(status["complete"], true, "{status}");
    // A ledger that does not exist: exit 2.
    let missing = Files::new()?;
    let output = run(offline("status", &missing, &[])?).await?;
    assert_exit(&output, 2);
    Ok(())
}

#[tokio::test]
async fn wait_polls_education_rows_until_their_vetting_settles() -> TestResult {
    // Arrange: four Education rows in review; even customers are approved, odd ones denied.
    let emulator =
        emulator(EmulatorConfig::default().vetting_delay(Duration::from_millis(300))).await?;
    let files = Files::new()?;
    files.input(&csv_of(0x96, 4, "education"))?;
    assert_exit(&run(bulk(&emulator, "create", &files)?).await?, 0);
    assert_eq!(status_json(&files).await?["vetting"]["inReview"], 4);

    // Act
    let mut cmd = bulk(&emulator, "wait", &files)?;
    cmd.args(["--interval", "0.2", "--wait-timeout", "20"]);
    let output = run(cmd).await?;

    // Assert
    assert_exit(&output, 0);
    let summary = stdout_json(&output)?;
    assert_eq!(summary["exit"], "settled", "{summary}");
    assert_eq!(summary["approved"], 2, "{summary}");
    assert_eq!(summary["denied"], 2, "{summary}");
    let status = status_json(&files).await?;
    assert_eq!(
        status["vetting"],
        serde_json::json!({"inReview":0,"approved":2,"denied":2,"other":0})
    );
    let report = report_json(&files).await?;
    let reasons: Vec<&str> = report
        .iter()
        .map(|r| r["vettingReason"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        reasons,
        [
            "-",
            "Not an Education Customer",
            "-",
            "Not an Education Customer"
        ]
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_wait_exits_130_and_a_rerun_resumes_it() -> TestResult {
    // Arrange: two Education rows whose vetting takes 3 seconds.
    let emulator =
        emulator(EmulatorConfig::default().vetting_delay(Duration::from_secs(3))).await?;
    let files = Files::new()?;
    files.input(&csv_of(0x97, 2, "education"))?;
    assert_exit(&run(bulk(&emulator, "create", &files)?).await?, 0);
    let mut args = global_args(&emulator);
    args.extend(["bulk", "wait", "--interval", "0.2", "--ledger"].map(str::to_owned));
    args.push(path_arg(&files.ledger()));
    let mut child = spawn(&args)?;
    tokio::time::sleep(Duration::from_millis(700)).await;

    // Act: Ctrl-C, then the same command again.
    interrupt(&child)?;
    let status = exit_within(&mut child, Duration::from_secs(10)).await?;
    let text = child_stderr(&mut child)?;
    let mut again = bulk(&emulator, "wait", &files)?;
    again.args(["--interval", "0.2", "--wait-timeout", "20"]);
    let resumed = run(again).await?;

    // Assert
    assert_eq!(status.code(), Some(130), "{text}");
    let expected = format!(
        "rerun to resume the wait: pc --endpoint {} bulk wait --ledger {}",
        emulator.base_url(),
        files.ledger().display()
    );
    assert!(text.contains(&expected), "{text}");
    assert_exit(&resumed, 0);
    let summary = stdout_json(&resumed)?;
    assert_eq!(summary["stillInReview"], 0, "{summary}");
    assert_eq!(
        status_json(&files).await?["vetting"]["inReview"],
        0,
        "every row settled"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_a_run_gracefully_and_the_printed_command_resumes_it() -> TestResult {
    // Arrange: 120 rows, 100 ms per request, 4 at once: about 4 seconds of work.
    let faults = Faults {
        latency_ms: 100,
        ..Faults::default()
    };
    let emulator = emulator(EmulatorConfig::default().faults(faults)).await?;
    let files = Files::new()?;
    let input = files.input(&csv_of(0x98, 120, "soe"))?;
    let mut args = global_args(&emulator);
    args.extend(["bulk", "create", "--concurrency", "4", "--input"].map(str::to_owned));
    args.push(path_arg(&input));
    args.push("--ledger".into());
    args.push(path_arg(&files.ledger()));
    let mut child = spawn(&args)?;
    tokio::time::sleep(Duration::from_millis(1200)).await;

    // Act
    interrupt(&child)?;
    let status = exit_within(&mut child, Duration::from_secs(10)).await?;
    let text = child_stderr(&mut child)?;
    let interrupted = status_json(&files).await?;
    emulator.set_faults(Faults::default());
    let resumed = run(bulk(&emulator, "create", &files)?).await?;

    // Assert: rows in flight finished (none left `sent`), the rest resumed.
    assert_eq!(status.code(), Some(130), "{text}");
    let expected = format!(
        "rerun to resume: pc --endpoint {} bulk create --input {} --ledger {} --concurrency 4",
        emulator.base_url(),
        input.display(),
        files.ledger().display()
    );
    assert!(text.contains(&expected), "{text}");
    assert_eq!(interrupted["counts"]["sent"], 0, "{interrupted}");
    let created = interrupted["counts"]["created"]
        .as_u64()
        .unwrap_or_default();
    assert!((1..120).contains(&created), "{interrupted}");
    assert_exit(&resumed, 0);
    let summary = stdout_json(&resumed)?;
    assert_eq!(summary["skipped"], created, "{summary}");
    let applied = applied(&emulator);
    assert_eq!(applied.len(), 120);
    assert!(applied.values().all(|n| *n == 1), "{applied:?}");
    Ok(())
}

#[tokio::test]
async fn a_refused_token_exits_3_after_a_few_rows_and_a_rerun_sends_them() -> TestResult {
    // Arrange
    let emulator = emulator(EmulatorConfig::default()).await?;
    let files = Files::new()?;
    files.input(&csv_of(0x99, 100, "soe"))?;
    let mut cmd = pc()?;
    cmd.args(["--endpoint", &emulator.base_url()])
        .args(["--access-token", "not-the-demo-token", "--output", "json"])
        .args(["bulk", "create", "--concurrency", "4", "--input"])
        .arg(files.dir.path().join("in.csv"))
        .arg("--ledger")
        .arg(files.ledger());

    // Act
    let output = run(cmd).await?;
    let sent = api_requests(&emulator).len();
    let rerun = run(bulk(&emulator, "create", &files)?).await?;

    // Assert: stopped early; the rows it tried are failed, not refused, so the rerun sends them.
    assert_exit(&output, 3);
    let error = error_json(&output)?;
    assert_eq!(error["error"]["kind"], "unavailable", "{error}");
    assert!(
        sent < 100,
        "{sent} requests: the breaker did not stop the run"
    );
    let summary = stdout_json(&output)?;
    assert_eq!(summary["ledger"]["refused"], 0, "{summary}");
    assert!(!stderr(&output).contains("not-the-demo-token"));
    assert_exit(&rerun, 0);
    assert_eq!(stdout_json(&rerun)?["ledger"]["created"], 100);
    Ok(())
}

#[tokio::test]
async fn an_unreachable_endpoint_exits_3() -> TestResult {
    // Arrange
    let files = Files::new()?;
    files.input(&csv_of(0x9a, 50, "soe"))?;
    let mut cmd = pc()?;
    cmd.args([
        "--endpoint",
        &format!("http://127.0.0.1:{}", closed_port()?),
    ])
    .args(["--access-token", demo::DEMO_TOKEN, "--output", "table"])
    .args(["--max-attempts", "1", "bulk", "create", "--input"])
    .arg(files.dir.path().join("in.csv"))
    .arg("--ledger")
    .arg(files.ledger());

    // Act
    let output = run(cmd).await?;

    // Assert
    assert_exit(&output, 3);
    let last = stderr(&output);
    let last = last.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: the service could not be used"),
        "{last}"
    );
    assert!(
        last.contains("rerun to resume: pc --endpoint http://127.0.0.1:"),
        "{last}"
    );
    Ok(())
}

#[tokio::test]
async fn report_json_has_one_object_per_input_row() -> TestResult {
    // Arrange: created, invalid, already held (Tailspin University holds Education).
    let emulator = emulator(EmulatorConfig::default()).await?;
    let files = Files::new()?;
    files.input(&format!(
        "customer_id,qualification\n{},soe\nnot-a-guid,soe\n{},education\n",
        customer(0x9b, 0),
        demo::TAILSPIN_UNIVERSITY,
    ))?;
    assert_exit(&run(bulk(&emulator, "create", &files)?).await?, 4);

    // Act
    let rows = report_json(&files).await?;

    // Assert
    let states: Vec<(u64, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or_default(),
                r["state"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [(2, "created"), (3, "invalid"), (4, "already_held")]
    );
    assert_eq!(rows[2]["httpStatus"], 409);
    assert_eq!(rows[2]["vettingStatus"], "Approved");
    assert!(rows[1]["requestId"].is_null());
    Ok(())
}

#[tokio::test]
async fn a_dry_run_counts_sends_nothing_and_writes_no_ledger() -> TestResult {
    // Arrange: no credentials at all; one row of four invalid.
    let emulator = emulator(EmulatorConfig::default()).await?;
    let files = Files::new()?;
    let mut text = csv_of(0x9c, 3, "soe");
    text.push_str("not-a-guid,soe\n");
    files.input(&text)?;
    let dry = |files: &Files| -> Result<Command, Box<dyn Error>> {
        let mut cmd = pc()?;
        cmd.args(["--endpoint", &emulator.base_url(), "--output", "json"])
            .args(["bulk", "create", "--dry-run", "--input"])
            .arg(files.dir.path().join("in.csv"))
            .arg("--ledger")
            .arg(files.ledger());
        Ok(cmd)
    };

    // Act
    let invalid = run(dry(&files)?).await?;
    files.input(&csv_of(0x9c, 3, "soe"))?;
    let valid = run(dry(&files)?).await?;

    // Assert
    assert_exit(&invalid, 2);
    let summary = stdout_json(&invalid)?;
    assert_eq!(summary["dryRun"], true);
    assert_eq!(
        (
            summary["total"].as_u64(),
            summary["ledger"]["pending"].as_u64()
        ),
        (Some(4), Some(3)),
        "{summary}"
    );
    assert_eq!(summary["problems"][0]["line"], 5, "{summary}");
    assert_exit(&valid, 0);
    assert!(stderr(&valid).contains("3 rows, 3 valid, 0 invalid; nothing sent"));
    assert!(!files.ledger().exists(), "a dry run wrote the ledger");
    assert_eq!(api_requests(&emulator).len(), 0);
    Ok(())
}

/// A seeded generator for the kill delays (splitmix64), so a failure can be replayed.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A delay from `low` to `high` milliseconds.
    fn millis(&mut self, low: u64, high: u64) -> Duration {
        Duration::from_millis(low + self.next() % (high - low + 1))
    }
}

/// Issue 9: a run killed with SIGKILL at random points, then resumed to the end, applies every
/// row exactly once, loses none, and resends in-flight rows with their stored request ids.
#[tokio::test(flavor = "multi_thread")]
async fn a_run_killed_ten_times_then_resumed_applies_every_row_exactly_once() -> TestResult {
    // Arrange: 300 rows; the emulator drops 5 % of creates after applying them and answers 10 %
    // of requests with a 5xx; 20 ms per request; at most 60 creates per second.
    const ROWS: u64 = 300;
    const KILLS: usize = 10;
    let faults = Faults {
        error_rate: 0.10,
        drop_after_apply_rate: 0.05,
        latency_ms: 20,
        ..Faults::default()
    };
    let emulator = emulator(EmulatorConfig::default().seed(9).faults(faults)).await?;
    let files = Files::new()?;
    let input = files.input(&csv_of(0x9d, ROWS, "soe"))?;
    let mut args = global_args(&emulator);
    args.extend(
        [
            "--max-attempts",
            "8",
            "bulk",
            "create",
            "--concurrency",
            "8",
            "--rate",
            "60",
            "--input",
        ]
        .map(str::to_owned),
    );
    args.push(path_arg(&input));
    args.push("--ledger".into());
    args.push(path_arg(&files.ledger()));
    let mut rng = Seeded(0x5eed_0009);

    // Act: kill it ten times at random points, then let it finish.
    let mut kills = 0;
    let mut runs = 0;
    // Rows in flight at a kill (the ledger says `sent`, the emulator got their create), with the
    // request id the ledger holds for them.
    let mut in_flight: BTreeMap<String, String> = BTreeMap::new();
    while kills < KILLS && runs < KILLS * 3 {
        runs += 1;
        let mut child = spawn(&args)?;
        tokio::time::sleep(rng.millis(50, 400)).await;
        if child.try_wait()?.is_some() {
            // It finished first: nothing left to kill.
            break;
        }
        child.kill()?;
        child.wait()?;
        kills += 1;
        let posted: BTreeSet<String> = api_requests(&emulator)
            .into_iter()
            .filter(|r| r.method == "POST")
            .map(|r| customer_of(&r.path))
            .collect();
        if files.ledger().exists() {
            for row in report_json(&files).await? {
                let customer = row["customerId"].as_str().unwrap_or_default();
                if row["state"] == "sent" && posted.contains(customer) {
                    in_flight.insert(
                        row["customerId"].as_str().unwrap_or_default().to_owned(),
                        row["requestId"].as_str().unwrap_or_default().to_owned(),
                    );
                }
            }
        }
    }
    let mut finished = None;
    for _ in 0..3 {
        let output = run(bulk(&emulator, "create", &files)?).await?;
        if output.status.code() == Some(0) {
            finished = Some(output);
            break;
        }
    }

    // Assert
    let finished = finished.ok_or("the resumed run never finished every row")?;
    assert_exit(&finished, 0);
    let applied = applied(&emulator);
    let duplicates: usize = applied.values().map(|n| n - 1).sum();
    let report = report_json(&files).await?;
    let done: BTreeMap<String, String> = report
        .iter()
        .filter(|r| matches!(r["state"].as_str(), Some("created" | "already_held")))
        .map(|r| {
            (
                r["customerId"].as_str().unwrap_or_default().to_owned(),
                r["requestId"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let lost = ROWS as usize - done.len();
    let mut sent_ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut posts = 0;
    for request in api_requests(&emulator)
        .into_iter()
        .filter(|r| r.method == "POST")
    {
        posts += 1;
        sent_ids
            .entry(customer_of(&request.path))
            .or_default()
            .insert(request.request_id.unwrap_or_default());
    }
    let resent = emulator
        .request_log()
        .iter()
        .filter(|r| r.method == "POST")
        .fold(BTreeMap::<String, usize>::new(), |mut m, r| {
            *m.entry(customer_of(&r.path)).or_default() += 1;
            m
        })
        .values()
        .filter(|n| **n > 1)
        .count();
    eprintln!(
        "kill-resume: {kills} kills, {ROWS} rows, {} applied, {duplicates} duplicates, {lost} \
         lost; {posts} creates sent, {resent} rows sent more than once, {} rows in flight at a \
         kill resent with their stored id",
        applied.len(),
        in_flight.len()
    );
    assert_eq!(
        kills, KILLS,
        "the run finished before it was killed {KILLS} times"
    );
    assert_eq!(applied.len(), ROWS as usize);
    assert_eq!(duplicates, 0, "{applied:?}");
    assert_eq!(lost, 0);
    for (customer, ids) in &sent_ids {
        let stored = done
            .get(customer)
            .ok_or("a sent row missing from the report")?;
        assert_eq!(
            ids,
            &BTreeSet::from([stored.clone()]),
            "customer {customer} was sent with ids other than its ledger's"
        );
    }
    assert!(
        resent > 0,
        "no row was ever resent: the test proved nothing"
    );
    assert!(!in_flight.is_empty(), "no kill caught a row in flight");
    for (customer, id) in &in_flight {
        assert_eq!(
            done.get(customer),
            Some(id),
            "in flight at a kill: {customer}"
        );
        assert_eq!(sent_ids.get(customer), Some(&BTreeSet::from([id.clone()])));
    }
    Ok(())
}

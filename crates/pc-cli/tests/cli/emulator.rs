//! Flows against the real emulator (started in the test), and the `pc emulator` command.

use std::error::Error;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, demo};
use serde_json::{Value, json};

use crate::support::{
    TestResult, assert_exit, error_line, pc, pc_on, run, stderr_json, stdout, stdout_json,
};

/// The vetting delay of the emulators started here.
const VETTING: Duration = Duration::from_millis(300);

async fn emulator() -> Result<EmulatorHandle, Box<dyn Error>> {
    Ok(Emulator::start(EmulatorConfig::default().vetting_delay(VETTING)).await?)
}

/// Lists `customer`'s qualifications until `qualification` has a final vetting status (at most
/// five seconds) and returns that record.
async fn wait_until_vetted(
    emulator: &EmulatorHandle,
    customer: &str,
    qualification: &str,
) -> Result<Value, Box<dyn Error>> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut cmd = pc_on(emulator)?;
        cmd.args(["qualifications", "list", "--customer", customer]);
        let output = run(cmd).await?;
        assert_exit(&output, 0);
        let list = stdout_json(&output)?;
        let record = list
            .as_array()
            .and_then(|l| l.iter().find(|q| q["qualification"] == qualification))
            .cloned()
            .ok_or_else(|| format!("{qualification} not in {list}"))?;
        if record["vettingStatus"] != "InReview" {
            return Ok(record);
        }
        if Instant::now() > deadline {
            return Err(format!("{qualification} still in review: {record}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn education_is_created_in_review_then_approved_and_the_legacy_get_agrees() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::CONTOSO_ACADEMY,
    ])
    .args(["--qualification", "education"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let created = stdout_json(&output)?;
    assert_eq!(created["qualification"], json!("Education"));
    assert_eq!(created["vettingStatus"], json!("InReview"));
    assert!(created["vettingCreateDate"].is_string(), "{created}");

    let vetted = wait_until_vetted(&emulator, demo::CONTOSO_ACADEMY, "Education").await?;
    assert_eq!(vetted["vettingStatus"], json!("Approved"));
    assert!(vetted.get("vettingReason").is_none(), "{vetted}");

    let mut cmd = pc_on(&emulator)?;
    cmd.args(["qualification", "get", "--customer", demo::CONTOSO_ACADEMY]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("education"));
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn education_on_a_non_academic_website_is_denied_with_its_reason() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--contract", "object", "qualifications", "create"])
        .args([
            "--customer",
            demo::CONTOSO_ACADEMY,
            "--qualification",
            "Education",
        ])
        .args(["--education-segment", "k12", "--website", "contoso.com"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let vetted = wait_until_vetted(&emulator, demo::CONTOSO_ACADEMY, "Education").await?;
    assert_eq!(vetted["vettingStatus"], json!("Denied"));
    assert_eq!(vetted["vettingReason"], json!("Not an Academic Domain"));
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_trading_company_is_denied_in_the_table_view() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::FABRIKAM_TRADING,
    ])
    .args(["--qualification", "edu"]);
    assert_exit(&run(cmd).await?, 0);
    wait_until_vetted(&emulator, demo::FABRIKAM_TRADING, "Education").await?;

    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--output", "table", "qualifications", "list"])
        .args(["--customer", demo::FABRIKAM_TRADING]);
    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let table = stdout(&output);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(
        lines[0].starts_with("QUALIFICATION  VETTING STATUS  REASON"),
        "{table}"
    );
    assert!(
        lines[1].starts_with("Education      Denied          Not an Education Customer  "),
        "{table}"
    );
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn gcc_uses_up_a_validation_code_and_a_second_gcc_is_refused_with_exit_1() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::WOODGROVE_MUNICIPALITY,
    ])
    .args([
        "--qualification",
        "gcc",
        "--validation-code",
        demo::VALIDATION_CODE,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    let created = stdout_json(&output)?;
    assert_eq!(created["qualification"], json!("GovernmentCommunityCloud"));
    assert_eq!(created["vettingStatus"], json!("Approved"));

    let mut cmd = pc_on(&emulator)?;
    cmd.args(["validation-codes", "list"]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    let codes = stdout_json(&output)?;
    let code = codes
        .as_array()
        .and_then(|c| {
            c.iter()
                .find(|c| c["validationId"] == demo::VALIDATION_CODE)
        })
        .ok_or("code 123456 not listed")?;
    assert_eq!(code["maxCreates"], json!(5));
    assert_eq!(code["remainingCreates"], json!(4));

    let mut cmd = pc_on(&emulator)?;
    cmd.args(["--output", "table", "qualifications", "create"])
        .args([
            "--customer",
            demo::WOODGROVE_MUNICIPALITY,
            "--qualification",
            "gcc",
        ])
        .args(["--validation-code", demo::VALIDATION_CODE]);
    let output = run(cmd).await?;
    assert_exit(&output, 1);
    let line = error_line(&output);
    assert!(
        line.starts_with("error: service error: HTTP 409 Conflict, code 800002: "),
        "{line}"
    );
    assert!(line.contains("request id "), "{line}");
    assert!(!line.contains(demo::VALIDATION_CODE), "{line}");
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_exhausted_code_is_refused_by_the_service() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::WOODGROVE_MUNICIPALITY,
    ])
    .args([
        "--qualification",
        "gcc",
        "--validation-code",
        demo::VALIDATION_CODE_EXHAUSTED,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    let error = stderr_json(&output)?;
    assert_eq!(error["error"]["kind"], json!("service"));
    assert_eq!(error["error"]["status"], json!(400));
    assert_eq!(error["error"]["code"], json!("3000"));
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn soe_joins_education_and_the_list_shows_both() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "create",
        "--customer",
        demo::TAILSPIN_UNIVERSITY,
    ])
    .args(["--qualification", "state-owned-entity"]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!({"qualification": "StateOwnedEntity"})
    );

    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualifications",
        "list",
        "--customer",
        demo::TAILSPIN_UNIVERSITY,
    ]);
    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!([
            {"qualification": "Education", "vettingStatus": "Approved",
             "vettingCreateDate": demo::TAILSPIN_UNIVERSITY_VETTED_AT},
            {"qualification": "StateOwnedEntity"}
        ])
    );
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_legacy_set_and_get_round_trip() -> TestResult {
    let emulator = emulator().await?;
    let customer = "1e6ac700-0000-4000-8000-000000000010";
    let mut cmd = pc_on(&emulator)?;
    cmd.args(["qualification", "get", "--customer", customer]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("none"));

    let mut cmd = pc_on(&emulator)?;
    cmd.args(["qualification", "set", "--customer", customer])
        .args(["--qualification", "GovernmentCommunityCloud"])
        .args(["--validation-code", demo::VALIDATION_CODE_UNLIMITED]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("governmentcommunitycloud"));

    let mut cmd = pc_on(&emulator)?;
    cmd.args(["qualification", "get", "--customer", customer]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("governmentcommunitycloud"));
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_wrong_token_is_refused_by_the_emulator_with_exit_1() -> TestResult {
    let emulator = emulator().await?;
    let mut cmd = pc()?;
    cmd.args([
        "--endpoint",
        &emulator.base_url(),
        "--access-token",
        "not-the-demo-token",
    ])
    .args(["--output", "table", "validation-codes", "list"]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    let line = error_line(&output);
    assert!(line.contains("HTTP 401 Unauthorized"), "{line}");
    assert!(!line.contains("not-the-demo-token"), "{line}");
    emulator.shutdown().await;
    Ok(())
}

/// Kills a child process if a test step fails before it is stopped properly.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        // Already exited in the normal path; nothing to do if this fails.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads the JSON banner `pc emulator --output json` prints (its first top-level `}` ends it).
fn read_banner(child: &mut Child) -> Result<Value, Box<dyn Error>> {
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let done = line == "}";
            text.push_str(&line);
            text.push('\n');
            if done {
                break;
            }
        }
        let _ = sender.send(text);
    });
    let text = receiver.recv_timeout(Duration::from_secs(20))?;
    Ok(serde_json::from_str(&text)?)
}

/// Waits for `child` to exit, at most `limit`.
fn wait_with_limit(
    child: &mut Child,
    limit: Duration,
) -> Result<std::process::ExitStatus, Box<dyn Error>> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if Instant::now() > deadline {
            return Err("the emulator did not stop".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pc_emulator_serves_until_interrupted() -> TestResult {
    let binary = assert_cmd::cargo::cargo_bin("pc");
    let child = std::process::Command::new(binary)
        .env_clear()
        .args(["emulator", "--listen", "127.0.0.1:0", "--output", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut child = Reaper(child);

    let banner = tokio::task::block_in_place(|| read_banner(&mut child.0))?;
    let base_url = banner["baseUrl"].as_str().ok_or("no baseUrl")?.to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{banner}");
    assert_eq!(banner["accessToken"], json!(demo::DEMO_TOKEN));
    assert_eq!(banner["customers"].as_array().map(Vec::len), Some(4));
    assert_eq!(banner["customers"][0]["id"], json!(demo::CONTOSO_ACADEMY));

    let mut cmd = pc()?;
    cmd.args(["--endpoint", &base_url, "--access-token", demo::DEMO_TOKEN])
        .args([
            "qualification",
            "get",
            "--customer",
            demo::TAILSPIN_UNIVERSITY,
        ]);
    let output = run(cmd).await?;
    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("education"));

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()?;
    assert!(interrupted.success());
    let status =
        tokio::task::block_in_place(|| wait_with_limit(&mut child.0, Duration::from_secs(10)))?;
    assert_eq!(status.code(), Some(0));
    Ok(())
}

#[tokio::test]
async fn pc_emulator_prints_a_banner_for_people() -> TestResult {
    let binary = assert_cmd::cargo::cargo_bin("pc");
    let child = std::process::Command::new(binary)
        .env_clear()
        .args(["emulator", "--listen", "127.0.0.1:0", "--output", "table"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut child = Reaper(child);
    let stdout = child.0.stdout.take().ok_or("no stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let done = line == "press Ctrl-C to stop";
            text.push_str(&line);
            text.push('\n');
            if done {
                break;
            }
        }
        let _ = sender.send(text);
    });

    let text = receiver.recv_timeout(Duration::from_secs(20))?;

    assert!(
        text.starts_with("Partner Center emulator listening on http://127.0.0.1:"),
        "{text}"
    );
    assert!(
        text.contains("access token (App+User): emulator-demo-token"),
        "{text}"
    );
    for customer in demo::CUSTOMERS {
        assert!(
            text.contains(customer.id) && text.contains(customer.name),
            "{text}"
        );
    }
    assert!(text.contains("123456"), "{text}");
    Ok(())
}

#[tokio::test]
async fn pc_emulator_on_a_port_in_use_exits_1() -> TestResult {
    let taken = TcpListener::bind("127.0.0.1:0")?;
    let addr = taken.local_addr()?.to_string();
    let mut cmd = pc()?;
    cmd.args(["--output", "table", "emulator", "--listen", &addr]);

    let output = run(cmd).await?;

    assert_exit(&output, 1);
    let line = error_line(&output);
    assert!(
        line.starts_with(&format!("error: could not listen on {addr}: ")),
        "{line}"
    );
    assert_eq!(stdout(&output), "");
    drop(taken);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pc_emulator_stops_cleanly_on_a_signal_sent_right_after_its_banner() -> TestResult {
    for signal in ["-INT", "-TERM"] {
        let binary = assert_cmd::cargo::cargo_bin("pc");
        let child = std::process::Command::new(binary)
            .env_clear()
            .args(["emulator", "--listen", "127.0.0.1:0", "--output", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut child = Reaper(child);

        let banner = tokio::task::block_in_place(|| read_banner(&mut child.0))?;
        assert!(banner["baseUrl"].is_string(), "{banner}");
        // No pause: the handlers are installed before the banner is printed.
        let sent = std::process::Command::new("kill")
            .args([signal, &child.0.id().to_string()])
            .status()?;
        assert!(sent.success());

        let status =
            tokio::task::block_in_place(|| wait_with_limit(&mut child.0, Duration::from_secs(10)))?;
        assert_eq!(status.code(), Some(0), "{signal}: {status:?}");
    }
    Ok(())
}

/// Sends `GET path` with an optional `Authorization` header to `addr` and returns the status and
/// the body (`Connection: close`; at most 10 seconds).
async fn admin_get(
    addr: &str,
    path: &str,
    authorization: Option<&str>,
) -> Result<(u16, String), Box<dyn Error>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(authorization) = authorization {
        request.push_str(&format!("Authorization: {authorization}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut answer)).await??;
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {answer}"))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

#[tokio::test]
async fn pc_emulator_refuses_a_non_loopback_address_without_allow_remote() -> TestResult {
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.1:8080"] {
        let mut cmd = pc()?;
        cmd.args(["--output", "table", "emulator", "--listen", addr]);

        let output = run(cmd).await?;

        assert_exit(&output, 2);
        let line = error_line(&output);
        assert!(
            line.starts_with(&format!(
                "error: invalid input: refusing to listen on {addr}: not a loopback address"
            )),
            "{line}"
        );
        assert!(line.contains("pass --allow-remote"), "{line}");
        assert_eq!(stdout(&output), "");
    }
    Ok(())
}

#[tokio::test]
async fn the_library_admin_token_guards_the_admin_api_on_a_loopback_listener() -> TestResult {
    let emulator =
        Emulator::start(EmulatorConfig::default().admin_token(Some("admin-7f3e".to_owned())))
            .await?;
    let addr = emulator.local_addr().to_string();

    let (missing, body) = admin_get(&addr, "/_emulator/requests", None).await?;
    let (demo_token, _) = admin_get(
        &addr,
        "/_emulator/requests",
        Some(&format!("Bearer {}", demo::DEMO_TOKEN)),
    )
    .await?;
    let (right, log) = admin_get(&addr, "/_emulator/requests", Some("Bearer admin-7f3e")).await?;

    assert_eq!((missing, demo_token, right), (401, 401, 200));
    assert_eq!(
        serde_json::from_str::<Value>(&body)?["code"],
        json!("800001")
    );
    assert_eq!(serde_json::from_str::<Value>(&log)?, json!([]));
    // The API itself is unchanged.
    let mut cmd = pc_on(&emulator)?;
    cmd.args([
        "qualification",
        "get",
        "--customer",
        demo::TAILSPIN_UNIVERSITY,
    ]);
    assert_exit(&run(cmd).await?, 0);
    emulator.shutdown().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pc_emulator_allow_remote_prints_an_admin_token_the_admin_api_requires() -> TestResult {
    let binary = assert_cmd::cargo::cargo_bin("pc");
    // Loopback only in tests: --allow-remote turns the token on whatever the address.
    let child = std::process::Command::new(binary)
        .env_clear()
        .args(["emulator", "--listen", "127.0.0.1:0", "--allow-remote"])
        .args(["--output", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut child = Reaper(child);
    let stderr = child.0.stderr.take().ok_or("no stderr")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(token) =
                line.strip_prefix("admin token for /_emulator/* (Authorization: Bearer): ")
            {
                let _ = sender.send(token.to_owned());
                break;
            }
        }
    });

    let banner = tokio::task::block_in_place(|| read_banner(&mut child.0))?;
    let token = receiver.recv_timeout(Duration::from_secs(20))?;
    let base_url = banner["baseUrl"].as_str().ok_or("no baseUrl")?.to_owned();
    let addr = base_url.trim_start_matches("http://").to_owned();

    assert_eq!(token.len(), 64, "{token}");
    assert!(
        !banner.to_string().contains(&token),
        "the token is on stderr only"
    );
    let (without, _) = admin_get(&addr, "/_emulator/faults", None).await?;
    let (with, faults) =
        admin_get(&addr, "/_emulator/faults", Some(&format!("Bearer {token}"))).await?;
    assert_eq!((without, with), (401, 200));
    assert_eq!(
        serde_json::from_str::<Value>(&faults)?["latencyMs"],
        json!(0)
    );

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()?;
    assert!(interrupted.success());
    let status =
        tokio::task::block_in_place(|| wait_with_limit(&mut child.0, Duration::from_secs(10)))?;
    assert_eq!(status.code(), Some(0));
    Ok(())
}

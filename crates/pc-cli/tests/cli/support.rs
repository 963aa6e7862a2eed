//! Helpers shared by the suites: a `pc` command with a clean environment, a non-blocking runner,
//! wiremock matchers for exact queries and absent headers, a server nothing may reach, the
//! emulator's request log, output parsing, bounded waits for child processes.

use std::error::Error;
use std::net::TcpListener;
use std::process::{Child, ExitStatus, Output};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use pc_emulator::{EmulatorHandle, demo};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// What every test returns.
pub(crate) type TestResult = Result<(), Box<dyn Error>>;

/// The access token the wiremock tests send.
pub(crate) const TOKEN: &str = "test-token-5f3a9c";

/// A customer id for the wiremock tests.
pub(crate) const CUSTOMER: &str = "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d";

/// A correlation id to pin.
pub(crate) const CORRELATION_ID: &str = "8a2b7c1e-5d4f-4e3a-9b2c-1d0e9f8a7b6c";

/// The longest any single `pc` run may take.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// `pc` with an empty environment (no `PC_*`, no `RUST_LOG`, no proxies) and a time limit.
pub(crate) fn pc() -> Result<Command, Box<dyn Error>> {
    let mut cmd = Command::cargo_bin("pc")?;
    cmd.env_clear().timeout(RUN_LIMIT);
    Ok(cmd)
}

/// `pc --endpoint <server> --access-token TOKEN --output json`.
pub(crate) fn pc_at(server: &MockServer) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc()?;
    cmd.args([
        "--endpoint",
        &server.uri(),
        "--access-token",
        TOKEN,
        "--output",
        "json",
    ]);
    Ok(cmd)
}

/// `pc --endpoint <emulator> --access-token <demo token> --output json`.
pub(crate) fn pc_on(emulator: &EmulatorHandle) -> Result<Command, Box<dyn Error>> {
    let mut cmd = pc()?;
    cmd.args(["--endpoint", &emulator.base_url()]).args([
        "--access-token",
        demo::DEMO_TOKEN,
        "--output",
        "json",
    ]);
    Ok(cmd)
}

/// A server that fails the test (at `verify` or drop) if anything reaches it.
pub(crate) async fn untouchable() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .named("nothing may be sent")
        .mount(&server)
        .await;
    server
}

/// The `/v1/*` requests the emulator received, in order: (method, `MS-CorrelationId`).
pub(crate) fn api_requests(emulator: &EmulatorHandle) -> Vec<(String, Option<String>)> {
    emulator
        .request_log()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/"))
        .map(|r| (r.method, r.correlation_id))
        .collect()
}

/// Runs `cmd` on a blocking thread, so servers on the test's runtime keep serving.
pub(crate) async fn run(mut cmd: Command) -> Result<Output, Box<dyn Error>> {
    Ok(tokio::task::spawn_blocking(move || cmd.output()).await??)
}

/// stdout as text.
pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// stdout parsed as exactly one JSON document.
pub(crate) fn stdout_json(output: &Output) -> Result<Value, Box<dyn Error>> {
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// stderr parsed as exactly one JSON document.
pub(crate) fn stderr_json(output: &Output) -> Result<Value, Box<dyn Error>> {
    Ok(serde_json::from_slice(&output.stderr)?)
}

/// Asserts the exit code, showing both streams when it differs.
pub(crate) fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(output),
        stderr(output)
    );
}

/// Asserts stderr is exactly one line starting with `error: ` and returns it.
pub(crate) fn error_line(output: &Output) -> String {
    let text = stderr(output);
    assert_eq!(text.lines().count(), 1, "one line expected: {text:?}");
    assert!(text.starts_with("error: "), "{text:?}");
    text.trim_end().to_owned()
}

/// Matches a request whose query is exactly `query` (`None`: no query at all).
pub(crate) fn exact_query(query: Option<&'static str>) -> impl Match + 'static {
    move |request: &Request| request.url.query() == query
}

/// Matches a request without header `name`.
pub(crate) fn no_header(name: &'static str) -> impl Match + 'static {
    move |request: &Request| !request.headers.contains_key(name)
}

/// The `MS-RequestId` of the only request `server` received.
pub(crate) async fn received_request_id(server: &MockServer) -> Result<String, Box<dyn Error>> {
    let requests = server.received_requests().await.unwrap_or_default();
    let [request] = requests.as_slice() else {
        return Err(format!("one request expected, got {}", requests.len()).into());
    };
    let id = request
        .headers
        .get("MS-RequestId")
        .ok_or("no MS-RequestId")?
        .to_str()?;
    Ok(id.to_owned())
}

/// A local port with nothing listening on it.
pub(crate) fn closed_port() -> Result<u16, Box<dyn Error>> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    drop(listener);
    Ok(port)
}

/// Waits for `child` to exit, at most `limit`, without blocking the test's runtime (servers on it
/// keep serving); kills it past the limit.
pub(crate) async fn exit_within(
    child: &mut Child,
    limit: Duration,
) -> Result<ExitStatus, Box<dyn Error>> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if Instant::now() > deadline {
            child.kill()?;
            child.wait()?;
            return Err(format!("pc did not exit within {limit:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Asserts a usage or input error under `--output json`: stderr is exactly
/// `{"error":{"kind":"invalid_input","message":...}}`; returns the message.
pub(crate) fn usage_error_json(output: &Output) -> Result<String, Box<dyn Error>> {
    let error = stderr_json(output)?;
    let fields = error["error"].as_object().ok_or("no error object")?;
    assert_eq!(error.as_object().map(|o| o.len()), Some(1), "{error}");
    assert_eq!(fields.len(), 2, "{error}");
    assert_eq!(error["error"]["kind"], "invalid_input", "{error}");
    let message = error["error"]["message"].as_str().ok_or("no message")?;
    Ok(message.to_owned())
}

//! Helpers shared by the suites: a `pc` command with a clean environment, a non-blocking runner,
//! wiremock matchers for exact queries and absent headers, output parsing.

use std::error::Error;
use std::net::TcpListener;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use wiremock::{Match, MockServer, Request};

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

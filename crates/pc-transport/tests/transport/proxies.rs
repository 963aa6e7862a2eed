//! `ReqwestTransport` and proxies: loopback destinations never go through a proxy (from the
//! environment or `.proxy(..)`), other destinations follow the environment by default, an explicit
//! `.proxy(..)`, or `.no_proxy()`; a bad proxy URL is a `build()` error.
//!
//! # Why the environment cases run in child processes
//!
//! The environment is process-wide, and this binary runs its tests in parallel: a test that set
//! `HTTP_PROXY` would change what every other transport built meanwhile reads (and `set_var` is
//! `unsafe` for that reason). So this process never changes its environment. A parent test
//! re-runs this test binary, filtered to the one test
//! `proxy_environment_case_in_a_child_process`, with the proxy variables set on the child's
//! command only (every inherited proxy variable removed first), and checks that exactly that test
//! ran and passed. Run normally, without `PC_TRANSPORT_PROXY_CASE`, that test does nothing.

use std::net::TcpListener as StdTcpListener;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use bytes::Bytes;
use pc_transport::{ReqwestTransport, Transport, TransportErrorKind};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Selects what the child process checks; absent in a normal run.
const CASE_VAR: &str = "PC_TRANSPORT_PROXY_CASE";
/// The child checks that loopback destinations are reached directly.
const CASE_LOOPBACK: &str = "loopback";
/// The child checks that other destinations follow `HTTP_PROXY`, `NO_PROXY` and `.no_proxy()`.
const CASE_NON_LOOPBACK: &str = "non-loopback";
/// The full name of the test the child runs.
const CHILD_TEST: &str = "proxies::proxy_environment_case_in_a_child_process";
/// Every variable that configures a proxy, plus the CGI marker that disables them all.
const PROXY_VARIABLES: [&str; 9] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "REQUEST_METHOD",
];

fn transport_builder() -> pc_transport::ReqwestTransportBuilder {
    ReqwestTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
}

fn get(uri: &str) -> pc_transport::Request {
    http::Request::get(uri)
        .body(Bytes::new())
        .expect("request builds")
}

/// `http://127.0.0.1:<port>` where nothing listens: bind port 0, then drop the listener.
fn dead_proxy_url() -> String {
    let listener = StdTcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A wiremock server answering `GET /v1/ping` with 200 `direct`, expected `times` times.
async fn ping_server(times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_string("direct"))
        .named("the loopback server, reached directly")
        .expect(times)
        .mount(&server)
        .await;
    server
}

/// A wiremock server acting as an HTTP proxy: it answers the absolute-form
/// `GET http://partner.example.invalid/v1/x` with 200 `via proxy`, expected `times` times.
async fn proxy_server(times: u64) -> MockServer {
    let proxy = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/x"))
        .and(header("host", "partner.example.invalid"))
        .respond_with(ResponseTemplate::new(200).set_body_string("via proxy"))
        .named("the proxy, for partner.example.invalid")
        .expect(times)
        .mount(&proxy)
        .await;
    proxy
}

/// Asserts that `transport` reaches `server` directly through `127.0.0.1` and `localhost`.
async fn assert_loopback_reached_directly(transport: &ReqwestTransport, server: &MockServer) {
    let port = server.address().port();
    for uri in [
        format!("http://127.0.0.1:{port}/v1/ping"),
        format!("http://localhost:{port}/v1/ping"),
    ] {
        let response = transport
            .send(get(&uri))
            .await
            .unwrap_or_else(|e| panic!("{uri} is reached directly: {e:?}"));
        assert_eq!(response.status(), 200, "{uri}");
        assert_eq!(response.body().as_ref(), b"direct", "{uri}");
    }
}

/// Asserts that `https://` requests to `127.0.0.1` and `localhost` open a TLS connection to the
/// loopback port itself (its first byte is a TLS handshake record), not to a proxy. The handshake
/// then fails, which is expected.
async fn assert_loopback_https_connects_directly(transport: &ReqwestTransport) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let port = listener.local_addr().expect("local address").port();
    let first_bytes = tokio::spawn(async move {
        let mut seen = Vec::new();
        for _ in 0..2 {
            let (mut socket, _) = listener.accept().await.expect("a client connects");
            let mut byte = [0u8; 1];
            socket.read_exact(&mut byte).await.expect("read one byte");
            seen.push(byte[0]);
        }
        seen
    });
    for host in ["127.0.0.1", "localhost"] {
        let uri = format!("https://{host}:{port}/v1/ping");
        let result = transport.send(get(&uri)).await;
        assert!(result.is_err(), "{uri}: the TLS handshake cannot succeed");
    }
    let seen = tokio::time::timeout(Duration::from_secs(5), first_bytes)
        .await
        .expect("both https requests reached the loopback port within 5 s")
        .expect("the accept task did not panic");
    // 0x16: a TLS handshake record, i.e. a ClientHello sent straight to the port.
    assert_eq!(seen, [0x16, 0x16]);
}

/// Runs [`CHILD_TEST`] in a fresh process of this test binary whose only proxy variables are
/// `vars`, and returns its output once it ends.
fn run_child(case: &str, vars: &[(&str, String)]) -> Output {
    let mut command = Command::new(std::env::current_exe().expect("the test binary's path"));
    command
        .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .stdin(Stdio::null());
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    command.env(CASE_VAR, case);
    for (name, value) in vars {
        command.env(name, value);
    }
    command.output().expect("the test binary runs again")
}

/// `None` if the child ran exactly its one test and passed, else a description of the failure.
fn child_failure(label: &str, output: &Output) -> Option<String> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.success() && stdout.contains("1 passed") {
        return None;
    }
    Some(format!(
        "{label}: {}\n--- stdout\n{stdout}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// What a child process checks, selected by `PC_TRANSPORT_PROXY_CASE`; nothing in a normal run.
#[tokio::test]
async fn proxy_environment_case_in_a_child_process() {
    match std::env::var(CASE_VAR).as_deref() {
        Ok(CASE_LOOPBACK) => {
            // Arrange
            let server = ping_server(2).await;
            let transport = transport_builder().build().expect("transport builds");

            // Act and assert
            assert_loopback_reached_directly(&transport, &server).await;
            assert_loopback_https_connects_directly(&transport).await;
        }
        Ok(CASE_NON_LOOPBACK) => {
            // Arrange: HTTP_PROXY names the parent's proxy, NO_PROXY names skipped.example.invalid.
            let from_environment = transport_builder().build().expect("transport builds");
            let never_proxied = transport_builder()
                .no_proxy()
                .build()
                .expect("transport builds");
            let partner = "http://partner.example.invalid/v1/x";

            // Act
            let proxied = from_environment.send(get(partner)).await;
            let skipped = from_environment
                .send(get("http://skipped.example.invalid/v1/x"))
                .await;
            let direct = never_proxied.send(get(partner)).await;

            // Assert: only the first reached the proxy; `.invalid` names never resolve directly.
            let proxied = proxied.expect("HTTP_PROXY is used for partner.example.invalid");
            assert_eq!(proxied.body().as_ref(), b"via proxy");
            let skipped = skipped.expect_err("NO_PROXY sends skipped.example.invalid direct");
            assert_eq!(skipped.kind(), TransportErrorKind::Connect);
            let direct = direct.expect_err(".no_proxy() sends partner.example.invalid direct");
            assert_eq!(direct.kind(), TransportErrorKind::Connect);
        }
        Ok(other) => panic!("unknown {CASE_VAR}: {other}"),
        // A normal run: this test only has work in a child process.
        Err(_) => {}
    }
}

#[test]
fn loopback_is_reached_directly_whatever_the_proxy_environment_says() {
    // Arrange: one child per variable, each naming a proxy where nothing listens.
    let dead = dead_proxy_url();
    let mut cases: Vec<Vec<(&str, String)>> = [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .into_iter()
    .map(|name| vec![(name, dead.clone())])
    .collect();
    // A NO_PROXY list that does not mention loopback does not bring the proxy back.
    cases.push(vec![
        ("HTTP_PROXY", dead.clone()),
        ("HTTPS_PROXY", dead.clone()),
        ("NO_PROXY", "partner.example.invalid".to_owned()),
    ]);

    // Act: the children run side by side, each with its own environment.
    let children: Vec<_> = cases
        .into_iter()
        .map(|vars| {
            let label = format!("{vars:?}");
            let child = std::thread::spawn(move || run_child(CASE_LOOPBACK, &vars));
            (label, child)
        })
        .collect();
    let failures: Vec<String> = children
        .into_iter()
        .filter_map(|(label, child)| {
            let output = child.join().expect("the child runner did not panic");
            child_failure(&label, &output)
        })
        .collect();

    // Assert
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[tokio::test]
async fn non_loopback_requests_follow_the_proxy_environment_unless_no_proxy_is_set() {
    // Arrange
    let proxy = proxy_server(1).await;
    let vars = vec![
        ("HTTP_PROXY", proxy.uri()),
        ("NO_PROXY", "skipped.example.invalid".to_owned()),
    ];

    // Act
    let output = tokio::task::spawn_blocking(move || run_child(CASE_NON_LOOPBACK, &vars))
        .await
        .expect("the child runner did not panic");

    // Assert: the proxy saw exactly one request (`expect(1)`, checked on drop).
    if let Some(failure) = child_failure("HTTP_PROXY + NO_PROXY", &output) {
        panic!("{failure}");
    }
}

#[tokio::test]
async fn an_explicit_proxy_is_bypassed_for_loopback() {
    // Arrange
    let server = ping_server(2).await;
    let transport = transport_builder()
        .proxy(dead_proxy_url())
        .build()
        .expect("transport builds");

    // Act and assert
    assert_loopback_reached_directly(&transport, &server).await;
}

#[tokio::test]
async fn an_explicit_proxy_receives_non_loopback_requests_in_absolute_form_with_its_credentials() {
    // Arrange
    let proxy = proxy_server(1).await;
    let address = proxy.address();
    let transport = transport_builder()
        .proxy(format!("http://user:secret@{address}"))
        .build()
        .expect("transport builds");

    // Act
    let response = transport
        .send(get("http://partner.example.invalid/v1/x?code=1"))
        .await
        .expect("the proxy answers");

    // Assert
    assert_eq!(response.status(), 200);
    assert_eq!(response.body().as_ref(), b"via proxy");
    let received = proxy.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].url.as_str(),
        "http://partner.example.invalid/v1/x?code=1"
    );
    assert_eq!(
        received[0]
            .headers
            .get("proxy-authorization")
            .map(|v| v.as_bytes()),
        Some(b"Basic dXNlcjpzZWNyZXQ=".as_slice())
    );
}

#[test]
fn an_invalid_proxy_url_is_an_invalid_request_error_from_build_that_hides_the_url() {
    for url in [
        "not a url",
        "proxy.test:3128",
        "ftp://proxy.test:21",
        "socks5://proxy.test:1080",
        "http://user:secret@[::1",
    ] {
        // Arrange
        let builder = ReqwestTransport::builder().proxy(url);

        // Act
        let error = builder.build().expect_err(url);

        // Assert
        assert_eq!(error.kind(), TransportErrorKind::InvalidRequest, "{url}");
        assert!(!error.may_have_been_processed(), "{url}");
        let source = std::error::Error::source(&error)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(source.starts_with("invalid proxy URL: "), "{url}: {source}");
        assert!(!source.contains("secret"), "{url}: {source}");
        assert!(!source.contains("proxy.test"), "{url}: {source}");
    }
}

#[test]
fn the_builder_debug_shows_the_proxy_setting_but_never_its_credentials() {
    // Arrange
    let default = ReqwestTransport::builder();
    let explicit = ReqwestTransport::builder().proxy("http://user:secret@proxy.test:3128");
    let disabled = ReqwestTransport::builder()
        .proxy("http://proxy.test:3128")
        .no_proxy();

    // Act
    let (default, explicit, disabled) = (
        format!("{default:?}"),
        format!("{explicit:?}"),
        format!("{disabled:?}"),
    );

    // Assert
    assert_eq!(default, "ReqwestTransportBuilder");
    assert_eq!(
        explicit,
        "ReqwestTransportBuilder { proxy: Explicit(http://proxy.test:3128) }"
    );
    assert_eq!(disabled, "ReqwestTransportBuilder { proxy: Disabled }");
}

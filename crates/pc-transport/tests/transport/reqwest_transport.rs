//! `ReqwestTransport` over real sockets on 127.0.0.1: requests and responses pass through
//! unchanged, redirects are returned rather than followed, the response limit is honoured for
//! `Content-Length` and chunked bodies, and failures are classified.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use pc_transport::{ReqwestTransport, ResponseLimit, Transport, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use wiremock::matchers::{any, body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn transport() -> ReqwestTransport {
    ReqwestTransport::builder()
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(10))
        .build()
        .expect("transport builds")
}

fn get(uri: &str) -> pc_transport::Request {
    http::Request::get(uri)
        .body(Bytes::new())
        .expect("request builds")
}

fn get_with_limit(uri: &str, limit: usize) -> pc_transport::Request {
    let mut request = get(uri);
    request.extensions_mut().insert(ResponseLimit(limit));
    request
}

/// A one-shot HTTP/1.1 server: reads one request head, writes `response` verbatim, closes.
async fn raw_server(response: Vec<u8>) -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let address = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        let serve = async {
            let (mut socket, _) = listener.accept().await.expect("a client connects");
            let mut head = Vec::new();
            let mut buffer = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let read = socket.read(&mut buffer).await.expect("read request");
                if read == 0 {
                    break;
                }
                head.extend_from_slice(&buffer[..read]);
            }
            // The client may hang up early (over the limit): write errors are expected then.
            let _ = socket.write_all(&response).await;
            let _ = socket.shutdown().await;
        };
        tokio::time::timeout(Duration::from_secs(10), serve)
            .await
            .expect("the raw server finishes within 10 s");
    });
    (address, task)
}

/// A chunked 200 response with `total` bytes of body in 16-byte chunks.
fn chunked_response(total: usize) -> (Vec<u8>, Vec<u8>) {
    let body: Vec<u8> = (0..total).map(|i| b'a' + (i % 26) as u8).collect();
    let mut wire = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for chunk in body.chunks(16) {
        wire.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        wire.extend_from_slice(chunk);
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b"0\r\n\r\n");
    (wire, body)
}

#[tokio::test]
async fn request_and_response_pass_through_unchanged() {
    // Arrange
    let server = MockServer::start().await;
    let response_body: &[u8] = &[0, 159, 146, 150, b'{', b'}'];
    Mock::given(method("PUT"))
        .and(path("/v1/customers/abc/qualification"))
        .and(query_param("code", "a b&c"))
        .and(header(
            "ms-requestid",
            "11111111-2222-4333-8444-555555555555",
        ))
        .and(header("content-type", "application/json"))
        .and(body_bytes(b"3".to_vec()))
        .respond_with(
            ResponseTemplate::new(418)
                .insert_header("ms-cv", "cv.1.2")
                .insert_header("ms-serverid", "srv-7")
                .set_body_raw(response_body, "application/octet-stream"),
        )
        .expect(1)
        .named("PUT passthrough")
        .mount(&server)
        .await;
    let request = http::Request::builder()
        .method(Method::PUT)
        .uri(format!(
            "{}/v1/customers/abc/qualification?code=a+b%26c",
            server.uri()
        ))
        .header("ms-requestid", "11111111-2222-4333-8444-555555555555")
        .header("content-type", "application/json")
        .body(Bytes::from_static(b"3"))
        .expect("request builds");

    // Act
    let response = transport().send(request).await.expect("a response");

    // Assert
    assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
    assert_eq!(
        response.headers().get("ms-cv").map(|v| v.as_bytes()),
        Some(b"cv.1.2".as_slice())
    );
    assert_eq!(
        response.headers().get("ms-serverid").map(|v| v.as_bytes()),
        Some(b"srv-7".as_slice())
    );
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(b"application/octet-stream".as_slice())
    );
    assert_eq!(response.body().as_ref(), response_body);
}

#[tokio::test]
async fn a_redirect_is_returned_as_is_and_not_followed() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(path("/v1/customers/all/validations"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", "/elsewhere/validations"),
        )
        .expect(1)
        .named("the redirecting endpoint")
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere/validations"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(0)
        .named("the redirect target, never visited")
        .mount(&server)
        .await;

    // Act
    let response = transport()
        .send(get(&format!(
            "{}/v1/customers/all/validations",
            server.uri()
        )))
        .await
        .expect("the 302 itself is the response");

    // Assert
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers().get("location").map(|v| v.as_bytes()),
        Some(b"/elsewhere/validations".as_slice())
    );
    assert!(response.body().is_empty());
}

#[tokio::test]
async fn a_content_length_over_the_limit_is_body_too_large() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b' '; 1024], "application/json"))
        .expect(1)
        .named("a 1 KiB body")
        .mount(&server)
        .await;

    // Act
    let error = transport()
        .send(get_with_limit(&server.uri(), 64))
        .await
        .expect_err("1 KiB is over 64 bytes");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::BodyTooLarge);
    assert_eq!(error.to_string(), "response body too large");
    assert!(error.may_have_been_processed());
}

#[tokio::test]
async fn a_content_length_equal_to_the_limit_is_read_whole() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b'7'; 64], "application/json"))
        .expect(1)
        .named("a 64-byte body")
        .mount(&server)
        .await;

    // Act
    let response = transport()
        .send(get_with_limit(&server.uri(), 64))
        .await
        .expect("64 bytes are within the limit");

    // Assert
    assert_eq!(response.body().as_ref(), [b'7'; 64].as_slice());
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_body_too_large() {
    // Arrange
    let (wire, _) = chunked_response(200);
    let (address, server) = raw_server(wire).await;

    // Act
    let error = transport()
        .send(get_with_limit(&format!("http://{address}/v1/x"), 100))
        .await
        .expect_err("200 bytes are over 100");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::BodyTooLarge);
    server.await.expect("the raw server does not panic");
}

#[tokio::test]
async fn a_chunked_body_within_the_limit_is_read_whole() {
    // Arrange
    let (wire, body) = chunked_response(200);
    let (address, server) = raw_server(wire).await;

    // Act
    let response = transport()
        .send(get_with_limit(&format!("http://{address}/v1/x"), 200))
        .await
        .expect("200 bytes are within the limit");

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("content-length").is_none());
    assert_eq!(response.body().as_ref(), body.as_slice());
    server.await.expect("the raw server does not panic");
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_io_and_may_have_been_processed() {
    // Arrange: promises 100 bytes, sends 10, hangs up.
    let wire =
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n0123456789".to_vec();
    let (address, server) = raw_server(wire).await;

    // Act
    let error = transport()
        .send(get(&format!("http://{address}/v1/x")))
        .await
        .expect_err("the body is cut short");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::Io);
    assert!(error.may_have_been_processed());
    server.await.expect("the raw server does not panic");
}

#[tokio::test]
async fn a_refused_connection_is_classified_connect_and_never_processed() {
    // Arrange: a port that was bound and released.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        listener.local_addr().expect("local address").port()
    };

    // Act
    let error = transport()
        .send(get(&format!("http://127.0.0.1:{port}/v1/x?code=123456")))
        .await
        .expect_err("nothing listens");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::Connect);
    assert!(error.is_connect());
    assert!(!error.may_have_been_processed());
    assert_eq!(error.to_string(), "connection failed");
    let chain = format!("{error:?}");
    assert!(!chain.contains("123456"), "the URL leaked: {chain}");
}

#[tokio::test]
async fn a_silent_server_past_the_read_timeout_is_a_timeout() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .expect(1)
        .named("a response after 2 s")
        .mount(&server)
        .await;
    let transport = ReqwestTransport::builder()
        .read_timeout(Duration::from_millis(150))
        .build()
        .expect("transport builds");

    // Act
    let error = transport
        .send(get(&server.uri()))
        .await
        .expect_err("the server is silent too long");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert!(error.is_timeout());
    assert!(error.may_have_been_processed());
}

#[tokio::test]
async fn a_relative_uri_is_an_invalid_request() {
    // Arrange
    let request = get("/v1/customers/all/validations");

    // Act
    let error = transport()
        .send(request)
        .await
        .expect_err("no host to send to");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    assert!(!error.may_have_been_processed());
}

#[tokio::test]
async fn a_callers_own_reqwest_client_is_used() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-from-caller", "yes"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .named("GET with the caller's default header")
        .mount(&server)
        .await;
    let mut defaults = http::HeaderMap::new();
    defaults.insert("x-from-caller", http::HeaderValue::from_static("yes"));
    // A caller's own client keeps its own proxy settings (the loopback rule is
    // ReqwestTransportBuilder's): this one, like a test rig's, goes direct.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .default_headers(defaults)
        .build()
        .expect("client builds");

    // Act
    let response = ReqwestTransport::with_client(client)
        .send(get(&server.uri()))
        .await
        .expect("a response");

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body().as_ref(), b"[]");
}

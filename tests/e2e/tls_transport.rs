//! `ReqwestTransport` over TLS on 127.0.0.1 with certificates made at test time: a chain to an
//! added root is trusted; an unknown issuer, an expired certificate and a certificate for another
//! name are each refused as a `Connect` error whose cause says why, before any request byte
//! reaches the server; bad PEM data is an error from `build()` (issue 10: TLS tested in CI).

use std::time::Duration;

use pc_client::bytes::Bytes;
use pc_client::{ReqwestTransport, Transport, TransportError, TransportErrorKind};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::tls_rig::{Leaf, TestCa, TlsFront, chain};

/// Both names a client may use for the server on this machine.
const LOOPBACK_NAMES: &[&str] = &["localhost", "127.0.0.1"];

/// A transport trusting `roots` (PEM) on top of the platform's.
fn transport_trusting(roots: &[String]) -> ReqwestTransport {
    roots
        .iter()
        .fold(ReqwestTransport::builder(), |builder, pem| {
            builder.add_root_certificate_pem(pem.as_bytes())
        })
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(10))
        .build()
        .expect("transport builds")
}

/// A wiremock backend answering `GET /v1/x` with `over tls`.
async fn backend() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/x"))
        .respond_with(ResponseTemplate::new(200).set_body_string("over tls"))
        .mount(&server)
        .await;
    server
}

fn get(uri: &str) -> pc_client::Request {
    pc_client::http::Request::get(uri)
        .body(Bytes::new())
        .expect("request builds")
}

/// Sends `GET {host}/v1/x` through a TLS front presenting `leaf` with `transport`; returns the
/// error and asserts that nothing reached the backend.
async fn refused(transport: &ReqwestTransport, leaf: &Leaf, host: &str) -> TransportError {
    let server = backend().await;
    let front = TlsFront::start(leaf, *server.address()).await;

    let error = transport
        .send(get(&format!("{}/v1/x", front.url(host))))
        .await
        .expect_err("the handshake is refused");

    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "a request got through: {received:?}");
    error
}

/// Asserts a certificate refusal: kind `Connect` (never sent), the certificate problem named.
fn assert_refused_saying(error: &TransportError, expected: &str) {
    let text = chain(error);
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{text}");
    assert!(!error.may_have_been_processed(), "{text}");
    assert!(text.starts_with("connection failed: "), "{text}");
    assert!(text.contains(expected), "{expected:?} not in {text:?}");
}

#[tokio::test]
async fn a_chain_to_an_added_root_is_trusted_by_ip_and_by_name() {
    // Arrange
    let ca = TestCa::new("pc test CA");
    let server = backend().await;
    let front = TlsFront::start(&ca.leaf(LOOPBACK_NAMES), *server.address()).await;
    let transport = transport_trusting(&[ca.pem()]);

    for host in LOOPBACK_NAMES {
        // Act
        let response = transport
            .send(get(&format!("{}/v1/x", front.url(host))))
            .await;

        // Assert
        let response = response.unwrap_or_else(|e| panic!("{host}: {}", chain(&e)));
        assert_eq!(response.status(), 200);
        assert_eq!(response.body(), &Bytes::from_static(b"over tls"));
    }
}

#[tokio::test]
async fn an_unknown_issuer_is_refused_as_a_connect_error_that_says_unknown_issuer() {
    // Arrange: the server's CA is trusted by neither transport.
    let servers_ca = TestCa::new("the server's CA");
    let other_ca = TestCa::new("another CA");
    let leaf = servers_ca.leaf(LOOPBACK_NAMES);

    for transport in [
        transport_trusting(&[]),
        transport_trusting(&[other_ca.pem()]),
    ] {
        // Act
        let error = refused(&transport, &leaf, "127.0.0.1").await;

        // Assert
        assert_refused_saying(&error, "invalid peer certificate: UnknownIssuer");
    }
}

#[tokio::test]
async fn an_expired_certificate_is_refused_as_a_connect_error_that_says_expired() {
    // Arrange
    let ca = TestCa::new("pc test CA");
    let transport = transport_trusting(&[ca.pem()]);

    // Act
    let error = refused(&transport, &ca.expired_leaf(LOOPBACK_NAMES), "127.0.0.1").await;

    // Assert
    assert_refused_saying(
        &error,
        "invalid peer certificate: certificate expired: verification time ",
    );
    assert_refused_saying(&error, "but certificate is not valid after 1609459200 (");
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused_as_a_connect_error_that_names_both() {
    // Arrange
    let ca = TestCa::new("pc test CA");
    let transport = transport_trusting(&[ca.pem()]);

    // Act
    let error = refused(&transport, &ca.leaf(&["pc.other.test"]), "127.0.0.1").await;

    // Assert
    assert_refused_saying(
        &error,
        "invalid peer certificate: certificate not valid for name \"127.0.0.1\"; certificate is \
         only valid for DnsName(\"pc.other.test\")",
    );
}

#[test]
fn pem_data_without_a_usable_certificate_is_an_invalid_request_error_from_build() {
    let key_only =
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";
    let bad_base64 = "-----BEGIN CERTIFICATE-----\n%%%not base64%%%\n-----END CERTIFICATE-----\n";
    let cases = [
        (
            "",
            "invalid root certificate PEM #1: no -----BEGIN CERTIFICATE----- block",
        ),
        (
            "not a certificate",
            "invalid root certificate PEM #1: no -----BEGIN CERTIFICATE----- block",
        ),
        (
            key_only,
            "invalid root certificate PEM #1: no -----BEGIN CERTIFICATE----- block",
        ),
        (
            bad_base64,
            "invalid root certificate PEM #1: builder error: invalid certificate encoding",
        ),
    ];
    let good = TestCa::new("pc test CA").pem();

    for (pem, expected) in cases {
        let error = ReqwestTransport::builder()
            .add_root_certificate_pem(pem)
            .build()
            .expect_err(expected);

        assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
        assert_eq!(chain(&error), format!("invalid request: {expected}"));
    }
    let second = ReqwestTransport::builder()
        .add_root_certificate_pem(good.as_bytes())
        .add_root_certificate_pem("")
        .build()
        .expect_err("the second is empty");
    assert!(chain(&second).contains("PEM #2: "), "{}", chain(&second));
}

#[test]
fn a_pem_block_whose_content_is_no_certificate_is_an_error_from_build_not_a_panic() {
    // Base64 of "not DER at all": a CERTIFICATE block rustls cannot parse.
    let pem = "-----BEGIN CERTIFICATE-----\nbm90IERFUiBhdCBhbGw=\n-----END CERTIFICATE-----\n";

    let error = ReqwestTransport::builder()
        .add_root_certificate_pem(pem)
        .build()
        .expect_err("not a certificate");

    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    assert_eq!(
        chain(&error),
        "invalid request: builder error: invalid peer certificate: BadEncoding"
    );
}

#[test]
fn debug_counts_the_added_roots_without_printing_them() {
    let pem = TestCa::new("pc test CA").pem();

    let builder = ReqwestTransport::builder()
        .add_root_certificate_pem(pem.as_bytes())
        .add_root_certificate_pem(pem.as_bytes());

    assert_eq!(
        format!("{builder:?}"),
        "ReqwestTransportBuilder { root_certificates_pem: 2 }"
    );
}

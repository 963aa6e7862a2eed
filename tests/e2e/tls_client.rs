//! The client over TLS on 127.0.0.1, with a CA and certificates made at test time (issue 10: TLS
//! tested in CI, as production is HTTPS only): with the CA added as a root, a whole App+User flow
//! (token endpoint and API) works over https; an unknown issuer, an expired certificate and a
//! certificate for another name are each refused, for the API and for the token endpoint, with
//! an error that says so, and no request reaches the server.

use std::time::Duration;

use pc_client::{
    EntraCredential, Error, ErrorKind, PartnerCenterClient, ReqwestTransport, RetryPolicy,
    TokenProvider, TransportErrorKind,
};
use pc_emulator::{Emulator, EmulatorConfig, demo};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::tls_rig::{Leaf, TestCa, TlsFront};

/// Both names a client may use for the server on this machine.
const LOOPBACK_NAMES: &[&str] = &["localhost", "127.0.0.1"];

/// The tenant tokens are asked for.
const TENANT: &str = "contoso.onmicrosoft.com";

/// A transport trusting `root` (PEM) on top of the platform's roots.
fn transport_trusting(root: &str) -> ReqwestTransport {
    ReqwestTransport::builder()
        .add_root_certificate_pem(root.as_bytes())
        .connect_timeout(Duration::from_secs(5))
        .build()
        .expect("transport builds")
}

/// A wiremock server that answers anything with 200 and is checked to have received nothing.
async fn untouchable() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .named("nothing may get past the handshake")
        .mount(&server)
        .await;
    server
}

/// The three certificate problems: the leaf the server presents, the host the client asks for,
/// and the words the error must say.
fn bad_certificates(ca: &TestCa) -> Vec<(&'static str, Leaf, &'static str)> {
    let stranger = TestCa::new("a CA nobody trusts");
    vec![
        (
            "unknown issuer",
            stranger.leaf(LOOPBACK_NAMES),
            "invalid peer certificate: UnknownIssuer",
        ),
        (
            "expired",
            ca.expired_leaf(LOOPBACK_NAMES),
            "invalid peer certificate: certificate expired: ",
        ),
        (
            "another name",
            ca.leaf(&["pc.other.test"]),
            "invalid peer certificate: certificate not valid for name \"127.0.0.1\"",
        ),
    ]
}

#[tokio::test]
async fn with_the_servers_root_added_a_whole_app_user_flow_runs_over_https() {
    // Arrange: the emulator behind a TLS front whose certificate the test CA issued.
    let emulator = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let ca = TestCa::new("pc test CA");
    let front = TlsFront::start(&ca.leaf(LOOPBACK_NAMES), emulator.local_addr()).await;
    let transport = transport_trusting(&ca.pem());
    let credential = EntraCredential::refresh_token(TENANT, demo::CLIENT_ID, demo::REFRESH_TOKEN)
        .client_secret(demo::CLIENT_SECRET)
        .authority(front.url("localhost"))
        .transport(transport.clone())
        .build()
        .expect("an https authority");
    let client = PartnerCenterClient::builder()
        .endpoint(front.url("127.0.0.1"))
        .credential(credential)
        .transport(transport)
        .build()
        .expect("an https endpoint");

    // Act
    let list = client
        .customer(demo::tailspin_university())
        .qualifications()
        .list()
        .await;

    // Assert
    let list = list.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].qualification.as_str(), "Education");
    assert_eq!(emulator.token_requests(), 1);
}

#[tokio::test]
async fn the_api_over_a_bad_certificate_is_a_connect_error_that_names_the_problem() {
    let ca = TestCa::new("pc test CA");
    for (problem, leaf, expected) in bad_certificates(&ca) {
        // Arrange
        let api = untouchable().await;
        let front = TlsFront::start(&leaf, *api.address()).await;
        let client = PartnerCenterClient::builder()
            .endpoint(front.url("127.0.0.1"))
            .access_token("test-token-0123456789")
            .transport(transport_trusting(&ca.pem()))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client");

        // Act
        let error = client
            .customer(demo::tailspin_university())
            .qualifications()
            .list()
            .await
            .expect_err(problem);

        // Assert
        let text = error.to_string();
        assert_eq!(error.kind(), ErrorKind::Transport, "{problem}: {text}");
        let transport = error.transport_error().expect("a transport error");
        assert_eq!(transport.kind(), TransportErrorKind::Connect, "{problem}");
        assert!(
            text.starts_with("no complete response: connection failed: "),
            "{problem}: {text}"
        );
        assert!(
            text.contains(expected),
            "{problem}: {expected:?} not in {text:?}"
        );
        assert!(!text.contains("test-token"), "{problem}: {text}");
        api.verify().await;
    }
}

#[tokio::test]
async fn a_token_endpoint_with_a_bad_certificate_gets_no_secret_and_the_error_names_the_problem() {
    let ca = TestCa::new("pc test CA");
    for (problem, leaf, expected) in bad_certificates(&ca) {
        // Arrange
        let authority = untouchable().await;
        let front = TlsFront::start(&leaf, *authority.address()).await;
        let credential =
            EntraCredential::client_credentials(TENANT, "app-id", "client-secret-value")
                .authority(front.url("127.0.0.1"))
                .transport(transport_trusting(&ca.pem()))
                .build()
                .expect("an https authority");

        // Act
        let error: Error = credential.token().await.expect_err(problem);

        // Assert
        let text = error.to_string();
        assert!(error.is_auth() && error.is_transient(), "{problem}: {text}");
        assert_eq!(
            error.transport_error().map(|e| e.kind()),
            Some(TransportErrorKind::Connect),
            "{problem}"
        );
        assert!(
            text.starts_with(
                "authentication failed: the token endpoint could not be reached: connection failed: "
            ),
            "{problem}: {text}"
        );
        assert!(
            text.contains(expected),
            "{problem}: {expected:?} not in {text:?}"
        );
        assert!(!text.contains("client-secret-value"), "{problem}: {text}");
        authority.verify().await;
    }
}

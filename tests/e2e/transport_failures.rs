//! Failures below HTTP: nothing listening (`ErrorKind::Transport`, certainly not processed), the
//! client's deadline (`ErrorKind::Timeout`) and the transport's own read timeout.

use std::time::Duration;

use pc_client::{CallOptions, ErrorKind, PartnerCenterClient, RetryPolicy};
use pc_client::{ReqwestTransport, TransportErrorKind};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    PINNED_CORRELATION_ID, PINNED_REQUEST_ID, TOKEN, assert_transport_display, customer,
    ids_suffix, wiremock_builder,
};

/// Options pinning both ids, so an error's `Display` can be predicted.
fn pinned() -> CallOptions {
    CallOptions::default()
        .request_id(PINNED_REQUEST_ID)
        .correlation_id(PINNED_CORRELATION_ID)
}

/// A server whose only answer is a list delayed by two seconds.
async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("[]", "application/json")
                .set_delay(Duration::from_secs(10)),
        )
        .expect(1)
        .named("a list answered after 10 s")
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_that_was_certainly_not_processed() {
    // Arrange: a port that was bound and released, so nothing listens on it.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        listener.local_addr().expect("local address").port()
    };
    let client = PartnerCenterClient::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds");

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .options(pinned())
        .await
        .expect_err("nothing listens");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.is_transport());
    assert_eq!(error.status(), None);
    assert_eq!(error.attempts(), 1);
    let transport = error
        .transport_error()
        .expect("transport_error() gives the cause");
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(transport.is_connect());
    assert!(!transport.may_have_been_processed());
    // One line: the transport error, then its causes (reqwest's and the OS's words), then the ids.
    assert!(
        error
            .to_string()
            .starts_with("no complete response: connection failed: "),
        "{error}"
    );
    assert_transport_display(
        &error,
        &ids_suffix(PINNED_REQUEST_ID, PINNED_CORRELATION_ID),
    );
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_response_slower_than_the_client_timeout_is_a_timeout_error() {
    // Arrange
    let server = slow_server().await;
    let client = wiremock_builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client builds");

    // Act
    let started = std::time::Instant::now();
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .options(pinned())
        .await
        .expect_err("the deadline passes");

    // Assert
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(error.is_timeout());
    assert_eq!(error.status(), None);
    assert_eq!(error.attempts(), 1);
    assert!(error.transport_error().is_none());
    assert_eq!(error.request_id(), Some(PINNED_REQUEST_ID));
    assert_eq!(error.correlation_id(), Some(PINNED_CORRELATION_ID));
    assert_eq!(
        error.to_string(),
        format!(
            "timed out: no response within the 200ms deadline{}",
            ids_suffix(PINNED_REQUEST_ID, PINNED_CORRELATION_ID)
        )
    );
}

#[tokio::test]
async fn the_transports_read_timeout_is_a_transport_error_that_may_have_been_processed() {
    // Arrange
    let server = slow_server().await;
    let transport = ReqwestTransport::builder()
        .read_timeout(Duration::from_millis(200))
        .build()
        .expect("transport builds");
    let client = wiremock_builder(&server)
        .transport(transport)
        .build()
        .expect("client builds");

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .options(pinned())
        .await
        .expect_err("the transport gives up");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Transport);
    let transport = error
        .transport_error()
        .expect("transport_error() gives the cause");
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(transport.is_timeout());
    assert!(transport.may_have_been_processed());
    assert!(
        error
            .to_string()
            .starts_with("no complete response: timed out waiting for the response: "),
        "{error}"
    );
    assert_transport_display(
        &error,
        &ids_suffix(PINNED_REQUEST_ID, PINNED_CORRELATION_ID),
    );
}

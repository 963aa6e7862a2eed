//! `max_response_bytes`: the transport stops reading past it, the client checks it again for
//! transports that do not, and a body of exactly the limit is accepted.

use pc_client::{ErrorKind, MockTransport, Qualification};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    customer, ids_suffix, mock_builder, only_request, sent_ids, wiremock_builder,
};

/// Answers once with `status` and `body`.
async fn serve(server: &MockServer, status: u16, body: Vec<u8>) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .expect(1)
        .named("GET qualifications")
        .mount(server)
        .await;
}

/// A JSON list of exactly `len` bytes (padded with spaces).
fn list_of_len(len: usize) -> Vec<u8> {
    let mut body = br#"[{"qualification":"StateOwnedEntity"}]"#.to_vec();
    body.resize(len, b' ');
    body
}

#[tokio::test]
async fn a_body_over_max_response_bytes_is_refused_by_the_transport() {
    // Arrange
    let server = MockServer::start().await;
    serve(&server, 200, list_of_len(1024)).await;
    let client = wiremock_builder(&server)
        .max_response_bytes(64)
        .build()
        .expect("client builds");

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("1 KiB is over 64 bytes");

    // Assert
    let (request_id, correlation_id) = sent_ids(&only_request(&server).await);
    assert_eq!(error.kind(), ErrorKind::ResponseTooLarge);
    assert_eq!(error.status(), None);
    assert_eq!(error.attempts(), 1);
    // The transport stopped reading; the error reads the same as when the client checks.
    assert!(error.transport_error().is_none());
    assert_eq!(
        error.to_string(),
        format!(
            "response too large: response body larger than the 64-byte limit{}",
            ids_suffix(request_id, correlation_id)
        )
    );
}

#[tokio::test]
async fn a_body_of_exactly_max_response_bytes_is_accepted() {
    // Arrange
    let server = MockServer::start().await;
    serve(&server, 200, list_of_len(64)).await;
    let client = wiremock_builder(&server)
        .max_response_bytes(64)
        .build()
        .expect("client builds");

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    assert_eq!(
        list.expect("64 bytes are within the limit"),
        vec![Qualification::new(
            pc_client::CustomerQualification::StateOwnedEntity
        )]
    );
}

#[tokio::test]
async fn an_oversized_error_body_is_too_large_rather_than_a_service_error() {
    // Arrange
    let server = MockServer::start().await;
    let mut body = br#"{"code":"800003","description":""#.to_vec();
    body.resize(1000, b'x');
    body.extend_from_slice(br#""}"#);
    serve(&server, 500, body).await;
    let client = wiremock_builder(&server)
        .max_response_bytes(64)
        .build()
        .expect("client builds");

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("the body is over the limit");

    // Assert
    assert_eq!(error.kind(), ErrorKind::ResponseTooLarge);
    assert_eq!(error.status(), None);
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn the_client_checks_the_limit_when_a_transport_does_not() {
    // Arrange: MockTransport hands back whatever it was given, whatever the limit.
    let mock = MockTransport::new();
    mock.push_json(200, list_of_len(1024));
    let client = mock_builder(&mock)
        .max_response_bytes(64)
        .build()
        .expect("client builds");

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("1 KiB is over 64 bytes");

    // Assert
    let sent = &mock.requests()[0];
    let request_id = sent.header("ms-requestid").expect("request id sent");
    let correlation_id = sent
        .header("ms-correlationid")
        .expect("correlation id sent");
    assert_eq!(error.kind(), ErrorKind::ResponseTooLarge);
    assert_eq!(error.attempts(), 1);
    assert!(error.transport_error().is_none());
    assert_eq!(
        error.to_string(),
        format!(
            "response too large: response body larger than the 64-byte limit (correlation id {correlation_id}, request id {request_id})"
        )
    );
}

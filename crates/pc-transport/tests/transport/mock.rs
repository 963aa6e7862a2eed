//! `MockTransport`: answers from its queue in order, records every request, and fails loudly
//! (and countably) on a request nobody queued a reply for.

use bytes::Bytes;
use http::{Method, StatusCode};
use pc_transport::{MockTransport, Transport, TransportError, TransportErrorKind};

fn get(uri: &str) -> pc_transport::Request {
    http::Request::get(uri)
        .body(Bytes::new())
        .expect("request builds")
}

#[tokio::test]
async fn replies_are_returned_in_the_order_they_were_queued() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(200, "[1]")
        .push_json(201, "[2]")
        .push_json(503, "");

    // Act
    let first = mock.send(get("https://pc.test/a")).await.expect("first");
    let second = mock.send(get("https://pc.test/b")).await.expect("second");
    let third = mock.send(get("https://pc.test/c")).await.expect("third");

    // Assert
    assert_eq!(
        (first.status(), first.body().as_ref()),
        (StatusCode::OK, b"[1]".as_slice())
    );
    assert_eq!(
        (second.status(), second.body().as_ref()),
        (StatusCode::CREATED, b"[2]".as_slice())
    );
    assert_eq!(third.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        first.headers().get("content-type").map(|v| v.as_bytes()),
        Some(b"application/json".as_slice())
    );
    assert!(mock.is_exhausted());
    assert_eq!(mock.unexpected_requests(), 0);
}

#[tokio::test]
async fn every_request_is_recorded_with_method_uri_headers_and_body() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(201, "{}");
    let request = http::Request::post("https://pc.test/v1/customers/x/qualifications?code=1%202")
        .header("content-type", "application/json")
        .header("ms-requestid", "7f0e4b2c-0000-4000-8000-000000000001")
        .body(Bytes::from_static(b"3"))
        .expect("request builds");

    // Act
    let response = mock.send(request).await;

    // Assert
    assert!(response.is_ok());
    let recorded = mock.requests();
    assert_eq!(recorded.len(), 1);
    let recorded = &recorded[0];
    assert_eq!(recorded.method, Method::POST);
    assert_eq!(recorded.uri.path(), "/v1/customers/x/qualifications");
    assert_eq!(recorded.uri.query(), Some("code=1%202"));
    assert_eq!(recorded.header("content-type"), Some("application/json"));
    assert_eq!(
        recorded.header("MS-RequestId"),
        Some("7f0e4b2c-0000-4000-8000-000000000001")
    );
    assert_eq!(recorded.header("x-absent"), None);
    assert_eq!(recorded.body.as_ref(), b"3");
}

#[tokio::test]
async fn an_unexpected_request_fails_with_invalid_request_naming_it_and_is_counted() {
    // Arrange
    let mock = MockTransport::new();

    // Act
    let error = mock
        .send(get("https://pc.test/v1/customers/all/validations?secret=1"))
        .await
        .expect_err("nothing is queued");

    // Assert
    assert_eq!(error.kind(), TransportErrorKind::InvalidRequest);
    assert!(!error.may_have_been_processed());
    assert_eq!(error.to_string(), "invalid request");
    assert_eq!(
        std::error::Error::source(&error).map(ToString::to_string),
        Some(
            "MockTransport: unexpected request GET /v1/customers/all/validations (no reply queued)"
                .to_owned()
        )
    );
    assert_eq!(mock.unexpected_requests(), 1);
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_queued_error_is_returned_in_its_turn() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_error(TransportError::new(TransportErrorKind::Io, "reset"))
        .push_json(200, "[]");

    // Act
    let first = mock.send(get("https://pc.test/1")).await;
    let second = mock.send(get("https://pc.test/2")).await;

    // Assert
    let error = first.expect_err("the error comes first");
    assert_eq!(error.kind(), TransportErrorKind::Io);
    assert!(error.may_have_been_processed());
    assert_eq!(second.expect("then the response").status(), StatusCode::OK);
    assert_eq!(mock.unexpected_requests(), 0);
}

#[tokio::test]
async fn clones_share_one_queue_and_one_record() {
    // Arrange
    let mock = MockTransport::new();
    let handed_out = mock.clone();
    mock.push_response(
        http::Response::builder()
            .status(204)
            .header("ms-cv", "abc.1")
            .body(Bytes::new())
            .expect("response builds"),
    );

    // Act
    let response = handed_out
        .send(get("https://pc.test/x"))
        .await
        .expect("queued");

    // Assert
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        response.headers().get("ms-cv").map(|v| v.as_bytes()),
        Some(b"abc.1".as_slice())
    );
    assert_eq!(mock.requests().len(), 1);
    assert!(mock.is_exhausted());
}

// FIXME: an out-of-range status silently becomes a success; a typo in a test's status (1000 for
// 100) then passes as 200. Asserted as it is.
#[tokio::test]
async fn an_invalid_status_code_in_push_json_falls_back_to_200() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(1000, "[]");

    // Act
    let response = mock.send(get("https://pc.test/x")).await.expect("queued");

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
}

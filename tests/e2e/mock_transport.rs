//! The client over `pc_client::MockTransport` (pc-transport's, re-exported under `test-util`):
//! replies in queue order, every request recorded, unexpected requests and queued failures
//! surfacing as transport errors. The endpoint does not resolve, so no socket is ever opened.

use pc_client::TransportErrorKind;
use pc_client::http::{Method, StatusCode};
use pc_client::{
    CustomerQualification, ErrorKind, MockTransport, Qualification, QualificationName,
    QualificationRequest, Secret, TransportError,
};

use crate::support::{CUSTOMER, TOKEN, USER_AGENT, customer, mock_client};

#[tokio::test]
async fn queued_replies_are_answered_in_order() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(
        200,
        r#"[{"qualification":"Education","vettingStatus":"Approved"}]"#,
    )
    .push_json(201, r#"{"qualification":"StateOwnedEntity"}"#)
    .push_json(200, r#""education""#);
    let client = mock_client(&mock);
    let id = customer();

    // Act
    let list = client.customer(id).qualifications().list().await;
    let created = client
        .customer(id)
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await;
    let legacy = client.customer(id).legacy_qualification().get().await;

    // Assert
    assert_eq!(
        list.expect("first reply"),
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(pc_client::VettingStatus::Approved)
        ]
    );
    assert_eq!(
        created.expect("second reply"),
        Qualification::new(CustomerQualification::StateOwnedEntity)
    );
    assert_eq!(
        legacy.expect("third reply"),
        QualificationName::Known(CustomerQualification::Education)
    );
    assert!(mock.is_exhausted());
    assert_eq!(mock.unexpected_requests(), 0);
    let methods: Vec<Method> = mock.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, vec![Method::GET, Method::POST, Method::GET]);
}

#[tokio::test]
async fn recorded_requests_hold_method_uri_headers_and_body() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(200, r#""governmentcommunitycloud""#);
    let client = mock_client(&mock);

    // Act
    let updated = client
        .customer(customer())
        .legacy_qualification()
        .update(
            CustomerQualification::GovernmentCommunityCloud,
            Some(Secret::new("123456")),
        )
        .await;

    // Assert
    assert_eq!(
        updated.expect("the PUT succeeds"),
        CustomerQualification::GovernmentCommunityCloud
    );
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, Method::PUT);
    assert_eq!(
        sent.uri.to_string(),
        format!("https://pc.test/v1/customers/{CUSTOMER}/qualification?code=123456")
    );
    assert_eq!(sent.body.as_ref(), b"3");
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(sent.header("accept"), Some("application/json"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.header("ms-contract-version"), Some("v1"));
    assert_eq!(sent.header("user-agent"), Some(USER_AGENT));
    assert!(sent.header("ms-requestid").is_some());
    assert!(sent.header("ms-correlationid").is_some());
    assert_eq!(sent.headers.len(), 7);
}

#[tokio::test]
async fn the_authorization_header_is_marked_sensitive_and_hidden_from_debug() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(200, "[]");
    let client = mock_client(&mock);

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    assert!(list.is_ok());
    let sent = &mock.requests()[0];
    let authorization = sent.headers.get("authorization").expect("sent");
    assert!(authorization.is_sensitive());
    let debug = format!("{sent:?} {client:?}");
    assert!(!debug.contains(TOKEN), "token leaked: {debug}");
}

#[tokio::test]
async fn an_unexpected_request_fails_with_invalid_request_and_is_counted() {
    // Arrange: nothing queued.
    let mock = MockTransport::new();
    let client = mock_client(&mock);

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("no reply is queued");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Transport);
    let transport = error
        .transport_error()
        .expect("transport_error() gives the cause");
    assert_eq!(transport.kind(), TransportErrorKind::InvalidRequest);
    assert!(!transport.may_have_been_processed());
    assert_eq!(
        std::error::Error::source(transport).map(ToString::to_string),
        Some(format!(
            "MockTransport: unexpected request GET /v1/customers/{CUSTOMER}/qualifications (no reply queued)"
        ))
    );
    let sent = &mock.requests()[0];
    assert_eq!(
        error.to_string(),
        format!(
            "no complete response: invalid request: MockTransport: unexpected request GET /v1/customers/{CUSTOMER}/qualifications (no reply queued) (correlation id {}, request id {})",
            sent.header("ms-correlationid").expect("sent"),
            sent.header("ms-requestid").expect("sent"),
        )
    );
    assert!(std::error::Error::source(&error).is_none());
    assert!(
        !error.is_retryable(),
        "a refused request would be refused again"
    );
    assert_eq!(mock.unexpected_requests(), 1);
    assert_eq!(mock.requests().len(), 1);
    assert!(mock.is_exhausted());
}

#[tokio::test]
async fn a_queued_transport_error_propagates_as_a_transport_error() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_error(TransportError::new(
        TransportErrorKind::Io,
        "connection reset by peer",
    ))
    .push_error(TransportError::from_kind(TransportErrorKind::Connect));
    let client = mock_client(&mock);
    let qualifications = client.customer(customer()).qualifications();

    // Act
    let reset = qualifications
        .create(QualificationRequest::education())
        .await
        .expect_err("the first reply is a reset");
    let refused = qualifications
        .list()
        .await
        .expect_err("the second reply is a refused connection");

    // Assert
    assert_eq!(reset.kind(), ErrorKind::Transport);
    assert_eq!(reset.attempts(), 1);
    let reset_cause = reset
        .transport_error()
        .expect("transport_error() gives the cause");
    assert_eq!(reset_cause.kind(), TransportErrorKind::Io);
    assert!(reset_cause.may_have_been_processed());
    assert_eq!(refused.kind(), ErrorKind::Transport);
    let refused_cause = refused
        .transport_error()
        .expect("transport_error() gives the cause");
    assert_eq!(refused_cause.kind(), TransportErrorKind::Connect);
    assert!(!refused_cause.may_have_been_processed());
    assert_eq!(mock.requests().len(), 2);
    assert_eq!(mock.unexpected_requests(), 0);
}

#[tokio::test]
async fn a_queued_error_status_becomes_a_service_error() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(
        404,
        r#"{"code":"1000","description":"Not found.","data":[],"source":"PartnerFD"}"#,
    );
    let client = mock_client(&mock);

    // Act
    let error = client
        .validation_codes()
        .list()
        .await
        .expect_err("404 is an error");

    // Assert
    let sent = &mock.requests()[0];
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.code(), Some("1000"));
    assert_eq!(
        error.to_string(),
        format!(
            "service error: HTTP 404 Not Found, code 1000: Not found (correlation id {}, request id {})",
            sent.header("ms-correlationid").expect("sent"),
            sent.header("ms-requestid").expect("sent"),
        )
    );
}

//! Open retry rules: classifiers added to a `RetryPolicy`, on the client or on one call, and the
//! default rules they fall back to.

use std::time::Duration;

use pc_client::{
    CallOptions, ClassifyRetry, DefaultRetryClassifier, Error, ErrorKind, PartnerCenterClient,
    QualificationRequest, RetryAction, RetryPolicy, TransportError, TransportErrorKind,
};
use pc_transport::MockTransport;
use tokio::time::Instant;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{customer, header, http_client, mock_client_with};

const PATH: &str = "/v1/customers/4a1e9c32-5b7d-4f1a-8c2e-0d3b6a9f7e10/qualifications";

/// The documented error body of a change the service is still applying.
const STILL_APPLYING: &str = r#"{"code":"800002","description":"The request could not be completed. Try again.","data":[],"source":"PartnerFD"}"#;

/// Retries a 409 whose code is `800002`; no opinion otherwise.
fn retry_conflict_800002(error: &Error) -> RetryAction {
    match (error.status().map(|s| s.as_u16()), error.code()) {
        (Some(409), Some("800002")) => RetryAction::Retry,
        _ => RetryAction::NoActionIndicated,
    }
}

/// A short-backoff policy, as the HTTP tests' client has.
fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(4)
        .initial_backoff(Duration::from_millis(20))
        .max_backoff(Duration::from_millis(200))
}

/// A server answering the create with a 409 (code 800002) once, then 201. With `expect_retry`
/// false, the 201 must never be asked for.
async fn conflict_then_created(expect_retry: bool) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(409).set_body_raw(STILL_APPLYING, "application/json"))
        .up_to_n_times(1)
        .expect(1)
        .named("conflict once")
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"StateOwnedEntity"}"#,
            "application/json",
        ))
        .expect(u64::from(expect_retry))
        .named("then created")
        .mount(&server)
        .await;
    server
}

/// Both requests of a retried create carried the same ids and the same body.
async fn assert_one_logical_call_in_two_requests(server: &MockServer) {
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    let (first, second) = (&received[0], &received[1]);
    assert!(!header(first, "ms-requestid").is_empty());
    assert_eq!(
        header(first, "ms-requestid"),
        header(second, "ms-requestid")
    );
    assert!(!header(first, "ms-correlationid").is_empty());
    assert_eq!(
        header(first, "ms-correlationid"),
        header(second, "ms-correlationid")
    );
    assert_eq!(first.body, b"4");
    assert_eq!(first.body, second.body, "byte-identical bodies");
}

#[tokio::test]
async fn a_classifier_on_the_client_retries_a_conflict_with_the_same_ids_and_body() {
    let server = conflict_then_created(true).await;
    let client = PartnerCenterClient::builder()
        .endpoint(server.uri())
        .access_token("test-token-0123456789")
        .retry_policy(fast().with_classifier(retry_conflict_800002))
        .build()
        .expect("client");

    let created = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .reply()
        .await
        .expect("created on the retry");

    assert_eq!(created.status.as_u16(), 201);
    assert_eq!(created.value.qualification.as_str(), "StateOwnedEntity");
    assert_one_logical_call_in_two_requests(&server).await;
}

#[tokio::test]
async fn a_classifier_in_call_options_retries_a_conflict_for_that_call_only() {
    let server = conflict_then_created(true).await;
    let client = http_client(&server.uri(), 4);

    let created = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .options(CallOptions::default().retry_policy(fast().with_classifier(retry_conflict_800002)))
        .await
        .expect("created on the retry");

    assert_eq!(created.qualification.as_str(), "StateOwnedEntity");
    assert_one_logical_call_in_two_requests(&server).await;
}

#[tokio::test]
async fn without_the_rule_a_conflict_is_final_after_one_request() {
    let server = conflict_then_created(false).await;
    let client = http_client(&server.uri(), 4);

    let err = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect_err("409 is not retried by default");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(err.code(), Some("800002"));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_classifier_answering_no_retry_for_503_stops_the_default_retry() {
    let mock = MockTransport::new();
    mock.push_json(
        503,
        r#"{"code":"800003","description":"Unexpected service error"}"#,
    )
    .push_json(200, "[]");
    let never_503 = |e: &Error| match e.status().map(|s| s.as_u16()) {
        Some(503) => RetryAction::NoRetry,
        _ => RetryAction::NoActionIndicated,
    };
    let client = mock_client_with(&mock, RetryPolicy::default().with_classifier(never_503));

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("the rule ends the call");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.attempts(), 1);
    assert_eq!(mock.requests().len(), 1);
    assert!(err.is_retryable(), "the default rules alone would retry it");
}

#[tokio::test(start_paused = true)]
async fn retry_after_from_a_classifier_waits_at_least_that_long() {
    let mock = MockTransport::new();
    mock.push_json(500, "").push_json(200, "[]");
    let wait_90s = |e: &Error| match e.status().map(|s| s.as_u16()) {
        Some(500) => RetryAction::RetryAfter(Duration::from_secs(90)),
        _ => RetryAction::NoActionIndicated,
    };
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .with_classifier(wait_90s);
    let client = mock_client_with(&mock, policy);
    let started = Instant::now();

    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("the second attempt");

    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(90), "waited {waited:?}");
    assert!(waited < Duration::from_secs(91), "waited {waited:?}");
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn classifiers_are_asked_in_order_and_the_first_action_decides() {
    let mock = MockTransport::new();
    mock.push_json(503, "").push_json(200, "[]");
    let retry_503 = |e: &Error| match e.status().map(|s| s.as_u16()) {
        Some(503) => RetryAction::Retry,
        _ => RetryAction::NoActionIndicated,
    };
    let never_503 = |e: &Error| match e.status().map(|s| s.as_u16()) {
        Some(503) => RetryAction::NoRetry,
        _ => RetryAction::NoActionIndicated,
    };
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .with_classifier(retry_503)
        .with_classifier(never_503);
    let client = mock_client_with(&mock, policy);

    let list = client.customer(customer()).qualifications().list().await;

    assert!(list.is_ok(), "{list:?}");
    assert_eq!(mock.requests().len(), 2);
}

/// The error of one `list` answered by `status` (twice, for the 401 refresh), with no retries.
async fn error_for_status(status: u16) -> Error {
    let mock = MockTransport::new();
    mock.push_json(status, r#"{"code":"3000","description":"no"}"#)
        .push_json(status, r#"{"code":"3000","description":"no"}"#);
    mock_client_with(&mock, RetryPolicy::none())
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("error status")
}

/// The error of one `list` whose transport failed with `kind`, with no retries.
async fn error_for_transport(kind: TransportErrorKind) -> Error {
    let mock = MockTransport::new();
    mock.push_error(TransportError::from_kind(kind));
    mock_client_with(&mock, RetryPolicy::none())
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("transport failure")
}

#[tokio::test(start_paused = true)]
async fn is_retryable_agrees_with_the_default_classifier_for_statuses_and_transport_kinds() {
    let statuses = [
        (408, true),
        (409, false),
        (429, true),
        (500, true),
        (501, false),
        (502, true),
        (503, true),
        (504, true),
        (400, false),
        (401, false),
        (403, false),
        (404, false),
    ];
    let kinds = [
        (TransportErrorKind::Connect, true),
        (TransportErrorKind::Timeout, true),
        (TransportErrorKind::Io, true),
        (TransportErrorKind::Other, true),
        (TransportErrorKind::InvalidRequest, false),
        // Becomes a response-too-large error: never retried.
        (TransportErrorKind::BodyTooLarge, false),
    ];
    let mut cases: Vec<(String, Error, bool)> = Vec::new();
    for (status, expected) in statuses {
        cases.push((
            format!("HTTP {status}"),
            error_for_status(status).await,
            expected,
        ));
    }
    for (kind, expected) in kinds {
        cases.push((
            format!("{kind:?}"),
            error_for_transport(kind).await,
            expected,
        ));
    }
    cases.push((
        "transient auth".to_owned(),
        Error::auth("token endpoint busy").transient(),
        true,
    ));
    cases.push((
        "auth".to_owned(),
        Error::auth("refresh token expired"),
        false,
    ));

    for (case, error, expected) in &cases {
        let default = DefaultRetryClassifier.classify(error);
        assert_eq!(error.is_retryable(), *expected, "{case}: {error}");
        assert_eq!(default.is_retry(), *expected, "{case}: {default:?}");
        assert_eq!(
            RetryPolicy::default().classify(error),
            default,
            "{case}: a policy without classifiers is the default rules"
        );
        assert_ne!(default, RetryAction::NoActionIndicated, "{case}");
    }
    let too_large = &cases
        .iter()
        .find(|(case, ..)| case == "BodyTooLarge")
        .expect("case")
        .1;
    assert_eq!(too_large.kind(), ErrorKind::ResponseTooLarge);
}

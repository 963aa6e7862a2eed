//! Retry classification and backoff, on MockTransport with paused tokio time.

use std::time::Duration;

use pc_client::{CallOptions, ErrorKind, TransportError};
use pc_transport::MockTransport;
use pc_transport::TransportErrorKind;
use tokio::time::Instant;

use crate::support::{customer, mock_client};

const LIST: &str = r#"[{"qualification":"Education","vettingStatus":"Approved"}]"#;

fn ids(mock: &MockTransport) -> Vec<(String, String)> {
    mock.requests()
        .iter()
        .map(|r| {
            (
                r.header("ms-requestid").unwrap_or("").to_owned(),
                r.header("ms-correlationid").unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn each_retryable_status_is_retried_then_succeeds() {
    for status in [408u16, 429, 500, 502, 503, 504] {
        let mock = MockTransport::new();
        mock.push_json(status, "").push_json(200, LIST);
        let client = mock_client(&mock, 4);

        let list = client.customer(customer()).qualifications().list().await;

        assert!(list.is_ok(), "status {status}: {list:?}");
        assert_eq!(mock.requests().len(), 2, "status {status}");
    }
}

#[tokio::test(start_paused = true)]
async fn other_client_errors_are_never_retried() {
    for status in [400u16, 403, 404, 405, 409, 412] {
        let mock = MockTransport::new();
        mock.push_json(status, r#"{"code":"3000","description":"no"}"#);
        let client = mock_client(&mock, 4);

        let err = client
            .customer(customer())
            .qualifications()
            .list()
            .await
            .expect_err("error status");

        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.attempts(), 1);
        assert_eq!(mock.requests().len(), 1, "status {status}");
    }
}

#[tokio::test(start_paused = true)]
async fn every_attempt_of_one_call_resends_the_same_ids_and_the_next_call_gets_new_ones() {
    let mock = MockTransport::new();
    mock.push_json(503, "")
        .push_json(500, "")
        .push_json(200, LIST);
    mock.push_json(200, LIST);
    let client = mock_client(&mock, 4);

    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("third attempt succeeds");
    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("second call");

    let ids = ids(&mock);
    assert_eq!(ids.len(), 4);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[1], ids[2]);
    assert_ne!(ids[2].0, ids[3].0, "a new call gets a new MS-RequestId");
    assert_ne!(ids[2].1, ids[3].1, "a new call gets a new MS-CorrelationId");
}

#[tokio::test(start_paused = true)]
async fn retry_after_seconds_sets_the_wait_when_longer_than_the_backoff() {
    let mock = MockTransport::new();
    let mut throttled = http::Response::new(bytes::Bytes::from_static(
        br#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}"#,
    ));
    *throttled.status_mut() = http::StatusCode::TOO_MANY_REQUESTS;
    throttled
        .headers_mut()
        .insert("retry-after", http::HeaderValue::from_static("57"));
    mock.push_response(throttled).push_json(200, LIST);
    let client = mock_client(&mock, 4);
    let started = Instant::now();

    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("retried");

    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(57), "waited {waited:?}");
    assert!(waited < Duration::from_secs(60), "waited {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_is_honoured() {
    let mock = MockTransport::new();
    let at = std::time::SystemTime::now() + Duration::from_secs(30);
    let mut throttled = http::Response::new(bytes::Bytes::from_static(b"<html>busy</html>"));
    *throttled.status_mut() = http::StatusCode::SERVICE_UNAVAILABLE;
    throttled.headers_mut().insert(
        "retry-after",
        http::HeaderValue::from_str(&httpdate::fmt_http_date(at)).expect("date header"),
    );
    mock.push_response(throttled).push_json(200, LIST);
    let client = mock_client(&mock, 4);
    let started = Instant::now();

    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("retried");

    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(28), "waited {waited:?}");
    assert!(waited <= Duration::from_secs(31), "waited {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn persistent_failure_gives_up_after_max_attempts_with_the_count_in_the_error() {
    let mock = MockTransport::new();
    for _ in 0..3 {
        mock.push_json(
            503,
            r#"{"code":"800003","description":"Unexpected service error"}"#,
        );
    }
    let client = mock_client(&mock, 3);

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("gives up");

    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.attempts(), 3);
    assert_eq!(mock.requests().len(), 3);
    assert!(mock.is_exhausted());
    let text = err.to_string();
    assert!(text.contains("HTTP 503"), "{text}");
    assert!(text.contains("after 3 attempts"), "{text}");
    assert!(
        text.contains(&err.request_id().expect("id").to_string()),
        "{text}"
    );
}

#[tokio::test(start_paused = true)]
async fn per_call_max_attempts_overrides_the_client_policy() {
    let mock = MockTransport::new();
    mock.push_json(503, "").push_json(503, "");
    let client = mock_client(&mock, 4);

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .options(CallOptions::default().max_attempts(2))
        .await
        .expect_err("two attempts then the last error");

    assert_eq!(err.attempts(), 2);
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn transport_failures_that_may_have_been_processed_are_retried_with_the_same_request_id() {
    let mock = MockTransport::new();
    mock.push_error(TransportError::from_kind(TransportErrorKind::Io))
        .push_error(TransportError::from_kind(TransportErrorKind::Timeout))
        .push_json(201, r#"{"qualification":"StateOwnedEntity"}"#);
    let client = mock_client(&mock, 4);

    let created = client
        .customer(customer())
        .qualifications()
        .create(pc_client::QualificationRequest::state_owned_entity())
        .await
        .expect("third attempt");

    assert_eq!(created.qualification.as_str(), "StateOwnedEntity");
    let ids = ids(&mock);
    assert_eq!(ids.len(), 3);
    assert!(ids.iter().all(|id| id == &ids[0]));
    assert!(mock.requests().iter().all(|r| r.body.as_ref() == b"4"));
}

#[tokio::test(start_paused = true)]
async fn a_wait_that_would_pass_the_deadline_ends_the_call_with_the_last_error() {
    let mock = MockTransport::new();
    let mut throttled = http::Response::new(bytes::Bytes::new());
    *throttled.status_mut() = http::StatusCode::TOO_MANY_REQUESTS;
    throttled
        .headers_mut()
        .insert("retry-after", http::HeaderValue::from_static("3600"));
    mock.push_response(throttled);
    let client = mock_client(&mock, 4);
    let started = Instant::now();

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .options(CallOptions::default().timeout(Duration::from_secs(60)))
        .await
        .expect_err("gives up at once");

    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(err.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(err.attempts(), 1);
}

#[tokio::test(start_paused = true)]
async fn full_jitter_backoff_stays_within_its_exponential_ceiling() {
    let mock = MockTransport::new();
    mock.push_json(500, "")
        .push_json(500, "")
        .push_json(500, "")
        .push_json(200, LIST);
    let client = mock_client(&mock, 4);
    let started = Instant::now();

    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("fourth attempt");

    // Ceilings 100 + 200 + 400 ms.
    assert!(
        started.elapsed() <= Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn invalid_input_and_decode_errors_are_not_retried() {
    let mock = MockTransport::new();
    mock.push_json(200, "<html>not json</html>");
    let client = mock_client(&mock, 4);

    let decode = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("decode");
    let refused = client
        .customer(customer())
        .qualifications()
        .create(pc_client::QualificationRequest::new(
            pc_client::CustomerQualification::None,
        ))
        .await
        .expect_err("refused");

    assert_eq!(decode.kind(), ErrorKind::Decode);
    assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    assert_eq!(refused.attempts(), 0);
    assert_eq!(mock.requests().len(), 1);
}

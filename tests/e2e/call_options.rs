//! `CallOptions` and the ids of a call: a fresh `MS-RequestId` and `MS-CorrelationId` per call
//! unless pinned, a per-call locale that overrides the client's, and a per-call retry policy whose
//! own rule retries with the same ids.

use std::collections::HashSet;
use std::time::Duration;

use pc_client::{CallOptions, Error, ErrorKind, QualificationRequest, RetryAction, RetryPolicy};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    PINNED_CORRELATION_ID, PINNED_REQUEST_ID, customer, header as sent_header, ids_suffix,
    only_request, sent_ids, wiremock_builder, wiremock_client,
};

#[tokio::test]
async fn two_calls_send_four_distinct_ids() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(2)
        .named("two list calls")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);
    let qualifications = client.customer(customer()).qualifications();

    // Act
    let first = qualifications.list().reply().await.expect("first call");
    let second = qualifications.list().reply().await.expect("second call");

    // Assert
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 2);
    let (first_request, first_correlation) = sent_ids(&requests[0]);
    let (second_request, second_correlation) = sent_ids(&requests[1]);
    let distinct: HashSet<_> = [
        first_request,
        first_correlation,
        second_request,
        second_correlation,
    ]
    .into_iter()
    .collect();
    assert_eq!(distinct.len(), 4);
    assert_eq!(
        (first.request_id, first.correlation_id),
        (first_request, first_correlation)
    );
    assert_eq!(
        (second.request_id, second.correlation_id),
        (second_request, second_correlation)
    );
}

#[tokio::test]
async fn pinned_ids_are_sent_unchanged_and_reported_in_the_reply() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header(
            "ms-requestid",
            PINNED_REQUEST_ID.to_string().as_str(),
        ))
        .and(header(
            "ms-correlationid",
            PINNED_CORRELATION_ID.to_string().as_str(),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"StateOwnedEntity"}"#,
            "application/json",
        ))
        .expect(1)
        .named("POST with pinned ids")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);
    let options = CallOptions::default()
        .request_id(PINNED_REQUEST_ID)
        .correlation_id(PINNED_CORRELATION_ID);

    // Act
    let reply = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .options(options)
        .reply()
        .await
        .expect("create succeeds");

    // Assert
    assert_eq!(reply.request_id, PINNED_REQUEST_ID);
    assert_eq!(reply.correlation_id, PINNED_CORRELATION_ID);
    assert_eq!(
        sent_ids(&only_request(&server).await),
        (PINNED_REQUEST_ID, PINNED_CORRELATION_ID)
    );
}

#[tokio::test]
async fn a_pinned_correlation_id_ties_calls_while_request_ids_stay_fresh() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header(
            "ms-correlationid",
            PINNED_CORRELATION_ID.to_string().as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(2)
        .named("two calls with one correlation id")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);
    let options = CallOptions::default().correlation_id(PINNED_CORRELATION_ID);

    // Act
    let list = client
        .customer(customer())
        .qualifications()
        .list()
        .options(options.clone())
        .await;
    let codes = client.validation_codes().list().options(options).await;

    // Assert
    list.expect("list succeeds");
    codes.expect("validation codes succeed");
    let requests = server.received_requests().await.expect("recording is on");
    let (first, _) = sent_ids(&requests[0]);
    let (second, _) = sent_ids(&requests[1]);
    assert_ne!(first, second);
    assert_ne!(first, PINNED_CORRELATION_ID);
}

#[tokio::test]
async fn a_per_call_locale_overrides_the_clients_locale() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-locale", "de-DE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .named("GET with the per-call locale")
        .mount(&server)
        .await;
    let client = wiremock_builder(&server)
        .locale("en-US")
        .build()
        .expect("client builds");

    // Act
    let list = client
        .customer(customer())
        .qualifications()
        .list()
        .options(CallOptions::default().locale("de-DE"))
        .await;

    // Assert
    list.expect("list succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.headers.get_all("x-locale").iter().count(), 1);
    assert_eq!(sent_header(&request, "x-locale"), Some("de-DE"));
}

#[tokio::test]
async fn a_per_call_locale_is_sent_when_the_client_has_none() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-locale", "ja-JP"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#""none""#, "application/json"))
        .expect(1)
        .named("legacy GET with the per-call locale")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let got = client
        .customer(customer())
        .legacy_qualification()
        .get()
        .options(CallOptions::default().locale("ja-JP"))
        .await;

    // Assert
    got.expect("legacy get succeeds");
    assert_eq!(
        sent_header(&only_request(&server).await, "x-locale"),
        Some("ja-JP")
    );
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients_deadline() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("[]", "application/json")
                .set_delay(Duration::from_secs(2)),
        )
        .expect(1)
        .named("a slow list")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);
    let options = CallOptions::default()
        .timeout(Duration::from_millis(150))
        .request_id(PINNED_REQUEST_ID)
        .correlation_id(PINNED_CORRELATION_ID);

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .options(options)
        .await
        .expect_err("the call passes its deadline");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(error.attempts(), 1);
    assert_eq!(
        error.to_string(),
        format!(
            "timed out: no response within the 150ms deadline{}",
            ids_suffix(PINNED_REQUEST_ID, PINNED_CORRELATION_ID)
        )
    );
}

#[tokio::test]
async fn a_per_call_retry_policy_with_its_own_rule_retries_with_the_same_ids() {
    // Arrange: two 409s "still being applied", then a 201; the client itself never retries.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_raw(
            r#"{"code":"800002","description":"The change is still being applied."}"#,
            "application/json",
        ))
        .up_to_n_times(2)
        .expect(2)
        .named("POST qualifications, 409 800002")
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"StateOwnedEntity"}"#,
            "application/json",
        ))
        .expect(1)
        .named("POST qualifications, created")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);
    let qualifications = client.customer(customer()).qualifications();
    let policy = RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::ZERO)
        .with_classifier(
            |e: &Error| match (e.status().map(|s| s.as_u16()), e.code()) {
                (Some(409), Some("800002")) => RetryAction::Retry,
                _ => RetryAction::NoActionIndicated,
            },
        );

    // Act
    let refused = qualifications
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect_err("without the rule a 409 is final");
    let created = qualifications
        .create(QualificationRequest::state_owned_entity())
        .options(CallOptions::default().retry_policy(policy.clone()))
        .reply()
        .await
        .expect("the rule retries the 409");

    // Assert
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(refused.attempts(), 1);
    assert!(
        !refused.is_retryable(),
        "the default rules do not retry a 409"
    );
    assert_eq!(policy.classify(&refused), RetryAction::Retry);
    assert_eq!(created.status.as_u16(), 201);
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 3);
    let ids: Vec<_> = requests.iter().map(sent_ids).collect();
    assert_eq!(
        ids[0],
        (
            refused.request_id().expect("ids assigned"),
            refused.correlation_id().expect("ids assigned")
        )
    );
    assert_eq!(ids[1], ids[2], "a retry resends the call's ids");
    assert_eq!(ids[2], (created.request_id, created.correlation_id));
    assert_ne!(ids[0].0, ids[1].0, "a new call has a new request id");
    assert_eq!(requests[1].body, requests[2].body);
}

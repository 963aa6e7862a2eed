//! Retries over real HTTP against wiremock.

use std::time::{Duration, Instant};

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{customer, header, http_client};

const PATH: &str = "/v1/customers/4a1e9c32-5b7d-4f1a-8c2e-0d3b6a9f7e10/qualifications";

#[tokio::test]
async fn throttled_create_is_retried_after_retry_after_with_the_same_ids_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_raw(
                    r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."}"#,
                    "application/json",
                ),
        )
        .up_to_n_times(1)
        .expect(1)
        .named("throttled once")
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"Education","vettingStatus":"InReview","vettingCreateDate":"2020-12-04T20:54:24Z"}"#,
            "application/json",
        ))
        .expect(1)
        .named("then created")
        .mount(&server)
        .await;
    let client = http_client(&server.uri(), 4);
    let started = Instant::now();

    let created = client
        .customer(customer())
        .qualifications()
        .create(pc_client::QualificationRequest::education())
        .await
        .expect("created after one retry");

    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        created.vetting_status,
        Some(pc_client::VettingStatus::InReview)
    );
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    assert_eq!(
        header(&received[0], "ms-requestid"),
        header(&received[1], "ms-requestid")
    );
    assert_eq!(
        header(&received[0], "ms-correlationid"),
        header(&received[1], "ms-correlationid")
    );
    assert_eq!(received[0].body, b"1");
    assert_eq!(received[1].body, b"1");
}

#[tokio::test]
async fn service_unavailable_twice_then_success_is_one_logical_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(503).set_body_raw("<html>busy</html>", "text/html"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = http_client(&server.uri(), 4);

    let reply = client
        .customer(customer())
        .qualifications()
        .list()
        .reply()
        .await
        .expect("third attempt");

    assert!(reply.value.is_empty());
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(
            header(request, "ms-requestid"),
            reply.request_id.to_string()
        );
        assert_eq!(
            header(request, "ms-correlationid"),
            reply.correlation_id.to_string()
        );
    }
}

#[tokio::test]
async fn slow_responses_hit_the_deadline_with_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let client = pc_client::PartnerCenterClient::builder()
        .endpoint(server.uri())
        .access_token("test-token-0123456789")
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("deadline");

    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert!(err.request_id().is_some());
    assert!(
        err.to_string()
            .starts_with("timed out: no response within the 300ms deadline"),
        "{err}"
    );
}

#[tokio::test]
async fn unauthorized_forces_one_token_refresh_and_one_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"code":"400","description":"Access denied"}"#,
            "application/json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    let counting = crate::tokens::CountingProvider::default();
    let client = pc_client::PartnerCenterClient::builder()
        .endpoint(server.uri())
        .credential(counting.clone())
        .build()
        .expect("client");

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("still unauthorized");

    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert_eq!(err.attempts(), 2);
    assert_eq!(counting.invalidations(), 1);
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(header(&received[0], "authorization"), "Bearer token-1");
    assert_eq!(header(&received[1], "authorization"), "Bearer token-2");
}

//! The service's own tests, with only pc-client, pc-testkit and tokio.
//!
//! This file writes the Partner Center specifics by hand on wiremock (paths, bodies, headers):
//! spawned creates, a stored handle, the custom transport, the custom retry rule, and every
//! returned type named through pc-client. `with_testkit` tests the same service with
//! pc-testkit's matchers, responders, capture and the in-process emulator.

mod with_testkit;

use std::time::Duration;

use pc_client::http::StatusCode;
use pc_client::uuid::Uuid;
use pc_client::{
    CustomerId, CustomerQualification, ErrorKind, Qualification, QualificationName,
    QualificationRequest, VettingStatus,
};
use pc_testkit::wiremock::matchers::{body_string, header, method, path, path_regex};
use pc_testkit::wiremock::{Mock, MockServer, Request, ResponseTemplate};
use qualification_service::{AuditTransport, Onboarding};

const TOKEN: &str = "service-test-token";

fn customers(n: u32) -> Vec<CustomerId> {
    (0..n)
        .map(|i| {
            format!("5e55e55e-0000-4000-8000-{i:012x}")
                .parse()
                .expect("a hyphenated GUID")
        })
        .collect()
}

fn created_body() -> &'static str {
    r#"{"qualification":"StateOwnedEntity","vettingStatus":"Approved","vettingCreateDate":"2026-12-01T10:00:00Z"}"#
}

fn ids_of(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| {
            r.headers
                .get("MS-RequestId")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn creates_spawned_per_customer_each_reach_their_own_path_with_one_request_id() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/v1/customers/[0-9a-f-]{36}/qualifications$"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_string("4"))
        .respond_with(ResponseTemplate::new(201).set_body_string(created_body()))
        .expect(20)
        .mount(&server)
        .await;
    let transport = AuditTransport::new().expect("transport");
    let mut service = Onboarding::new(&server.uri(), TOKEN, transport.clone()).expect("client");
    let ids = customers(20);
    service.register(ids.clone());

    // Act: every create is a Send + 'static future handed to tokio::spawn.
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let future = service
                .qualify(*id, QualificationRequest::state_owned_entity())
                .expect("registered");
            tokio::spawn(future)
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("task ran").expect("created"));
    }

    // Assert
    assert_eq!(outcomes.len(), 20);
    let received = server.received_requests().await.expect("recording");
    let mut paths: Vec<String> = received.iter().map(|r| r.url.path().to_owned()).collect();
    paths.sort();
    let mut expected: Vec<String> = ids
        .iter()
        .map(|id| format!("/v1/customers/{id}/qualifications"))
        .collect();
    expected.sort();
    assert_eq!(paths, expected);
    for outcome in &outcomes {
        assert_eq!(outcome.status, StatusCode::CREATED);
        assert_eq!(outcome.vetting, Some(VettingStatus::Approved));
        assert_eq!(
            outcome.vetting_started.map(|d| d.unix_timestamp()),
            Some(1_796_119_200)
        );
        assert!(
            ids_of(&received).contains(&outcome.request_id.to_string()),
            "the reply's request id is the one sent"
        );
    }
    assert_eq!(
        transport.sent(),
        20,
        "every request went through the custom transport"
    );
}

#[tokio::test]
async fn the_services_retry_rule_resends_a_409_with_the_same_request_id() {
    // Arrange: 409 with the rule's code once, then 201.
    let server = MockServer::start().await;
    let id = customers(1)[0];
    let conflict = r#"{"code":"800002","description":"The change is being applied.","data":[],"source":"PartnerFD"}"#;
    Mock::given(method("POST"))
        .and(path(format!("/v1/customers/{id}/qualifications")))
        .respond_with(ResponseTemplate::new(409).set_body_string(conflict))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/customers/{id}/qualifications")))
        .respond_with(ResponseTemplate::new(201).set_body_string(created_body()))
        .expect(1)
        .mount(&server)
        .await;
    let transport = AuditTransport::new().expect("transport");
    let mut service = Onboarding::new(&server.uri(), TOKEN, transport.clone()).expect("client");
    service.register([id]);

    // Act
    let outcome = service
        .qualify(id, QualificationRequest::state_owned_entity())
        .expect("registered")
        .await
        .expect("created after the retry");

    // Assert
    let sent = transport.request_ids();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0], sent[1], "the retry reuses the MS-RequestId");
    assert_eq!(sent[0], outcome.request_id.to_string());
    assert_eq!(outcome.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_409_with_another_code_is_final_and_typed() {
    // Arrange
    let server = MockServer::start().await;
    let id = customers(1)[0];
    let conflict =
        r#"{"code":"600003","description":"Already has it.","data":[],"source":"PartnerFD"}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_string(conflict))
        .expect(1)
        .mount(&server)
        .await;
    let transport = AuditTransport::new().expect("transport");
    let mut service = Onboarding::new(&server.uri(), TOKEN, transport).expect("client");
    service.register([id]);

    // Act
    let error = service
        .qualify(id, QualificationRequest::state_owned_entity())
        .expect("registered")
        .await
        .expect_err("refused");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    assert_eq!(error.code(), Some("600003"));
    assert_eq!(error.description(), Some("Already has it."));
    assert_eq!(error.attempts(), 1);
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_stored_handle_lists_with_the_pinned_correlation_id() {
    // Arrange
    let server = MockServer::start().await;
    let id = customers(1)[0];
    let correlation = Uuid::from_u128(0x0c0c_0c0c_0000_4000_8000_0000_0000_0001);
    Mock::given(method("GET"))
        .and(path(format!("/v1/customers/{id}/qualifications")))
        .and(header("MS-CorrelationId", correlation.to_string().as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"[{"qualification":"Education","vettingStatus":"InReview"}]"#),
        )
        .expect(2)
        .mount(&server)
        .await;
    let mut service = Onboarding::new(
        &server.uri(),
        TOKEN,
        AuditTransport::new().expect("transport"),
    )
    .expect("client");
    service.register([id]);

    // Act: once through the service, once through a handle it returned.
    let listed = service.list(id, correlation).await.expect("listed");
    let handle = service.qualifications(id).expect("registered");
    let again: Vec<Qualification> = tokio::spawn(
        handle
            .list()
            .options(pc_client::CallOptions::default().correlation_id(correlation))
            .into_future(),
    )
    .await
    .expect("task ran")
    .expect("listed");

    // Assert
    let expected = vec![
        Qualification::new(CustomerQualification::Education)
            .with_vetting_status(VettingStatus::InReview),
    ];
    assert_eq!(listed, expected);
    assert_eq!(again, expected);
    assert_eq!(
        listed[0].qualification,
        QualificationName::Known(CustomerQualification::Education)
    );
}

#[tokio::test]
async fn an_invalid_request_is_refused_before_anything_is_sent() {
    // Arrange
    let server = MockServer::start().await;
    let id = customers(1)[0];
    let transport = AuditTransport::new().expect("transport");
    let mut service = Onboarding::new(&server.uri(), TOKEN, transport.clone()).expect("client");
    service.register([id]);

    // Act: Nonprofit can never be set.
    let error = tokio::time::timeout(
        Duration::from_secs(5),
        service
            .qualify(
                id,
                QualificationRequest::new(CustomerQualification::Nonprofit),
            )
            .expect("registered"),
    )
    .await
    .expect("bounded")
    .expect_err("refused locally");

    // Assert
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(transport.sent(), 0);
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

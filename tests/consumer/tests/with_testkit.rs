//! The same service tested with pc-testkit: matchers exact to the byte, documented responders,
//! typed capture, and the in-process emulator as the transport.

use std::time::Duration;

use pc_client::http::StatusCode;
use pc_client::{
    Contract, CustomerId, CustomerQualification, EducationSegment, ErrorKind, Operation,
    PartnerCenterClient, Qualification, QualificationRequest, Secret, VettingStatus,
};
use pc_testkit::emulator::{Emulator, EmulatorConfig, demo};
use pc_testkit::wiremock::Mock;
use pc_testkit::{
    DecodedRequest, MockPartnerCenter, TEST_TOKEN, assert_same_request_id, capture, matchers,
    responders,
};
use qualification_service::Onboarding;

fn customers(n: u32) -> Vec<CustomerId> {
    (0..n)
        .map(|i| {
            format!("7e57c1e0-0000-4000-8000-{i:012x}")
                .parse()
                .expect("a hyphenated GUID")
        })
        .collect()
}

async fn qualify(
    client: PartnerCenterClient,
    id: CustomerId,
    request: QualificationRequest,
) -> Result<qualification_service::Outcome, pc_client::Error> {
    let mut service = Onboarding::from_client(client);
    service.register([id]);
    service.qualify(id, request).expect("registered").await
}

#[tokio::test]
async fn a_gcc_create_under_the_integer_contract_is_exact_on_the_wire() {
    // Arrange
    let pc = MockPartnerCenter::start().await;
    let id = customers(1)[0];
    let gcc = QualificationRequest::government_community_cloud(Secret::new("654321"));
    let approved = Qualification::new(CustomerQualification::GovernmentCommunityCloud)
        .with_vetting_status(VettingStatus::Approved);
    Mock::given(matchers::create(id, &gcc, Contract::Integer))
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::created(&approved))
        .expect(1)
        .mount(pc.server())
        .await;

    // Act
    let outcome = qualify(pc.client(), id, gcc.clone())
        .await
        .expect("created");

    // Assert
    assert_eq!(outcome.status, StatusCode::CREATED);
    assert_eq!(outcome.vetting, Some(VettingStatus::Approved));
    let captured = pc.captured().await;
    assert_eq!(captured.len(), 1);
    assert_eq!(captured[0].body, b"3");
    assert_eq!(captured[0].query.as_deref(), Some("code=654321"));
    assert_eq!(
        captured[0].request,
        Some(DecodedRequest::Create {
            contract: Contract::Integer,
            request: gcc
        })
    );
}

#[tokio::test]
async fn an_education_create_under_the_object_contract_is_exact_on_the_wire() {
    // Arrange
    let pc = MockPartnerCenter::start().await;
    let id = customers(1)[0];
    let education = QualificationRequest::education()
        .with_education_segment(EducationSegment::HigherEducation)
        .with_website("contoso.edu");
    let in_review = Qualification::new(CustomerQualification::Education)
        .with_vetting_status(VettingStatus::InReview);
    Mock::given(matchers::create(id, &education, Contract::Object))
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::created(&in_review))
        .expect(1)
        .mount(pc.server())
        .await;
    let client = pc
        .client_builder()
        .contract(Contract::Object)
        .build()
        .expect("client");

    // Act
    let outcome = qualify(client, id, education).await.expect("created");

    // Assert
    assert_eq!(outcome.vetting, Some(VettingStatus::InReview));
    let captured = pc.captured().await;
    assert_eq!(
        captured[0].body,
        br#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#
    );
    assert_eq!(captured[0].query, None);
}

#[tokio::test]
async fn a_documented_400_comes_back_typed_after_one_attempt() {
    // Arrange
    let pc = MockPartnerCenter::start().await;
    let id = customers(1)[0];
    Mock::given(matchers::operation(Operation::CreateQualification))
        .respond_with(responders::documented_error(
            400,
            "900118",
            "The customer ID is invalid.",
        ))
        .expect(1)
        .mount(pc.server())
        .await;

    // Act
    let error = qualify(pc.client(), id, QualificationRequest::state_owned_entity())
        .await
        .expect_err("refused");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(error.code(), Some("900118"));
    assert_eq!(error.description(), Some("The customer ID is invalid."));
    assert_eq!(error.service_source(), Some("PartnerFD"));
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn a_429_is_retried_with_the_same_request_id() {
    // Arrange: throttled once (Retry-After: 0), then created.
    let pc = MockPartnerCenter::start().await;
    let id = customers(1)[0];
    let soe = QualificationRequest::state_owned_entity();
    Mock::given(matchers::create(id, &soe, Contract::Integer))
        .respond_with(responders::throttled(0))
        .up_to_n_times(1)
        .mount(pc.server())
        .await;
    Mock::given(matchers::create(id, &soe, Contract::Integer))
        .respond_with(responders::created(&Qualification::new(
            CustomerQualification::StateOwnedEntity,
        )))
        .mount(pc.server())
        .await;

    // Act
    let outcome = qualify(pc.client(), id, soe).await.expect("created");

    // Assert
    let captured = pc.captured().await;
    assert_eq!(captured.len(), 2);
    let id_sent = assert_same_request_id(&captured);
    assert_eq!(outcome.request_id, id_sent);
}

#[tokio::test]
async fn fifty_concurrent_customers_each_get_their_own_reply() {
    // Arrange: each customer's create is answered with its own vetting status.
    let pc = MockPartnerCenter::start().await;
    let ids = customers(50);
    let soe = QualificationRequest::state_owned_entity();
    let status_of = |i: usize| {
        if i.is_multiple_of(2) {
            VettingStatus::Approved
        } else {
            VettingStatus::InReview
        }
    };
    for (i, id) in ids.iter().enumerate() {
        Mock::given(matchers::create(*id, &soe, Contract::Integer))
            .respond_with(responders::created(
                &Qualification::new(CustomerQualification::StateOwnedEntity)
                    .with_vetting_status(status_of(i)),
            ))
            .expect(1)
            .mount(pc.server())
            .await;
    }
    let mut service = Onboarding::from_client(pc.client());
    service.register(ids.clone());

    // Act
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| tokio::spawn(service.qualify(*id, soe.clone()).expect("registered")))
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("task ran").expect("created"));
    }

    // Assert
    for (i, id) in ids.iter().enumerate() {
        let outcome = outcomes
            .iter()
            .find(|o| o.customer == *id)
            .expect("answered");
        assert_eq!(outcome.vetting, Some(status_of(i)), "customer {i}");
    }
    let captured = pc.captured().await;
    assert_eq!(
        capture::of(&captured, Operation::CreateQualification).len(),
        50
    );
}

#[tokio::test]
async fn the_same_service_runs_through_the_in_process_emulator() {
    // Arrange: no socket; the emulator's rules, not canned answers.
    let emulator = Emulator::new(EmulatorConfig::default());
    let client = PartnerCenterClient::builder()
        .endpoint("http://127.0.0.1")
        .access_token(demo::DEMO_TOKEN)
        .transport(emulator.transport())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let ids = customers(5);
    let mut service = Onboarding::from_client(client);
    service.register(ids.clone());

    // Act
    let mut outcomes = Vec::new();
    for id in &ids {
        let create = service
            .qualify(*id, QualificationRequest::state_owned_entity())
            .expect("registered");
        outcomes.push(
            tokio::spawn(create)
                .await
                .expect("task ran")
                .expect("created"),
        );
    }
    let again = service
        .qualify(ids[0], QualificationRequest::state_owned_entity())
        .expect("registered")
        .await
        .expect_err("the emulator refuses a duplicate");

    // Assert
    assert!(outcomes.iter().all(|o| o.status == StatusCode::CREATED));
    assert_eq!(emulator.applied_changes().len(), 5);
    assert_eq!(again.status(), Some(StatusCode::CONFLICT));
}

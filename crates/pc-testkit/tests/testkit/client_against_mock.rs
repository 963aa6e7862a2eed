//! The real client against `MockPartnerCenter`, with the kit's matchers and responders.

use pc_client::{
    Contract, CustomerQualification, EducationSegment, Operation, Qualification,
    QualificationRequest, Secret, VettingStatus,
};
use pc_testkit::{
    DecodedRequest, MockPartnerCenter, TEST_MAX_ATTEMPTS, TEST_TOKEN, assert_distinct_request_ids,
    assert_same_request_id, capture, fixtures, matchers, responders,
};
use wiremock::Mock;

fn education() -> QualificationRequest {
    QualificationRequest::education()
        .with_education_segment(EducationSegment::HigherEducation)
        .with_website("contoso.edu")
}

#[tokio::test]
async fn an_integer_create_is_wire_exact() -> Result<(), pc_client::Error> {
    // Arrange
    let pc = MockPartnerCenter::start().await;
    let gcc = QualificationRequest::government_community_cloud("123456");
    let answer = fixtures::list_gcc_soe()[0].clone();
    Mock::given(matchers::create(
        fixtures::customer(),
        &gcc,
        Contract::Integer,
    ))
    .and(matchers::standard_headers(TEST_TOKEN))
    .respond_with(responders::created(&answer))
    .expect(1)
    .named("integer GCC create")
    .mount(pc.server())
    .await;

    // Act
    let created = pc
        .client()
        .customer(fixtures::customer())
        .qualifications()
        .create(gcc.clone())
        .await?;

    // Assert
    assert_eq!(created, answer);
    let captured = pc.captured().await;
    assert_eq!(captured.len(), 1);
    assert_eq!(
        captured[0].line(),
        format!(
            "POST /v1/customers/{}/qualifications?code=123456",
            fixtures::CUSTOMER_ID
        )
    );
    assert_eq!(captured[0].body, b"3");
    assert_eq!(
        captured[0].request,
        Some(DecodedRequest::Create {
            contract: Contract::Integer,
            request: gcc,
        })
    );
    Ok(())
}

#[tokio::test]
async fn an_object_create_is_wire_exact() -> Result<(), pc_client::Error> {
    let pc = MockPartnerCenter::start().await;
    Mock::given(matchers::create(
        fixtures::customer(),
        &education(),
        Contract::Object,
    ))
    .and(matchers::standard_headers(TEST_TOKEN))
    .respond_with(responders::created(&fixtures::create_response_education()))
    .expect(1)
    .named("object Education create")
    .mount(pc.server())
    .await;
    let client = pc.client_builder().contract(Contract::Object).build()?;

    let created = client
        .customer(fixtures::customer())
        .qualifications()
        .create(education())
        .await?;

    assert_eq!(created, fixtures::create_response_education());
    let captured = pc.captured().await;
    assert_eq!(captured.len(), 1);
    assert_eq!(captured[0].query, None);
    assert_eq!(
        captured[0].body,
        fixtures::REQUEST_CURRENT_EDUCATION.as_bytes()
    );
    assert_eq!(
        captured[0].request,
        Some(DecodedRequest::Create {
            contract: Contract::Object,
            request: education(),
        })
    );
    Ok(())
}

#[tokio::test]
async fn a_create_under_the_other_contract_finds_no_mock() {
    let pc = MockPartnerCenter::start().await;
    let soe = QualificationRequest::state_owned_entity();
    Mock::given(matchers::create(
        fixtures::customer(),
        &soe,
        Contract::Object,
    ))
    .respond_with(responders::created(&fixtures::list_soe()[0]))
    .expect(0)
    .mount(pc.server())
    .await;

    // The client's default contract is the integer one: the body `4` is not `{"qualification":..}`.
    let error = pc
        .client()
        .customer(fixtures::customer())
        .qualifications()
        .create(soe)
        .await
        .expect_err("no mock matches");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn a_429_then_201_keeps_the_request_id() -> Result<(), pc_client::Error> {
    let pc = MockPartnerCenter::start().await;
    let matcher = matchers::create(fixtures::customer(), &education(), Contract::Object);
    Mock::given(matcher.clone())
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::throttled(0))
        .up_to_n_times(1)
        .expect(1)
        .named("throttled first attempt")
        .mount(pc.server())
        .await;
    Mock::given(matcher)
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::created(&fixtures::create_response_education()))
        .expect(1)
        .named("second attempt")
        .mount(pc.server())
        .await;
    let client = pc.client_builder().contract(Contract::Object).build()?;

    let reply = client
        .customer(fixtures::customer())
        .qualifications()
        .create(education())
        .reply()
        .await?;

    assert_eq!(reply.status.as_u16(), 201);
    let captured = pc.captured().await;
    assert_eq!(captured.len(), 2);
    let id = assert_same_request_id(&captured);
    assert_eq!(id, reply.request_id);
    assert_eq!(captured[0].correlation_id, captured[1].correlation_id);
    assert_eq!(captured[0].body, captured[1].body);
    Ok(())
}

#[tokio::test]
async fn a_gateway_that_keeps_failing_is_tried_the_test_number_of_times() {
    let pc = MockPartnerCenter::start().await;
    Mock::given(matchers::operation(Operation::ListQualifications))
        .respond_with(responders::html_gateway(502))
        .expect(u64::from(TEST_MAX_ATTEMPTS))
        .mount(pc.server())
        .await;

    let error = pc
        .client()
        .customer(fixtures::customer())
        .qualifications()
        .list()
        .await
        .expect_err("every attempt fails");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(error.attempts(), TEST_MAX_ATTEMPTS);
    let captured = pc.captured().await;
    assert_eq!(captured.len(), TEST_MAX_ATTEMPTS as usize);
    assert_same_request_id(&captured);
}

#[tokio::test]
async fn a_documented_error_reaches_the_caller_with_its_code() {
    let pc = MockPartnerCenter::start().await;
    Mock::given(matchers::operation(Operation::CreateQualification))
        .respond_with(responders::documented_error(
            409,
            "800002",
            "The qualification is already set.",
        ))
        .expect(1)
        .mount(pc.server())
        .await;

    let error = pc
        .client()
        .customer(fixtures::customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect_err("refused");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(error.code(), Some("800002"));
    assert_eq!(
        error.description(),
        Some("The qualification is already set.")
    );
    assert_eq!(error.service_source(), Some("PartnerFD"));
}

#[tokio::test]
async fn the_legacy_update_is_wire_exact() -> Result<(), pc_client::Error> {
    let pc = MockPartnerCenter::start().await;
    Mock::given(matchers::legacy_update(
        fixtures::customer(),
        CustomerQualification::GovernmentCommunityCloud,
        Some("123456"),
    ))
    .and(matchers::standard_headers(TEST_TOKEN))
    .respond_with(responders::legacy(
        CustomerQualification::GovernmentCommunityCloud,
    ))
    .expect(1)
    .mount(pc.server())
    .await;

    let updated = pc
        .client()
        .customer(fixtures::customer())
        .legacy_qualification()
        .update(
            CustomerQualification::GovernmentCommunityCloud,
            Some(Secret::new("123456")),
        )
        .await?;

    assert_eq!(updated, fixtures::legacy_put_response_gcc());
    let captured = pc.captured().await;
    assert_eq!(
        captured[0].request,
        Some(DecodedRequest::LegacyUpdate {
            request: QualificationRequest::government_community_cloud("123456"),
        })
    );
    Ok(())
}

#[tokio::test]
async fn separate_calls_get_separate_request_ids() -> Result<(), pc_client::Error> {
    let pc = MockPartnerCenter::start().await;
    Mock::given(matchers::list(fixtures::customer()))
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::echo_ids(responders::list(&[
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::Approved),
        ])))
        .expect(3)
        .mount(pc.server())
        .await;
    let qualifications = pc.client().customer(fixtures::customer()).qualifications();

    for _ in 0..3 {
        qualifications.list().await?;
    }

    let captured = pc.captured().await;
    assert_eq!(
        capture::of(&captured, Operation::ListQualifications).len(),
        3
    );
    assert_distinct_request_ids(&captured);
    Ok(())
}

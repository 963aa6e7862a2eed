//! Runs a small service against `MockPartnerCenter` and prints what it checked.
//!
//! The service enrols schools: for each customer it lists the qualifications and, unless
//! Education is already held, creates it (object contract, K-12). The mock answers one school
//! with an approved Education, throttles the other's create once and then accepts it. The
//! example checks the answers, that the create went out byte for byte, and that the retried
//! create kept its `MS-RequestId`.
//!
//! Run: `cargo run -p pc-testkit --example test_a_service`. Needs nothing else: the mock listens
//! on `127.0.0.1` on a free port.
#![deny(warnings)]

use std::error::Error;

use pc_client::{
    Contract, CustomerId, CustomerQualification, EducationSegment, Operation, PartnerCenterClient,
    QualificationRequest, VettingStatus,
};
use pc_testkit::wiremock::Mock;
use pc_testkit::{
    DecodedRequest, MockPartnerCenter, TEST_TOKEN, assert_same_request_id, capture, fixtures,
    matchers, responders,
};

/// What the service did for one school.
#[derive(Debug, PartialEq)]
enum Enrolment {
    /// Education was already held, with this vetting status.
    AlreadyHeld(Option<VettingStatus>),
    /// Education was requested; vetting reports this status.
    Requested(Option<VettingStatus>),
}

/// The service under test.
async fn enrol_school(
    client: &PartnerCenterClient,
    customer: CustomerId,
) -> Result<Enrolment, pc_client::Error> {
    let qualifications = client.customer(customer).qualifications();
    let held = qualifications.list().await?;
    if let Some(education) = held.iter().find(|q| q.is(CustomerQualification::Education)) {
        return Ok(Enrolment::AlreadyHeld(education.vetting_status.clone()));
    }
    let request = QualificationRequest::education().with_education_segment(EducationSegment::K12);
    let created = qualifications.create(request).await?;
    Ok(Enrolment::Requested(created.vetting_status))
}

/// Fails the example with `message` unless `ok`.
fn check(ok: bool, message: &str) -> Result<(), Box<dyn Error>> {
    if ok {
        println!("ok: {message}");
        Ok(())
    } else {
        Err(format!("failed: {message}").into())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let pc = MockPartnerCenter::start().await;
    println!("mock Partner Center at {}", pc.uri());
    let enrolled: CustomerId = "7a115b1e-0000-4000-8000-000000000ed4".parse()?;
    let new_school = fixtures::customer();
    let k12 = QualificationRequest::education().with_education_segment(EducationSegment::K12);

    // One school already holds an approved Education.
    Mock::given(matchers::list(enrolled))
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::list(&fixtures::list_approved()))
        .expect(1)
        .mount(pc.server())
        .await;
    // The other holds nothing; its create is throttled once, then accepted.
    Mock::given(matchers::list(new_school))
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::list(&[]))
        .expect(1)
        .mount(pc.server())
        .await;
    let create = matchers::create(new_school, &k12, Contract::Object);
    Mock::given(create.clone())
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::throttled(0))
        .up_to_n_times(1)
        .expect(1)
        .mount(pc.server())
        .await;
    Mock::given(create)
        .and(matchers::standard_headers(TEST_TOKEN))
        .respond_with(responders::created(&fixtures::create_response_education()))
        .expect(1)
        .mount(pc.server())
        .await;

    let client = pc.client_builder().contract(Contract::Object).build()?;
    let first = enrol_school(&client, enrolled).await?;
    let second = enrol_school(&client, new_school).await?;

    check(
        first == Enrolment::AlreadyHeld(Some(VettingStatus::Approved)),
        "an enrolled school is left alone",
    )?;
    check(
        second == Enrolment::Requested(Some(VettingStatus::InReview)),
        "a new school is requested and goes into review",
    )?;

    let captured = pc.captured().await;
    let creates = capture::of(&captured, Operation::CreateQualification);
    check(
        creates.len() == 2,
        "the create was sent twice (429, then 201)",
    )?;
    check(
        creates[0].body == br#"{"qualification":"Education","educationSegment":"K12"}"#,
        "the create's body is the object contract, byte for byte",
    )?;
    check(
        creates[0].request
            == Some(DecodedRequest::Create {
                contract: Contract::Object,
                request: k12,
            }),
        "the create decodes to the request the service built",
    )?;
    let request_id = assert_same_request_id(&creates.into_iter().cloned().collect::<Vec<_>>());
    println!("ok: the retried create kept MS-RequestId {request_id}");
    check(
        capture::of(&captured, Operation::ListQualifications).len() == 2,
        "one list per school",
    )?;
    Ok(())
}

//! Every request pc-client builds conforms to the document: the path against the path
//! template (a GUID customer), the query (only `code`, and only where declared), the header
//! parameters (`MS-RequestId`, `MS-CorrelationId`, `MS-Contract-Version`, and `X-Locale` /
//! `MS-PartnerCenter-Application` when configured), bearer security, `Accept`, `Content-Type`,
//! and the body against the request body's schema.
//!
//! The requests are captured by a recording transport in front of the in-process emulator, so
//! the answers they get are checked too; a second set goes to pc-client's `MockTransport`
//! loaded with documented fixtures (the `200` of the generated reference for the create, the
//! wrapped list, a throttle answer).

use pc_client::{
    Contract, CustomerQualification, EducationSegment, MockTransport, PartnerCenterClient,
    QualificationRequest, RetryPolicy, Secret,
};
use pc_emulator::{Emulator, EmulatorConfig, demo};
use pc_testkit::fixtures;

use crate::support::{Exchange, Recorder, assert_request_conforms, assert_response_conforms};

const EVEN: &str = "33333333-2222-4333-8444-555555555550";
const ODD: &str = "33333333-2222-4333-8444-55555555555b";
const FRESH: [&str; 4] = [
    "44444444-2222-4333-8444-000000000000",
    "44444444-2222-4333-8444-000000000002",
    "44444444-2222-4333-8444-000000000004",
    "44444444-2222-4333-8444-000000000006",
];

fn client(transport: Recorder, contract: Contract, optional_headers: bool) -> PartnerCenterClient {
    let mut builder = PartnerCenterClient::builder()
        .endpoint("http://127.0.0.1")
        .access_token(demo::DEMO_TOKEN)
        .transport(transport)
        .contract(contract)
        .retry_policy(RetryPolicy::none());
    if optional_headers {
        builder = builder.locale("en-US").application_name("pc-openapi-tests");
    }
    builder.build().expect("the client builds")
}

fn id(text: &str) -> pc_client::CustomerId {
    text.parse().expect("a GUID")
}

/// Checks every exchange; returns (requests, answers) checked.
fn check(exchanges: &[Exchange]) -> (usize, usize) {
    for (index, exchange) in exchanges.iter().enumerate() {
        let what = format!("client request #{index}");
        assert_request_conforms(&what, &exchange.request);
        assert_response_conforms(
            &what,
            exchange.request.method(),
            exchange.request.uri().path(),
            &exchange.response,
        );
    }
    (exchanges.len(), exchanges.len())
}

#[tokio::test]
async fn every_request_of_the_integer_contract_and_the_legacy_api_conforms() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let recorder = Recorder::new(emulator.transport());
    let client = client(recorder.clone(), Contract::Integer, true);

    let list = client.customer(id(EVEN)).qualifications();
    list.list().await.expect("list");
    list.create(QualificationRequest::education())
        .await
        .expect("Education, integer");
    list.create(QualificationRequest::state_owned_entity())
        .await
        .expect("SOE, integer");
    let refused = list.create(QualificationRequest::education()).await;
    assert_eq!(
        refused
            .expect_err("a duplicate")
            .status()
            .map(|s| s.as_u16()),
        Some(409)
    );
    client
        .customer(id(demo::WOODGROVE_MUNICIPALITY))
        .qualifications()
        .create(QualificationRequest::government_community_cloud(
            demo::VALIDATION_CODE,
        ))
        .await
        .expect("GCC, integer with ?code=");
    let tailspin = client
        .customer(id(demo::TAILSPIN_UNIVERSITY))
        .legacy_qualification();
    tailspin.get().await.expect("legacy get");
    client
        .customer(id(FRESH[0]))
        .legacy_qualification()
        .update(CustomerQualification::Education, None)
        .await
        .expect("legacy put, Education");
    client
        .customer(id(FRESH[1]))
        .legacy_qualification()
        .update(
            CustomerQualification::GovernmentCommunityCloud,
            Some(Secret::new(demo::VALIDATION_CODE_UNLIMITED)),
        )
        .await
        .expect("legacy put, GCC");
    client
        .validation_codes()
        .list()
        .await
        .expect("validation codes");

    let exchanges = recorder.exchanges();
    let (requests, answers) = check(&exchanges);

    assert_eq!(requests, 9);
    let with_code: Vec<_> = exchanges
        .iter()
        .filter(|e| {
            e.request
                .uri()
                .query()
                .is_some_and(|q| q.starts_with("code="))
        })
        .collect();
    assert_eq!(
        with_code.len(),
        2,
        "GCC sends ?code= under the integer contract and on the legacy PUT"
    );
    for exchange in &exchanges {
        assert_eq!(exchange.request.headers()["x-locale"], "en-US");
        assert_eq!(
            exchange.request.headers()["ms-partnercenter-application"],
            "pc-openapi-tests"
        );
    }
    eprintln!(
        "openapi: {requests} client requests and {answers} answers validated (integer contract, legacy)"
    );
}

#[tokio::test]
async fn every_request_of_the_object_contract_conforms() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let recorder = Recorder::new(emulator.transport());
    let client = client(recorder.clone(), Contract::Object, false);

    client
        .customer(id(ODD))
        .qualifications()
        .create(
            QualificationRequest::education()
                .with_education_segment(EducationSegment::HigherEducation)
                .with_website("contoso.edu"),
        )
        .await
        .expect("Education, object");
    client
        .customer(id(FRESH[2]))
        .qualifications()
        .create(QualificationRequest::education().with_education_segment(EducationSegment::K12))
        .await
        .expect("Education K12, object");
    client
        .customer(id(FRESH[3]))
        .qualifications()
        .create(QualificationRequest::government_community_cloud(
            demo::VALIDATION_CODE,
        ))
        .await
        .expect("GCC, object");
    client
        .customer(id(FRESH[3]))
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect("SOE, object");
    client
        .customer(id(ODD))
        .qualifications()
        .list()
        .await
        .expect("list");
    // The documented request fixtures, sent by the client, are the documented bodies.
    for request in [
        fixtures::request_current_education(),
        fixtures::request_current_soe(),
    ] {
        let customer = pc_client::uuid::Uuid::new_v4().to_string();
        client
            .customer(id(&customer))
            .qualifications()
            .create(request)
            .await
            .expect("a fixture request");
    }

    let exchanges = recorder.exchanges();
    let (requests, answers) = check(&exchanges);

    assert_eq!(requests, 7);
    assert!(
        exchanges.iter().all(|e| e.request.uri().query().is_none()),
        "no ?code= under the object contract"
    );
    assert!(
        exchanges
            .iter()
            .all(|e| !e.request.headers().contains_key("x-locale"))
    );
    eprintln!(
        "openapi: {requests} client requests and {answers} answers validated (object contract)"
    );
}

#[tokio::test]
async fn requests_answered_with_documented_fixtures_conform() {
    let mock = MockTransport::new();
    mock.push_json(200, fixtures::CREATE_RESPONSE_EDUCATION)
        .push_json(200, fixtures::LIST_WRAPPED)
        .push_json(200, fixtures::LEGACY_PUT_RESPONSE_GCC)
        .push_json(200, fixtures::VALIDATION_CODES)
        .push_response(
            http::Response::builder()
                .status(429)
                .header("Content-Type", "application/json")
                .header("Retry-After", fixtures::THROTTLED_RETRY_AFTER_SECONDS)
                .body(pc_client::bytes::Bytes::from_static(
                    fixtures::ERROR_THROTTLED.as_bytes(),
                ))
                .expect("a response"),
        );
    let recorder = Recorder::new(mock.clone());
    let client = client(recorder.clone(), Contract::Integer, true);
    let customer = client.customer(fixtures::customer());

    let created = customer
        .qualifications()
        .create(QualificationRequest::education())
        .await;
    let listed = customer.qualifications().list().await;
    let updated = customer
        .legacy_qualification()
        .update(
            CustomerQualification::GovernmentCommunityCloud,
            Some(Secret::new("123456")),
        )
        .await;
    let codes = client.validation_codes().list().await;
    let throttled = customer.qualifications().list().await;

    assert_eq!(
        created.expect("200 is a success of the create"),
        fixtures::create_response_education()
    );
    assert_eq!(listed.expect("the wrapped list"), fixtures::list_wrapped());
    assert_eq!(
        updated.expect("legacy"),
        fixtures::legacy_put_response_gcc()
    );
    assert_eq!(codes.expect("codes").len(), 2);
    assert_eq!(
        throttled
            .expect_err("throttled")
            .status()
            .map(|s| s.as_u16()),
        Some(429)
    );
    let (requests, answers) = check(&recorder.exchanges());
    assert_eq!(requests, 5);
    assert!(mock.is_exhausted());
    eprintln!(
        "openapi: {requests} client requests and {answers} fixture answers validated (MockTransport)"
    );
}

//! `POST /v1/customers/{id}/qualifications` under `Contract::Object`: the JSON object body the
//! service requires since 2023, byte for byte equal to the documented fixtures, and never a query.

use pc_client::http::StatusCode;
use pc_client::{
    Contract, CustomerQualification, EducationSegment, PartnerCenterClient, Qualification,
    QualificationRequest, VettingStatus,
};
use time::macros::datetime;
use wiremock::matchers::{body_bytes, body_json, method, path, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    BODY_HEADERS, assert_standard_headers, customer, fixture, header_names, names, only_request,
    qualifications_path, wiremock_builder,
};

/// A client on `server` with the object contract.
fn object_client(server: &MockServer) -> PartnerCenterClient {
    wiremock_builder(server)
        .contract(Contract::Object)
        .build()
        .expect("client builds")
}

/// Mounts the create endpoint expecting exactly `body`, answering `status` with `response`.
async fn serve_create(
    server: &MockServer,
    body: &'static [u8],
    status: u16,
    response: &'static str,
) {
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .and(query_param_is_missing("code"))
        .and(body_bytes(body))
        .and(body_json(
            serde_json::from_slice::<serde_json::Value>(body).expect("JSON fixture"),
        ))
        .respond_with(ResponseTemplate::new(status).set_body_raw(response, "application/json"))
        .expect(1)
        .named("POST qualifications, object body")
        .mount(server)
        .await;
}

/// The exact shape of an object-contract create: POST, the path, no query, `body`, JSON type.
fn assert_object_request(request: &wiremock::Request, body: &[u8]) {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), qualifications_path());
    assert_eq!(request.url.query(), None);
    assert_eq!(request.body, body);
    assert_eq!(
        request.headers.get("content-type").map(|v| v.as_bytes()),
        Some(b"application/json".as_slice())
    );
    assert_eq!(header_names(request), names(&BODY_HEADERS));
    assert_standard_headers(request);
}

#[tokio::test]
async fn create_education_posts_the_documented_object_with_segment_and_website() {
    // Arrange
    let server = MockServer::start().await;
    let body = fixture!("request-current-education.json").trim_ascii_end();
    serve_create(
        &server,
        body,
        201,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/create-response-education.json"
        )),
    )
    .await;
    let client = object_client(&server);

    // Act
    let reply = client
        .customer(customer())
        .qualifications()
        .create(
            QualificationRequest::education()
                .with_education_segment(EducationSegment::HigherEducation)
                .with_website("contoso.edu"),
        )
        .reply()
        .await
        .expect("create succeeds");

    // Assert
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(
        reply.value,
        Qualification::new(CustomerQualification::Education)
            .with_vetting_status(VettingStatus::InReview)
            .with_vetting_create_date(datetime!(2020-12-04 20:54:24 UTC))
    );
    assert_object_request(&only_request(&server).await, body);
}

#[tokio::test]
async fn create_gcc_puts_the_code_in_the_body_and_sends_no_query() {
    // Arrange
    let server = MockServer::start().await;
    let body = fixture!("request-current-gcc.json").trim_ascii_end();
    serve_create(
        &server,
        body,
        200,
        r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved","vettingCreateDate":"2021-05-06T19:59:56.6832021+00:00"}"#,
    )
    .await;
    let client = object_client(&server);

    // Act
    let reply = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::government_community_cloud("123456"))
        .reply()
        .await
        .expect("create succeeds");

    // Assert
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.value,
        Qualification::new(CustomerQualification::GovernmentCommunityCloud)
            .with_vetting_status(VettingStatus::Approved)
            .with_vetting_create_date(datetime!(2021-05-06 19:59:56.6832021 UTC))
    );
    assert_object_request(&only_request(&server).await, body);
}

#[tokio::test]
async fn create_state_owned_entity_posts_the_bare_qualification_object() {
    // Arrange
    let server = MockServer::start().await;
    let body = fixture!("request-current-soe.json").trim_ascii_end();
    serve_create(
        &server,
        body,
        201,
        r#"{"qualification":"StateOwnedEntity"}"#,
    )
    .await;
    let client = object_client(&server);

    // Act
    let created = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await;

    // Assert
    assert_eq!(
        created.expect("create succeeds"),
        Qualification::new(CustomerQualification::StateOwnedEntity)
    );
    assert_object_request(&only_request(&server).await, body);
}

#[tokio::test]
async fn create_k12_without_website_omits_the_website_field() {
    // Arrange
    let server = MockServer::start().await;
    let body: &'static [u8] = br#"{"qualification":"Education","educationSegment":"K12"}"#;
    serve_create(
        &server,
        body,
        201,
        r#"{"qualification":"Education","vettingStatus":"InReview"}"#,
    )
    .await;
    let client = object_client(&server);

    // Act
    let created = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::education().with_education_segment(EducationSegment::K12))
        .await;

    // Assert
    assert_eq!(
        created.expect("create succeeds"),
        Qualification::new(CustomerQualification::Education)
            .with_vetting_status(VettingStatus::InReview)
    );
    assert_object_request(&only_request(&server).await, body);
}

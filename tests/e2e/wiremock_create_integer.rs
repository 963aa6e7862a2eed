//! `POST /v1/customers/{id}/qualifications` under `Contract::Integer` (the default): the enum's
//! integer as the body, the GCC validation code in `?code=`.

use pc_client::http::StatusCode;
use pc_client::{
    Contract, CustomerQualification, Qualification, QualificationRequest, VettingStatus,
};
use time::macros::datetime;
use wiremock::matchers::{
    bearer_token, body_string, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    BODY_HEADERS, assert_standard_headers, customer, fixture, header_names, names, only_request,
    qualifications_path, wiremock_client,
};

/// The exact shape of an integer-contract create: POST, the path, `query`, `body`, JSON type.
fn assert_create_request(request: &wiremock::Request, query: Option<&str>, body: &[u8]) {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), qualifications_path());
    assert_eq!(request.url.query(), query);
    assert_eq!(request.body, body);
    assert_eq!(
        request.headers.get("content-type").map(|v| v.as_bytes()),
        Some(b"application/json".as_slice())
    );
    assert_eq!(header_names(request), names(&BODY_HEADERS));
    assert_standard_headers(request);
}

#[tokio::test]
async fn create_education_posts_the_integer_1_without_a_query_and_accepts_201() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .and(query_param_is_missing("code"))
        .and(bearer_token(crate::support::TOKEN))
        .and(header("content-type", "application/json"))
        .and(body_string("1"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            fixture!("create-response-education.json"),
            "application/json",
        ))
        .expect(1)
        .named("POST qualifications, integer 1")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);
    assert_eq!(client.contract(), Contract::Integer);

    // Act
    let reply = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::education())
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
    assert_create_request(&only_request(&server).await, None, b"1");
}

#[tokio::test]
async fn create_gcc_posts_the_integer_3_with_the_code_in_the_query_and_accepts_200() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .and(query_param("code", "123456"))
        .and(body_string("3"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"InReview","vettingCreateDate":"2021-05-06T19:59:56.6832021Z"}"#,
            "application/json",
        ))
        .expect(1)
        .named("POST qualifications, integer 3 with ?code=")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

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
            .with_vetting_status(VettingStatus::InReview)
            .with_vetting_create_date(datetime!(2021-05-06 19:59:56.6832021 UTC))
    );
    assert_create_request(&only_request(&server).await, Some("code=123456"), b"3");
}

#[tokio::test]
async fn create_state_owned_entity_posts_the_integer_4() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .and(query_param_is_missing("code"))
        .and(body_string("4"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"StateOwnedEntity"}"#,
            "application/json",
        ))
        .expect(1)
        .named("POST qualifications, integer 4")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

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
    assert_create_request(&only_request(&server).await, None, b"4");
}

#[tokio::test]
async fn create_gcc_form_encodes_a_code_with_a_space_and_an_ampersand() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .and(query_param("code", "a b&c"))
        .and(body_string("3"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"InReview"}"#,
            "application/json",
        ))
        .expect(1)
        .named("POST qualifications, encoded code")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let created = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::government_community_cloud("a b&c"))
        .await;

    // Assert
    assert_eq!(
        created.expect("create succeeds"),
        Qualification::new(CustomerQualification::GovernmentCommunityCloud)
            .with_vetting_status(VettingStatus::InReview)
    );
    let request = only_request(&server).await;
    assert_create_request(&request, Some("code=a+b%26c"), b"3");
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(pairs, vec![("code".to_owned(), "a b&c".to_owned())]);
}

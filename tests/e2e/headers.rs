//! The exact header set of each kind of request: the standard headers always, `Content-Type`
//! only with a body, `X-Locale` and `MS-PartnerCenter-Application` only when configured.

use pc_client::{Contract, CustomerQualification, EducationSegment, QualificationRequest};
use wiremock::matchers::{any, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    BODY_HEADERS, BODYLESS_HEADERS, header as sent_header, header_names, names, only_request,
    wiremock_builder, wiremock_client,
};

/// Answers anything once with `body`.
async fn answer_once(server: &MockServer, verb: &str, body: &'static str) {
    Mock::given(method(verb))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .named("the one request")
        .mount(server)
        .await;
}

#[tokio::test]
async fn bodyless_requests_carry_exactly_the_standard_headers_and_no_content_type() {
    // Arrange
    let list_server = MockServer::start().await;
    answer_once(&list_server, "GET", "[]").await;
    let legacy_server = MockServer::start().await;
    answer_once(&legacy_server, "GET", r#""none""#).await;
    let codes_server = MockServer::start().await;
    answer_once(&codes_server, "GET", "[]").await;
    let id = crate::support::customer();

    // Act
    let list = wiremock_client(&list_server)
        .customer(id)
        .qualifications()
        .list()
        .await;
    let legacy = wiremock_client(&legacy_server)
        .customer(id)
        .legacy_qualification()
        .get()
        .await;
    let codes = wiremock_client(&codes_server)
        .validation_codes()
        .list()
        .await;

    // Assert
    list.expect("list succeeds");
    legacy.expect("legacy get succeeds");
    codes.expect("validation codes succeed");
    for server in [&list_server, &legacy_server, &codes_server] {
        let request = only_request(server).await;
        assert_eq!(header_names(&request), names(&BODYLESS_HEADERS));
        assert_eq!(sent_header(&request, "content-type"), None);
        assert_eq!(sent_header(&request, "x-locale"), None);
        assert_eq!(sent_header(&request, "ms-partnercenter-application"), None);
        assert_eq!(request.headers.get_all("authorization").iter().count(), 1);
    }
}

#[tokio::test]
async fn requests_with_a_body_add_only_content_type_application_json() {
    // Arrange
    let create_server = MockServer::start().await;
    answer_once(&create_server, "POST", r#"{"qualification":"Education"}"#).await;
    let put_server = MockServer::start().await;
    answer_once(&put_server, "PUT", r#""education""#).await;
    let id = crate::support::customer();

    // Act
    let created = wiremock_builder(&create_server)
        .contract(Contract::Object)
        .build()
        .expect("client builds")
        .customer(id)
        .qualifications()
        .create(QualificationRequest::education().with_education_segment(EducationSegment::K12))
        .await;
    let updated = wiremock_client(&put_server)
        .customer(id)
        .legacy_qualification()
        .update(CustomerQualification::Education, None)
        .await;

    // Assert
    created.expect("create succeeds");
    updated.expect("legacy update succeeds");
    for server in [&create_server, &put_server] {
        let request = only_request(server).await;
        assert_eq!(header_names(&request), names(&BODY_HEADERS));
        assert_eq!(
            sent_header(&request, "content-type"),
            Some("application/json")
        );
        assert_eq!(
            sent_header(&request, "content-length"),
            Some(request.body.len().to_string().as_str())
        );
    }
}

#[tokio::test]
async fn configured_locale_and_application_name_are_sent_on_every_operation() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-locale", "fr-FR"))
        .and(header("ms-partnercenter-application", "contoso-billing"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(2)
        .named("GETs with locale and application")
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("x-locale", "fr-FR"))
        .and(header("ms-partnercenter-application", "contoso-billing"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"qualification":"StateOwnedEntity"}"#,
            "application/json",
        ))
        .expect(1)
        .named("POST with locale and application")
        .mount(&server)
        .await;
    let client = wiremock_builder(&server)
        .locale("fr-FR")
        .application_name("contoso-billing")
        .build()
        .expect("client builds");
    let id = crate::support::customer();

    // Act
    let list = client.customer(id).qualifications().list().await;
    let codes = client.validation_codes().list().await;
    let created = client
        .customer(id)
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await;

    // Assert
    list.expect("list succeeds");
    codes.expect("validation codes succeed");
    created.expect("create succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 3);
    let optional = ["ms-partnercenter-application", "x-locale"];
    for request in &requests[..2] {
        let mut expected = names(&BODYLESS_HEADERS);
        expected.extend(optional.iter().map(|n| (*n).to_owned()));
        assert_eq!(header_names(request), expected);
    }
    let mut expected = names(&BODY_HEADERS);
    expected.extend(optional.iter().map(|n| (*n).to_owned()));
    assert_eq!(header_names(&requests[2]), expected);
}

#[tokio::test]
async fn a_custom_user_agent_is_sent_before_the_crate_product_token() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(any())
        .and(header("user-agent", "contoso-billing/2.1 pc-client/0.1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .named("GET with custom user agent")
        .mount(&server)
        .await;
    let client = wiremock_builder(&server)
        .user_agent("contoso-billing/2.1")
        .build()
        .expect("client builds");

    // Act
    let codes = client.validation_codes().list().await;

    // Assert
    assert!(codes.is_ok());
    let request = only_request(&server).await;
    assert_eq!(
        sent_header(&request, "user-agent"),
        Some("contoso-billing/2.1 pc-client/0.1.0")
    );
    assert_eq!(header_names(&request), names(&BODYLESS_HEADERS));
}

#[tokio::test]
async fn ids_are_sent_as_lower_case_hyphenated_version_4_guids() {
    // Arrange
    let server = MockServer::start().await;
    answer_once(&server, "GET", "[]").await;
    let client = wiremock_client(&server);

    // Act
    let list = client
        .customer(crate::support::customer())
        .qualifications()
        .list()
        .await;

    // Assert
    assert!(list.is_ok());
    let request = only_request(&server).await;
    for name in ["ms-requestid", "ms-correlationid"] {
        let text = sent_header(&request, name).expect("id header present");
        let id = pc_client::uuid::Uuid::parse_str(text).expect("a GUID");
        assert_eq!(text, id.hyphenated().to_string());
        assert_eq!(text.len(), 36);
        assert_eq!(id.get_version_num(), 4);
    }
}

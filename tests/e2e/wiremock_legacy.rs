//! The legacy synchronous API, `GET`/`PUT /v1/customers/{id}/qualification`: bare lower-case
//! strings in responses, the integer body and `?code=` on `PUT`.

use pc_client::http::StatusCode;
use pc_client::{CallOptions, CustomerQualification, QualificationName, Secret};
use wiremock::matchers::{body_string, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    BODY_HEADERS, BODYLESS_HEADERS, PINNED_CORRELATION_ID, PINNED_REQUEST_ID,
    assert_standard_headers, customer, fixture, header_names, legacy_path, names, only_request,
    sent_ids, wiremock_client,
};

#[tokio::test]
async fn legacy_get_decodes_the_bare_lower_case_string() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(legacy_path()))
        .and(query_param_is_missing("code"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture!("legacy-get.json"), "application/json"),
        )
        .expect(1)
        .named("GET qualification (legacy)")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let reply = client
        .customer(customer())
        .legacy_qualification()
        .get()
        .reply()
        .await
        .expect("get succeeds");

    // Assert
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.value,
        QualificationName::Known(CustomerQualification::Education)
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), legacy_path());
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
    assert_eq!(header_names(&request), names(&BODYLESS_HEADERS));
    assert_standard_headers(&request);
    assert_eq!(sent_ids(&request), (reply.request_id, reply.correlation_id));
}

#[tokio::test]
async fn legacy_get_keeps_an_unknown_name_and_reads_none() {
    // Arrange
    let unknown_server = MockServer::start().await;
    let none_server = MockServer::start().await;
    for (server, body) in [
        (&unknown_server, r#""charity""#),
        (&none_server, r#""none""#),
    ] {
        Mock::given(method("GET"))
            .and(path(legacy_path()))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .expect(1)
            .named("GET qualification (legacy)")
            .mount(server)
            .await;
    }

    // Act
    let unknown = wiremock_client(&unknown_server)
        .customer(customer())
        .legacy_qualification()
        .get()
        .await;
    let none = wiremock_client(&none_server)
        .customer(customer())
        .legacy_qualification()
        .get()
        .await;

    // Assert
    assert_eq!(
        unknown.expect("unknown names decode"),
        QualificationName::Unknown("charity".to_owned())
    );
    assert_eq!(
        none.expect("none decodes"),
        QualificationName::Known(CustomerQualification::None)
    );
}

#[tokio::test]
async fn legacy_put_gcc_sends_3_with_the_code_in_the_query() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(legacy_path()))
        .and(query_param("code", "123456"))
        .and(body_string("3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture!("legacy-put-response-gcc.json"), "application/json"),
        )
        .expect(1)
        .named("PUT qualification (legacy), GCC")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let updated = client
        .customer(customer())
        .legacy_qualification()
        .update(
            CustomerQualification::GovernmentCommunityCloud,
            Some(Secret::new("123456")),
        )
        .await;

    // Assert
    assert_eq!(
        updated.expect("update succeeds"),
        QualificationName::Known(CustomerQualification::GovernmentCommunityCloud)
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), legacy_path());
    assert_eq!(request.url.query(), Some("code=123456"));
    assert_eq!(request.body, b"3");
    assert_eq!(header_names(&request), names(&BODY_HEADERS));
    assert_eq!(
        request.headers.get("content-type").map(|v| v.as_bytes()),
        Some(b"application/json".as_slice())
    );
    assert_standard_headers(&request);
}

#[tokio::test]
async fn legacy_put_education_sends_1_without_a_query_and_with_pinned_ids() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(legacy_path()))
        .and(query_param_is_missing("code"))
        .and(body_string("1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#""education""#, "application/json"))
        .expect(1)
        .named("PUT qualification (legacy), Education")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);
    let options = CallOptions::default()
        .request_id(PINNED_REQUEST_ID)
        .correlation_id(PINNED_CORRELATION_ID);

    // Act
    let reply = client
        .customer(customer())
        .legacy_qualification()
        .update(CustomerQualification::Education, None)
        .options(options)
        .reply()
        .await
        .expect("update succeeds");

    // Assert
    assert_eq!(
        reply.value,
        QualificationName::Known(CustomerQualification::Education)
    );
    assert_eq!(reply.request_id, PINNED_REQUEST_ID);
    assert_eq!(reply.correlation_id, PINNED_CORRELATION_ID);
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(request.body, b"1");
    assert_eq!(
        sent_ids(&request),
        (PINNED_REQUEST_ID, PINNED_CORRELATION_ID)
    );
}

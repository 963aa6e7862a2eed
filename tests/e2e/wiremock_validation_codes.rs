//! `GET /v1/customers/all/validations`: the partner's GCC validation codes, decoded field by
//! field, and never quoted in a decode error.

use pc_client::{ErrorKind, ValidationCode};
use wiremock::matchers::{method, path, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    BODYLESS_HEADERS, assert_standard_headers, fixture, header_names, ids_suffix, names,
    only_request, sent_ids, wiremock_client,
};

/// The path of the validation codes list.
const VALIDATIONS: &str = "/v1/customers/all/validations";

#[tokio::test]
async fn validation_codes_list_decodes_both_documented_records() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(VALIDATIONS))
        .and(query_param_is_missing("code"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture!("validation-codes.json"), "application/json"),
        )
        .expect(1)
        .named("GET validations")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let codes = client.validation_codes().list().await;

    // Assert
    let mut first = ValidationCode::new("12345");
    first.partner_id = Some("9daaeb1c-4d1b-4a7c-a2d5-1b3f0e2b5c1a".to_owned());
    first.organization_name = Some("Contoso, Inc.".to_owned());
    first.max_creates = Some(5);
    first.remaining_creates = Some(4);
    first.etag = Some(r#"W/"datetime'2018-10-10T18%3A49%3A58.727348Z'""#.to_owned());
    let mut second = ValidationCode::new("67890");
    second.partner_id = Some("9daaeb1c-4d1b-4a7c-a2d5-1b3f0e2b5c1a".to_owned());
    second.organization_name = Some("Contoso, Inc.".to_owned());
    second.etag = Some(r#"W/"datetime'2018-11-02T09%3A12%3A01.000000Z'""#.to_owned());
    let codes = codes.expect("list succeeds");
    assert_eq!(codes, vec![first, second]);
    assert_eq!(codes[0].validation_id.expose(), "12345");
    assert_eq!(codes[1].max_creates, None);
    assert_eq!(codes[1].remaining_creates, None);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), VALIDATIONS);
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
    assert_eq!(header_names(&request), names(&BODYLESS_HEADERS));
    assert_standard_headers(&request);
}

#[tokio::test]
async fn validation_codes_decode_error_withholds_the_body() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(VALIDATIONS))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"[{"validationId":"987654","maxCreates":"#,
            "application/json",
        ))
        .expect(1)
        .named("GET validations, truncated body")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let error = client
        .validation_codes()
        .list()
        .await
        .expect_err("a truncated body does not decode");

    // Assert
    let (request_id, correlation_id) = sent_ids(&only_request(&server).await);
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status(), Some(pc_client::http::StatusCode::OK));
    assert_eq!(
        error.to_string(),
        format!(
            "undecodable response: could not decode validation codes from HTTP 200 OK (body withheld, invalid at line 1 column 39){}",
            ids_suffix(request_id, correlation_id)
        )
    );
    assert!(!format!("{error:?}").contains("987654"));
}

//! HTTP error statuses and undecodable success bodies mapped to `Error`: kind, status, code,
//! description, `Retry-After`, the ids that were sent, the raw body and the exact `Display`; and
//! secrets (the access token, a validation code) never shown.

use std::time::Duration;

use pc_client::http::StatusCode;
use pc_client::time::OffsetDateTime;
use pc_client::{ApiErrorBody, Error, ErrorKind, PartnerCenterClient, QualificationRequest};
use time::macros::format_description;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    TOKEN, customer, fixture, ids_suffix, only_request, qualifications_path, sent_ids,
    wiremock_client,
};

/// Answers the list endpoint once with `response`.
async fn serve_list(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(qualifications_path()))
        .respond_with(response)
        .expect(1)
        .named("GET qualifications, failing")
        .mount(server)
        .await;
}

/// Lists through `client` and returns the error.
async fn list_error(client: &PartnerCenterClient) -> Error {
    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("the call fails")
}

/// The ids the one request to `server` carried, as `Display`'s suffix, after checking that the
/// error reports the same ids and one attempt.
async fn checked_ids(server: &MockServer, error: &Error) -> String {
    let (request_id, correlation_id) = sent_ids(&only_request(server).await);
    assert_eq!(error.request_id(), Some(request_id));
    assert_eq!(error.correlation_id(), Some(correlation_id));
    assert_eq!(error.attempts(), 1);
    ids_suffix(request_id, correlation_id)
}

#[tokio::test]
async fn documented_error_body_maps_every_field() {
    // Arrange
    let server = MockServer::start().await;
    let body = fixture!("error-documented.json");
    serve_list(
        &server,
        ResponseTemplate::new(400).set_body_raw(body, "application/json"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Service);
    assert!(error.is_service());
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(error.code(), Some("900118"));
    assert_eq!(error.description(), Some("The customer ID is invalid."));
    assert_eq!(error.service_source(), Some("PartnerFD"));
    assert_eq!(error.data(), Some(&serde_json::json!([])));
    assert_eq!(error.retry_after(), None);
    assert_eq!(
        error.raw_body(),
        Some(std::str::from_utf8(body).expect("UTF-8"))
    );
    assert!(matches!(error.body(), Some(ApiErrorBody::Documented(_))));
    assert_eq!(
        error.to_string(),
        format!(
            "service error: HTTP 400 Bad Request, code 900118: The customer ID is invalid{ids}"
        )
    );
}

#[tokio::test]
async fn documented_error_with_a_numeric_code_reports_it_as_text() {
    // Arrange
    let server = MockServer::start().await;
    let body = r#"{"code":60003,"description":"Tenant not found.","data":[]}"#;
    serve_list(
        &server,
        ResponseTemplate::new(404).set_body_raw(body, "application/json"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.code(), Some("60003"));
    assert_eq!(error.description(), Some("Tenant not found."));
    assert_eq!(error.service_source(), None);
    assert_eq!(error.retry_after(), None);
    assert_eq!(error.raw_body(), Some(body));
    assert_eq!(
        error.to_string(),
        format!("service error: HTTP 404 Not Found, code 60003: Tenant not found{ids}")
    );
}

#[tokio::test]
async fn throttled_body_with_retry_after_seconds_maps_message_and_wait() {
    // Arrange
    let server = MockServer::start().await;
    let body = fixture!("error-throttled.json");
    serve_list(
        &server,
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "57")
            .set_body_raw(body, "application/json"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.code(), None);
    assert_eq!(
        error.description(),
        Some("Rate limit is exceeded. Try again in 57 seconds.")
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(57)));
    assert_eq!(
        error.raw_body(),
        Some(std::str::from_utf8(body).expect("UTF-8"))
    );
    assert!(matches!(error.body(), Some(ApiErrorBody::Throttled(_))));
    assert_eq!(
        error.to_string(),
        format!(
            "service error: HTTP 429 Too Many Requests: Rate limit is exceeded. Try again in 57 seconds, retry after 57s{ids}"
        )
    );
}

#[tokio::test]
async fn retry_after_as_a_future_http_date_is_read_as_the_time_left() {
    // Arrange
    let server = MockServer::start().await;
    let at = OffsetDateTime::now_utc() + Duration::from_secs(120);
    let http_date = at
        .format(format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        ))
        .expect("formats");
    serve_list(
        &server,
        ResponseTemplate::new(503)
            .insert_header("Retry-After", http_date.as_str())
            .set_body_raw(fixture!("error-throttled.json"), "application/json"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    let wait = error.retry_after().expect("Retry-After parsed");
    assert!(
        (Duration::from_secs(100)..=Duration::from_secs(120)).contains(&wait),
        "{wait:?} from {http_date}"
    );
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(
        error.to_string(),
        format!(
            "service error: HTTP 503 Service Unavailable: Rate limit is exceeded. Try again in 57 seconds, retry after {}s{ids}",
            wait.as_secs()
        )
    );
}

#[tokio::test]
async fn retry_after_as_a_past_http_date_means_no_wait() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(
        &server,
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
            .set_body_raw(fixture!("error-throttled.json"), "application/json"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(
        error.to_string(),
        format!(
            "service error: HTTP 429 Too Many Requests: Rate limit is exceeded. Try again in 57 seconds, retry after 0s{ids}"
        )
    );
}

#[tokio::test]
async fn bare_json_string_body_becomes_the_description() {
    // Arrange
    let server = MockServer::start().await;
    let body = r#""Access to this customer is denied.""#;
    serve_list(
        &server,
        ResponseTemplate::new(403).set_body_raw(body, "application/json"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(error.code(), None);
    assert_eq!(
        error.description(),
        Some("Access to this customer is denied.")
    );
    assert_eq!(error.retry_after(), None);
    assert_eq!(error.raw_body(), Some(body));
    assert!(matches!(error.body(), Some(ApiErrorBody::Message(_))));
    assert_eq!(
        error.to_string(),
        format!("service error: HTTP 403 Forbidden: Access to this customer is denied{ids}")
    );
}

#[tokio::test]
async fn empty_body_on_502_is_reported_as_empty() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(&server, ResponseTemplate::new(502)).await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(error.code(), None);
    assert_eq!(error.description(), None);
    assert_eq!(error.retry_after(), None);
    assert_eq!(error.raw_body(), Some(""));
    assert_eq!(error.body(), Some(&ApiErrorBody::Empty));
    assert_eq!(
        error.to_string(),
        format!("service error: HTTP 502 Bad Gateway: empty body{ids}")
    );
}

#[tokio::test]
async fn html_page_on_503_is_kept_raw_and_quoted() {
    // Arrange
    let server = MockServer::start().await;
    let body = "<html>\n<body><h1>503 Service Unavailable</h1></body>\n</html>\n";
    serve_list(
        &server,
        ResponseTemplate::new(503).set_body_raw(body, "text/html"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.code(), None);
    assert_eq!(error.description(), None);
    assert_eq!(error.retry_after(), None);
    assert_eq!(error.raw_body(), Some(body));
    assert!(matches!(error.body(), Some(ApiErrorBody::Raw(_))));
    assert_eq!(
        error.to_string(),
        format!(
            "service error: HTTP 503 Service Unavailable: body \"<html> <body><h1>503 Service Unavailable</h1></body> </html>\"{ids}"
        )
    );
}

#[tokio::test]
async fn invalid_json_on_200_is_a_decode_error_quoting_the_body() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(
        &server,
        ResponseTemplate::new(200).set_body_raw("not json at all", "application/json"),
    )
    .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.is_decode());
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.code(), None);
    assert_eq!(error.raw_body(), None);
    assert!(
        std::error::Error::source(&error).is_some_and(|source| source.is::<serde_json::Error>())
    );
    assert_eq!(
        error.to_string(),
        format!(
            "undecodable response: could not decode a qualification list from HTTP 200 OK (body starts \"not json at all\"){ids}"
        )
    );
}

#[tokio::test]
async fn a_long_undecodable_create_body_is_quoted_to_80_characters() {
    // Arrange
    let server = MockServer::start().await;
    let body = "x".repeat(200);
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .respond_with(ResponseTemplate::new(201).set_body_raw(body.as_str(), "application/json"))
        .expect(1)
        .named("POST qualifications, garbage")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::education())
        .await
        .expect_err("garbage does not decode");

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status(), Some(StatusCode::CREATED));
    assert_eq!(
        error.to_string(),
        format!(
            "undecodable response: could not decode a qualification from HTTP 201 Created (body starts \"{}…\"){ids}",
            "x".repeat(80)
        )
    );
}

#[tokio::test]
async fn a_validation_code_echoed_in_an_error_body_is_redacted() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"code":"3000","description":"Validation code 123456 is not valid for this partner.","data":["123456"]}"#,
            "application/json",
        ))
        .expect(1)
        .named("POST qualifications, code echoed")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::government_community_cloud("123456"))
        .await
        .expect_err("the service refuses the code");

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.code(), Some("3000"));
    assert_eq!(
        error.description(),
        Some("Validation code [redacted] is not valid for this partner.")
    );
    assert_eq!(
        error.raw_body(),
        Some(
            r#"{"code":"3000","description":"Validation code [redacted] is not valid for this partner.","data":["[redacted]"]}"#
        )
    );
    assert_eq!(error.data(), Some(&serde_json::json!(["[redacted]"])));
    assert_eq!(
        error.to_string(),
        format!(
            "service error: HTTP 400 Bad Request, code 3000: Validation code [redacted] is not valid for this partner{ids}"
        )
    );
    assert!(!format!("{error:?}").contains("123456"));
}

#[tokio::test]
async fn the_access_token_never_appears_in_error_display_or_debug() {
    // Arrange: a service error echoing the token, and a success body echoing it that fails to
    // decode.
    let server = MockServer::start().await;
    let echo = format!(r#"{{"code":"900150","description":"Token Bearer {TOKEN} lacks rights."}}"#);
    Mock::given(method("GET"))
        .and(path(qualifications_path()))
        .respond_with(ResponseTemplate::new(403).set_body_raw(echo.as_str(), "application/json"))
        .up_to_n_times(1)
        .expect(1)
        .named("GET qualifications, token echoed in a 403")
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(qualifications_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(format!("Bearer {TOKEN} is not a list"), "application/json"),
        )
        .expect(1)
        .named("GET qualifications, token echoed in a 200")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let service = list_error(&client).await;
    let decode = list_error(&client).await;

    // Assert
    assert_eq!(service.kind(), ErrorKind::Service);
    assert_eq!(decode.kind(), ErrorKind::Decode);
    assert_eq!(
        service.description(),
        Some("Token Bearer [redacted] lacks rights.")
    );
    assert_eq!(
        decode.to_string(),
        format!(
            "undecodable response: could not decode a qualification list from HTTP 200 OK (body starts \"Bearer [redacted] is not a list\"){}",
            ids_suffix(
                decode.request_id().expect("ids assigned"),
                decode.correlation_id().expect("ids assigned")
            )
        )
    );
    for error in [&service, &decode] {
        let shown = format!("{error} {error:?} {:?}", error.raw_body());
        assert!(!shown.contains(TOKEN), "token leaked: {shown}");
    }
}

#[tokio::test]
async fn a_validation_code_echoed_in_an_undecodable_success_body_is_not_quoted() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(qualifications_path()))
        .respond_with(
            ResponseTemplate::new(201).set_body_raw("accepted code 123456", "application/json"),
        )
        .expect(1)
        .named("POST qualifications, code echoed in garbage")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::government_community_cloud("123456"))
        .await
        .expect_err("garbage does not decode");

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(
        error.to_string(),
        format!(
            "undecodable response: could not decode a qualification from HTTP 201 Created (body starts \"accepted code [redacted]\"){ids}"
        )
    );
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("123456"), "validation code leaked: {shown}");
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_is_reported_as_a_service_error() {
    // Arrange
    let server = MockServer::start().await;
    serve_list(
        &server,
        ResponseTemplate::new(302).insert_header("location", "/elsewhere"),
    )
    .await;
    Mock::given(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(0)
        .named("the redirect target, never visited")
        .mount(&server)
        .await;
    let client = wiremock_client(&server);

    // Act
    let error = list_error(&client).await;

    // Assert
    let ids = checked_ids(&server, &error).await;
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::FOUND));
    assert_eq!(error.raw_body(), Some(""));
    assert_eq!(
        error.to_string(),
        format!("service error: HTTP 302 Found: empty body{ids}")
    );
}

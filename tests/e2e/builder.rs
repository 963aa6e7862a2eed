//! `ClientBuilder`: every bad setting is reported by `build()` as `ErrorKind::Config` with an exact
//! message; clouds and custom base URLs resolve as documented.

use std::time::Duration;

use pc_client::{ClientBuilder, Cloud, Contract, Error, ErrorKind, PartnerCenterClient};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{CUSTOMER, TOKEN, customer, only_request, wiremock_builder};

/// Builds and returns the configuration error.
fn config_error(builder: ClientBuilder) -> Error {
    let error = builder.build().expect_err("the configuration is refused");
    assert_eq!(error.kind(), ErrorKind::Config);
    assert_eq!(error.attempts(), 0);
    assert_eq!(error.request_id(), None);
    assert_eq!(error.correlation_id(), None);
    error
}

/// A builder with a token, aimed at `base_url`.
fn with_endpoint(base_url: &str) -> ClientBuilder {
    PartnerCenterClient::builder()
        .endpoint(base_url)
        .access_token(TOKEN)
}

#[test]
fn build_without_a_credential_is_a_config_error() {
    // Arrange
    let builder = PartnerCenterClient::builder().endpoint("https://pc.test");

    // Act
    let error = config_error(builder);

    // Assert
    assert_eq!(
        error.to_string(),
        "invalid client configuration: no credential: call access_token() or credential() on the builder"
    );
}

#[test]
fn a_base_url_that_is_not_http_is_a_config_error() {
    // Arrange
    let builder = with_endpoint("ftp://pc.test");

    // Act
    let error = config_error(builder);

    // Assert
    assert_eq!(
        error.to_string(),
        "invalid client configuration: invalid base URL \"ftp://pc.test\": expected an http or https URL"
    );
}

#[test]
fn a_base_url_with_a_query_or_fragment_is_a_config_error() {
    // Arrange
    let with_query = with_endpoint("https://pc.test/?tenant=contoso");
    let with_fragment = with_endpoint("https://pc.test/#top");

    // Act
    let query = config_error(with_query);
    let fragment = config_error(with_fragment);

    // Assert
    assert_eq!(
        query.to_string(),
        "invalid client configuration: invalid base URL \"https://pc.test/?tenant=contoso\": it must not carry a query or fragment"
    );
    assert_eq!(
        fragment.to_string(),
        "invalid client configuration: invalid base URL \"https://pc.test/#top\": it must not carry a query or fragment"
    );
}

#[test]
fn a_garbage_base_url_is_a_config_error() {
    // Arrange
    let garbage = with_endpoint("not a url");
    let empty = with_endpoint("");

    // Act
    let garbage = config_error(garbage);
    let empty = config_error(empty);

    // Assert
    assert_eq!(
        garbage.to_string(),
        "invalid client configuration: invalid base URL \"not a url\": relative URL without a base"
    );
    assert_eq!(
        empty.to_string(),
        "invalid client configuration: invalid base URL \"\": relative URL without a base"
    );
}

#[test]
fn header_settings_that_no_header_can_carry_are_config_errors() {
    // Arrange
    let locale = with_endpoint("https://pc.test").locale("en-US\r\nX-Evil: 1");
    let application = with_endpoint("https://pc.test").application_name("contoso\nbilling");
    let user_agent = with_endpoint("https://pc.test").user_agent("agent\u{7f}");

    // Act
    let locale = config_error(locale);
    let application = config_error(application);
    let user_agent = config_error(user_agent);

    // Assert
    assert_eq!(
        locale.to_string(),
        "invalid client configuration: invalid locale \"en-US\\r\\nX-Evil: 1\": not a valid header value"
    );
    assert_eq!(
        application.to_string(),
        "invalid client configuration: invalid application name \"contoso\\nbilling\": not a valid header value"
    );
    assert_eq!(
        user_agent.to_string(),
        "invalid client configuration: invalid user agent \"agent\\u{7f} pc-client/0.1.0\": not a valid header value"
    );
}

#[test]
fn a_zero_response_limit_or_timeout_is_a_config_error() {
    // Arrange
    let limit = with_endpoint("https://pc.test").max_response_bytes(0);
    let timeout = with_endpoint("https://pc.test").timeout(Duration::ZERO);

    // Act
    let limit = config_error(limit);
    let timeout = config_error(timeout);

    // Assert
    assert_eq!(
        limit.to_string(),
        "invalid client configuration: max_response_bytes must be at least 1"
    );
    assert_eq!(
        timeout.to_string(),
        "invalid client configuration: timeout must be longer than zero"
    );
}

#[test]
fn the_default_cloud_is_public_and_china_has_its_own_base_url() {
    // Arrange
    let default = PartnerCenterClient::builder().access_token(TOKEN);
    let public = PartnerCenterClient::builder()
        .cloud(Cloud::Public)
        .access_token(TOKEN);
    let china = PartnerCenterClient::builder()
        .cloud(Cloud::China)
        .access_token(TOKEN);

    // Act
    let default = default.build().expect("default builds");
    let public = public.build().expect("public builds");
    let china = china.build().expect("china builds");

    // Assert
    assert_eq!(
        default.base_url(),
        "https://api.partnercenter.microsoft.com"
    );
    assert_eq!(public.base_url(), "https://api.partnercenter.microsoft.com");
    assert_eq!(
        china.base_url(),
        "https://partner.partnercenterapi.microsoftonline.cn"
    );
    assert_eq!(default.contract(), Contract::Integer);
    assert_eq!(
        Cloud::Public.authority(),
        Some("https://login.microsoftonline.com")
    );
    assert_eq!(
        Cloud::China.authority(),
        Some("https://login.chinacloudapi.cn")
    );
    assert_eq!(Cloud::Custom("http://127.0.0.1:1".into()).authority(), None);
}

#[test]
fn a_custom_base_url_loses_its_trailing_slash() {
    // Arrange
    let builder = with_endpoint("http://127.0.0.1:8080/");

    // Act
    let client = builder.build().expect("client builds");

    // Assert
    assert_eq!(client.base_url(), "http://127.0.0.1:8080");
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_keeps_the_prefix_on_every_request() {
    // Arrange: a reverse proxy mounted under /proxy/partner-center/.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/proxy/partner-center/v1/customers/{CUSTOMER}/qualifications"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .named("GET qualifications behind the proxy prefix")
        .mount(&server)
        .await;
    let client = PartnerCenterClient::builder()
        .endpoint(format!("{}/proxy/partner-center/", server.uri()))
        .access_token(TOKEN)
        .retry_policy(pc_client::RetryPolicy::none())
        .build()
        .expect("client builds");

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    assert_eq!(list.expect("list succeeds"), Vec::new());
    assert_eq!(
        only_request(&server).await.url.path(),
        format!("/proxy/partner-center/v1/customers/{CUSTOMER}/qualifications")
    );
}

#[tokio::test]
async fn clones_of_a_client_share_its_settings() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(2)
        .named("GET from both clones")
        .mount(&server)
        .await;
    let original = wiremock_builder(&server)
        .contract(Contract::Object)
        .locale("en-GB")
        .build()
        .expect("client builds");
    let clone = original.clone();
    drop(original);

    // Act
    let first = clone.validation_codes().list().await;
    let second = clone.customer(customer()).qualifications().list().await;

    // Assert
    assert!(first.is_ok() && second.is_ok());
    assert_eq!(clone.contract(), Contract::Object);
    assert_eq!(clone.base_url(), server.uri());
    let requests = server.received_requests().await.expect("recording is on");
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("x-locale").map(|v| v.as_bytes()) == Some(b"en-GB".as_slice()))
    );
}

//! Plain `http` only to loopback: the client's base URL and the Entra authority, each refused
//! with a message that names the rule, and the `danger_accept_plain_http` opt-out for test rigs
//! (issue 10: credentials that never travel in clear).

use pc_client::{EntraCredential, ErrorKind, MockTransport, PartnerCenterClient, TokenProvider};

use crate::support::customer;

/// The tail of every refusal: the rule and the two ways out.
const RULE: &str = "plain http is only allowed to a loopback host (127.0.0.0/8, ::1, localhost); \
                    use https, or danger_accept_plain_http(true) on the builder for a test rig";

/// A client on `base_url` through a MockTransport, built with or without the opt-out.
fn build_client(
    base_url: &str,
    mock: &MockTransport,
    accept: bool,
) -> Result<PartnerCenterClient, pc_client::Error> {
    PartnerCenterClient::builder()
        .endpoint(base_url)
        .access_token("test-token-0123456789")
        .transport(mock.clone())
        .danger_accept_plain_http(accept)
        .build()
}

/// An App+User credential on `authority` through a MockTransport.
fn build_credential(
    authority: &str,
    mock: &MockTransport,
    accept: bool,
) -> Result<EntraCredential, pc_client::Error> {
    EntraCredential::refresh_token("t", "app-id", "refresh-token-secret")
        .client_secret("client-secret-value")
        .authority(authority)
        .transport(mock.clone())
        .danger_accept_plain_http(accept)
        .build()
}

#[test]
fn an_http_base_url_to_a_host_that_is_not_loopback_is_a_config_error_naming_the_rule() {
    // Arrange
    let mock = MockTransport::new();

    for base_url in [
        "http://api.partnercenter.microsoft.com",
        "http://emulator.test",
        "http://10.0.0.5:8080",
        "http://0.0.0.0:8080",
        "http://[fe80::1]:8080",
        "http://localhost.contoso.test",
    ] {
        // Act
        let error = build_client(base_url, &mock, false).expect_err(base_url);

        // Assert
        assert_eq!(error.kind(), ErrorKind::Config, "{base_url}");
        assert_eq!(
            error.to_string(),
            format!("invalid client configuration: invalid base URL {base_url:?}: {RULE}")
        );
    }
    assert!(mock.requests().is_empty());
}

#[test]
fn http_to_a_loopback_host_and_https_to_any_host_are_accepted() {
    let mock = MockTransport::new();

    for base_url in [
        "http://127.0.0.1:8080",
        "http://127.45.6.7",
        "http://[::1]:8080",
        "http://localhost:8080",
        "http://LocalHost",
        "https://pc.test",
        "https://10.0.0.5:8443",
    ] {
        let built = build_client(base_url, &mock, false);

        assert!(built.is_ok(), "{base_url}: {:?}", built.err());
    }
}

#[tokio::test]
async fn danger_accept_plain_http_lets_a_test_rig_send_http_to_another_host() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(200, "[]");
    let client = build_client("http://emulator.rig:8080", &mock, true).expect("opted out");

    // Act
    let list = client.customer(customer()).qualifications().list().await;

    // Assert
    assert!(list.is_ok(), "{list:?}");
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].uri.scheme_str(), Some("http"));
    assert_eq!(requests[0].uri.host(), Some("emulator.rig"));
}

#[test]
fn the_opt_out_shows_in_the_builders_debug_output() {
    let builder = PartnerCenterClient::builder().danger_accept_plain_http(true);
    let credential =
        EntraCredential::refresh_token("t", "app-id", "r").danger_accept_plain_http(true);

    assert_eq!(
        format!("{builder:?}"),
        "ClientBuilder { danger_accept_plain_http: true }"
    );
    assert!(
        format!("{credential:?}").contains("danger_accept_plain_http: true"),
        "{credential:?}"
    );
    assert_eq!(
        format!("{:?}", PartnerCenterClient::builder()),
        "ClientBuilder"
    );
}

#[test]
fn an_http_authority_to_a_host_that_is_not_loopback_is_a_config_error_naming_the_rule() {
    // Arrange
    let mock = MockTransport::new();

    for authority in [
        "http://login.microsoftonline.com",
        "http://login.test",
        "http://192.168.1.10:8080",
    ] {
        // Act
        let error = build_credential(authority, &mock, false).expect_err(authority);

        // Assert
        assert_eq!(error.kind(), ErrorKind::Config, "{authority}");
        assert_eq!(
            error.to_string(),
            format!("invalid client configuration: invalid authority {authority:?}: {RULE}")
        );
    }
    assert!(mock.requests().is_empty());
}

#[test]
fn an_http_loopback_authority_and_https_authorities_are_accepted() {
    let mock = MockTransport::new();

    for authority in [
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://localhost:8080/",
        "https://login.test",
        "https://login.microsoftonline.com",
    ] {
        let built = build_credential(authority, &mock, false);

        assert!(built.is_ok(), "{authority}: {:?}", built.err());
    }
}

#[tokio::test]
async fn danger_accept_plain_http_lets_a_test_rig_use_an_http_authority_on_another_host() {
    // Arrange
    let mock = MockTransport::new();
    mock.push_json(
        200,
        r#"{"token_type":"Bearer","expires_in":"3599","access_token":"rig-token"}"#,
    );
    let credential = build_credential("http://emulator.rig:8080", &mock, true).expect("opted out");

    // Act
    let token = credential.token().await.expect("a token");

    // Assert
    assert_eq!(token.secret().expose(), "rig-token");
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].uri.to_string(),
        "http://emulator.rig:8080/t/oauth2/token"
    );
}

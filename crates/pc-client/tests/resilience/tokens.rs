//! Token providers: the Entra ID v1 grants, caching, single flight, rotation.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use pc_client::{AccessToken, EntraCredential, Error, PartnerCenterClient, TokenProvider};
use wiremock::matchers::{body_string, header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::customer;

/// Hands out `token-1`, `token-2`, ... and counts invalidations.
#[derive(Debug, Clone, Default)]
pub(crate) struct CountingProvider {
    issued: Arc<AtomicUsize>,
    invalidated: Arc<AtomicUsize>,
}

impl CountingProvider {
    pub(crate) fn invalidations(&self) -> usize {
        self.invalidated.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl TokenProvider for CountingProvider {
    async fn token(&self) -> Result<AccessToken, Error> {
        let n = self.issued.load(Ordering::SeqCst) + 1;
        Ok(AccessToken::new(format!("token-{n}"), None))
    }

    async fn invalidate(&self, _refused: &AccessToken) {
        self.issued.fetch_add(1, Ordering::SeqCst);
        self.invalidated.fetch_add(1, Ordering::SeqCst);
    }
}

fn token_body(access: &str, refresh: Option<&str>, expires_in: &str) -> String {
    match refresh {
        Some(refresh) => format!(
            r#"{{"token_type":"Bearer","expires_in":"{expires_in}","access_token":"{access}","refresh_token":"{refresh}"}}"#
        ),
        None => format!(
            r#"{{"token_type":"Bearer","expires_in":{expires_in},"access_token":"{access}"}}"#
        ),
    }
}

/// An App+User credential for tenant `t` and client `app-id` whose authority is `server`.
fn refresh_credential(server: &MockServer, refresh_token: &str) -> EntraCredential {
    EntraCredential::refresh_token("t", "app-id", refresh_token)
        .authority(server.uri())
        .build()
        .expect("credential")
}

async fn api(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(
            "/v1/customers/4a1e9c32-5b7d-4f1a-8c2e-0d3b6a9f7e10/qualifications",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn refresh_token_grant_sends_the_documented_form_and_uses_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contoso.onmicrosoft.com/oauth2/token"))
        .and(header_is("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "grant_type=refresh_token&refresh_token=stored-refresh&client_id=app-id&client_secret=app-secret&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("access-1", Some("rotated-1"), "3599"),
            "application/json",
        ))
        .expect(1)
        .named("token endpoint")
        .mount(&server)
        .await;
    api(&server).await;
    let credential =
        EntraCredential::refresh_token("contoso.onmicrosoft.com", "app-id", "stored-refresh")
            .client_secret("app-secret")
            .authority(server.uri())
            .build()
            .expect("credential");
    let client = PartnerCenterClient::builder()
        .endpoint(server.uri())
        .credential(credential)
        .build()
        .expect("client");

    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("first");
    client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect("second, cached token");

    let received = server.received_requests().await.expect("recorded");
    let api_calls: Vec<_> = received
        .iter()
        .filter(|r| r.url.path().starts_with("/v1/"))
        .collect();
    assert_eq!(api_calls.len(), 2);
    for call in api_calls {
        assert_eq!(
            crate::support::header(call, "authorization"),
            "Bearer access-1"
        );
    }
}

#[tokio::test]
async fn client_credentials_grant_sends_the_documented_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tenant-1/oauth2/token"))
        .and(body_string(
            "grant_type=client_credentials&client_id=app-id&client_secret=app-secret&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("app-only-1", None, "3599"),
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let credential = EntraCredential::client_credentials("tenant-1", "app-id", "app-secret")
        .authority(server.uri())
        .build()
        .expect("credential");

    let token = credential.token().await.expect("token");

    assert_eq!(token.secret().expose(), "app-only-1");
    assert!(token.expires_at().is_some());
}

#[tokio::test]
async fn rotated_refresh_token_is_used_for_the_next_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string(
            "grant_type=refresh_token&refresh_token=first&client_id=app-id&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("access-1", Some("second"), "3599"),
            "application/json",
        ))
        .expect(1)
        .named("first refresh")
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string(
            "grant_type=refresh_token&refresh_token=second&client_id=app-id&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("access-2", Some("third"), "3599"),
            "application/json",
        ))
        .expect(1)
        .named("second refresh with the rotated token")
        .mount(&server)
        .await;
    let credential = refresh_credential(&server, "first");

    let first = credential.token().await.expect("first");
    credential.invalidate(&first).await;
    let second = credential.token().await.expect("second");

    assert_eq!(first.secret().expose(), "access-1");
    assert_eq!(second.secret().expose(), "access-2");
    assert_eq!(
        credential
            .current_refresh_token()
            .await
            .map(|s| s.expose().to_owned()),
        Some("third".to_owned())
    );
}

#[tokio::test]
async fn tokens_are_refreshed_ahead_of_expiry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("short-lived", Some("next"), "1"),
            "application/json",
        ))
        .expect(2)
        .mount(&server)
        .await;
    // A one-second token is renewed half-way through its life, whatever the 5-minute margin.
    let credential = refresh_credential(&server, "r");

    credential.token().await.expect("first");
    credential.token().await.expect("cached");
    assert_eq!(
        server.received_requests().await.expect("recorded").len(),
        1,
        "still fresh: no second request yet"
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    credential.token().await.expect("renewed");
}

#[tokio::test]
async fn a_token_shorter_lived_than_the_margin_is_still_reused_for_half_its_life() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("two-minutes", Some("next"), "120"),
            "application/json",
        ))
        .expect(1)
        .named("one token request for five calls")
        .mount(&server)
        .await;
    let credential = EntraCredential::refresh_token("t", "app-id", "r")
        .authority(server.uri())
        .refresh_margin(Duration::from_secs(300))
        .build()
        .expect("credential");

    for _ in 0..5 {
        credential.token().await.expect("token");
    }
}

#[tokio::test]
async fn a_cancelled_caller_does_not_lose_the_rotated_refresh_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string(
            "grant_type=refresh_token&refresh_token=first&client_id=app-id&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(token_body("slow", Some("second"), "3599"), "application/json")
                .set_delay(Duration::from_millis(400)),
        )
        .expect(1)
        .named("the slow first refresh")
        .mount(&server)
        .await;
    let credential = refresh_credential(&server, "first");

    let cancelled = tokio::time::timeout(Duration::from_millis(100), credential.token()).await;
    let next = credential
        .token()
        .await
        .expect("waits for the request in flight");

    assert!(cancelled.is_err(), "the first caller gave up");
    assert_eq!(next.secret().expose(), "slow");
    assert_eq!(
        credential
            .current_refresh_token()
            .await
            .map(|s| s.expose().to_owned()),
        Some("second".to_owned())
    );
}

#[tokio::test]
async fn a_busy_token_endpoint_is_retried_by_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/t/oauth2/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/t/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("after-retry", Some("r2"), "3599"),
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    api(&server).await;
    let credential = refresh_credential(&server, "r");
    let client = PartnerCenterClient::builder()
        .endpoint(server.uri())
        .credential(credential)
        .retry_policy(
            pc_client::RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(10)),
        )
        .build()
        .expect("client");

    let list = client.customer(customer()).qualifications().list().await;

    assert!(list.is_ok(), "{list:?}");
}

#[tokio::test]
async fn a_hundred_concurrent_calls_make_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/t/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(token_body("shared", Some("r2"), "3599"), "application/json")
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .named("single flight")
        .mount(&server)
        .await;
    api(&server).await;
    let credential = refresh_credential(&server, "r");
    let client = PartnerCenterClient::builder()
        .endpoint(server.uri())
        .credential(credential)
        .build()
        .expect("client");

    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.customer(customer()).qualifications().list().await })
    });
    let results = futures_join(calls).await;

    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 100);
}

async fn futures_join<T>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<Result<T, Error>>>,
) -> Vec<Result<T, Error>> {
    let mut out = Vec::new();
    for handle in handles {
        match handle.await {
            Ok(result) => out.push(result),
            Err(join) => panic!("task failed: {join}"),
        }
    }
    out
}

#[tokio::test]
async fn a_refused_grant_is_an_auth_error_that_hides_the_refresh_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"error":"invalid_grant","error_description":"AADSTS70000: refresh token very-secret-refresh is expired.\r\nTrace ID: x"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let credential = EntraCredential::refresh_token("t", "app-id", "very-secret-refresh")
        .client_secret("very-secret-client")
        .authority(server.uri())
        .build()
        .expect("credential");
    let client = PartnerCenterClient::builder()
        .endpoint(server.uri())
        .credential(credential)
        .build()
        .expect("client");

    let err = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("auth");

    assert!(err.is_auth());
    let text = format!("{err} {err:?}");
    assert!(!text.contains("very-secret"), "{text}");
    assert!(
        err.to_string().starts_with(
            "authentication failed: the token endpoint answered HTTP 400: invalid_grant: AADSTS70000: refresh token [redacted] is expired ("
        ),
        "{err}"
    );
    assert_eq!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .iter()
            .filter(|r| r.url.path().starts_with("/v1/"))
            .count(),
        0,
        "no API call without a token"
    );
}

#[tokio::test]
async fn credential_debug_output_hides_every_secret() {
    let credential = EntraCredential::refresh_token("t", "app-id", "very-secret-refresh")
        .client_secret("very-secret-client")
        .authority("http://127.0.0.1:9")
        .build()
        .expect("credential");

    let text = format!("{credential:?}");

    assert!(!text.contains("very-secret"), "{text}");
    assert!(text.contains("app-id"));
}

#[tokio::test]
async fn builder_refuses_bad_settings() {
    let no_secret = EntraCredential::client_credentials("t", "app", "").build();
    let bad_tenant = EntraCredential::refresh_token("a/b", "app", "r").build();
    let bad_authority = EntraCredential::refresh_token("t", "app", "r")
        .authority("ftp://x")
        .build();

    assert!(
        no_secret.is_ok(),
        "an empty secret is the caller's business"
    );
    assert_eq!(
        bad_tenant.expect_err("tenant").kind(),
        pc_client::ErrorKind::Config
    );
    assert_eq!(
        bad_authority.expect_err("authority").kind(),
        pc_client::ErrorKind::Config
    );
}

/// Never answers.
#[derive(Debug)]
struct Hanging;

#[async_trait]
impl pc_client::Transport for Hanging {
    async fn send(
        &self,
        _request: pc_transport::Request,
    ) -> Result<pc_transport::Response, pc_client::TransportError> {
        std::future::pending().await
    }
}

#[tokio::test(start_paused = true)]
async fn a_token_endpoint_that_never_answers_is_a_transient_failure_after_a_minute() {
    let credential = EntraCredential::refresh_token("t", "app-id", "r")
        .authority("https://login.test")
        .transport(Hanging)
        .build()
        .expect("credential");
    let started = tokio::time::Instant::now();

    let err = credential.token().await.expect_err("no answer");

    assert_eq!(started.elapsed(), Duration::from_secs(60));
    assert!(err.is_auth() && err.is_transient(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "authentication failed: the token endpoint did not answer within 60s"
    );
}

#[tokio::test]
async fn an_oversized_token_answer_is_not_retried() {
    let mock = pc_transport::MockTransport::new();
    mock.push_error(pc_client::TransportError::from_kind(
        pc_transport::TransportErrorKind::BodyTooLarge,
    ));
    let credential = EntraCredential::refresh_token("t", "app-id", "r")
        .authority("https://login.test")
        .transport(mock.clone())
        .build()
        .expect("credential");

    let err = credential.token().await.expect_err("too large");

    assert!(err.is_auth() && !err.is_transient(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "authentication failed: the token endpoint's answer is over 64 KiB"
    );
}

#[tokio::test]
async fn while_renewal_fails_transiently_an_unexpired_token_is_still_used() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            token_body("two-seconds", Some("next"), "2"),
            "application/json",
        ))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .named("renewal fails")
        .mount(&server)
        .await;
    let credential = refresh_credential(&server, "r");
    credential.token().await.expect("first");
    // Past the renewal point (half of 2 s), before expiry.
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let token = credential
        .token()
        .await
        .expect("the cached token still works");

    assert_eq!(token.secret().expose(), "two-seconds");
}

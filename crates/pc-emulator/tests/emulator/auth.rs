use std::time::Duration;

use pc_emulator::{Emulator, EmulatorConfig, demo};
use serde_json::{Value, json};

use crate::support::{Api, EVEN_CUSTOMER, qualifications};

const RESOURCE: &str = "https://api.partnercenter.microsoft.com";

fn refresh_form(refresh_token: &str) -> Vec<(&str, &str)> {
    vec![
        ("grant_type", "refresh_token"),
        ("client_id", demo::CLIENT_ID),
        ("client_secret", demo::CLIENT_SECRET),
        ("refresh_token", refresh_token),
        ("resource", RESOURCE),
    ]
}

fn text(value: &Value, field: &str) -> String {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is a string in {value}"))
        .to_owned()
}

#[tokio::test]
async fn missing_bearer_token_is_refused_with_800001() {
    let api = Api::start().await;

    let answer = api
        .get(qualifications(EVEN_CUSTOMER))
        .no_token()
        .send()
        .await;

    answer.assert_error(401, "800001", "Partner token missing");
    assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn unknown_token_is_refused_with_400() {
    let api = Api::start().await;

    let answer = api
        .get(qualifications(EVEN_CUSTOMER))
        .token("not-a-token")
        .send()
        .await;

    answer.assert_error(401, "400", "Access denied");
}

#[tokio::test]
async fn expired_token_is_refused_with_400() {
    let api = Api::start_with(EmulatorConfig::default().token_lifetime(Duration::ZERO)).await;
    let issued = api.token(&refresh_form(demo::REFRESH_TOKEN)).await.json();
    assert_eq!(issued["expires_in"], "0");

    let answer = api
        .get(qualifications(EVEN_CUSTOMER))
        .token(&text(&issued, "access_token"))
        .send()
        .await;

    answer.assert_error(401, "400", "Access denied");
}

#[tokio::test]
async fn demo_token_can_be_switched_off() {
    let api = Api::start_with(EmulatorConfig::default().demo_token(None)).await;

    let answer = api.get(qualifications(EVEN_CUSTOMER)).send().await;

    answer.assert_error(401, "400", "Access denied");
}

#[tokio::test]
async fn refresh_token_grant_issues_an_app_user_token_and_rotates_the_refresh_token() {
    let api = Api::start().await;

    let first = api.token(&refresh_form(demo::REFRESH_TOKEN)).await;

    assert_eq!(first.status, 200);
    let body = first.json();
    let mut keys: Vec<&str> = body
        .as_object()
        .expect("token response is an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "access_token",
            "expires_in",
            "expires_on",
            "refresh_token",
            "resource",
            "token_type"
        ]
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], "3600");
    assert_eq!(body["resource"], RESOURCE);
    let expires_on: i64 = text(&body, "expires_on")
        .parse()
        .expect("expires_on is a number");
    let expected = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
    assert!(
        (expires_on - expected).abs() <= 5,
        "{expires_on} vs {expected}"
    );
    let rotated = text(&body, "refresh_token");
    assert_ne!(rotated, demo::REFRESH_TOKEN);

    // The App+User token may write.
    api.post(qualifications(EVEN_CUSTOMER), "4")
        .token(&text(&body, "access_token"))
        .send()
        .await
        .assert(201, json!({"qualification": "StateOwnedEntity"}));

    // The old refresh token is spent; the rotated one works once.
    api.token(&refresh_form(demo::REFRESH_TOKEN)).await.assert(
        400,
        json!({"error": "invalid_grant",
               "error_description": "The refresh token is invalid, expired or already used."}),
    );
    let second = api.token(&refresh_form(&rotated)).await;
    assert_eq!(second.status, 200);
    assert_ne!(text(&second.json(), "refresh_token"), rotated);
    assert_eq!(api.handle.token_requests(), 3);
}

#[tokio::test]
async fn refresh_token_grant_works_without_a_client_secret() {
    let api = Api::start().await;

    let answer = api
        .token(&[
            ("grant_type", "refresh_token"),
            ("client_id", demo::CLIENT_ID),
            ("refresh_token", demo::REFRESH_TOKEN),
            ("resource", RESOURCE),
        ])
        .await;

    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn app_only_token_reads_but_cannot_write() {
    let api = Api::start().await;
    let issued = api
        .token(&[
            ("grant_type", "client_credentials"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("resource", RESOURCE),
        ])
        .await;
    assert_eq!(issued.status, 200);
    let issued = issued.json();
    assert!(issued.get("refresh_token").is_none(), "{issued}");
    let token = text(&issued, "access_token");

    api.get(qualifications(demo::TAILSPIN_UNIVERSITY))
        .token(&token)
        .send()
        .await
        .assert(
            200,
            json!([{"qualification": "Education", "vettingStatus": "Approved",
                    "vettingCreateDate": "2020-12-04T20:54:24Z"}]),
        );
    api.get("/v1/customers/all/validations")
        .token(&token)
        .send()
        .await;
    let refused = "App-only authentication is not supported";
    api.post(qualifications(EVEN_CUSTOMER), "4")
        .token(&token)
        .send()
        .await
        .assert_error(403, "900329", refused);
    api.put(crate::support::legacy(EVEN_CUSTOMER), "1")
        .token(&token)
        .send()
        .await
        .assert_error(403, "900329", refused);
    assert!(api.handle.applied_changes().is_empty());
}

#[tokio::test]
async fn wrong_secret_or_unknown_client_is_invalid_client() {
    let api = Api::start().await;
    let invalid_client = json!({"error": "invalid_client",
                                "error_description": "The client is unknown or its secret is wrong."});

    api.token(&[
        ("grant_type", "client_credentials"),
        ("client_id", demo::CLIENT_ID),
        ("client_secret", "wrong"),
        ("resource", RESOURCE),
    ])
    .await
    .assert(401, invalid_client.clone());
    api.token(&[
        ("grant_type", "refresh_token"),
        ("client_id", "someone-else"),
        ("refresh_token", demo::REFRESH_TOKEN),
        ("resource", RESOURCE),
    ])
    .await
    .assert(401, invalid_client);
}

#[tokio::test]
async fn token_endpoint_requires_the_partner_center_resource() {
    let api = Api::start().await;

    let answer = api
        .token(&[
            ("grant_type", "client_credentials"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("resource", "https://graph.microsoft.com"),
        ])
        .await;

    answer.assert(
        400,
        json!({"error": "invalid_resource",
               "error_description": "The resource must be https://api.partnercenter.microsoft.com."}),
    );
}

#[tokio::test]
async fn token_endpoint_refuses_unknown_grant_types() {
    let api = Api::start().await;

    let answer = api
        .token(&[
            ("grant_type", "password"),
            ("client_id", demo::CLIENT_ID),
            ("resource", RESOURCE),
        ])
        .await;

    answer.assert(
        400,
        json!({"error": "unsupported_grant_type",
               "error_description": "The grant type \"password\" is not supported: use refresh_token or client_credentials."}),
    );
}

#[tokio::test]
async fn configured_client_and_refresh_token_are_accepted() {
    let api = Api::start_with(
        EmulatorConfig::default()
            .client("my-app", "my-secret")
            .refresh_token("my-refresh"),
    )
    .await;

    let answer = api
        .token(&[
            ("grant_type", "refresh_token"),
            ("client_id", "my-app"),
            ("client_secret", "my-secret"),
            ("refresh_token", "my-refresh"),
            ("resource", RESOURCE),
        ])
        .await;

    assert_eq!(answer.status, 200);
    // A refresh token rotated to one client is not redeemable by another.
    let rotated = text(&answer.json(), "refresh_token");
    api.token(&refresh_form(&rotated)).await.assert(
        400,
        json!({"error": "invalid_grant",
               "error_description": "The refresh token is invalid, expired or already used."}),
    );
}

fn client_credentials_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("grant_type", "client_credentials"),
        ("client_id", demo::CLIENT_ID),
        ("client_secret", demo::CLIENT_SECRET),
        ("resource", RESOURCE),
    ]
}

#[tokio::test]
async fn issuing_a_token_purges_the_expired_ones() {
    let api = Api::start_with(EmulatorConfig::default().token_lifetime(Duration::ZERO)).await;

    for _ in 0..3 {
        assert_eq!(api.token(&client_credentials_form()).await.status, 200);
    }

    // Each issue dropped the earlier, expired tokens; only the newest is held.
    assert_eq!(api.handle.issued_tokens(), 1);
}

#[tokio::test]
async fn issuing_a_token_keeps_the_live_ones() {
    let api = Api::start().await;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        tokens.push(text(
            &api.token(&client_credentials_form()).await.json(),
            "access_token",
        ));
    }

    assert_eq!(api.handle.issued_tokens(), 3);
    for token in &tokens {
        let answer = api
            .get(qualifications(EVEN_CUSTOMER))
            .token(token)
            .send()
            .await;
        assert_eq!(answer.status, 200);
    }
}

/// An in-process `client_credentials` grant; the access token issued.
async fn issue_in_process(emulator: &Emulator, body: &str) -> String {
    let request = http::Request::post("/contoso.onmicrosoft.com/oauth2/token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .expect("request builds");
    let response = emulator.call(request).await.expect("the emulator answers");
    assert_eq!(response.status(), 200);
    let issued: Value = serde_json::from_slice(response.body()).expect("token JSON");
    text(&issued, "access_token")
}

#[tokio::test]
async fn only_the_most_recent_100_000_issued_tokens_are_kept() {
    const KEPT: usize = 100_000;
    let emulator = Emulator::new(EmulatorConfig::default());
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(client_credentials_form())
        .finish();
    let first = issue_in_process(&emulator, &body).await;
    let second = issue_in_process(&emulator, &body).await;
    for _ in 2..=KEPT {
        issue_in_process(&emulator, &body).await;
    }

    assert_eq!(emulator.issued_tokens(), KEPT);
    let read = |token: &str| {
        http::Request::get(qualifications(EVEN_CUSTOMER))
            .header("Authorization", format!("Bearer {token}"))
            .body(String::new())
            .expect("request builds")
    };
    let status = |response: http::Response<bytes::Bytes>| response.status().as_u16();
    let answer = emulator.call(read(&first)).await.map(status);
    assert_eq!(answer.ok(), Some(401));
    let answer = emulator.call(read(&second)).await.map(status);
    assert_eq!(answer.ok(), Some(200));
}

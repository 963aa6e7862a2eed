use std::time::{Duration, Instant};

use pc_emulator::{EmulatorConfig, Faults, Throttle, demo};
use serde_json::json;

use crate::support::{Api, EVEN_CUSTOMER, documented, qualifications};

fn with_faults(faults: Faults) -> EmulatorConfig {
    EmulatorConfig::default().faults(faults)
}

fn faults_logged(api: &Api) -> Vec<(u16, Option<String>)> {
    api.handle
        .request_log()
        .into_iter()
        .map(|entry| (entry.status, entry.fault))
        .collect()
}

#[tokio::test]
async fn empty_bucket_answers_429_with_retry_after_and_the_throttle_body() {
    let api = Api::start_with(with_faults(Faults {
        throttle: Some(Throttle::new(2, 0.5)),
        ..Faults::default()
    }))
    .await;

    let first = api.get(qualifications(EVEN_CUSTOMER)).send().await;
    let second = api.get(qualifications(EVEN_CUSTOMER)).send().await;
    let third = api.get(qualifications(EVEN_CUSTOMER)).send().await;

    assert_eq!((first.status, second.status), (200, 200));
    third.assert(
        429,
        json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 2 seconds."}),
    );
    assert_eq!(third.header("retry-after"), Some("2"));
    assert_eq!(
        faults_logged(&api),
        [
            (200, None),
            (200, None),
            (429, Some("throttled".to_owned()))
        ]
    );
    // The token endpoint and the admin API are never throttled.
    let token = api
        .token(&[
            ("grant_type", "client_credentials"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("resource", "https://api.partnercenter.microsoft.com"),
        ])
        .await;
    assert_eq!(token.status, 200);
    assert_eq!(api.get("/_emulator/faults").send().await.status, 200);
}

#[tokio::test]
async fn error_rate_one_answers_500_and_503_alternately_without_applying() {
    let api = Api::start_with(with_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    }))
    .await;

    let first = api.post(qualifications(EVEN_CUSTOMER), "1").send().await;
    let second = api.post(qualifications(EVEN_CUSTOMER), "1").send().await;

    first.assert_error(500, "800003", "An unexpected error occurred.");
    second.assert_error(
        503,
        "800003",
        "The service is temporarily unavailable. Try again later.",
    );
    assert!(api.handle.applied_changes().is_empty());
    assert!(api.state(EVEN_CUSTOMER).is_empty());
    assert_eq!(
        faults_logged(&api),
        [
            (500, Some("error".to_owned())),
            (503, Some("error".to_owned()))
        ]
    );
}

#[tokio::test]
async fn drop_after_apply_closes_the_connection_and_a_retry_gets_the_stored_201() {
    let api = Api::start_with(with_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    let request_id = "a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b";

    let dropped = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .try_send()
        .await;
    assert!(dropped.is_err(), "{dropped:?}");
    assert_eq!(api.handle.applied_changes().len(), 1);

    api.handle.set_faults(Faults::default());
    let retry = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;

    retry.assert(201, json!({"qualification": "StateOwnedEntity"}));
    assert_eq!(api.handle.applied_changes().len(), 1);
    assert_eq!(
        faults_logged(&api),
        [
            (0, Some("drop-after-apply".to_owned())),
            (201, Some("replayed".to_owned()))
        ]
    );
}

#[tokio::test]
async fn drop_before_apply_closes_the_connection_and_applies_nothing() {
    let api = Api::start_with(with_faults(Faults {
        drop_before_apply_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    let request_id = "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f";

    let dropped = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .try_send()
        .await;
    assert!(dropped.is_err(), "{dropped:?}");
    assert!(api.handle.applied_changes().is_empty());
    assert!(api.state(EVEN_CUSTOMER).is_empty());

    api.handle.set_faults(Faults::default());
    let retry = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;

    retry.assert(201, json!({"qualification": "StateOwnedEntity"}));
    assert_eq!(
        faults_logged(&api),
        [(0, Some("drop-before-apply".to_owned())), (201, None)]
    );
}

#[tokio::test]
async fn drop_after_apply_spares_reads() {
    let api = Api::start_with(with_faults(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    }))
    .await;

    api.get(qualifications(EVEN_CUSTOMER))
        .send()
        .await
        .assert(200, json!([]));
}

#[tokio::test]
async fn latency_is_added_before_answering() {
    let api = Api::start_with(with_faults(Faults {
        latency_ms: 200,
        ..Faults::default()
    }))
    .await;

    let started = Instant::now();
    let answer = api.get(qualifications(EVEN_CUSTOMER)).send().await;
    let elapsed = started.elapsed();

    assert_eq!(answer.status, 200);
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn the_same_seed_injects_the_same_faults() {
    let faults = Faults {
        error_rate: 0.5,
        ..Faults::default()
    };
    let mut runs = Vec::new();
    for _ in 0..2 {
        let api = Api::start_with(with_faults(faults.clone()).seed(42)).await;
        let mut statuses = Vec::new();
        for _ in 0..16 {
            statuses.push(api.get(qualifications(EVEN_CUSTOMER)).send().await.status);
        }
        runs.push(statuses);
    }

    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains(&200) && runs[0].iter().any(|s| *s >= 500),
        "{:?}",
        runs[0]
    );
}

#[tokio::test]
async fn faults_never_apply_to_the_token_endpoint_or_admin_api() {
    let api = Api::start_with(with_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    }))
    .await;

    let token = api
        .token(&[
            ("grant_type", "client_credentials"),
            ("client_id", demo::CLIENT_ID),
            ("client_secret", demo::CLIENT_SECRET),
            ("resource", "https://api.partnercenter.microsoft.com"),
        ])
        .await;
    let admin = api.get("/_emulator/requests").send().await;
    let unknown = api.get("/v1/unknown").send().await;

    assert_eq!((token.status, admin.status), (200, 200));
    // Under /v1, even unknown paths are subject to faults.
    assert_eq!(
        (unknown.status, unknown.json()),
        (500, documented("800003", "An unexpected error occurred."))
    );
}

use pc_emulator::{Faults, Throttle, demo};
use serde_json::json;

use crate::support::{Api, EVEN_CUSTOMER, documented, qualifications};

#[tokio::test]
async fn request_log_is_served_and_redacts_the_validation_code() {
    let api = Api::start().await;
    let call = api.post(
        format!(
            "{}?code={}&x=1",
            qualifications(EVEN_CUSTOMER),
            demo::VALIDATION_CODE
        ),
        "3",
    );
    let (request_id, correlation_id) = (call.request_id.clone(), call.correlation_id.clone());
    assert_eq!(call.send().await.status, 201);

    let answer = api.get("/_emulator/requests").send().await;

    answer.assert(
        200,
        json!([{
            "method": "POST",
            "path": qualifications(EVEN_CUSTOMER),
            "query": "code=[redacted]&x=1",
            "requestId": request_id,
            "correlationId": correlation_id,
            "status": 201,
            "fault": null
        }]),
    );
    assert!(!String::from_utf8_lossy(&answer.body).contains(demo::VALIDATION_CODE));
    assert_eq!(
        api.handle.request_log()[0].query.as_deref(),
        Some("code=[redacted]&x=1")
    );
}

#[tokio::test]
async fn faults_are_read_and_replaced_through_the_admin_api() {
    let api = Api::start().await;

    api.get("/_emulator/faults").send().await.assert(
        200,
        json!({"throttle": null, "errorRate": 0.0, "latencyMs": 0,
               "dropBeforeApplyRate": 0.0, "dropAfterApplyRate": 0.0}),
    );
    let replaced = api
        .put(
            "/_emulator/faults",
            r#"{"throttle":{"capacity":1,"refillPerSecond":0.25},"latencyMs":5}"#,
        )
        .send()
        .await;

    replaced.assert(
        200,
        json!({"throttle": {"capacity": 1, "refillPerSecond": 0.25}, "errorRate": 0.0,
               "latencyMs": 5, "dropBeforeApplyRate": 0.0, "dropAfterApplyRate": 0.0}),
    );
    let expected = Faults {
        throttle: Some(Throttle::new(1, 0.25)),
        latency_ms: 5,
        ..Faults::default()
    };
    assert_eq!(api.handle.faults(), expected);
    assert_eq!(
        api.get(qualifications(EVEN_CUSTOMER)).send().await.status,
        200
    );
    assert_eq!(
        api.get(qualifications(EVEN_CUSTOMER)).send().await.status,
        429
    );
}

#[tokio::test]
async fn invalid_faults_are_refused() {
    let api = Api::start().await;

    api.put("/_emulator/faults", r#"{"errorRate":1.5}"#)
        .send()
        .await
        .assert_error(
            400,
            "800002",
            "Invalid faults: errorRate must lie between 0 and 1, got 1.5.",
        );
    let unknown = api
        .put("/_emulator/faults", r#"{"errorrate":1}"#)
        .send()
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.json()["code"], "800002");
    assert_eq!(api.handle.faults(), Faults::default());
}

#[tokio::test]
async fn reset_restores_the_initial_state() {
    let api = Api::start().await;
    let gcc = format!(
        "{}?code={}",
        qualifications(EVEN_CUSTOMER),
        demo::VALIDATION_CODE
    );
    assert_eq!(api.post(&gcc, "3").send().await.status, 201);
    api.handle.set_faults(Faults {
        latency_ms: 1,
        ..Faults::default()
    });

    api.call(reqwest::Method::POST, "/_emulator/reset")
        .body("")
        .send()
        .await
        .assert(200, json!({"reset": true}));

    assert!(api.state(EVEN_CUSTOMER).is_empty());
    assert!(api.handle.applied_changes().is_empty());
    assert!(api.handle.request_log().is_empty());
    assert_eq!(
        api.handle.validation_code_remaining(demo::VALIDATION_CODE),
        Some(Some(5))
    );
    assert_eq!(api.handle.faults(), Faults::default());
    assert_eq!(api.state(demo::TAILSPIN_UNIVERSITY).len(), 1);
}

#[tokio::test]
async fn admin_requests_are_not_logged_and_need_no_token() {
    let api = Api::start().await;

    let answer = api.get("/_emulator/requests").no_token().send().await;
    let unknown = api.get("/_emulator/nothing").send().await;

    answer.assert(200, json!([]));
    unknown.assert(
        404,
        documented("1000", "The resource /_emulator/nothing was not found."),
    );
    assert!(api.handle.request_log().is_empty());
}

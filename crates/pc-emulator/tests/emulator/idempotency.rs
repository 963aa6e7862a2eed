use pc_emulator::{Emulator, EmulatorConfig, demo};
use serde_json::json;

use crate::support::{Api, EVEN_CUSTOMER, ODD_CUSTOMER, legacy, qualifications};

#[tokio::test]
async fn repeated_request_id_replays_the_stored_answer_and_applies_once() {
    let api = Api::start().await;
    let request_id = "5d6b7a9e-3f7c-4c1e-9a43-2b1f6f0e8d11";

    let first = api
        .post(qualifications(EVEN_CUSTOMER), "1")
        .request_id(request_id)
        .send()
        .await;
    // The same call again, with a new correlation id (echoed by the support helpers).
    let second = api
        .post(qualifications(EVEN_CUSTOMER), "1")
        .request_id(request_id)
        .send()
        .await;

    assert_eq!(first.status, 201);
    assert_eq!((second.status, second.json()), (201, first.json()));
    let applied = api.handle.applied_changes();
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].request_id.as_deref(), Some(request_id));
    let faults: Vec<Option<String>> = api
        .handle
        .request_log()
        .into_iter()
        .map(|entry| entry.fault)
        .collect();
    assert_eq!(faults, [None, Some("replayed".to_owned())]);
}

#[tokio::test]
async fn repeated_request_id_replays_a_refusal_too() {
    let api = Api::start().await;
    let request_id = "0b7f4c52-8e1d-4a8b-b2a6-7d3c9e5f1a20";
    let gcc = format!(
        "{}?code={}",
        qualifications(EVEN_CUSTOMER),
        demo::VALIDATION_CODE_EXHAUSTED
    );

    let first = api.post(&gcc, "3").request_id(request_id).send().await;
    let second = api.post(&gcc, "3").request_id(request_id).send().await;

    first.assert_error(400, "3000", "The validation code has no remaining creates.");
    second.assert_error(400, "3000", "The validation code has no remaining creates.");
    assert!(api.handle.applied_changes().is_empty());
    assert_eq!(faults(&api), [None, Some("replayed".to_owned())]);
}

#[tokio::test]
async fn new_request_ids_are_processed_afresh() {
    let api = Api::start().await;

    let first = api.post(qualifications(EVEN_CUSTOMER), "4").send().await;
    let second = api.post(qualifications(EVEN_CUSTOMER), "4").send().await;

    assert_eq!(first.status, 201);
    second.assert_error(
        409,
        "800002",
        "The customer already holds the qualification StateOwnedEntity.",
    );
}

/// The `fault` of every logged request, oldest first.
fn faults(api: &Api) -> Vec<Option<String>> {
    api.handle
        .request_log()
        .into_iter()
        .map(|entry| entry.fault)
        .collect()
}

const REUSED: &str = "The MS-RequestId was already used for a different request.";

#[tokio::test]
async fn same_request_id_on_another_customer_is_applied_to_that_customer() {
    let api = Api::start().await;
    let request_id = "1e0c9a57-6b2d-4f38-8c71-d4a2e9b0f356";

    let first = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;
    let second = api
        .post(qualifications(ODD_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;

    first.assert(201, json!({"qualification": "StateOwnedEntity"}));
    second.assert(201, json!({"qualification": "StateOwnedEntity"}));
    let customers: Vec<String> = api
        .handle
        .applied_changes()
        .iter()
        .map(|change| change.customer.to_string())
        .collect();
    assert_eq!(customers, [EVEN_CUSTOMER, ODD_CUSTOMER]);
    assert_eq!(api.state(ODD_CUSTOMER).len(), 1);
    assert_eq!(faults(&api), [None, None]);
}

#[tokio::test]
async fn same_request_id_on_the_legacy_put_does_not_get_the_posts_answer() {
    let api = Api::start().await;
    let request_id = "8f4d2c16-93a7-4e05-b1d8-5c6e7f809a12";

    let post = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;
    let put = api
        .put(legacy(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;

    post.assert(201, json!({"qualification": "StateOwnedEntity"}));
    put.assert_error(
        400,
        "3000",
        "StateOwnedEntity cannot be set through the synchronous qualification API.",
    );
    assert_eq!(api.handle.applied_changes().len(), 1);
    assert_eq!(faults(&api), [None, None]);
}

#[tokio::test]
async fn same_request_id_with_another_body_is_refused_with_409_and_applies_nothing() {
    let api = Api::start().await;
    let request_id = "b2a7e4c1-0d59-4f6a-8e23-71c4d9f0a5b8";

    let first = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;
    let other_body = api
        .post(qualifications(EVEN_CUSTOMER), "1")
        .request_id(request_id)
        .send()
        .await;
    // The path in another case and with a trailing slash names the same resource.
    let other_spelling = format!("/v1/Customers/{EVEN_CUSTOMER}/Qualifications/");
    let same_body = api
        .post(other_spelling, "4")
        .request_id(request_id)
        .send()
        .await;

    first.assert(201, json!({"qualification": "StateOwnedEntity"}));
    other_body.assert_error(409, "800002", REUSED);
    same_body.assert(201, json!({"qualification": "StateOwnedEntity"}));
    assert_eq!(api.handle.applied_changes().len(), 1);
    assert_eq!(api.state(EVEN_CUSTOMER).len(), 1);
    assert_eq!(
        faults(&api),
        [
            None,
            Some("replayed-mismatch".to_owned()),
            Some("replayed".to_owned())
        ]
    );
}

#[tokio::test]
async fn same_request_id_with_another_query_is_refused_with_409_and_uses_no_code() {
    let api = Api::start().await;
    let request_id = "e6c3b8d2-47f1-4a90-9b5e-0a8d1c2f3e47";
    let with_code = |code: &str| format!("{}?code={code}", qualifications(EVEN_CUSTOMER));
    let before = api.handle.validation_code_remaining(demo::VALIDATION_CODE);

    let first = api
        .post(with_code(demo::VALIDATION_CODE_UNLIMITED), "3")
        .request_id(request_id)
        .send()
        .await;
    let other_query = api
        .post(with_code(demo::VALIDATION_CODE), "3")
        .request_id(request_id)
        .send()
        .await;

    assert_eq!(first.status, 201);
    other_query.assert_error(409, "800002", REUSED);
    assert_eq!(
        api.handle.validation_code_remaining(demo::VALIDATION_CODE),
        before
    );
    assert_eq!(api.handle.applied_changes().len(), 1);
    assert_eq!(faults(&api), [None, Some("replayed-mismatch".to_owned())]);
}

/// An in-process `POST .../qualifications` with the demo token.
async fn post_in_process(emulator: &Emulator, request_id: &str, body: &str) -> u16 {
    let request = http::Request::post(qualifications(EVEN_CUSTOMER))
        .header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN))
        .header("MS-RequestId", request_id)
        .body(body.to_owned())
        .expect("request builds");
    let response = emulator.call(request).await.expect("the emulator answers");
    response.status().as_u16()
}

#[tokio::test]
async fn only_the_most_recent_answers_are_kept() {
    const KEPT: u128 = 1_000;
    let emulator = Emulator::new(EmulatorConfig::default().max_stored_replies(1_000));
    let id = |n: u128| uuid::Uuid::from_u128(n).to_string();
    // Refusals are stored like successes and leave the customer as it is.
    for n in 0..=KEPT {
        assert_eq!(post_in_process(&emulator, &id(n), "7").await, 400);
    }
    assert_eq!(emulator.stored_replies(), 1_000);

    // The newest is still replayed; the oldest was forgotten, so it is processed afresh.
    assert_eq!(post_in_process(&emulator, &id(KEPT), "7").await, 400);
    assert_eq!(post_in_process(&emulator, &id(0), "4").await, 201);

    let log = emulator.request_log();
    let last: Vec<Option<&str>> = log[log.len() - 2..]
        .iter()
        .map(|entry| entry.fault.as_deref())
        .collect();
    assert_eq!(last, [Some("replayed"), None]);
    assert_eq!(emulator.applied_changes().len(), 1);
    assert_eq!(emulator.stored_replies(), 1_000);
}

#[tokio::test]
async fn a_request_id_is_compared_as_a_guid_whatever_its_case() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let id = "5d6b7a9e-3f7c-4c1e-9a43-2b1f6f0e8d1a";

    assert_eq!(post_in_process(&emulator, id, "4").await, 201);
    assert_eq!(
        post_in_process(&emulator, &id.to_uppercase(), "4").await,
        201
    );

    assert_eq!(emulator.applied_changes().len(), 1);
    let faults: Vec<Option<String>> = emulator
        .request_log()
        .into_iter()
        .map(|entry| entry.fault)
        .collect();
    assert_eq!(faults, [None, Some("replayed".to_owned())]);
}

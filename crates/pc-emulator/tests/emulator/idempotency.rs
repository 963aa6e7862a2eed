use pc_emulator::demo;

use crate::support::{Api, EVEN_CUSTOMER, qualifications};

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
    let second = api
        .post(qualifications(EVEN_CUSTOMER), "4")
        .request_id(request_id)
        .send()
        .await;

    first.assert_error(400, "3000", "The validation code has no remaining creates.");
    second.assert_error(400, "3000", "The validation code has no remaining creates.");
    assert!(api.handle.applied_changes().is_empty());
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

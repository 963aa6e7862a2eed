use pc_emulator::demo;
use serde_json::json;

use crate::support::{Api, EVEN_CUSTOMER, legacy};

#[tokio::test]
async fn legacy_get_names_the_first_qualification_in_lower_case() {
    let api = Api::start().await;

    api.get(legacy(demo::TAILSPIN_UNIVERSITY))
        .send()
        .await
        .assert(200, json!("education"));
    api.get(legacy(EVEN_CUSTOMER))
        .send()
        .await
        .assert(200, json!("none"));
}

#[tokio::test]
async fn legacy_put_sets_gcc_and_answers_its_lower_case_name() {
    let api = Api::start().await;

    let answer = api
        .put(
            format!(
                "{}?code={}",
                legacy(demo::WOODGROVE_MUNICIPALITY),
                demo::VALIDATION_CODE
            ),
            "3",
        )
        .send()
        .await;

    answer.assert(200, json!("governmentcommunitycloud"));
    api.get(legacy(demo::WOODGROVE_MUNICIPALITY))
        .send()
        .await
        .assert(200, json!("governmentcommunitycloud"));
    assert_eq!(
        api.handle.validation_code_remaining(demo::VALIDATION_CODE),
        Some(Some(4))
    );
}

#[tokio::test]
async fn legacy_put_follows_the_post_rules() {
    let api = Api::start().await;

    api.put(legacy(EVEN_CUSTOMER), "4")
        .send()
        .await
        .assert_error(
            400,
            "3000",
            "StateOwnedEntity cannot be set through the synchronous qualification API.",
        );
    api.put(legacy(EVEN_CUSTOMER), r#"{"qualification":"Education"}"#)
        .send()
        .await
        .assert_error(
            400,
            "800002",
            "The request body must be a CustomerQualification integer.",
        );
    api.put(legacy(EVEN_CUSTOMER), "0")
        .send()
        .await
        .assert_error(400, "800002", "The qualification None cannot be set.");
    api.put(legacy(demo::TAILSPIN_UNIVERSITY), "1")
        .send()
        .await
        .assert_error(
            409,
            "800002",
            "The customer already holds the qualification Education.",
        );
    api.put(legacy(EVEN_CUSTOMER), "1")
        .send()
        .await
        .assert(200, json!("education"));
    assert_eq!(api.handle.applied_changes().len(), 1);
}

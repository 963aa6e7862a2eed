use pc_emulator::demo;
use serde_json::json;

use crate::support::{Api, EVEN_CUSTOMER, qualifications, without_date};

#[tokio::test]
async fn gcc_with_a_query_code_is_approved_and_uses_a_create() {
    let api = Api::start().await;

    let answer = api
        .post(
            format!(
                "{}?code={}",
                qualifications(demo::WOODGROVE_MUNICIPALITY),
                demo::VALIDATION_CODE
            ),
            "3",
        )
        .send()
        .await;

    assert_eq!(answer.status, 201);
    assert_eq!(
        without_date(answer.json()),
        json!({"qualification": "GovernmentCommunityCloud", "vettingStatus": "Approved"})
    );
    assert_eq!(
        api.handle.validation_code_remaining(demo::VALIDATION_CODE),
        Some(Some(4))
    );
    let codes = api.get("/v1/customers/all/validations").send().await.json();
    assert_eq!(codes[0]["remainingCreates"], 4);
    assert_eq!(codes[0]["maxCreates"], 5);
}

#[tokio::test]
async fn gcc_with_a_body_code_of_an_unlimited_code_stays_unlimited() {
    let api = Api::start().await;

    let answer = api
        .post(
            qualifications(EVEN_CUSTOMER),
            &format!(
                r#"{{"qualification":"GovernmentCommunityCloud","validationCode":"{}"}}"#,
                demo::VALIDATION_CODE_UNLIMITED
            ),
        )
        .send()
        .await;

    assert_eq!(answer.status, 201);
    assert_eq!(
        api.handle
            .validation_code_remaining(demo::VALIDATION_CODE_UNLIMITED),
        Some(None)
    );
    assert_eq!(api.handle.applied_changes().len(), 1);
}

#[tokio::test]
async fn gcc_without_a_code_is_refused_with_3000() {
    let api = Api::start().await;

    for body in ["3", r#"{"qualification":"GovernmentCommunityCloud"}"#] {
        api.post(qualifications(EVEN_CUSTOMER), body)
            .send()
            .await
            .assert_error(
                400,
                "3000",
                "A validation code is required for GovernmentCommunityCloud.",
            );
    }
}

#[tokio::test]
async fn gcc_with_an_unknown_code_is_refused_with_3000() {
    let api = Api::start().await;

    let answer = api
        .post(
            format!("{}?code=999999", qualifications(EVEN_CUSTOMER)),
            "3",
        )
        .send()
        .await;

    answer.assert_error(400, "3000", "The validation code is invalid.");
    assert!(api.handle.applied_changes().is_empty());
}

#[tokio::test]
async fn gcc_with_an_exhausted_code_is_refused_with_3000() {
    let api = Api::start().await;

    let answer = api
        .post(
            format!(
                "{}?code={}",
                qualifications(EVEN_CUSTOMER),
                demo::VALIDATION_CODE_EXHAUSTED
            ),
            "3",
        )
        .send()
        .await;

    answer.assert_error(400, "3000", "The validation code has no remaining creates.");
    assert_eq!(
        api.handle
            .validation_code_remaining(demo::VALIDATION_CODE_EXHAUSTED),
        Some(Some(0))
    );
}

#[tokio::test]
async fn gcc_and_education_cannot_be_combined() {
    let api = Api::start().await;
    let gcc = format!(
        "{}?code={}",
        qualifications(EVEN_CUSTOMER),
        demo::VALIDATION_CODE
    );
    assert_eq!(api.post(&gcc, "3").send().await.status, 201);

    api.post(qualifications(EVEN_CUSTOMER), "1")
        .send()
        .await
        .assert_error(
            409,
            "800002",
            "Education cannot be combined with GovernmentCommunityCloud, which the customer holds.",
        );
    let on_education = format!(
        "{}?code={}",
        qualifications(demo::TAILSPIN_UNIVERSITY),
        demo::VALIDATION_CODE
    );
    api.post(on_education, "3").send().await.assert_error(
        409,
        "800002",
        "GovernmentCommunityCloud cannot be combined with Education, which the customer holds.",
    );
    // The refused GCC used no create; SOE may still join GCC.
    assert_eq!(
        api.handle.validation_code_remaining(demo::VALIDATION_CODE),
        Some(Some(4))
    );
    assert_eq!(
        api.post(qualifications(EVEN_CUSTOMER), "4")
            .send()
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn validation_codes_are_listed_in_wire_form() {
    let api = Api::start().await;

    let answer = api.get("/v1/customers/all/validations").send().await;

    let code = |id: &str, max: Option<u32>, remaining: Option<u32>, etag: &str| {
        json!({"partnerId": demo::PARTNER_ID, "organizationName": "Contoso, Inc.",
               "validationId": id, "maxCreates": max, "remainingCreates": remaining,
               "eTag": etag})
    };
    answer.assert(
        200,
        json!([
            code(
                "123456",
                Some(5),
                Some(5),
                "W/\"datetime'2018-10-10T18%3A49%3A58.727348Z'\""
            ),
            code(
                "654321",
                None,
                None,
                "W/\"datetime'2018-11-02T09%3A12%3A01Z'\""
            ),
            code(
                "000000",
                Some(1),
                Some(0),
                "W/\"datetime'2019-03-14T11%3A30%3A00Z'\""
            ),
        ]),
    );
}

use std::time::Duration;

use pc_emulator::{EmulatorConfig, demo};
use serde_json::json;

use crate::support::{
    Api, EVEN_CUSTOMER, ODD_CUSTOMER, qualifications, wait_for_vetting, without_date,
};

#[tokio::test]
async fn education_is_in_review_then_approved_after_the_delay() {
    let api = Api::start().await;

    let created = api.post(qualifications(EVEN_CUSTOMER), "1").send().await;
    let decided = wait_for_vetting(&api, EVEN_CUSTOMER).await;

    assert_eq!(created.status, 201);
    let created = created.json();
    assert_eq!(
        without_date(created.clone()),
        json!({"qualification": "Education", "vettingStatus": "InReview"})
    );
    assert_eq!(
        decided[0]["vettingCreateDate"],
        created["vettingCreateDate"]
    );
    assert_eq!(
        without_date(decided),
        json!([{"qualification": "Education", "vettingStatus": "Approved"}])
    );
}

#[tokio::test]
async fn education_stays_in_review_until_the_delay_has_passed() {
    let api =
        Api::start_with(EmulatorConfig::default().vetting_delay(Duration::from_secs(3600))).await;
    assert_eq!(
        api.post(qualifications(EVEN_CUSTOMER), "1")
            .send()
            .await
            .status,
        201
    );

    let listed = api.get(qualifications(EVEN_CUSTOMER)).send().await;

    assert_eq!(listed.status, 200);
    assert_eq!(
        without_date(listed.json()),
        json!([{"qualification": "Education", "vettingStatus": "InReview"}])
    );
}

#[tokio::test]
async fn education_of_a_guid_ending_in_an_odd_digit_is_denied() {
    let api = Api::start().await;
    assert_eq!(
        api.post(qualifications(ODD_CUSTOMER), "1")
            .send()
            .await
            .status,
        201
    );

    let decided = wait_for_vetting(&api, ODD_CUSTOMER).await;

    assert_eq!(
        without_date(decided),
        json!([{"qualification": "Education", "vettingStatus": "Denied",
                "vettingReason": "Not an Education Customer"}])
    );
}

#[tokio::test]
async fn education_with_a_non_academic_website_is_denied() {
    let api = Api::start().await;
    let body = r#"{"qualification":"Education","educationSegment":"K12","website":"contoso.com"}"#;
    assert_eq!(
        api.post(qualifications(EVEN_CUSTOMER), body)
            .send()
            .await
            .status,
        201
    );

    let decided = wait_for_vetting(&api, EVEN_CUSTOMER).await;

    assert_eq!(
        without_date(decided),
        json!([{"qualification": "Education", "vettingStatus": "Denied",
                "vettingReason": "Not an Academic Domain"}])
    );
}

#[tokio::test]
async fn demo_customers_are_vetted_as_documented() {
    let api = Api::start().await;
    for customer in [demo::CONTOSO_ACADEMY, demo::FABRIKAM_TRADING] {
        assert_eq!(
            api.post(qualifications(customer), "1").send().await.status,
            201
        );
    }

    let academy = wait_for_vetting(&api, demo::CONTOSO_ACADEMY).await;
    let trading = wait_for_vetting(&api, demo::FABRIKAM_TRADING).await;

    assert_eq!(academy[0]["vettingStatus"], "Approved");
    assert_eq!(trading[0]["vettingStatus"], "Denied");
    assert_eq!(trading[0]["vettingReason"], "Not an Education Customer");
    // The handle sees the same evaluated state.
    let state = api.state(demo::FABRIKAM_TRADING);
    assert_eq!(
        state[0].vetting_reason.as_deref(),
        Some("Not an Education Customer")
    );
}

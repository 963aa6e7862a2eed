use pc_emulator::demo;
use serde_json::json;

use crate::support::{Api, EVEN_CUSTOMER, qualifications, without_date};

#[tokio::test]
async fn malformed_customer_id_is_refused_with_900118() {
    let api = Api::start().await;

    for customer in [
        "not-a-guid",
        "all",
        "{c0a5c0a5-0000-4000-8000-acade0000002}",
    ] {
        api.get(qualifications(customer)).send().await.assert_error(
            400,
            "900118",
            "The customer ID is invalid.",
        );
        api.post(qualifications(customer), "1")
            .send()
            .await
            .assert_error(400, "900118", "The customer ID is invalid.");
    }
}

#[tokio::test]
async fn unknown_customer_starts_with_no_qualification() {
    let api = Api::start().await;

    api.get(qualifications(EVEN_CUSTOMER))
        .send()
        .await
        .assert(200, json!([]));
}

#[tokio::test]
async fn malformed_body_is_refused_with_800002() {
    let api = Api::start().await;

    api.post(qualifications(EVEN_CUSTOMER), "{")
        .send()
        .await
        .assert_error(400, "800002", "The request body could not be parsed.");
    for body in [r#""Education""#, "[1]", "true", "null"] {
        api.post(qualifications(EVEN_CUSTOMER), body)
            .send()
            .await
            .assert_error(
                400,
                "800002",
                "The request body must be a CustomerQualification integer or a qualification object.",
            );
    }
    api.post(
        qualifications(EVEN_CUSTOMER),
        r#"{"website":"contoso.edu"}"#,
    )
    .send()
    .await
    .assert_error(400, "800002", "The qualification is required.");
    assert!(api.handle.applied_changes().is_empty());
}

#[tokio::test]
async fn unknown_enum_value_is_refused_with_900126() {
    let api = Api::start().await;

    api.post(qualifications(EVEN_CUSTOMER), "7")
        .send()
        .await
        .assert_error(
            400,
            "900126",
            "Unable to parse enum CustomerQualification from 7.",
        );
    api.post(qualifications(EVEN_CUSTOMER), "-1")
        .send()
        .await
        .assert_error(
            400,
            "900126",
            "Unable to parse enum CustomerQualification from -1.",
        );
    api.post(
        qualifications(EVEN_CUSTOMER),
        r#"{"qualification":"Martian"}"#,
    )
    .send()
    .await
    .assert_error(
        400,
        "900126",
        "Unable to parse enum CustomerQualification from \"Martian\".",
    );
}

#[tokio::test]
async fn none_and_nonprofit_are_refused_with_800002() {
    let api = Api::start().await;

    for (body, name) in [
        ("0", "None"),
        ("2", "Nonprofit"),
        (r#"{"qualification":"nonprofit"}"#, "Nonprofit"),
    ] {
        api.post(qualifications(EVEN_CUSTOMER), body)
            .send()
            .await
            .assert_error(
                400,
                "800002",
                &format!("The qualification {name} cannot be set."),
            );
    }
    assert!(api.handle.applied_changes().is_empty());
}

#[tokio::test]
async fn current_contract_education_needs_an_education_segment() {
    let api = Api::start().await;

    api.post(
        qualifications(EVEN_CUSTOMER),
        r#"{"qualification":"Education","website":"contoso.edu"}"#,
    )
    .send()
    .await
    .assert_error(400, "3000", "educationSegment is required for Education.");
    api.post(
        qualifications(EVEN_CUSTOMER),
        r#"{"qualification":"Education","educationSegment":"PhD"}"#,
    )
    .send()
    .await
    .assert_error(
        400,
        "3000",
        "educationSegment \"PhD\" is invalid: expected K12 or HigherEducation.",
    );
    assert!(api.handle.applied_changes().is_empty());
}

#[tokio::test]
async fn integer_contract_education_is_created_in_review() {
    let api = Api::start().await;

    let answer = api.post(qualifications(EVEN_CUSTOMER), "1").send().await;

    assert_eq!(answer.status, 201);
    assert_eq!(
        without_date(answer.json()),
        json!({"qualification": "Education", "vettingStatus": "InReview"})
    );
    assert!(answer.json()["vettingCreateDate"].is_string());
}

#[tokio::test]
async fn current_and_interim_object_contracts_are_accepted() {
    let api = Api::start().await;

    let current = api
        .post(
            qualifications(EVEN_CUSTOMER),
            r#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#,
        )
        .send()
        .await;
    let interim = api
        .post(
            qualifications(demo::CONTOSO_ACADEMY),
            r#"{"Qualification":"education"}"#,
        )
        .send()
        .await;

    for answer in [current, interim] {
        assert_eq!(answer.status, 201);
        assert_eq!(
            without_date(answer.json()),
            json!({"qualification": "Education", "vettingStatus": "InReview"})
        );
    }
}

#[tokio::test]
async fn same_qualification_twice_is_a_conflict() {
    let api = Api::start().await;
    assert_eq!(
        api.post(qualifications(EVEN_CUSTOMER), "1")
            .send()
            .await
            .status,
        201
    );

    let again = api
        .post(
            qualifications(EVEN_CUSTOMER),
            r#"{"qualification":"Education","educationSegment":"K12"}"#,
        )
        .send()
        .await;

    again.assert_error(
        409,
        "800002",
        "The customer already holds the qualification Education.",
    );
    api.post(qualifications(demo::TAILSPIN_UNIVERSITY), "1")
        .send()
        .await
        .assert_error(
            409,
            "800002",
            "The customer already holds the qualification Education.",
        );
    assert_eq!(api.handle.applied_changes().len(), 1);
}

#[tokio::test]
async fn state_owned_entity_joins_education_without_vetting_fields() {
    let api = Api::start().await;

    api.post(
        qualifications(demo::TAILSPIN_UNIVERSITY),
        r#"{"qualification":"StateOwnedEntity"}"#,
    )
    .send()
    .await
    .assert(201, json!({"qualification": "StateOwnedEntity"}));

    api.get(qualifications(demo::TAILSPIN_UNIVERSITY))
        .send()
        .await
        .assert(
            200,
            json!([
                {"qualification": "Education", "vettingStatus": "Approved",
                 "vettingCreateDate": "2020-12-04T20:54:24Z"},
                {"qualification": "StateOwnedEntity"}
            ]),
        );
    api.post(qualifications(demo::TAILSPIN_UNIVERSITY), "4")
        .send()
        .await
        .assert_error(
            409,
            "800002",
            "The customer already holds the qualification StateOwnedEntity.",
        );
}

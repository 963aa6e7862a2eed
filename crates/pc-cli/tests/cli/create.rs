//! `pc qualifications create` (alias `update`) against wiremock: exact bodies and queries.

use serde_json::json;
use wiremock::matchers::{body_bytes, header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CORRELATION_ID, CUSTOMER, TOKEN, TestResult, assert_exit, exact_query, pc_at, run, stderr,
    stdout, stdout_json,
};

const IN_REVIEW: &str = r#"{"qualification":"Education","vettingStatus":"InReview","vettingCreateDate":"2020-12-04T20:54:24Z"}"#;

/// Mounts the one POST the test expects: exact query, body and headers.
async fn mount_create(
    server: &MockServer,
    query: Option<&'static str>,
    body: &'static str,
    status: u16,
    response: &'static str,
) {
    Mock::given(method("POST"))
        .and(path(format!("/v1/customers/{CUSTOMER}/qualifications")))
        .and(exact_query(query))
        .and(header("Authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("Accept", "application/json"))
        .and(header("Content-Type", "application/json"))
        .and(header_exists("MS-RequestId"))
        .and(body_bytes(body))
        .respond_with(ResponseTemplate::new(status).set_body_raw(response, "application/json"))
        .expect(1)
        .named("POST qualifications")
        .mount(server)
        .await;
}

#[tokio::test]
async fn education_under_the_integer_contract_sends_1_and_prints_the_record() -> TestResult {
    let server = MockServer::start().await;
    mount_create(&server, None, "1", 201, IN_REVIEW).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "create", "--customer", CUSTOMER])
        .args(["--qualification", "education"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!({"qualification": "Education", "vettingStatus": "InReview",
               "vettingCreateDate": "2020-12-04T20:54:24Z"})
    );
    assert_eq!(stderr(&output), "");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn update_is_an_alias_of_create_and_200_is_accepted() -> TestResult {
    let server = MockServer::start().await;
    mount_create(
        &server,
        None,
        "4",
        200,
        r#"{"qualification":"StateOwnedEntity"}"#,
    )
    .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "update", "--customer", CUSTOMER])
        .args(["--qualification", "StateOwnedEntity"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!({"qualification": "StateOwnedEntity"})
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn gcc_under_the_integer_contract_sends_3_and_the_code_in_the_query() -> TestResult {
    let server = MockServer::start().await;
    let approved = r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved","vettingCreateDate":"2021-05-06T19:59:56Z"}"#;
    mount_create(&server, Some("code=123456"), "3", 201, approved).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--correlation-id", CORRELATION_ID])
        .args(["qualifications", "create", "--customer", CUSTOMER])
        .args(["--qualification", "gcc", "--validation-code", "123456"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!({"qualification": "GovernmentCommunityCloud", "vettingStatus": "Approved",
               "vettingCreateDate": "2021-05-06T19:59:56Z"})
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn every_spelling_of_a_name_sends_the_same_integer() -> TestResult {
    let cases = [
        ("Education", "1"),
        ("education", "1"),
        ("EDU", "1"),
        ("StateOwnedEntity", "4"),
        ("state_owned_entity", "4"),
        ("state-owned-entity", "4"),
        ("soe", "4"),
    ];
    for (name, body) in cases {
        let server = MockServer::start().await;
        mount_create(
            &server,
            None,
            body,
            201,
            r#"{"qualification":"StateOwnedEntity"}"#,
        )
        .await;
        let mut cmd = pc_at(&server)?;
        cmd.args(["qualifications", "create", "--customer", CUSTOMER])
            .args(["--qualification", name]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        server.verify().await;
    }
    for name in [
        "GovernmentCommunityCloud",
        "governmentcommunitycloud",
        "government_community_cloud",
        "GCC",
    ] {
        let server = MockServer::start().await;
        mount_create(
            &server,
            Some("code=654321"),
            "3",
            201,
            r#"{"qualification":"GovernmentCommunityCloud"}"#,
        )
        .await;
        let mut cmd = pc_at(&server)?;
        cmd.args(["qualifications", "create", "--customer", CUSTOMER])
            .args(["--qualification", name, "--validation-code", "654321"]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn education_under_the_object_contract_sends_segment_and_website() -> TestResult {
    let server = MockServer::start().await;
    mount_create(
        &server,
        None,
        r#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#,
        201,
        IN_REVIEW,
    )
    .await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--contract",
        "object",
        "qualifications",
        "create",
        "--customer",
        CUSTOMER,
    ])
    .args([
        "--qualification",
        "Education",
        "--education-segment",
        "higher-education",
    ])
    .args(["--website", "contoso.edu"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?["vettingStatus"], json!("InReview"));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn the_segment_accepts_its_wire_name_in_any_case() -> TestResult {
    let server = MockServer::start().await;
    mount_create(
        &server,
        None,
        r#"{"qualification":"Education","educationSegment":"K12"}"#,
        201,
        IN_REVIEW,
    )
    .await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--contract",
        "object",
        "qualifications",
        "create",
        "--customer",
        CUSTOMER,
    ])
    .args(["--qualification", "edu", "--education-segment", "K12"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn gcc_under_the_object_contract_carries_the_code_in_the_body() -> TestResult {
    let server = MockServer::start().await;
    mount_create(
        &server,
        None,
        r#"{"qualification":"GovernmentCommunityCloud","validationCode":"123456"}"#,
        201,
        r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved"}"#,
    )
    .await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--contract",
        "object",
        "qualifications",
        "create",
        "--customer",
        CUSTOMER,
    ])
    .args([
        "--qualification",
        "government-community-cloud",
        "--validation-code",
        "123456",
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn soe_under_the_object_contract_is_a_bare_object() -> TestResult {
    let server = MockServer::start().await;
    mount_create(
        &server,
        None,
        r#"{"qualification":"StateOwnedEntity"}"#,
        201,
        r#"{"qualification":"StateOwnedEntity"}"#,
    )
    .await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--contract",
        "object",
        "qualifications",
        "create",
        "--customer",
        CUSTOMER,
    ])
    .args(["--qualification", "soe"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn create_prints_a_one_row_table_for_people() -> TestResult {
    let server = MockServer::start().await;
    mount_create(&server, None, "1", 201, IN_REVIEW).await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--output",
        "table",
        "qualifications",
        "create",
        "--customer",
        CUSTOMER,
    ])
    .args(["--qualification", "education"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "QUALIFICATION  VETTING STATUS  REASON  CREATED\n\
         Education      InReview        -       2020-12-04T20:54:24Z\n"
    );
    server.verify().await;
    Ok(())
}

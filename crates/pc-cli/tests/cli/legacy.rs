//! `pc qualification get` and `set`: the legacy synchronous API against wiremock.

use serde_json::json;
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    CUSTOMER, TOKEN, TestResult, assert_exit, exact_query, no_header, pc_at, run, stdout,
    stdout_json,
};

fn legacy_path() -> String {
    format!("/v1/customers/{CUSTOMER}/qualification")
}

#[tokio::test]
async fn get_prints_the_bare_lower_case_string() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(legacy_path()))
        .and(exact_query(None))
        .and(header("Authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("Accept", "application/json"))
        .and(no_header("Content-Type"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#""education""#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualification", "get", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("education"));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn get_prints_a_table_for_people() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(legacy_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#""governmentcommunitycloud""#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--output",
        "table",
        "qualification",
        "get",
        "--customer",
        CUSTOMER,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout(&output), "QUALIFICATION\ngovernmentcommunitycloud\n");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn set_gcc_puts_3_with_the_code_in_the_query() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(legacy_path()))
        .and(exact_query(Some("code=123456")))
        .and(header("Authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("Accept", "application/json"))
        .and(header("Content-Type", "application/json"))
        .and(body_bytes("3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#""governmentcommunitycloud""#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualification", "set", "--customer", CUSTOMER])
        .args([
            "--qualification",
            "GovernmentCommunityCloud",
            "--validation-code",
            "123456",
        ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("governmentcommunitycloud"));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn set_education_puts_1_without_a_query() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(legacy_path()))
        .and(exact_query(None))
        .and(header("Content-Type", "application/json"))
        .and(body_bytes("1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#""education""#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualification", "set", "--customer", CUSTOMER])
        .args(["--qualification", "edu"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!("education"));
    server.verify().await;
    Ok(())
}

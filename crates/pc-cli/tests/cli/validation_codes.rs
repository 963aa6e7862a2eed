//! `pc validation-codes list` against wiremock.

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    TOKEN, TestResult, assert_exit, exact_query, no_header, pc_at, run, stdout, stdout_json,
};

const CODES: &str = r#"[
  {"partnerId":"p-1","organizationName":"Contoso, Inc.","validationId":12345,
   "maxCreates":5,"remainingCreates":4,"eTag":"W/\"1\""},
  {"partnerId":"p-1","organizationName":"Contoso, Inc.","validationId":"654321",
   "maxCreates":null,"remainingCreates":null,"eTag":"W/\"2\""}
]"#;

async fn mount_codes(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/v1/customers/all/validations"))
        .and(exact_query(None))
        .and(header("Authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("Accept", "application/json"))
        .and(no_header("Content-Type"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(CODES, "application/json"))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn list_prints_the_codes_in_wire_form() -> TestResult {
    let server = MockServer::start().await;
    mount_codes(&server).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["validation-codes", "list"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!([
            {"partnerId": "p-1", "organizationName": "Contoso, Inc.", "validationId": "12345",
             "maxCreates": 5, "remainingCreates": 4, "eTag": "W/\"1\""},
            {"partnerId": "p-1", "organizationName": "Contoso, Inc.", "validationId": "654321",
             "maxCreates": null, "remainingCreates": null, "eTag": "W/\"2\""}
        ])
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn list_prints_a_table_for_people() -> TestResult {
    let server = MockServer::start().await;
    mount_codes(&server).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--output", "table", "validation-codes", "list"]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "VALIDATION ID  ORGANIZATION   MAX CREATES  REMAINING  PARTNER ID\n\
         12345          Contoso, Inc.  5            4          p-1\n\
         654321         Contoso, Inc.  unlimited    unlimited  p-1\n"
    );
    server.verify().await;
    Ok(())
}

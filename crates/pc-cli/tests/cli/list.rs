//! `pc qualifications list` against wiremock.

use serde_json::json;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use crate::support::{
    CORRELATION_ID, CUSTOMER, TOKEN, TestResult, assert_exit, exact_query, exit_within, no_header,
    pc, pc_at, run, stderr, stdout, stdout_json,
};

const LIST_BODY: &str = r#"[
  {"qualification":"Education","vettingStatus":"Denied","vettingReason":"Not an Education Customer",
   "vettingCreatedDate":"2020-12-03T10:37:38.885Z"},
  {"qualification":"state_owned_entity"},
  {"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved",
   "vettingCreateDate":"2021-05-06T19:59:56.6832021+00:00","futureField":true}
]"#;

fn list_path() -> String {
    format!("/v1/customers/{CUSTOMER}/qualifications")
}

async fn mount_list(server: &MockServer, body: &'static str) {
    Mock::given(method("GET"))
        .and(path(list_path()))
        .and(exact_query(None))
        .and(header("Authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("Accept", "application/json"))
        .and(header_exists("MS-RequestId"))
        .and(header_exists("MS-CorrelationId"))
        .and(no_header("Content-Type"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .named("GET qualifications")
        .mount(server)
        .await;
}

#[tokio::test]
async fn list_prints_the_records_as_one_json_array_in_wire_form() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, LIST_BODY).await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!([
            {"qualification": "Education", "vettingStatus": "Denied",
             "vettingReason": "Not an Education Customer",
             "vettingCreateDate": "2020-12-03T10:37:38.885Z"},
            {"qualification": "StateOwnedEntity"},
            {"qualification": "GovernmentCommunityCloud", "vettingStatus": "Approved",
             "vettingCreateDate": "2021-05-06T19:59:56.6832021Z"}
        ])
    );
    assert_eq!(stderr(&output), "");
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn list_accepts_the_wrapped_shape_and_still_prints_an_array() -> TestResult {
    let server = MockServer::start().await;
    mount_list(
        &server,
        r#"{"qualifications":[{"qualification":"Education","vettingStatus":"InReview"}]}"#,
    )
    .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout_json(&output)?,
        json!([{"qualification": "Education", "vettingStatus": "InReview"}])
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn list_prints_an_aligned_table_for_people() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, LIST_BODY).await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "--output",
        "table",
        "qualifications",
        "list",
        "--customer",
        CUSTOMER,
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "QUALIFICATION             VETTING STATUS  REASON                     CREATED\n\
         Education                 Denied          Not an Education Customer  2020-12-03T10:37:38Z\n\
         StateOwnedEntity          -               -                          -\n\
         GovernmentCommunityCloud  Approved        -                          2021-05-06T19:59:56Z\n"
    );
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn an_empty_list_is_an_empty_array_or_a_sentence() -> TestResult {
    for (format, expected) in [("json", "[]\n"), ("table", "no qualifications\n")] {
        let server = MockServer::start().await;
        mount_list(&server, "[]").await;
        let mut cmd = pc_at(&server)?;
        cmd.args([
            "--output",
            format,
            "qualifications",
            "list",
            "--customer",
            CUSTOMER,
        ]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        assert_eq!(stdout(&output), expected);
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn output_defaults_to_json_when_stdout_is_not_a_terminal() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, "[]").await;
    let mut cmd = pc()?;
    cmd.args(["--endpoint", &server.uri(), "--access-token", TOKEN])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!([]));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn correlation_id_locale_and_application_become_headers() -> TestResult {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_path()))
        .and(exact_query(None))
        .and(header("Authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("Accept", "application/json"))
        .and(header("MS-CorrelationId", CORRELATION_ID))
        .and(header("X-Locale", "fr-FR"))
        .and(header("MS-PartnerCenter-Application", "contoso-billing"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = pc_at(&server)?;
    cmd.args(["--correlation-id", CORRELATION_ID, "--locale", "fr-FR"])
        .args(["--application", "contoso-billing"])
        .args(["qualifications", "list", "--customer", CUSTOMER]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn global_flags_may_follow_the_subcommand() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, "[]").await;
    let mut cmd = pc()?;
    cmd.args(["qualifications", "list", "--customer", CUSTOMER])
        .args([
            "--endpoint",
            &server.uri(),
            "--access-token",
            TOKEN,
            "--output",
            "json",
        ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    assert_eq!(stdout_json(&output)?, json!([]));
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn customer_ids_are_sent_in_lower_case() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, "[]").await;
    let mut cmd = pc_at(&server)?;
    cmd.args([
        "qualifications",
        "list",
        "--customer",
        &CUSTOMER.to_uppercase(),
    ]);

    let output = run(cmd).await?;

    assert_exit(&output, 0);
    server.verify().await;
    Ok(())
}

#[tokio::test]
async fn unknown_names_from_the_service_are_printed_unchanged() -> TestResult {
    const BODY: &str = r#"[{"qualification":"QuantumResearchInstitute","vettingStatus":"PendingDocuments","vettingReason":"Awaiting proof"}]"#;
    for format in ["json", "table"] {
        let server = MockServer::start().await;
        mount_list(&server, BODY).await;
        let mut cmd = pc_at(&server)?;
        cmd.args(["--output", format, "qualifications", "list"])
            .args(["--customer", CUSTOMER]);

        let output = run(cmd).await?;

        assert_exit(&output, 0);
        if format == "json" {
            assert_eq!(
                stdout_json(&output)?,
                json!([{
                    "qualification": "QuantumResearchInstitute",
                    "vettingStatus": "PendingDocuments",
                    "vettingReason": "Awaiting proof",
                }])
            );
        } else {
            assert_eq!(
                stdout(&output),
                "QUALIFICATION             VETTING STATUS    REASON          CREATED\n\
                 QuantumResearchInstitute  PendingDocuments  Awaiting proof  -\n"
            );
        }
        server.verify().await;
    }
    Ok(())
}

#[tokio::test]
async fn a_closed_stdout_ends_a_table_listing_quietly_with_exit_0() -> TestResult {
    let server = MockServer::start().await;
    mount_list(&server, LIST_BODY).await;
    let binary = assert_cmd::cargo::cargo_bin("pc");
    let mut child = std::process::Command::new(binary)
        .env_clear()
        .args(["--endpoint", &server.uri(), "--access-token", TOKEN])
        .args(["--output", "table", "qualifications", "list"])
        .args(["--customer", CUSTOMER])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Close the reading end before pc writes anything: it writes after the response.
    drop(child.stdout.take());

    let status = exit_within(&mut child, Duration::from_secs(30)).await?;

    assert_eq!(status.code(), Some(0));
    let mut errors = String::new();
    if let Some(mut stream) = child.stderr.take() {
        stream.read_to_string(&mut errors)?;
    }
    assert_eq!(errors, "");
    // The request went out: the pipe broke on the write.
    server.verify().await;
    Ok(())
}

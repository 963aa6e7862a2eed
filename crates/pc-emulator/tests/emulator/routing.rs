use reqwest::Method;

use crate::support::{Api, EVEN_CUSTOMER, legacy, qualifications};

#[tokio::test]
async fn unknown_path_is_404_with_code_1000() {
    let api = Api::start().await;

    api.get("/v1/customers").send().await.assert_error(
        404,
        "1000",
        "The resource /v1/customers was not found.",
    );
    api.get("/nothing/here").send().await.assert_error(
        404,
        "1000",
        "The resource /nothing/here was not found.",
    );
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let api = Api::start().await;
    let cases = [
        (Method::DELETE, qualifications(EVEN_CUSTOMER), "GET, POST"),
        (Method::PATCH, legacy(EVEN_CUSTOMER), "GET, PUT"),
        (
            Method::POST,
            "/v1/customers/all/validations".to_owned(),
            "GET",
        ),
        (Method::GET, "/common/oauth2/token".to_owned(), "POST"),
        (Method::DELETE, "/_emulator/faults".to_owned(), "GET, PUT"),
    ];

    for (method, path, allow) in cases {
        let answer = api.call(method.clone(), path).send().await;

        answer.assert_error(
            405,
            "800002",
            &format!("The method {method} is not allowed on this resource; allowed: {allow}."),
        );
        assert_eq!(answer.header("allow"), Some(allow));
    }
}

#[tokio::test]
async fn body_over_64_kib_is_refused_with_413() {
    let api = Api::start().await;
    let body = format!(
        "{{\"qualification\":\"Education\",\"website\":\"{}\"}}",
        "a".repeat(70_000)
    );

    let answer = api.post(qualifications(EVEN_CUSTOMER), &body).send().await;

    answer.assert_error(413, "800002", "The request body exceeds 65536 bytes.");
    assert!(api.handle.applied_changes().is_empty());
}

#[tokio::test]
async fn literal_path_segments_ignore_case_and_a_trailing_slash() {
    let api = Api::start().await;

    let answer = api
        .get(format!("/v1/Customers/{EVEN_CUSTOMER}/Qualifications/"))
        .send()
        .await;

    assert_eq!(answer.status, 200);
}

//! Every responder, over a real socket: exact status, headers and body bytes.

use pc_client::bytes::Bytes;
use pc_client::http;
use pc_client::{CustomerQualification, Operation, Qualification, ValidationCode};
use pc_testkit::{MockPartnerCenter, fixtures, matchers, responders};
use wiremock::{Mock, Respond, ResponseTemplate};

use crate::support::{CORRELATION_ID, REQUEST_ID, send};

/// What a test asserts about a response: status, headers (without `date`, which the server
/// adds), body.
#[derive(Debug, PartialEq)]
struct Seen {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn of(response: &http::Response<Bytes>) -> Self {
        let mut headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(name, _)| *name != http::header::DATE)
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    value.to_str().expect("text").to_owned(),
                )
            })
            .collect();
        headers.sort();
        Self {
            status: response.status().as_u16(),
            headers,
            body: response.body().to_vec(),
        }
    }

    /// The expected shape: `content-length` is the body's, `extra` headers added.
    fn expected(
        status: u16,
        content_type: Option<&str>,
        extra: &[(&str, &str)],
        body: &str,
    ) -> Self {
        let mut headers = vec![("content-length".to_owned(), body.len().to_string())];
        if let Some(content_type) = content_type {
            headers.push(("content-type".to_owned(), content_type.to_owned()));
        }
        headers.extend(
            extra
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
        );
        headers.sort();
        Self {
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }
}

/// Serves `responder` for every request and returns what a raw `GET` received.
async fn serve(responder: impl Respond + 'static) -> Seen {
    let pc = MockPartnerCenter::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(responder)
        .mount(pc.server())
        .await;
    Seen::of(&send(&pc.uri()).await)
}

const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn created_is_201_with_the_documented_body() {
    let seen = serve(responders::created(&fixtures::create_response_education())).await;

    assert_eq!(
        seen,
        Seen::expected(201, JSON, &[], fixtures::CREATE_RESPONSE_EDUCATION)
    );
}

#[tokio::test]
async fn created_writes_the_date_as_utc_with_z() {
    let gcc = fixtures::list_gcc_soe()[0].clone();

    let seen = serve(responders::created(&gcc)).await;

    assert_eq!(
        seen,
        Seen::expected(
            201,
            JSON,
            &[],
            r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved","vettingCreateDate":"2021-05-06T19:59:56.6832021Z"}"#
        )
    );
}

#[tokio::test]
async fn list_is_200_with_a_bare_array() {
    let seen = serve(responders::list(&fixtures::list_education_soe())).await;

    assert_eq!(
        seen,
        Seen::expected(200, JSON, &[], fixtures::LIST_EDUCATION_SOE)
    );
}

#[tokio::test]
async fn list_of_nothing_is_an_empty_array() {
    let seen = serve(responders::list(&[])).await;

    assert_eq!(seen, Seen::expected(200, JSON, &[], "[]"));
}

#[tokio::test]
async fn list_writes_the_create_date_spelling() {
    // The fixture uses `vettingCreatedDate`; the responder writes the one spelling the client
    // emits, `vettingCreateDate`.
    let seen = serve(responders::list(&fixtures::list_denied())).await;

    assert_eq!(
        seen,
        Seen::expected(
            200,
            JSON,
            &[],
            r#"[{"qualification":"Education","vettingStatus":"Denied","vettingReason":"Not an Education Customer","vettingCreateDate":"2020-12-03T10:37:38.885Z"}]"#
        )
    );
}

#[tokio::test]
async fn legacy_is_200_with_the_bare_lower_case_string() {
    let education = serve(responders::legacy(CustomerQualification::Education)).await;
    let gcc = serve(responders::legacy(
        CustomerQualification::GovernmentCommunityCloud,
    ))
    .await;

    assert_eq!(
        education,
        Seen::expected(200, JSON, &[], fixtures::LEGACY_GET)
    );
    assert_eq!(
        gcc,
        Seen::expected(200, JSON, &[], fixtures::LEGACY_PUT_RESPONSE_GCC)
    );
}

#[tokio::test]
async fn validation_codes_is_200_with_the_documented_array() {
    let seen = serve(responders::validation_codes(&fixtures::validation_codes())).await;

    assert_eq!(
        seen,
        Seen::expected(200, JSON, &[], fixtures::VALIDATION_CODES)
    );
}

#[tokio::test]
async fn validation_codes_writes_missing_fields_as_null() {
    let seen = serve(responders::validation_codes(&[ValidationCode::new("42")])).await;

    assert_eq!(
        seen,
        Seen::expected(
            200,
            JSON,
            &[],
            r#"[{"partnerId":null,"organizationName":null,"validationId":"42","maxCreates":null,"remainingCreates":null,"eTag":null}]"#
        )
    );
}

#[tokio::test]
async fn documented_error_is_the_documented_body() {
    let seen = serve(responders::documented_error(
        400,
        "900118",
        "The customer ID is invalid.",
    ))
    .await;

    assert_eq!(
        seen,
        Seen::expected(400, JSON, &[], fixtures::ERROR_DOCUMENTED)
    );
}

#[tokio::test]
async fn throttled_is_429_with_retry_after_and_the_throttle_body() {
    let seen = serve(responders::throttled(
        fixtures::THROTTLED_RETRY_AFTER_SECONDS,
    ))
    .await;

    assert_eq!(
        seen,
        Seen::expected(
            429,
            JSON,
            &[("retry-after", "57")],
            fixtures::ERROR_THROTTLED
        )
    );
}

#[tokio::test]
async fn throttled_zero_says_zero_seconds() {
    let seen = serve(responders::throttled(0)).await;

    assert_eq!(
        seen,
        Seen::expected(
            429,
            JSON,
            &[("retry-after", "0")],
            r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 0 seconds."}"#
        )
    );
}

#[tokio::test]
async fn server_error_is_the_documented_800003_body() {
    let internal = serve(responders::server_error(500)).await;
    let unavailable = serve(responders::server_error(503)).await;

    assert_eq!(
        internal,
        Seen::expected(
            500,
            JSON,
            &[],
            r#"{"code":"800003","description":"An unexpected error occurred.","data":[],"source":"PartnerFD"}"#
        )
    );
    assert_eq!(
        unavailable,
        Seen::expected(
            503,
            JSON,
            &[],
            r#"{"code":"800003","description":"The service is temporarily unavailable. Try again later.","data":[],"source":"PartnerFD"}"#
        )
    );
}

#[tokio::test]
async fn html_gateway_is_an_html_page() {
    let seen = serve(responders::html_gateway(502)).await;

    assert_eq!(
        seen,
        Seen::expected(
            502,
            Some("text/html"),
            &[],
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
        )
    );
}

#[tokio::test]
async fn empty_has_no_body_and_no_content_type() {
    let seen = serve(responders::empty(504)).await;

    assert_eq!(seen, Seen::expected(504, None, &[], ""));
}

#[tokio::test]
async fn echo_ids_copies_both_ids_from_the_request() {
    let seen = serve(responders::echo_ids(responders::list(&[]))).await;

    assert_eq!(
        seen,
        Seen::expected(
            200,
            JSON,
            &[
                ("ms-correlationid", CORRELATION_ID),
                ("ms-requestid", REQUEST_ID)
            ],
            "[]"
        )
    );
}

#[tokio::test]
async fn echo_ids_adds_nothing_the_request_did_not_carry() {
    let pc = MockPartnerCenter::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(responders::echo_ids(ResponseTemplate::new(200)))
        .mount(pc.server())
        .await;

    let response = crate::support::Wire::qualifications("GET")
        .without("ms-requestid")
        .send(&pc.uri())
        .await;

    let seen = Seen::of(&response);
    assert_eq!(
        seen,
        Seen::expected(200, None, &[("ms-correlationid", CORRELATION_ID)], "")
    );
}

#[tokio::test]
async fn the_client_reads_every_success_responder_back() -> Result<(), pc_client::Error> {
    let pc = MockPartnerCenter::start().await;
    let customer = fixtures::customer();
    let records = vec![
        Qualification::new(CustomerQualification::StateOwnedEntity),
        fixtures::list_gcc_soe()[0].clone(),
    ];
    Mock::given(matchers::operation(Operation::ListQualifications))
        .respond_with(responders::list(&records))
        .mount(pc.server())
        .await;
    Mock::given(matchers::operation(Operation::GetLegacyQualification))
        .respond_with(responders::legacy(CustomerQualification::Education))
        .mount(pc.server())
        .await;
    Mock::given(matchers::operation(Operation::ListValidationCodes))
        .respond_with(responders::validation_codes(&fixtures::validation_codes()))
        .mount(pc.server())
        .await;
    let client = pc.client();

    let list = client.customer(customer).qualifications().list().await?;
    let legacy = client
        .customer(customer)
        .legacy_qualification()
        .get()
        .await?;
    let codes = client.validation_codes().list().await?;

    assert_eq!(list, records);
    assert_eq!(legacy, CustomerQualification::Education);
    assert_eq!(codes, fixtures::validation_codes());
    Ok(())
}

//! `matchers::create` matches the client's create byte for byte, and nothing one byte off.

use pc_client::{Contract, EducationSegment, QualificationRequest};
use pc_testkit::fixtures::{self, CUSTOMER_ID};
use pc_testkit::matchers::{self, ExactRequest};
use wiremock::Match;

use crate::support::Wire;

fn integer(request: &QualificationRequest) -> ExactRequest {
    matchers::create(fixtures::customer(), request, Contract::Integer)
}

fn object(request: &QualificationRequest) -> ExactRequest {
    matchers::create(fixtures::customer(), request, Contract::Object)
}

/// Asserts `wire` is refused, for the reason named by `field`.
#[track_caller]
fn refused(matcher: &ExactRequest, wire: &Wire, field: &str) {
    let request = wire.request();
    let why = matcher.mismatch(&request);
    assert!(
        why.as_deref().is_some_and(|w| w.starts_with(field)),
        "expected a {field} mismatch for {wire:?}, got {why:?}"
    );
    assert!(!matcher.matches(&request));
}

/// Asserts `wire` matches.
#[track_caller]
fn accepted(matcher: &ExactRequest, wire: &Wire) {
    let request = wire.request();
    assert_eq!(matcher.mismatch(&request), None, "{wire:?}");
    assert!(matcher.matches(&request));
}

#[test]
fn integer_education_matches_the_body_1_and_no_query() {
    let matcher = integer(&QualificationRequest::education());

    accepted(&matcher, &Wire::qualifications("POST").json(b"1"));

    assert_eq!(matcher.body(), b"1");
    assert_eq!(matcher.query(), None);
    assert_eq!(
        matcher.path(),
        format!("/v1/customers/{CUSTOMER_ID}/qualifications")
    );
}

#[test]
fn integer_body_one_byte_off_is_refused() {
    let matcher = integer(&QualificationRequest::state_owned_entity());
    accepted(&matcher, &Wire::qualifications("POST").json(b"4"));

    for body in [
        &b"4 "[..],
        b" 4",
        b"4\n",
        b"5",
        b"3",
        b"44",
        b"\"4\"",
        b"4.0",
        b"",
    ] {
        refused(&matcher, &Wire::qualifications("POST").json(body), "body");
    }
}

#[test]
fn integer_gcc_needs_exactly_code_in_the_query() {
    let matcher = integer(&QualificationRequest::government_community_cloud("123456"));
    let post = |target_suffix: &str| {
        Wire::qualifications("POST")
            .target(format!(
                "/v1/customers/{CUSTOMER_ID}/qualifications{target_suffix}"
            ))
            .json(b"3")
    };

    accepted(&matcher, &post("?code=123456"));

    for suffix in [
        "",
        "?",
        "?code=",
        "?code=123457",
        "?code=123456&x=1",
        "?x=1&code=123456",
        "?code=123456&code=123456",
        "?Code=123456",
    ] {
        refused(&matcher, &post(suffix), "query");
    }
}

#[test]
fn a_query_on_a_create_without_a_code_is_refused() {
    let matcher = integer(&QualificationRequest::state_owned_entity());
    for suffix in ["?", "?code=123456", "?x=1"] {
        let wire = Wire::qualifications("POST")
            .target(format!(
                "/v1/customers/{CUSTOMER_ID}/qualifications{suffix}"
            ))
            .json(b"4");
        refused(&matcher, &wire, "query");
    }
}

#[test]
fn the_code_is_expected_form_encoded_as_the_client_writes_it() {
    let matcher = integer(&QualificationRequest::government_community_cloud("a b&c"));
    assert_eq!(matcher.query(), Some("code=a+b%26c"));
    let post = |query: &str| {
        Wire::qualifications("POST")
            .target(format!(
                "/v1/customers/{CUSTOMER_ID}/qualifications?{query}"
            ))
            .json(b"3")
    };

    accepted(&matcher, &post("code=a+b%26c"));
    refused(&matcher, &post("code=a%20b%26c"), "query");
}

#[test]
fn the_path_must_match_to_the_byte() {
    let matcher = integer(&QualificationRequest::education());
    let upper_customer = CUSTOMER_ID.to_ascii_uppercase();
    for target in [
        format!("/V1/customers/{CUSTOMER_ID}/qualifications"),
        format!("/v1/Customers/{CUSTOMER_ID}/qualifications"),
        format!("/v1/customers/{CUSTOMER_ID}/Qualifications"),
        format!("/v1/customers/{upper_customer}/qualifications"),
        format!("/v1/customers/{CUSTOMER_ID}/qualifications/"),
        format!("/v1/customers/{CUSTOMER_ID}/qualification"),
        format!("/v1/customers/{{{CUSTOMER_ID}}}/qualifications"),
        "/v1/customers/c0a5c0a5-0000-4000-8000-acade0000002/qualifications".to_owned(),
    ] {
        let wire = Wire::qualifications("POST").target(target).json(b"1");
        refused(&matcher, &wire, "path");
    }
}

#[test]
fn another_method_is_refused() {
    let matcher = integer(&QualificationRequest::education());
    for method in ["PUT", "GET", "PATCH", "post"] {
        // `post` is a valid extension method, distinct from `POST`.
        let wire = Wire::qualifications("POST").method(method).json(b"1");
        refused(&matcher, &wire, "method");
    }
}

#[test]
fn object_contract_matches_the_documented_bodies_and_no_query() {
    for (request, body) in [
        (
            fixtures::request_current_education(),
            fixtures::REQUEST_CURRENT_EDUCATION,
        ),
        (
            fixtures::request_current_gcc(),
            fixtures::REQUEST_CURRENT_GCC,
        ),
        (
            fixtures::request_current_soe(),
            fixtures::REQUEST_CURRENT_SOE,
        ),
    ] {
        let matcher = object(&request);
        assert_eq!(matcher.query(), None, "the object contract has no query");

        accepted(
            &matcher,
            &Wire::qualifications("POST").json(body.as_bytes()),
        );
    }
}

#[test]
fn object_body_with_other_key_order_spacing_or_case_is_refused() {
    let matcher = object(&fixtures::request_current_education());
    for body in [
        r#"{"educationSegment":"HigherEducation","qualification":"Education","website":"contoso.edu"}"#,
        r#"{"qualification": "Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#,
        r#"{"qualification":"education","educationSegment":"HigherEducation","website":"contoso.edu"}"#,
        r#"{"Qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#,
        r#"{"qualification":"Education","educationSegment":"HigherEducation"}"#,
        r#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu","validationCode":null}"#,
        r#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"} "#,
    ] {
        refused(
            &matcher,
            &Wire::qualifications("POST").json(body.as_bytes()),
            "body",
        );
    }
}

#[test]
fn object_gcc_with_the_code_in_the_query_too_is_refused() {
    let matcher = object(&QualificationRequest::government_community_cloud("123456"));
    let wire = Wire::qualifications("POST")
        .target(format!(
            "/v1/customers/{CUSTOMER_ID}/qualifications?code=123456"
        ))
        .json(fixtures::REQUEST_CURRENT_GCC.as_bytes());

    refused(&matcher, &wire, "query");
}

#[test]
fn the_body_needs_content_type_application_json() {
    let matcher = integer(&QualificationRequest::education());
    let body = Wire::qualifications("POST").json(b"1");

    refused(
        &matcher,
        &body.clone().without("content-type"),
        "content-type",
    );
    refused(
        &matcher,
        &body
            .clone()
            .replace("content-type", "application/json; charset=utf-8"),
        "content-type",
    );
    refused(
        &matcher,
        &body.replace("content-type", "text/plain"),
        "content-type",
    );
    refused(
        &matcher,
        &Wire::qualifications("POST")
            .json(b"1")
            .header("content-type", "application/json"),
        "content-type",
    );
}

#[test]
fn mismatch_messages_show_both_sides() {
    let matcher = integer(&QualificationRequest::state_owned_entity());

    let why = matcher.mismatch(&Wire::qualifications("POST").json(b"4 ").request());

    assert_eq!(
        why.as_deref(),
        Some(r#"body: expected "4" (1 bytes), got "4 " (2 bytes)"#)
    );
}

#[test]
#[should_panic(
    expected = "matchers::create: the client never sends this request under the object contract"
)]
fn create_refuses_a_request_the_client_refuses() {
    // Education without a segment cannot be written in the object contract.
    object(&QualificationRequest::education());
}

#[test]
fn create_refuses_object_fields_under_the_integer_contract() {
    let request = QualificationRequest::education().with_education_segment(EducationSegment::K12);

    let panic = std::panic::catch_unwind(|| integer(&request)).expect_err("panics");

    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert!(
        message.contains("integer contract") && message.contains("educationSegment"),
        "{message}"
    );
}

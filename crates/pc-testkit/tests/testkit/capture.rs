//! `CapturedRequest` decoding, `capture::of` and the request-id assertions.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pc_client::http::Method;
use pc_client::uuid::Uuid;
use pc_client::{
    Contract, CustomerQualification, EducationSegment, Operation, QualificationRequest,
};
use pc_testkit::fixtures::{self, CUSTOMER_ID};
use pc_testkit::{
    CapturedRequest, DecodedRequest, assert_distinct_request_ids, assert_same_request_id, capture,
};

use crate::support::{CORRELATION_ID, REQUEST_ID, Wire};

fn captured(wire: &Wire) -> CapturedRequest {
    CapturedRequest::from_request(&wire.request())
}

fn create_with(query: &str, body: &[u8]) -> CapturedRequest {
    captured(
        &Wire::qualifications("POST")
            .target(format!("/v1/customers/{CUSTOMER_ID}/qualifications{query}"))
            .json(body),
    )
}

/// The panic message of `f`.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("panics");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .unwrap_or_default(),
    }
}

#[test]
fn an_integer_create_decodes_with_the_query_code() {
    let request = create_with("?code=123456", b"3");

    assert_eq!(request.operation, Some(Operation::CreateQualification));
    assert_eq!(request.customer, Some(fixtures::customer()));
    assert_eq!(request.method, Method::POST);
    assert_eq!(
        request.path,
        format!("/v1/customers/{CUSTOMER_ID}/qualifications")
    );
    assert_eq!(request.query.as_deref(), Some("code=123456"));
    assert_eq!(request.query_code.as_deref(), Some("123456"));
    assert_eq!(request.body, b"3");
    assert_eq!(
        request.request,
        Some(DecodedRequest::Create {
            contract: Contract::Integer,
            request: QualificationRequest::government_community_cloud("123456"),
        })
    );
}

#[test]
fn an_object_create_decodes_every_field() {
    let education = create_with("", fixtures::REQUEST_CURRENT_EDUCATION.as_bytes());
    let gcc = create_with("", fixtures::REQUEST_CURRENT_GCC.as_bytes());

    let expected_education = QualificationRequest::education()
        .with_education_segment(EducationSegment::HigherEducation)
        .with_website("contoso.edu");
    assert_eq!(
        education.request,
        Some(DecodedRequest::Create {
            contract: Contract::Object,
            request: expected_education,
        })
    );
    let gcc = gcc.request.expect("decoded");
    assert_eq!(gcc.contract(), Some(Contract::Object));
    assert_eq!(
        gcc.qualification(),
        CustomerQualification::GovernmentCommunityCloud
    );
    assert_eq!(gcc.validation_code(), Some("123456"));
}

#[test]
fn a_body_that_is_no_contract_body_is_kept_raw_only() {
    for body in [
        &br#"{"Qualification":"Education"}"#[..],
        br#"{"qualification":"Education","extra":"x"}"#,
        br#"{"qualification":"Education","website":null}"#,
        br#"{"qualification":"Sunshine"}"#,
        br#"{"qualification":"Education","educationSegment":"Kindergarten"}"#,
        b"7",
        b"-1",
        b"\"1\"",
        b"",
        b"not json",
    ] {
        let request = create_with("", body);

        assert_eq!(request.operation, Some(Operation::CreateQualification));
        assert_eq!(request.request, None, "{}", String::from_utf8_lossy(body));
        assert_eq!(request.body, body);
    }
}

#[test]
fn the_legacy_put_decodes_the_integer_and_the_code() {
    let request = captured(
        &Wire::legacy("PUT")
            .target(format!(
                "/v1/customers/{CUSTOMER_ID}/qualification?code=123456"
            ))
            .json(b"3"),
    );

    assert_eq!(
        request.operation,
        Some(Operation::UpdateLegacyQualification)
    );
    let decoded = request.request.expect("decoded");
    assert_eq!(
        decoded,
        DecodedRequest::LegacyUpdate {
            request: QualificationRequest::government_community_cloud("123456"),
        }
    );
    assert_eq!(decoded.contract(), None);
}

#[test]
fn reads_decode_their_operation_and_no_body() {
    let list = captured(&Wire::qualifications("GET"));
    let legacy = captured(&Wire::legacy("GET"));
    let codes = captured(&Wire::new("GET", "/v1/customers/all/validations"));

    assert_eq!(list.operation, Some(Operation::ListQualifications));
    assert_eq!(legacy.operation, Some(Operation::GetLegacyQualification));
    assert_eq!(codes.operation, Some(Operation::ListValidationCodes));
    assert_eq!(codes.customer, None);
    for read in [&list, &legacy, &codes] {
        assert_eq!(read.request, None);
        assert_eq!(read.query, None);
        assert!(read.body.is_empty());
    }
}

#[test]
fn the_ids_are_read_as_guids() {
    let request = captured(&Wire::qualifications("GET"));

    assert_eq!(
        request.request_id,
        Some(Uuid::parse_str(REQUEST_ID).expect("GUID"))
    );
    assert_eq!(
        request.correlation_id,
        Some(Uuid::parse_str(CORRELATION_ID).expect("GUID"))
    );
}

#[test]
fn malformed_or_repeated_ids_are_none() {
    let braced = format!("{{{REQUEST_ID}}}");
    let request = captured(
        &Wire::qualifications("GET")
            .replace("ms-requestid", &braced)
            .header("ms-correlationid", CORRELATION_ID),
    );

    assert_eq!(request.request_id, None);
    assert_eq!(request.correlation_id, None);
    assert_eq!(request.header("ms-requestid"), Some(braced.as_str()));
}

#[test]
fn unknown_paths_and_customers_decode_to_none() {
    let unknown = captured(&Wire::new("GET", "/v1/partners"));
    let bad_customer = captured(&Wire::new("GET", "/v1/customers/not-a-guid/qualifications"));
    let wrong_method = captured(&Wire::qualifications("DELETE"));

    assert_eq!(unknown.operation, None);
    assert_eq!(bad_customer.operation, Some(Operation::ListQualifications));
    assert_eq!(bad_customer.customer, None);
    assert_eq!(wrong_method.operation, None);
}

#[test]
fn debug_hides_the_authorization_header() {
    let request = captured(&Wire::qualifications("GET"));

    let debug = format!("{request:?}");

    assert!(!debug.contains(pc_testkit::TEST_TOKEN), "{debug}");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", pc_testkit::TEST_TOKEN).as_str())
    );
}

#[test]
fn of_keeps_the_requests_of_one_operation_in_order() {
    let requests = vec![
        create_with("", b"1"),
        captured(&Wire::qualifications("GET")),
        create_with("", b"4"),
    ];

    let creates = capture::of(&requests, Operation::CreateQualification);

    assert_eq!(creates.len(), 2);
    assert_eq!(creates[0].body, b"1");
    assert_eq!(creates[1].body, b"4");
    assert!(capture::of(&requests, Operation::ListValidationCodes).is_empty());
}

#[test]
fn assert_same_request_id_returns_the_shared_id() {
    let requests = vec![create_with("", b"1"), create_with("", b"1")];

    let id = assert_same_request_id(&requests);

    assert_eq!(id.to_string(), REQUEST_ID);
}

#[test]
fn assert_same_request_id_panics_listing_differing_ids() {
    let other = "11111111-2222-4333-8444-555555555555";
    let requests = vec![
        create_with("", b"1"),
        captured(
            &Wire::qualifications("POST")
                .replace("ms-requestid", other)
                .json(b"1"),
        ),
    ];

    let message = panic_message(|| {
        assert_same_request_id(&requests);
    });

    assert!(
        message.starts_with("assert_same_request_id: expected one MS-RequestId on all 2 requests"),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "#0 POST /v1/customers/{CUSTOMER_ID}/qualifications: MS-RequestId {REQUEST_ID}"
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "#1 POST /v1/customers/{CUSTOMER_ID}/qualifications: MS-RequestId {other}"
        )),
        "{message}"
    );
}

#[test]
fn assert_same_request_id_panics_on_a_missing_id() {
    let requests = vec![
        captured(&Wire::qualifications("GET").without("ms-requestid")),
        captured(&Wire::qualifications("GET").without("ms-requestid")),
    ];

    let message = panic_message(|| {
        assert_same_request_id(&requests);
    });

    assert!(message.contains("MS-RequestId (missing)"), "{message}");
}

#[test]
#[should_panic(expected = "assert_same_request_id: no requests to compare")]
fn assert_same_request_id_panics_on_no_requests() {
    assert_same_request_id(&[]);
}

#[test]
fn assert_distinct_request_ids_passes_on_separate_calls() {
    let requests = vec![
        captured(&Wire::qualifications("GET")),
        captured(
            &Wire::qualifications("GET")
                .replace("ms-requestid", "11111111-2222-4333-8444-555555555555"),
        ),
    ];

    assert_distinct_request_ids(&requests);
}

#[test]
fn assert_distinct_request_ids_panics_on_a_repeated_id() {
    let requests = vec![
        captured(&Wire::qualifications("GET")),
        captured(&Wire::qualifications("GET")),
    ];

    let message = panic_message(|| assert_distinct_request_ids(&requests));

    assert!(
        message.starts_with(
            "assert_distinct_request_ids: expected a different MS-RequestId on each of the 2 requests"
        ),
        "{message}"
    );
    assert_eq!(message.matches(REQUEST_ID).count(), 2, "{message}");
}

#[test]
fn assert_distinct_request_ids_panics_on_a_malformed_id() {
    let requests = vec![captured(
        &Wire::qualifications("GET").replace("ms-requestid", "abc"),
    )];

    let message = panic_message(|| assert_distinct_request_ids(&requests));

    assert!(
        message.contains(r#"MS-RequestId "abc" (not a GUID)"#),
        "{message}"
    );
}

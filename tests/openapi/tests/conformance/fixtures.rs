//! Every documented fixture validates against its schema in the document.
//!
//! The fixtures are pc-testkit's (`pc_testkit::fixtures::ALL`, copies of the documented bodies
//! in `shared/fixtures/`). Each is checked as the exchange it was documented in: a response body
//! with its status and content type against the operation's response (the throttle body with
//! `Retry-After: 57`), a request body with the headers a client sends against the operation's
//! request. A fixture this suite does not place fails, so a new one cannot go unchecked.

use http::Method;
use pc_client::bytes::Bytes;
use pc_testkit::fixtures::{self, ALL, THROTTLED_RETRY_AFTER_SECONDS};

use crate::support::{assert_request_conforms, assert_response_conforms, document};

/// Where a fixture was documented.
enum Place {
    /// A response of these operations (method, path) with this status.
    Response(&'static [(Method, &'static str)], u16),
    /// The request body of `POST .../qualifications`.
    CreateRequest,
}

const LIST: &str = "/v1/customers/0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d/qualifications";
const LEGACY: &str = "/v1/customers/0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d/qualification";
const CODES: &str = "/v1/customers/all/validations";

/// Every operation of the endpoint table, as (method, path).
const EVERY_OPERATION: &[(Method, &str)] = &[
    (Method::GET, LIST),
    (Method::POST, LIST),
    (Method::GET, LEGACY),
    (Method::PUT, LEGACY),
    (Method::GET, CODES),
];

fn place(file: &str) -> Option<Place> {
    Some(match file {
        // Both success statuses of the create carry the same body.
        "create-response-education.json" => Place::Response(&[(Method::POST, LIST)], 201),
        name if name.starts_with("list-") => Place::Response(&[(Method::GET, LIST)], 200),
        "legacy-get.json" => Place::Response(&[(Method::GET, LEGACY)], 200),
        "legacy-put-response-gcc.json" => Place::Response(&[(Method::PUT, LEGACY)], 200),
        "validation-codes.json" => Place::Response(&[(Method::GET, CODES)], 200),
        name if name.starts_with("request-current-") => Place::CreateRequest,
        "error-documented.json" => Place::Response(EVERY_OPERATION, 400),
        "error-throttled.json" => Place::Response(EVERY_OPERATION, 429),
        _ => return None,
    })
}

fn response(status: u16, body: &'static str) -> http::Response<Bytes> {
    let mut builder = http::Response::builder()
        .status(status)
        .header("Content-Type", "application/json");
    if status == 429 {
        builder = builder.header("Retry-After", THROTTLED_RETRY_AFTER_SECONDS);
    }
    builder
        .body(Bytes::from_static(body.as_bytes()))
        .expect("a response")
}

/// A create request as a client sends it, with this body.
fn create_request(body: &'static str) -> http::Request<Bytes> {
    http::Request::post(format!("https://api.partnercenter.microsoft.com{LIST}"))
        .header("Authorization", "Bearer token")
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .header("MS-RequestId", "6c6c4dd4-1c52-4bd0-9d8c-4e1f0a8a7e31")
        .header("MS-CorrelationId", "0b7f5c2e-8d1a-4e3b-9f6c-2a4d8e1b7c30")
        .header("MS-Contract-Version", "v1")
        .body(Bytes::from_static(body.as_bytes()))
        .expect("a request")
}

#[test]
fn every_documented_fixture_validates_against_its_schema() {
    let mut checked = Vec::new();
    for (file, body) in ALL {
        let place = place(file).unwrap_or_else(|| {
            panic!("fixture {file} has no place in this suite: say which exchange documents it")
        });

        match place {
            Place::Response(operations, status) => {
                for (method, path) in operations {
                    assert_response_conforms(file, method, path, &response(status, body));
                }
            }
            Place::CreateRequest => assert_request_conforms(file, &create_request(body)),
        }
        checked.push(file);
    }

    assert_eq!(checked.len(), ALL.len());
    eprintln!("openapi: {} documented fixtures validated", checked.len());
}

#[test]
fn the_create_body_validates_under_both_success_statuses() {
    for status in [200, 201] {
        assert_response_conforms(
            "create",
            &Method::POST,
            LIST,
            &response(status, fixtures::CREATE_RESPONSE_EDUCATION),
        );
    }
}

#[test]
fn both_date_spellings_and_both_list_shapes_are_described() {
    let doc = document();
    for body in [
        fixtures::LIST_INREVIEW,
        fixtures::LIST_GCC_SOE,
        fixtures::LIST_WRAPPED,
    ] {
        let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(
            doc.component_errors("QualificationList", &value),
            Ok(Vec::new()),
            "{body}"
        );
    }
    let record = doc.json()["components"]["schemas"]["Qualification"]["properties"].clone();
    assert!(record.get("vettingCreateDate").is_some());
    assert!(record.get("vettingCreatedDate").is_some());
}

#[test]
fn the_integer_contract_bodies_validate_and_the_refused_integers_are_described() {
    let doc = document();
    for body in ["1", "3", "4"] {
        assert_request_conforms(body, &create_request(body));
    }
    // 0 (None) and 2 (Nonprofit) are values of the enum, refused by the service, not by the
    // schema; 5 is not a value.
    assert_eq!(
        doc.component_errors("CustomerQualificationInteger", &serde_json::json!(2)),
        Ok(Vec::new())
    );
    assert!(document().check_request(&create_request("5")).is_err());
}

//! `matchers::standard_headers` accepts the client's headers and refuses any one of them bent.

use pc_testkit::TEST_TOKEN;
use pc_testkit::matchers::{self, StandardHeaders};
use wiremock::Match;

use crate::support::{REQUEST_ID, Wire};

fn headers() -> StandardHeaders {
    matchers::standard_headers(TEST_TOKEN)
}

#[track_caller]
fn refused(wire: Wire, header: &str) {
    let why = headers().mismatch(&wire.request());
    assert!(
        why.as_deref().is_some_and(|w| w.starts_with(header)),
        "expected a {header} mismatch for {wire:?}, got {why:?}"
    );
    assert!(!headers().matches(&wire.request()));
}

#[test]
fn the_clients_headers_match() {
    let wire = Wire::qualifications("GET");

    assert_eq!(headers().mismatch(&wire.request()), None);
    assert!(headers().matches(&wire.request()));
}

#[test]
fn upper_case_guids_are_guids() {
    let wire = Wire::qualifications("GET").replace("ms-requestid", &REQUEST_ID.to_uppercase());

    assert_eq!(headers().mismatch(&wire.request()), None);
}

#[test]
fn a_missing_contract_version_is_refused() {
    refused(
        Wire::qualifications("GET").without("ms-contract-version"),
        "ms-contract-version",
    );
    refused(
        Wire::qualifications("GET").replace("ms-contract-version", "v2"),
        "ms-contract-version",
    );
    refused(
        Wire::qualifications("GET").replace("ms-contract-version", "V1"),
        "ms-contract-version",
    );
}

#[test]
fn a_request_id_that_is_not_a_hyphenated_guid_is_refused() {
    let simple = REQUEST_ID.replace('-', "");
    let braced = format!("{{{REQUEST_ID}}}");
    let urn = format!("urn:uuid:{REQUEST_ID}");
    let spaced = format!(" {REQUEST_ID}");
    let short = &REQUEST_ID[..35];
    for value in [
        "not-a-guid",
        simple.as_str(),
        braced.as_str(),
        urn.as_str(),
        spaced.as_str(),
        short,
        "",
    ] {
        refused(
            Wire::qualifications("GET").replace("ms-requestid", value),
            "ms-requestid",
        );
    }
    refused(
        Wire::qualifications("GET").without("ms-requestid"),
        "ms-requestid",
    );
    refused(
        Wire::qualifications("GET").header("ms-requestid", REQUEST_ID),
        "ms-requestid",
    );
}

#[test]
fn a_correlation_id_that_is_not_a_guid_is_refused() {
    refused(
        Wire::qualifications("GET").replace("ms-correlationid", "42"),
        "ms-correlationid",
    );
    refused(
        Wire::qualifications("GET").without("ms-correlationid"),
        "ms-correlationid",
    );
}

#[test]
fn a_wrong_token_is_refused_without_showing_it() {
    for value in [
        "Bearer another-token",
        "Bearer pc-testkit-token ",
        "bearer pc-testkit-token",
        "pc-testkit-token",
        "Basic cGM6dGVzdA==",
    ] {
        let wire = Wire::qualifications("GET").replace("authorization", value);
        refused(wire.clone(), "authorization");
        let why = headers().mismatch(&wire.request()).unwrap_or_default();
        assert!(!why.contains(TEST_TOKEN), "{why}");
    }
    refused(
        Wire::qualifications("GET").without("authorization"),
        "authorization",
    );
}

#[test]
fn accept_must_be_application_json() {
    refused(Wire::qualifications("GET").without("accept"), "accept");
    refused(
        Wire::qualifications("GET").replace("accept", "*/*"),
        "accept",
    );
}

#[test]
fn debug_does_not_show_the_token() {
    let debug = format!("{:?}", matchers::standard_headers("s3cr3t-token"));

    assert!(!debug.contains("s3cr3t-token"), "{debug}");
}

//! `matchers::list`, `legacy_get`, `legacy_update`, `validation_codes` and `operation`.

use pc_client::{CustomerQualification, Operation};
use pc_testkit::fixtures::{self, CUSTOMER_ID};
use pc_testkit::matchers::{self, ExactRequest, OperationMatcher};
use wiremock::Match;

use crate::support::Wire;

#[track_caller]
fn refused(matcher: &ExactRequest, wire: &Wire, field: &str) {
    let why = matcher.mismatch(&wire.request());
    assert!(
        why.as_deref().is_some_and(|w| w.starts_with(field)),
        "expected a {field} mismatch for {wire:?}, got {why:?}"
    );
}

#[track_caller]
fn accepted(matcher: &ExactRequest, wire: &Wire) {
    assert_eq!(matcher.mismatch(&wire.request()), None, "{wire:?}");
    assert!(matcher.matches(&wire.request()));
}

#[test]
fn list_matches_a_bare_get_and_nothing_else() {
    let matcher = matchers::list(fixtures::customer());
    assert_eq!(matcher.operation(), Operation::ListQualifications);

    accepted(&matcher, &Wire::qualifications("GET"));

    refused(&matcher, &Wire::qualifications("POST"), "method");
    refused(&matcher, &Wire::legacy("GET"), "path");
    refused(
        &matcher,
        &Wire::qualifications("GET").target(format!("/v1/customers/{CUSTOMER_ID}/qualifications?")),
        "query",
    );
    refused(&matcher, &Wire::qualifications("GET").body(b" "), "body");
    refused(
        &matcher,
        &Wire::qualifications("GET").header("content-type", "application/json"),
        "content-type",
    );
}

#[test]
fn legacy_get_matches_the_singular_path() {
    let matcher = matchers::legacy_get(fixtures::customer());

    accepted(&matcher, &Wire::legacy("GET"));

    refused(&matcher, &Wire::qualifications("GET"), "path");
    refused(&matcher, &Wire::legacy("PUT").json(b"1"), "method");
}

#[test]
fn legacy_update_matches_the_integer_and_the_code() {
    let gcc = matchers::legacy_update(
        fixtures::customer(),
        CustomerQualification::GovernmentCommunityCloud,
        Some("123456"),
    );
    let with_query = |query: &str| {
        Wire::legacy("PUT").target(format!("/v1/customers/{CUSTOMER_ID}/qualification{query}"))
    };

    accepted(&gcc, &with_query("?code=123456").json(b"3"));

    refused(&gcc, &with_query("").json(b"3"), "query");
    refused(&gcc, &with_query("?code=123456").json(b"3 "), "body");
    refused(&gcc, &with_query("?code=123456").json(b"1"), "body");
    refused(&gcc, &with_query("?code=123456").body(b"3"), "content-type");

    let education =
        matchers::legacy_update(fixtures::customer(), CustomerQualification::Education, None);
    accepted(&education, &Wire::legacy("PUT").json(b"1"));
    refused(&education, &with_query("?code=123456").json(b"1"), "query");
}

#[test]
#[should_panic(expected = "matchers::legacy_update: the client never sends this update")]
fn legacy_update_refuses_state_owned_entity() {
    matchers::legacy_update(
        fixtures::customer(),
        CustomerQualification::StateOwnedEntity,
        None,
    );
}

#[test]
fn validation_codes_matches_the_all_customers_path() {
    let matcher = matchers::validation_codes();
    assert_eq!(matcher.path(), "/v1/customers/all/validations");

    accepted(&matcher, &Wire::new("GET", "/v1/customers/all/validations"));

    refused(
        &matcher,
        &Wire::new("GET", "/v1/customers/All/validations"),
        "path",
    );
    refused(
        &matcher,
        &Wire::new("GET", "/v1/customers/all/validation"),
        "path",
    );
    refused(
        &matcher,
        &Wire::new("POST", "/v1/customers/all/validations"),
        "method",
    );
}

#[test]
fn operation_matches_any_customer_with_the_rows_method() {
    let create: OperationMatcher = matchers::operation(Operation::CreateQualification);
    let other_customer = "/v1/customers/c0a5c0a5-0000-4000-8000-acade0000002/qualifications";

    for wire in [
        Wire::qualifications("POST").json(b"1"),
        Wire::qualifications("POST")
            .target(other_customer)
            .json(b"4"),
        Wire::qualifications("POST")
            .target(format!("{other_customer}?code=1"))
            .json(b"3"),
    ] {
        assert_eq!(create.mismatch(&wire.request()), None, "{wire:?}");
        assert!(create.matches(&wire.request()));
    }

    let why = create.mismatch(&Wire::qualifications("GET").request());
    assert!(why.is_some_and(|w| w.starts_with("method")));
    let why = create.mismatch(&Wire::legacy("POST").request());
    assert!(why.is_some_and(|w| w.starts_with("path")));
}

#[test]
fn operation_tells_the_rows_sharing_a_template_apart_by_method() {
    let list = matchers::operation(Operation::ListQualifications);
    let create = matchers::operation(Operation::CreateQualification);
    let get = Wire::qualifications("GET").request();

    assert!(list.matches(&get));
    assert!(!create.matches(&get));
}

#[test]
fn operation_covers_every_row_of_the_table() {
    for row in &pc_client::ENDPOINTS {
        let path = row.path(Some(fixtures::customer()));
        let wire = Wire::new(row.method.as_str(), path);

        assert!(
            matchers::operation(row.operation).matches(&wire.request()),
            "{}",
            row.name
        );
        let others = pc_client::ENDPOINTS
            .iter()
            .filter(|other| matchers::operation(other.operation).matches(&wire.request()))
            .count();
        assert_eq!(others, 1, "{} matches one row only", row.name);
    }
}

//! The endpoint table against the client: for every row of `pc_client::ENDPOINTS`, the client
//! method of that operation sends the row's method to the row's path, and a write carries a body
//! while a read does not.
//!
//! `Operation` is `#[non_exhaustive]`, so this crate's `match` on it needs a wildcard arm. That arm
//! fails the test, and the test also checks that the number of cases equals the number of rows
//! and that every row was reached: a new operation in the table fails here until it has a case.

use std::collections::BTreeSet;

use pc_client::{
    CustomerId, CustomerQualification, ENDPOINTS, Endpoint, Idempotency, MockTransport, Operation,
    QualificationRequest, RecordedRequest, RequestBuilder,
};

use crate::support::{TOKEN, customer, mock_client};

/// How many operations [`call_row`] has a case for; equal to `ENDPOINTS.len()`.
const CASES: usize = 5;

/// What calling one row's operation sent.
#[derive(Debug)]
struct Called {
    /// The customer the call named (`None` for partner-wide operations).
    customer: Option<CustomerId>,
    /// The operation the request builder said it calls.
    builder_operation: Option<Operation>,
    /// The one request the transport received.
    sent: RecordedRequest,
}

/// Awaits `builder` to success and returns the operation it reported before being sent.
async fn run<T: Send + 'static>(builder: RequestBuilder<T>) -> Option<Operation> {
    let operation = builder.operation();
    builder.await.expect("the queued reply decodes");
    operation
}

/// Calls the client method of `row`'s operation on a fresh `MockTransport` queued with a reply that
/// decodes, and returns what was sent; `None` for an operation this suite has no case for.
async fn call_row(row: &Endpoint) -> Option<Called> {
    let mock = MockTransport::new();
    let client = mock_client(&mock);
    let id = customer();
    let (customer, builder_operation) = match row.operation {
        Operation::ListQualifications => {
            mock.push_json(200, "[]");
            let list = client.customer(id).qualifications().list();
            (Some(id), run(list).await)
        }
        Operation::CreateQualification => {
            mock.push_json(201, r#"{"qualification":"StateOwnedEntity"}"#);
            let create = client
                .customer(id)
                .qualifications()
                .create(QualificationRequest::state_owned_entity());
            (Some(id), run(create).await)
        }
        Operation::GetLegacyQualification => {
            mock.push_json(200, r#""education""#);
            let get = client.customer(id).legacy_qualification().get();
            (Some(id), run(get).await)
        }
        Operation::UpdateLegacyQualification => {
            mock.push_json(200, r#""education""#);
            let update = client
                .customer(id)
                .legacy_qualification()
                .update(CustomerQualification::Education, None);
            (Some(id), run(update).await)
        }
        Operation::ListValidationCodes => {
            mock.push_json(200, "[]");
            let list = client.validation_codes().list();
            (None, run(list).await)
        }
        // `Operation` is non-exhaustive: a variant added after this suite was written lands here.
        _ => return None,
    };
    let mut requests = mock.requests();
    assert_eq!(requests.len(), 1, "{}: one call, one request", row.name);
    assert!(mock.is_exhausted(), "{}: the reply was used", row.name);
    Some(Called {
        customer,
        builder_operation,
        sent: requests.remove(0),
    })
}

#[tokio::test]
async fn every_endpoint_row_is_sent_with_its_method_and_path() {
    // Arrange
    let mut covered = BTreeSet::new();
    let mut missing = Vec::new();

    for row in &ENDPOINTS {
        // Act
        let Some(called) = call_row(row).await else {
            missing.push(row.name);
            continue;
        };

        // Assert
        let sent = &called.sent;
        assert_eq!(
            called.builder_operation,
            Some(row.operation),
            "{}",
            row.name
        );
        assert_eq!(sent.method.as_str(), row.method.as_str(), "{}", row.name);
        assert_eq!(
            row.has_customer(),
            called.customer.is_some(),
            "{}",
            row.name
        );
        let path = row.path(called.customer);
        assert!(
            !path.contains('{'),
            "{}: {path} has no placeholder left",
            row.name
        );
        assert_eq!(sent.uri.path(), path, "{}", row.name);
        assert_eq!(
            sent.uri.to_string(),
            format!("https://pc.test{path}"),
            "{}: no query",
            row.name
        );
        assert_eq!(
            sent.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str()),
            "{}",
            row.name
        );
        assert!(sent.header("ms-requestid").is_some(), "{}", row.name);
        covered.insert(row.name);
    }

    assert!(missing.is_empty(), "rows without a case here: {missing:?}");
    assert_eq!(ENDPOINTS.len(), CASES, "a row was added or removed");
    assert_eq!(covered.len(), ENDPOINTS.len(), "every row is reached once");
}

#[tokio::test]
async fn writes_carry_a_json_body_and_reads_carry_none() {
    for row in &ENDPOINTS {
        // Arrange + Act
        let called = call_row(row)
            .await
            .unwrap_or_else(|| panic!("{} has no case in endpoint_table.rs", row.name));

        // Assert
        let sent = &called.sent;
        if row.writes {
            assert!(!sent.body.is_empty(), "{}: a write has a body", row.name);
            assert_eq!(
                sent.header("content-type"),
                Some("application/json"),
                "{}",
                row.name
            );
            assert_eq!(
                row.idempotency,
                Idempotency::RequestIdPerCustomer,
                "{}",
                row.name
            );
        } else {
            assert!(sent.body.is_empty(), "{}: a read has no body", row.name);
            assert_eq!(sent.header("content-type"), None, "{}", row.name);
            assert_eq!(row.idempotency, Idempotency::Safe, "{}", row.name);
        }
    }
}

#[test]
fn every_operation_finds_its_own_row_and_name() {
    for row in &ENDPOINTS {
        assert_eq!(row.operation.endpoint(), row);
        assert_eq!(row.operation.name(), row.name);
        assert_eq!(row.operation.to_string(), row.name);
    }
    let names: BTreeSet<_> = ENDPOINTS.iter().map(|row| row.name).collect();
    assert_eq!(names.len(), ENDPOINTS.len(), "names are unique");
    assert!(names.contains("legacy_qualification.get"));
    assert!(names.contains("legacy_qualification.update"));
}

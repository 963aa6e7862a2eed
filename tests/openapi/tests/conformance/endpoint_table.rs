//! The endpoint table `pc_models::ENDPOINTS` and the document describe the same operations.
//!
//! Every row is a path + method of the document whose `operationId` is the row's name and whose
//! `x-pc-writes`, `x-pc-app-user-only` and `x-pc-idempotency` repeat the row's flags; the
//! document has no operation the table lacks. A row added, renamed or moved without the document
//! (or the reverse) fails here.

use pc_models::{ENDPOINTS, Endpoint, Idempotency};
use pc_openapi_tests::{OpenApi, escape};
use serde_json::{Value, json};

use crate::support::{Change, document};

/// Every way the table and a document disagree; empty when they agree.
fn disagreements(document: &OpenApi, rows: &[Endpoint]) -> Vec<String> {
    let mut problems = Vec::new();
    let operations = document.operations();
    for row in rows {
        let method = row.method.as_str();
        let Some(operation) = operations
            .iter()
            .find(|op| op.template == row.template && op.method == method)
        else {
            problems.push(format!(
                "row {} ({method} {}) is not an operation of the document",
                row.name, row.template
            ));
            continue;
        };
        if operation.operation_id.as_deref() != Some(row.name) {
            problems.push(format!(
                "{method} {}: operationId {:?}, the table says {:?}",
                row.template, operation.operation_id, row.name
            ));
        }
        let object = document.at(&operation.pointer).unwrap_or(&Value::Null);
        let idempotency = match row.idempotency {
            Idempotency::Safe => "safe",
            Idempotency::RequestIdPerCustomer => "request-id-per-customer",
        };
        for (extension, expected) in [
            ("x-pc-writes", json!(row.writes)),
            ("x-pc-app-user-only", json!(row.needs_app_user)),
            ("x-pc-idempotency", json!(idempotency)),
        ] {
            if object.get(extension) != Some(&expected) {
                problems.push(format!(
                    "{}: {extension} is {:?}, the table says {expected}",
                    row.name,
                    object.get(extension)
                ));
            }
        }
        // The path parameters are the template's: the customer, nothing else.
        let declared = document
            .at(&format!("/paths/{}/parameters", escape(row.template)))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|p| document.resolve(p).ok())
                    .filter(|p| p["in"] == "path")
                    .filter_map(|p| p["name"].as_str())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let expected: Vec<&str> = if row.has_customer() {
            vec!["customer-tenant-id"]
        } else {
            Vec::new()
        };
        if declared != expected {
            problems.push(format!(
                "{}: path parameters {declared:?}, the template has {expected:?}",
                row.name
            ));
        }
    }
    for operation in &operations {
        let known = rows.iter().any(|row| {
            row.template == operation.template && row.method.as_str() == operation.method
        });
        if !known {
            problems.push(format!(
                "{} {} ({:?}) is not a row of the endpoint table",
                operation.method, operation.template, operation.operation_id
            ));
        }
    }
    problems
}

#[test]
fn every_endpoint_row_is_an_operation_of_the_document_and_nothing_else_is() {
    let problems = disagreements(document(), &ENDPOINTS);

    assert!(
        problems.is_empty(),
        "the endpoint table and openapi/partner-center-qualifications.yaml disagree:\n  {}",
        problems.join("\n  ")
    );
    assert_eq!(document().operations().len(), ENDPOINTS.len());
}

#[test]
fn a_document_that_disagrees_with_the_table_is_caught() {
    let changes: [(&str, Change); 5] = [
        ("a renamed operationId", |d| {
            d["paths"]["/v1/customers/all/validations"]["get"]["operationId"] = json!("codes.list");
        }),
        ("an operation the table lacks", |d| {
            let list = d["paths"]["/v1/customers/all/validations"]["get"].clone();
            d["paths"]["/v1/customers/all/validations"]["delete"] = list;
        }),
        ("a missing operation", |d| {
            let item = d["paths"]["/v1/customers/{customer-tenant-id}/qualification"]
                .as_object_mut()
                .expect("path item");
            item.remove("put");
        }),
        ("a moved path", |d| {
            let paths = d["paths"].as_object_mut().expect("paths");
            let item = paths.remove("/v1/customers/all/validations").expect("item");
            paths.insert("/v1/validations".to_owned(), item);
        }),
        ("a write marked as a read", |d| {
            d["paths"]["/v1/customers/{customer-tenant-id}/qualifications"]["post"]["x-pc-writes"] =
                json!(false);
        }),
    ];
    for (what, change) in changes {
        let mut changed = document().json().clone();
        change(&mut changed);
        let changed = OpenApi::from_json(changed).expect("a document");

        let problems = disagreements(&changed, &ENDPOINTS);

        assert!(!problems.is_empty(), "{what} went unnoticed");
    }
}

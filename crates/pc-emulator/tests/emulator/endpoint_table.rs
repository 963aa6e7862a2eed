//! The emulator serves exactly the rows of `pc_models::ENDPOINTS`, and those rows are the
//! documented routes.
//!
//! The documented method, path and first answer of each operation are written out here by hand
//! (from `spec/partner-center-qualifications.md`), not derived from the table: the emulator routes
//! by the table, so a typo in a row would otherwise be served as faithfully as it is called.

use pc_emulator::demo;
use pc_models::{CustomerId, ENDPOINTS, Endpoint, Operation};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::Api;

/// The customer every row is tried with: the GCC demo customer, holding nothing at first.
const CUSTOMER: &str = demo::WOODGROVE_MUNICIPALITY;

/// One operation as documented: method, path for [`CUSTOMER`] (query included), a valid body
/// and the answer of a fresh emulator.
struct Documented {
    method: Method,
    path: String,
    body: Option<&'static str>,
    status: u16,
    answer: Value,
}

/// The documented request and first answer of an operation.
fn documented(operation: Operation) -> Documented {
    let customer = format!("/v1/customers/{CUSTOMER}");
    let (method, path, body, status, answer) = match operation {
        Operation::ListQualifications => (
            Method::GET,
            format!("{customer}/qualifications"),
            None,
            200,
            json!([]),
        ),
        Operation::CreateQualification => (
            Method::POST,
            format!("{customer}/qualifications"),
            Some("4"),
            201,
            json!({"qualification": "StateOwnedEntity"}),
        ),
        Operation::GetLegacyQualification => (
            Method::GET,
            format!("{customer}/qualification"),
            None,
            200,
            json!("none"),
        ),
        // The legacy PUT refuses StateOwnedEntity: GCC with the unlimited code.
        Operation::UpdateLegacyQualification => (
            Method::PUT,
            format!(
                "{customer}/qualification?code={}",
                demo::VALIDATION_CODE_UNLIMITED
            ),
            Some("3"),
            200,
            json!("governmentcommunitycloud"),
        ),
        Operation::ListValidationCodes => (
            Method::GET,
            "/v1/customers/all/validations".to_owned(),
            None,
            200,
            Value::Null,
        ),
        other => panic!("{other} has no documented request here: add one"),
    };
    Documented {
        method,
        path,
        body,
        status,
        answer,
    }
}

/// The methods a documented path serves, in table order, as `Allow` lists them.
fn documented_allow(template: &str) -> &'static str {
    match template.rsplit('/').next() {
        Some("qualifications") => "GET, POST",
        Some("qualification") => "GET, PUT",
        Some("validations") => "GET",
        _ => panic!("{template} is not a documented path"),
    }
}

fn customer() -> CustomerId {
    CUSTOMER.parse().expect("the demo customer is a GUID")
}

fn without_query(path: &str) -> &str {
    path.split_once('?').map_or(path, |(path, _)| path)
}

#[test]
fn every_row_is_the_documented_route() {
    for endpoint in &ENDPOINTS {
        let documented = documented(endpoint.operation);

        assert_eq!(
            (endpoint.method.as_str(), endpoint.path(Some(customer()))),
            (
                documented.method.as_str(),
                without_query(&documented.path).to_owned()
            ),
            "{}",
            endpoint.name
        );
        assert_eq!(
            endpoint.writes,
            documented.body.is_some(),
            "{}",
            endpoint.name
        );
        assert_eq!(
            endpoint.needs_app_user,
            documented.body.is_some(),
            "{}",
            endpoint.name
        );
    }
}

#[tokio::test]
async fn every_row_is_served_with_its_success_answer() {
    for endpoint in &ENDPOINTS {
        let api = Api::start().await;
        let documented = documented(endpoint.operation);
        let mut call = api.call(documented.method, &documented.path);
        if let Some(body) = documented.body {
            call = call.body(body);
        }

        let answer = call.send().await;

        assert_eq!(answer.status, documented.status, "{}", endpoint.name);
        let body = answer.json();
        if endpoint.operation == Operation::ListValidationCodes {
            assert!(
                body.as_array().is_some_and(|codes| !codes.is_empty()),
                "{}: {body}",
                endpoint.name
            );
        } else {
            assert_eq!(body, documented.answer, "{}", endpoint.name);
        }
        let applied = api.handle.applied_changes().len();
        assert_eq!(applied, usize::from(endpoint.writes), "{}", endpoint.name);
    }
}

#[tokio::test]
async fn every_template_refuses_other_methods_with_405_and_allow() {
    let api = Api::start().await;
    let mut templates: Vec<&Endpoint> = Vec::new();
    for row in &ENDPOINTS {
        if !templates.iter().any(|seen| seen.template == row.template) {
            templates.push(row);
        }
    }

    for endpoint in templates {
        let allow = documented_allow(endpoint.template);
        let path = endpoint.path(Some(customer()));
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            if allow.split(", ").any(|allowed| allowed == method.as_str()) {
                continue;
            }

            let answer = api.call(method.clone(), path.as_str()).send().await;

            answer.assert_error(
                405,
                "800002",
                &format!("The method {method} is not allowed on this resource; allowed: {allow}."),
            );
            assert_eq!(answer.header("allow"), Some(allow), "{method} {path}");
        }
    }
    assert!(api.handle.applied_changes().is_empty());
}

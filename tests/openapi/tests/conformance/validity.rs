//! The document is valid OpenAPI 3.1, by a validator rather than by eye.
//!
//! The validator is `openapi-spec-validator` 0.9.0 from PyPI (pinned with its dependencies in
//! `openapi/validator-requirements.txt`), installed by `SpecValidator::installed` into a virtual
//! environment under `target/openapi-tools/` on the first run (python3 with venv and pip is all
//! a fresh machine needs; `PC_OPENAPI_SPEC_VALIDATOR` names an installed one instead). It checks
//! the document against the official OAS 3.1 meta-schema it ships
//! (`openapi_spec_validator/resources/schemas/v3.1/schema.json`), every Schema Object against
//! the OAS 3.1 dialect (JSON Schema 2020-12), and then what no schema can say: references
//! resolve, path parameters are declared, `operationId`s are unique.

use pc_openapi_tests::{SpecValidator, VALIDATOR_VERSION, document_path};
use serde_json::{Value, json};

use crate::support::{Change, document};

fn validator() -> SpecValidator {
    SpecValidator::installed().unwrap_or_else(|e| panic!("the OpenAPI validator: {e}"))
}

#[test]
fn document_is_valid_openapi_3_1_by_openapi_spec_validator() {
    let validator = validator();
    let version = validator.version().expect("the validator runs");
    if std::env::var_os(pc_openapi_tests::VALIDATOR_ENV).is_none() {
        assert_eq!(
            version,
            format!("openapi-spec-validator {VALIDATOR_VERSION}")
        );
    }

    let report = validator.validate(&document_path());

    match report {
        Ok(report) => assert!(report.contains("OK"), "{report}"),
        Err(report) => panic!(
            "{} is not valid OpenAPI 3.1:\n{report}",
            document_path().display()
        ),
    }
    assert_eq!(document().json()["openapi"], "3.1.0");
}

/// The negative control: the validator does reject documents that break the specification,
/// so a pass above means something.
#[test]
fn openapi_spec_validator_rejects_broken_documents() {
    let validator = validator();
    let folder = std::env::temp_dir().join(format!("pc-openapi-broken-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    let breakages: [(&str, Change); 4] = [
        ("a response without a description", |d| {
            let ok = &mut d["paths"]["/v1/customers/{customer-tenant-id}/qualifications"]["get"]["responses"]
                ["200"];
            ok.as_object_mut()
                .expect("a response")
                .remove("description");
        }),
        ("a duplicated operationId", |d| {
            d["paths"]["/v1/customers/all/validations"]["get"]["operationId"] =
                json!("qualifications.list");
        }),
        ("an undeclared path parameter", |d| {
            let paths = d["paths"].as_object_mut().expect("paths");
            let item = paths
                .remove("/v1/customers/all/validations")
                .expect("the validations path");
            paths.insert("/v1/partners/{partner-id}/validations".to_owned(), item);
        }),
        ("a dangling $ref", |d| {
            d["components"]["schemas"]["QualificationList"]["oneOf"][1]["$ref"] =
                json!("#/components/schemas/Missing");
        }),
    ];
    for (what, breakage) in breakages {
        let mut broken = document().json().clone();
        breakage(&mut broken);
        let file = folder.join("broken.json");
        std::fs::write(&file, serde_json::to_vec(&broken).expect("JSON")).expect("written");

        let report = validator.validate(&file);

        assert!(report.is_err(), "the validator accepted {what}: {report:?}");
    }
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn every_component_schema_compiles_as_json_schema_2020_12() {
    let schemas = document().json()["components"]["schemas"]
        .as_object()
        .expect("components.schemas");
    for name in schemas.keys() {
        // Compiling is the check; the value checked does not matter.
        document()
            .component_errors(name, &Value::Null)
            .unwrap_or_else(|e| panic!("schema {name}: {e}"));
    }
    assert!(schemas.len() >= 20, "{} schemas", schemas.len());
}

/// The checker used by the other suites is not vacuous: it refuses what the document forbids.
#[test]
fn the_checker_refuses_bodies_headers_and_paths_the_document_forbids() {
    let doc = document();
    let errors = |name: &str, value: Value| doc.component_errors(name, &value).expect("compiles");
    // Bodies.
    assert!(errors("Qualification", json!({"vettingStatus": "Approved"})).len() == 1);
    assert!(
        !errors(
            "Qualification",
            json!({"qualification": "Education", "vettingCreateDate": "yesterday"})
        )
        .is_empty()
    );
    assert!(!errors("CreateQualificationBody", json!(7)).is_empty());
    assert!(
        !errors(
            "CreateQualificationBody",
            json!({"qualification": "Education"})
        )
        .is_empty()
    );
    assert!(
        !errors(
            "CreateQualificationBody",
            json!({"qualification": "GovernmentCommunityCloud"})
        )
        .is_empty()
    );
    assert!(!errors("CreateQualificationBody", json!({"qualification": "None"})).is_empty());
    assert!(
        !errors(
            "CreateQualificationBody",
            json!({"qualification": "StateOwnedEntity", "website": "x.edu"})
        )
        .is_empty()
    );
    assert!(!errors("LegacyQualificationName", json!("Education")).is_empty());
    assert!(!errors("ThrottleError", json!({"statusCode": 429})).is_empty());
    assert!(!errors("QualificationList", json!({"items": []})).is_empty());
    // A request: unknown query parameter, missing ids, no bearer token, wrong body.
    let request = http::Request::post(
        "http://pc.test/v1/customers/0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d/qualifications?x=1",
    )
    .header("Content-Type", "application/json")
    .body(pc_client::bytes::Bytes::from_static(b"\"Education\""))
    .expect("a request");
    let problems = doc.check_request(&request).expect_err("refused");
    for expected in [
        "query parameter x is not declared",
        "header parameter MS-RequestId is required but missing",
        "header parameter MS-CorrelationId is required but missing",
        "header parameter MS-Contract-Version is required but missing",
        "no security requirement is met",
        "request body",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected:?} not in {problems:#?}"
        );
    }
    // A path and a method the document does not have.
    let delete = http::Request::delete("http://pc.test/v1/customers/all/validations")
        .body(pc_client::bytes::Bytes::new())
        .expect("a request");
    assert!(doc.check_request(&delete).is_err());
    // A response: a 429 without Retry-After, a 201 with the legacy string.
    let throttled = http::Response::builder()
        .status(429)
        .header("Content-Type", "application/json")
        .body(pc_client::bytes::Bytes::from_static(
            br#"{"statusCode":429,"message":"slow down"}"#,
        ))
        .expect("a response");
    let problems = doc
        .check_response(
            &http::Method::GET,
            "/v1/customers/all/validations",
            &throttled,
        )
        .expect_err("refused");
    assert!(
        problems.iter().any(|p| p.contains("Retry-After")),
        "{problems:?}"
    );
    let created = http::Response::builder()
        .status(201)
        .header("Content-Type", "application/json")
        .body(pc_client::bytes::Bytes::from_static(b"\"education\""))
        .expect("a response");
    let path = "/v1/customers/0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d/qualifications";
    assert!(
        doc.check_response(&http::Method::POST, path, &created)
            .is_err()
    );
}

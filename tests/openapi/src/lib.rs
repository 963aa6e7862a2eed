//! Conformance of partner-center-rs to its OpenAPI 3.1 document,
//! `openapi/partner-center-qualifications.yaml`.
//!
//! - [`OpenApi`]: the document, parsed, with its operations and compiled JSON Schema 2020-12
//!   validators for its schemas ([`OpenApi::component_errors`], [`OpenApi::schema_errors`]).
//! - [`OpenApi::check_request`], [`OpenApi::check_response`]: an HTTP exchange against the
//!   operation it belongs to.
//! - [`SpecValidator`]: the OpenAPI validator (`openapi-spec-validator`, installed by the tests
//!   into `target/`).
//!
//! The crate ships no product code: its test binary, `conformance`
//! (`tests/conformance/main.rs`), checks that the document is valid OpenAPI 3.1, that it and the
//! endpoint table `pc_models::ENDPOINTS` agree, and that the documented fixtures, the emulator's
//! answers and the client's requests all conform to it. Run it with
//! `cargo test -p pc-openapi-tests`.
//!
//! # Example: check a body against a schema of the document
//!
//! ```
//! use pc_openapi_tests::OpenApi;
//!
//! let document = OpenApi::load()?;
//! let body = serde_json::json!({"qualification": "StateOwnedEntity"});
//! assert!(document.component_errors("Qualification", &body)?.is_empty());
//! assert!(!document.component_errors("Qualification", &serde_json::json!({}))?.is_empty());
//! # Ok::<(), String>(())
//! ```

mod check;
mod document;
mod spec_validator;

pub use check::Checked;
pub use document::{DOCUMENT_PATH, OpenApi, Operation, document_path, escape, workspace_root};
pub use spec_validator::{REQUIREMENTS_PATH, SpecValidator, VALIDATOR_ENV, VALIDATOR_VERSION};

//! Conformance of partner-center-rs to `openapi/partner-center-qualifications.yaml`: one binary,
//! one module per question. Everything runs on loopback or in-process; only the first run of
//! `validity` installs the OpenAPI validator (see `pc_openapi_tests::SpecValidator`).

// Helpers: the document, parsed once; exchanges checked and counted; a recording transport.
mod support;

// The document is valid OpenAPI 3.1 (openapi-spec-validator 0.9.0), and the validator and the
// checker reject broken input (negative controls).
mod validity;
// The endpoint table pc_models::ENDPOINTS and the document's operations agree, row for row.
mod endpoint_table;
// Every documented fixture (pc_testkit::fixtures::ALL) validates against its schema.
mod fixtures;
// Every answer of the emulator, in-process and over TCP, to a set of scenarios (success under
// both contracts, legacy, validation codes, 400/401/403/404/405/409/413/429/500/503), conforms.
mod emulator;
// Every request pc-client builds (both contracts, legacy, validation codes, optional headers)
// conforms, and so does every answer it is given.
mod client;

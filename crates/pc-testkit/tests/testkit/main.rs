//! The pc-testkit suite: one binary, one module per part of the kit.

// Shared builders of raw wiremock requests and a raw HTTP sender.
mod support;

// `matchers::create`: wire-exact under both contracts, and every off-by-one refused.
mod matcher_create;
// `matchers::list`, `legacy_get`, `legacy_update`, `validation_codes`, `operation`.
mod matcher_operations;
// `matchers::standard_headers`: bearer token, GUID ids, contract version, Accept.
mod matcher_headers;
// Every responder: exact status, headers and body bytes over a real socket.
mod responders;
// `CapturedRequest` decoding and the request-id assertions.
mod capture;
// The real client against `MockPartnerCenter`: creates under both contracts, 429 then 201.
mod client_against_mock;
// `fixtures`: constants against decoded values and the responders.
mod fixtures;
// `pc_testkit::emulator` reaches the emulator.
mod emulator;

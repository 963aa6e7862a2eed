//! The emulator's integration tests: one binary, one module per area, each test against its own
//! emulator, started with `Emulator::start` and driven over HTTP with reqwest, or driven
//! in-process through `EmulatorTransport`.

// Helpers: starting an emulator, sending requests with fresh ids, checking the echoed headers.
mod support;

// Bearer tokens on /v1 and the token endpoint (both grants, rotation, app-only).
mod auth;
// POST/GET .../qualifications: contracts, refusals, conflicts, SOE.
mod qualifications;
// Education vetting: InReview, then Approved or Denied by the documented rule.
mod vetting;
// Government Community Cloud and validation codes.
mod gcc;
// The legacy GET/PUT .../qualification.
mod legacy;
// MS-RequestId replays.
mod idempotency;
// Injected faults: throttling, errors, drops, latency, seeding.
mod faults;
// 404, 405, body limit.
mod routing;
// Every row of pc_models::ENDPOINTS: the documented route, served with its success answer, and
// 405 with `Allow` for the other methods.
mod endpoint_table;
// The /_emulator admin API and the request log.
mod admin;
// Issue 11: GET /_emulator/openapi.yaml serves openapi/partner-center-qualifications.yaml.
mod openapi;
// Starting, serving in-process, shutting down and dropping the server.
mod lifecycle;
// Issue 10: id headers refused unless GUIDs, bounded stores under a flood, connection timeouts
// and cap, the admin API's Host check, content type, range checks and admin token.
mod hardening;
// EmulatorTransport: raw `http::Request`s with no socket: answers, replays, faults as over TCP,
// dropped connections as `TransportError`s, the `ResponseLimit`.
mod transport;
// Fuzz targets (proptest on the stable toolchain): arbitrary request sequences through
// `Emulator::call` and `EmulatorTransport`; `PC_FUZZ_CASES` sets the cases per target.
mod fuzz;

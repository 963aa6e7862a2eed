//! End-to-end suites of pc-client: every operation over real HTTP (wiremock on 127.0.0.1), over
//! transports written the way a consumer would, and over `MockTransport`, checking the exact bytes
//! sent and the exact values decoded.

// Shared constants, client builders, fixture loading and request assertions.
mod support;

// GET .../qualifications against wiremock: bare and wrapped lists, every field and date decoded.
mod wiremock_list;

// POST .../qualifications under Contract::Integer: bodies `1`, `3`, `4`, `?code=` for GCC.
mod wiremock_create_integer;

// POST .../qualifications under Contract::Object: JSON bodies equal to the documented fixtures.
mod wiremock_create_object;

// The legacy synchronous GET/PUT .../qualification: bare strings, integer body, `?code=`.
mod wiremock_legacy;

// GET /v1/customers/all/validations: the partner's GCC validation codes.
mod wiremock_validation_codes;

// pc_client::ENDPOINTS row by row: each operation's client method sends the row's method and
// path, writes with a body and reads without; a new row fails here until it has a case.
mod endpoint_table;

// The exact header set of each kind of request, with and without optional settings.
mod headers;

// CallOptions: fresh ids per call, pinned ids, per-call locale and deadline.
mod call_options;

// Requests refused before any byte is sent: ErrorKind::InvalidInput, zero attempts.
mod local_refusals;

// HTTP error statuses and undecodable bodies mapped to Error, with exact Display strings.
mod error_mapping;

// Failures below HTTP: connection refused and the call deadline.
mod transport_failures;

// max_response_bytes: the transport's limit and the client's own check.
mod response_limit;

// Transports implemented in the test the way a consumer would, through pc_client:: paths only:
// recording and fully fake ones.
mod custom_transport;

// The client over pc_client::MockTransport (test-util): queued replies, recorded requests, no socket.
mod mock_transport;

// ClientBuilder: configuration errors, clouds and base URLs.
mod builder;

// Compile-time checks: owned handles, request builders, the poller, their futures and Error are
// Send/Sync/'static as documented.
mod send_sync;

// ReqwestTransport over TLS: an added root trusted; unknown issuer, expired, wrong name refused;
// bad PEM data an error from build().
mod tls_transport;

// The client over TLS with a test CA: a whole flow over https; bad certificates refused for the API
// and the token endpoint, saying why.
mod tls_client;

// The TLS rig of both: a test CA made at test time and a rustls server on 127.0.0.1.
mod tls_rig;

// Property tests: arbitrary bodies never panic; every valid request is sent as encode() gives.
mod properties;

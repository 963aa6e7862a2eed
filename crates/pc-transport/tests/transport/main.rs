//! Integration tests of pc-transport: the mock, the reqwest transport against local servers,
//! error classification and the response limit.

// MockTransport: queue order, recording, unexpected requests, queued failures, shared clones.
mod mock;

// ReqwestTransport against wiremock and a raw TCP server: passthrough, redirects, limits, failures.
mod reqwest_transport;

// TransportError: Display, kinds, "may have been processed", sources.
mod error;

// ResponseLimit: the request extension and its default.
mod limit;

// The Transport trait: object safety and the Arc/Box forwarding impls.
mod object_safety;

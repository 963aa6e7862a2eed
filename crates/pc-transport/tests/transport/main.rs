//! Integration tests of pc-transport: the mock, the reqwest transport against local servers and
//! proxies, the tower adapter, error classification and the response limit. TLS is tested in the
//! e2e suite (`tests/e2e/tls_transport.rs`), which shares one TLS rig with the client's TLS tests.

// MockTransport: queue order, recording, unexpected requests, queued failures, shared clones.
mod mock;

// MockTransport routing: routes per method and path, handlers, and how they mix with the queue.
mod mock_routing;

// ReqwestTransport and proxies: loopback always direct, the environment (checked in child
// processes of this binary, so no test changes this process's environment), `.proxy`, `.no_proxy`.
mod proxies;

// ReqwestTransport against wiremock and a raw TCP server: passthrough, redirects, limits, failures.
mod reqwest_transport;

// TransportError: Display, kinds, "may have been processed", sources.
mod error;

// ResponseLimit: the request extension and its default.
mod limit;

// The Transport trait: object safety and the Arc/Box forwarding impls.
mod object_safety;

// TowerTransport: tower services and layers as a transport (feature `tower`).
#[cfg(feature = "tower")]
mod tower_transport;

//! Integration tests of pc-transport: the mock, the reqwest transport against local servers,
//! proxies and TLS, the tower adapter, error classification and the response limit.

// MockTransport: queue order, recording, unexpected requests, queued failures, shared clones.
mod mock;

// MockTransport routing: routes per method and path, handlers, and how they mix with the queue.
mod mock_routing;

// ReqwestTransport and proxies: loopback always direct, the environment (checked in child
// processes of this binary, so no test changes this process's environment), `.proxy`, `.no_proxy`.
mod proxies;

// ReqwestTransport against wiremock and a raw TCP server: passthrough, redirects, limits, failures.
mod reqwest_transport;

// ReqwestTransport over TLS: an added root trusted; unknown issuer, expired, wrong name refused.
mod tls;

// The TLS rig: a test CA made at test time and a rustls server on 127.0.0.1.
mod tls_rig;

// TransportError: Display, kinds, "may have been processed", sources.
mod error;

// ResponseLimit: the request extension and its default.
mod limit;

// The Transport trait: object safety and the Arc/Box forwarding impls.
mod object_safety;

// TowerTransport: tower services and layers as a transport (feature `tower`).
#[cfg(feature = "tower")]
mod tower_transport;

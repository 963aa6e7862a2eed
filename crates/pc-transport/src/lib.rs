//! The HTTP transport of the Partner Center SDK.
//!
//! The client above this crate builds complete [`Request`]s (method, URL, headers, body) and hands
//! them to a [`Transport`]; a transport only moves bytes. Swap it to use your own HTTP stack, to add
//! a proxy or a layer, or to test without a network.
//!
//! - [`Transport`]: one object-safe async method, `send`.
//! - [`Request`] / [`Response`]: the `http` crate's types with a [`bytes::Bytes`] body.
//! - [`TransportError`]: tells "never sent" from "may have been processed".
//! - [`ResponseLimit`]: the request extension carrying the largest body the caller accepts.
//! - [`ReqwestTransport`]: the default implementation (feature `reqwest`).
//! - `MockTransport`: routed and queued responses, recorded requests (feature `test-util`).
//! - `TowerTransport`: any tower service as a transport (feature `tower`).
//! - [`headers`]: the names of every `MS-*` header.
//!
//! # Example: a custom transport
//!
//! ```
//! use async_trait::async_trait;
//! use bytes::Bytes;
//! use pc_transport::{Request, Response, Transport, TransportError};
//!
//! /// Answers every request with an empty JSON array.
//! #[derive(Debug)]
//! struct Canned;
//!
//! #[async_trait]
//! impl Transport for Canned {
//!     async fn send(&self, _request: Request) -> Result<Response, TransportError> {
//!         Ok(http::Response::new(Bytes::from_static(b"[]")))
//!     }
//! }
//!
//! let transport: std::sync::Arc<dyn Transport> = std::sync::Arc::new(Canned);
//! # let _ = transport;
//! ```
//!
//! # Crate features
//!
//! - `reqwest` (default): [`ReqwestTransport`], on reqwest with rustls.
//! - `test-util`: `MockTransport` for consumers' tests. Never on by default.
//! - `tower`: `TowerTransport`, a transport on a `tower::Service`.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
pub mod headers;
mod limit;
#[cfg(feature = "test-util")]
mod mock;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
#[cfg(feature = "tower")]
mod tower_transport;
mod transport;

pub use error::{TransportError, TransportErrorKind};
pub use limit::{DEFAULT_MAX_RESPONSE_BYTES, ResponseLimit};
#[cfg(feature = "test-util")]
pub use mock::{MockTransport, RecordedRequest};
#[cfg(feature = "reqwest")]
pub use reqwest_transport::{ReqwestTransport, ReqwestTransportBuilder};
#[cfg(feature = "tower")]
pub use tower_transport::TowerTransport;
pub use transport::{Request, Response, Transport};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

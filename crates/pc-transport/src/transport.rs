//! The transport trait.
//!
//! - [`Transport`]: `send` one request, get one response.
//! - [`Request`] / [`Response`]: `http` types with `Bytes` bodies.

use std::fmt::Debug;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;

use crate::TransportError;

/// A complete HTTP request: absolute URL, headers and body.
pub type Request = http::Request<Bytes>;

/// A complete HTTP response with its whole body read.
pub type Response = http::Response<Bytes>;

/// Sends one HTTP request and returns its response, whatever the status.
///
/// Object-safe: the client holds an `Arc<dyn Transport>`. Implementations must not retry (the
/// client's retry layer owns that, with the same `MS-RequestId`), must not follow redirects, and
/// should honour the request's [`ResponseLimit`](crate::ResponseLimit) extension while reading the
/// body. Any HTTP status is a successful `send`; a `TransportError` means no complete response
/// arrived, and says whether the server may have processed the request.
///
/// # Example
///
/// ```
/// # async fn run(transport: &dyn pc_transport::Transport) -> Result<(), pc_transport::TransportError> {
/// let request = http::Request::get("http://127.0.0.1:1/v1/customers/all/validations")
///     .body(bytes::Bytes::new())
///     .map_err(pc_transport::TransportError::invalid_request)?;
/// let response = transport.send(request).await?;
/// println!("{}", response.status());
/// # Ok(())
/// # }
/// ```
#[async_trait]
pub trait Transport: Send + Sync + Debug {
    /// Sends the request and reads the whole response.
    ///
    /// # Errors
    ///
    /// [`TransportError`] when no complete response was received.
    async fn send(&self, request: Request) -> Result<Response, TransportError>;
}

#[async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        (**self).send(request).await
    }
}

#[async_trait]
impl<T: Transport + ?Sized> Transport for Box<T> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        (**self).send(request).await
    }
}

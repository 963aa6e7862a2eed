//! A transport on any tower service.
//!
//! - [`TowerTransport`]: turns a `tower::Service<http::Request<Bytes>>` into a [`Transport`].
//!
//! # Examples
//!
//! ```
//! use bytes::Bytes;
//! use pc_transport::{Transport, TowerTransport, TransportError};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let service = tower::service_fn(|request: http::Request<Bytes>| async move {
//!     Ok::<_, TransportError>(http::Response::new(Bytes::from(request.uri().path().to_owned())))
//! });
//! let transport = TowerTransport::new(service);
//! let response = transport.send(http::Request::get("http://pc.test/v1/x").body(Bytes::new())?).await?;
//! assert_eq!(response.body().as_ref(), b"/v1/x");
//! # Ok(()) }
//! ```

use std::any::type_name;
use std::error::Error as StdError;
use std::fmt;
use std::future::poll_fn;

use async_trait::async_trait;
use tower_service::Service;

use crate::{Request, Response, ResponseLimit, Transport, TransportError, TransportErrorKind};

/// A [`Transport`] on a tower service, so layers such as `tower::timeout` or `tower::limit` can
/// sit under the client.
///
/// Each `send` clones the service, waits until it is ready, then calls it, as
/// `tower::ServiceExt::oneshot` does. A response body over the request's [`ResponseLimit`] is
/// refused with [`BodyTooLarge`](TransportErrorKind::BodyTooLarge).
///
/// An error that is a [`TransportError`] is returned as it is, so a service can say whether a
/// request may have been processed. Any other error becomes [`TransportErrorKind::Other`] (treated
/// as possibly processed) with the error as its source; map it to a `TransportError` in the stack
/// (`ServiceBuilder::map_err`) to choose a kind, for a timeout say.
///
/// # Optional
///
/// Needs the `tower` feature.
#[derive(Clone)]
pub struct TowerTransport<S> {
    service: S,
}

impl<S> TowerTransport<S> {
    /// Wraps `service`.
    pub fn new(service: S) -> Self {
        Self { service }
    }

    /// The wrapped service.
    pub fn into_inner(self) -> S {
        self.service
    }
}

impl<S> fmt::Debug for TowerTransport<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Services are rarely `Debug`: name the type instead.
        f.debug_struct("TowerTransport")
            .field("service", &type_name::<S>())
            .finish()
    }
}

#[async_trait]
impl<S> Transport for TowerTransport<S>
where
    S: Service<Request, Response = Response> + Clone + Send + Sync + 'static,
    S::Error: Into<Box<dyn StdError + Send + Sync>>,
    S::Future: Send,
{
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let limit = ResponseLimit::of(&request);
        let mut service = self.service.clone();
        poll_fn(|cx| service.poll_ready(cx))
            .await
            .map_err(into_transport_error)?;
        let response = service.call(request).await.map_err(into_transport_error)?;
        if response.body().len() > limit {
            return Err(TransportError::from_kind(TransportErrorKind::BodyTooLarge));
        }
        Ok(response)
    }
}

fn into_transport_error(error: impl Into<Box<dyn StdError + Send + Sync>>) -> TransportError {
    match error.into().downcast::<TransportError>() {
        Ok(error) => *error,
        Err(other) => TransportError::new(TransportErrorKind::Other, other),
    }
}

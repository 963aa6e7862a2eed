//! The emulator as a [`pc_transport::Transport`], with no socket.
//!
//! - [`EmulatorTransport`]: hands each request to [`Emulator::call`] and answers as a TCP client
//!   of the emulator would see it.
//!
//! # Example
//!
//! ```
//! use pc_emulator::{Emulator, EmulatorConfig, demo};
//! use pc_transport::Transport;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::new(EmulatorConfig::default());
//! let transport = emulator.transport();
//! let request = http::Request::get("http://127.0.0.1/v1/customers/all/validations")
//!     .header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN))
//!     .body(bytes::Bytes::new())?;
//! let response = transport.send(request).await?;
//! assert_eq!(response.status(), 200);
//! # Ok(())
//! # }
//! ```

use async_trait::async_trait;
use http::HeaderValue;
use http::header::CONTENT_LENGTH;
use http_body_util::Full;
use pc_transport::{
    Request, Response, ResponseLimit, Transport, TransportError, TransportErrorKind,
};

use crate::{Emulator, EmulatorHandle};

/// An in-process [`Transport`] that answers every request from an [`Emulator`], with no socket.
///
/// Give it to a client built with any base URL: only the URL's path and query are read, its
/// scheme and authority are ignored (`http://127.0.0.1` is a good choice: the client's plain-http
/// rule accepts loopback, and nothing is ever dialled). Every request goes through the same service as over TCP: authentication, the rules,
/// `MS-RequestId` replays, the request log and the injected [`Faults`](crate::Faults)
/// (throttling, server errors, latency on tokio's clock, dropped connections). Like
/// `pc_transport::ReqwestTransport`, it does not retry, adds `Content-Length` to every answer and
/// honours the request's [`ResponseLimit`].
///
/// It shares the state of the emulator it came from (cloning either is cheap), so a test can send
/// through the transport and assert on [`Emulator::applied_changes`] or
/// [`Emulator::request_log`].
///
/// # Errors
///
/// [`send`](Transport::send) fails only where a TCP client would get no complete response:
///
/// | what happened | [`TransportErrorKind`] | `may_have_been_processed()` |
/// |---|---|---|
/// | an injected drop, before or after applying (`dropBeforeApplyRate`, `dropAfterApplyRate`) | `Io` | `true` |
/// | an answer body longer than the request's [`ResponseLimit`] | `BodyTooLarge` | `true` |
///
/// A dropped connection is `Io` whichever side of the change it came: over TCP the request was
/// sent in full and the connection closed with no answer, so the client cannot tell whether it was
/// applied. Its [`source`](std::error::Error::source) is the [`ConnectionDropped`](crate::ConnectionDropped),
/// whose [`fault`](crate::ConnectionDropped::fault) names the injected drop, for tests that care.
///
/// # Example
///
/// ```
/// use std::error::Error as _;
///
/// use pc_emulator::{ConnectionDropped, Emulator, EmulatorConfig, Faults, demo};
/// use pc_transport::{Transport, TransportErrorKind};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let emulator = Emulator::new(EmulatorConfig::default().faults(Faults {
///     drop_after_apply_rate: 1.0,
///     ..Faults::default()
/// }));
/// let path = format!("/v1/customers/{}/qualifications", demo::CONTOSO_ACADEMY);
/// let request = http::Request::post(format!("http://127.0.0.1{path}"))
///     .header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN))
///     .header("MS-RequestId", "5b0c3a57-7d4e-4f3c-9a51-2f6e8b1d0c94")
///     .body(bytes::Bytes::from_static(b"4"))?;
///
/// let Err(error) = emulator.transport().send(request).await else {
///     return Err("the connection should have been dropped".into());
/// };
/// assert_eq!(error.kind(), TransportErrorKind::Io);
/// assert!(error.may_have_been_processed());
/// let dropped = error.source().and_then(|e| e.downcast_ref::<ConnectionDropped>());
/// assert_eq!(dropped.and_then(|d| d.fault()), Some("drop-after-apply"));
/// assert_eq!(emulator.applied_changes().len(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct EmulatorTransport {
    emulator: Emulator,
}

impl EmulatorTransport {
    /// A transport answering from `emulator` (and sharing its state).
    pub fn new(emulator: Emulator) -> Self {
        Self { emulator }
    }

    /// The emulator that answers.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Answers one request; see the type's docs for the errors.
    async fn exchange(&self, request: Request) -> Result<Response, TransportError> {
        let limit = ResponseLimit::of(&request);
        let mut response = self
            .emulator
            .call(request.map(Full::new))
            .await
            .map_err(|dropped| TransportError::new(TransportErrorKind::Io, dropped))?;
        let length = response.body().len();
        if length > limit {
            return Err(TransportError::from_kind(TransportErrorKind::BodyTooLarge));
        }
        // hyper writes the length of a full body; a TCP client reads it back.
        response
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(length));
        Ok(response)
    }
}

impl From<Emulator> for EmulatorTransport {
    fn from(emulator: Emulator) -> Self {
        Self::new(emulator)
    }
}

#[async_trait]
impl Transport for EmulatorTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.exchange(request).await
    }
}

impl Emulator {
    /// An in-process [`Transport`] answering from this emulator and sharing its state; see
    /// [`EmulatorTransport`].
    ///
    /// # Example: no socket
    ///
    /// ```
    /// use pc_emulator::{Emulator, EmulatorConfig};
    ///
    /// let emulator = Emulator::new(EmulatorConfig::default());
    /// let transport: std::sync::Arc<dyn pc_transport::Transport> =
    ///     std::sync::Arc::new(emulator.transport());
    /// # let _ = transport;
    /// ```
    pub fn transport(&self) -> EmulatorTransport {
        EmulatorTransport::new(self.clone())
    }
}

impl EmulatorHandle {
    /// An in-process [`Transport`] answering from the emulator being served, with no socket;
    /// see [`Emulator::transport`]. Requests sent through it and over TCP share one state.
    pub fn transport(&self) -> EmulatorTransport {
        self.emulator().transport()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_sync_and_usable_as_a_shared_transport() {
        fn assert_bounds<T: Transport + Clone + Send + Sync + 'static>() {}
        assert_bounds::<EmulatorTransport>();
        let emulator = Emulator::new(crate::EmulatorConfig::default());
        let shared: std::sync::Arc<dyn Transport> = std::sync::Arc::new(emulator.transport());
        assert!(format!("{shared:?}").starts_with("EmulatorTransport"));
    }
}

//! Transport failures.
//!
//! - [`TransportError`]: what went wrong and whether the server may have processed the request.
//! - [`TransportErrorKind`]: the classification the retry layer reads.

use std::error::Error as StdError;
use std::fmt;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Connecting failed (DNS, refused, TLS handshake): the request was certainly not sent.
    Connect,
    /// The request could not be built or was refused locally: certainly not sent.
    InvalidRequest,
    /// No response within the time allowed after sending: the server may have processed it.
    Timeout,
    /// The connection broke after (part of) the request was sent: the server may have processed it.
    Io,
    /// The response body exceeded the request's [`ResponseLimit`](crate::ResponseLimit).
    BodyTooLarge,
    /// Anything else; treated as possibly processed.
    Other,
}

impl TransportErrorKind {
    fn describe(self) -> &'static str {
        match self {
            Self::Connect => "connection failed",
            Self::InvalidRequest => "invalid request",
            Self::Timeout => "timed out waiting for the response",
            Self::Io => "connection broke during the exchange",
            Self::BodyTooLarge => "response body too large",
            Self::Other => "transport failure",
        }
    }
}

/// A request that got no complete response.
///
/// [`may_have_been_processed`](Self::may_have_been_processed) is what a retry layer needs: a
/// request that may have reached the server is only retried with the same `MS-RequestId`.
///
/// `Display` names the kind and never a URL's query (which may hold a validation code); the cause is
/// available through [`std::error::Error::source`].
///
/// # Example
///
/// ```
/// use pc_transport::{TransportError, TransportErrorKind};
///
/// let err = TransportError::new(TransportErrorKind::Connect, "connection refused");
/// assert!(!err.may_have_been_processed());
/// assert_eq!(err.to_string(), "connection failed");
/// ```
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Option<BoxError>,
}

impl TransportError {
    /// A transport error of `kind` caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// A transport error with no underlying cause.
    pub fn from_kind(kind: TransportErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// A request that could not be built (never sent).
    pub fn invalid_request(source: impl Into<BoxError>) -> Self {
        Self::new(TransportErrorKind::InvalidRequest, source)
    }

    /// The kind.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the server may have received and processed the request.
    pub fn may_have_been_processed(&self) -> bool {
        !matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::InvalidRequest
        )
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether the connection could not be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.describe())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

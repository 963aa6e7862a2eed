//! Answers before the common headers are added.
//!
//! - [`Reply`]: a status, a JSON body and any headers specific to the answer.
//! - [`Outcome`]: a reply or a dropped connection, with the fault behind it.

use bytes::Bytes;
use http::StatusCode;
use http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use pc_models::ThrottledError;
use serde::Serialize;

use crate::log::Fault;

/// An answer: status, JSON body and extra headers (`Allow`, `Retry-After`, ...).
///
/// The common headers (`Content-Type`, the echoed ids, `MS-CV`, `MS-ServerId`) are added when it
/// becomes a response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

impl Reply {
    /// A JSON answer. A value that cannot be serialized (it never happens for the emulator's own
    /// types) becomes a `500` with an empty JSON object.
    pub(crate) fn json(status: StatusCode, value: &impl Serialize) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self::raw(status, Bytes::from(body)),
            Err(error) => {
                tracing::error!(%error, "cannot serialize a response body");
                Self::raw(StatusCode::INTERNAL_SERVER_ERROR, Bytes::from_static(b"{}"))
            }
        }
    }

    /// An answer with an already encoded JSON body.
    pub(crate) fn raw(status: StatusCode, body: Bytes) -> Self {
        Self {
            status,
            body,
            headers: Vec::new(),
        }
    }

    /// Adds a header.
    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The `429` answer: `Retry-After` and the throttle body.
    pub(crate) fn throttled(retry_after: u64) -> Self {
        let body = ThrottledError::new(
            429,
            format!("Rate limit is exceeded. Try again in {retry_after} seconds."),
        );
        Self::json(StatusCode::TOO_MANY_REQUESTS, &body)
            .with_header(RETRY_AFTER, HeaderValue::from(retry_after))
    }
}

/// How a request ended: an answer, or a connection closed without one; and the fault behind it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The answer; `None` when the connection is closed without one.
    pub(crate) reply: Option<Reply>,
    /// The injected fault or special handling, if any.
    pub(crate) fault: Option<Fault>,
}

impl Outcome {
    /// An answer shaped by a fault (or a replay).
    pub(crate) fn faulted(reply: Reply, fault: Fault) -> Self {
        Self {
            reply: Some(reply),
            fault: Some(fault),
        }
    }

    /// A connection closed without an answer.
    pub(crate) fn dropped(fault: Option<Fault>) -> Self {
        Self { reply: None, fault }
    }
}

impl From<Reply> for Outcome {
    fn from(reply: Reply) -> Self {
        Self {
            reply: Some(reply),
            fault: None,
        }
    }
}

//! A transport for tests that opens no socket.
//!
//! - [`MockTransport`]: answers from a queue and records every request.
//! - [`RecordedRequest`]: what a test can assert about a sent request.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode, Uri};

use crate::{Request, Response, Transport, TransportError, TransportErrorKind};

/// A request the [`MockTransport`] received.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method.
    pub method: Method,
    /// The full URI, query included.
    pub uri: Uri,
    /// The headers (`Debug` of a sensitive value, such as `Authorization`, prints `Sensitive`).
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl RecordedRequest {
    /// A header's value as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

type Reply = Result<Response, TransportError>;

#[derive(Debug, Default)]
struct State {
    replies: VecDeque<Reply>,
    requests: Vec<RecordedRequest>,
    unexpected: usize,
}

/// A [`Transport`] that answers from a queue of replies and records every request.
///
/// Clones share the same queue and record, so a test keeps one clone and gives another to the
/// client. A request that arrives when the queue is empty is recorded, counted in
/// [`unexpected_requests`](Self::unexpected_requests), and fails with an
/// [`InvalidRequest`](TransportErrorKind::InvalidRequest) error whose source names the method and
/// path, so the test fails loudly rather than hanging or passing by accident.
///
/// # Example
///
/// ```
/// use pc_transport::{MockTransport, Transport};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = MockTransport::new();
/// mock.push_json(200, "[]");
/// let request = http::Request::get("https://example.test/v1/x").body(bytes::Bytes::new())?;
/// let response = mock.send(request).await?;
/// assert_eq!(response.status(), 200);
/// assert_eq!(mock.requests()[0].uri.path(), "/v1/x");
/// assert!(mock.is_exhausted());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

impl MockTransport {
    /// An empty mock: every request is unexpected until replies are queued.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock poisons it; the data is still usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues a complete response.
    pub fn push_response(&self, response: Response) -> &Self {
        self.state().replies.push_back(Ok(response));
        self
    }

    /// Queues a response with `status`, `Content-Type: application/json` and `body`.
    pub fn push_json(&self, status: u16, body: impl Into<Bytes>) -> &Self {
        let mut response = http::Response::new(body.into());
        *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        self.push_response(response)
    }

    /// Queues a transport failure.
    pub fn push_error(&self, error: TransportError) -> &Self {
        self.state().replies.push_back(Err(error));
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.clone()
    }

    /// How many requests arrived with no reply queued.
    pub fn unexpected_requests(&self) -> usize {
        self.state().unexpected
    }

    /// Whether every queued reply was consumed.
    pub fn is_exhausted(&self) -> bool {
        self.state().replies.is_empty()
    }
}

#[async_trait]
impl Transport for MockTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let (parts, body) = request.into_parts();
        let recorded = RecordedRequest {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        };
        let mut state = self.state();
        let what = format!("{} {}", recorded.method, recorded.uri.path());
        state.requests.push(recorded);
        match state.replies.pop_front() {
            Some(reply) => reply,
            None => {
                state.unexpected += 1;
                Err(TransportError::new(
                    TransportErrorKind::InvalidRequest,
                    format!("MockTransport: unexpected request {what} (no reply queued)"),
                ))
            }
        }
    }
}

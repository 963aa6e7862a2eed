//! A transport for tests that opens no socket.
//!
//! - [`MockTransport`]: answers from routes, handlers and a queue, and records every request.
//! - [`RecordedRequest`]: what a test can assert about a sent request.
//!
//! # Examples
//!
//! ```
//! use http::Method;
//! use pc_transport::{MockTransport, Transport};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockTransport::new();
//! mock.route_json(Method::GET, "/v1/customers/a/qualifications", 200, r#"[{"qualification":"Education"}]"#)
//!     .push_json(503, "");
//! let routed = http::Request::get("https://pc.test/v1/customers/a/qualifications")
//!     .body(bytes::Bytes::new())?;
//! let queued = http::Request::get("https://pc.test/v1/anything").body(bytes::Bytes::new())?;
//! assert_eq!(mock.send(routed).await?.status(), 200);
//! assert_eq!(mock.send(queued).await?.status(), 503);
//! # Ok(()) }
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
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

/// A closure registered with [`MockTransport::respond_with`].
type Handler = Arc<dyn Fn(&RecordedRequest) -> Option<Reply> + Send + Sync>;

#[derive(Default)]
struct State {
    /// Standing replies keyed by method and exact path.
    routes: HashMap<(Method, String), Response>,
    /// Closures, asked in the order they were added.
    handlers: Vec<Handler>,
    replies: VecDeque<Reply>,
    requests: Vec<RecordedRequest>,
    unexpected: usize,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("routes", &self.routes.len())
            .field("handlers", &self.handlers.len())
            .field("queued", &self.replies.len())
            .field("requests", &self.requests.len())
            .field("unexpected", &self.unexpected)
            .finish()
    }
}

/// A [`Transport`] that answers from routes, handlers and a queue, and records every request.
///
/// A request is answered by the first of these that has a reply for it:
///
/// 1. a [route](Self::route): a standing response for one method and exact path, answered every
///    time, so concurrent tests can each route their own customer;
/// 2. a [handler](Self::respond_with): a closure that may answer anything it recognises;
/// 3. the queue ([`push_json`](Self::push_json), [`push_response`](Self::push_response),
///    [`push_error`](Self::push_error)): replies in first-in-first-out order, whatever the request.
///
/// Clones share the same routes, handlers, queue and record, so a test keeps one clone and gives
/// another to the client. Every request is recorded, answered or not. A request nothing answers is
/// counted in [`unexpected_requests`](Self::unexpected_requests) and fails with an
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
///
/// # Example: one route per customer, for concurrent requests
///
/// ```
/// use http::Method;
/// use pc_transport::{MockTransport, Transport};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = MockTransport::new();
/// for customer in ["a", "b"] {
///     let path = format!("/v1/customers/{customer}/qualifications");
///     mock.route_json(Method::GET, path, 200, format!(r#"["{customer}"]"#));
/// }
/// let request = http::Request::get("https://pc.test/v1/customers/b/qualifications?x=1")
///     .body(bytes::Bytes::new())?;
/// let response = mock.send(request).await?;
/// assert_eq!(response.body().as_ref(), br#"["b"]"#);
/// assert_eq!(mock.unexpected_requests(), 0);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

impl MockTransport {
    /// An empty mock: every request is unexpected until replies are routed, handled or queued.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock poisons it; the data is still usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers every request with this method and exact path (the query is ignored) with a clone
    /// of `response`, before any handler or queued reply. Routing the same method and path again
    /// replaces the response. Routes are never used up, so they do not count in
    /// [`is_exhausted`](Self::is_exhausted).
    ///
    /// # Example
    ///
    /// ```
    /// use http::Method;
    /// use pc_transport::MockTransport;
    ///
    /// let mock = MockTransport::new();
    /// let accepted = http::Response::builder()
    ///     .status(202)
    ///     .header("ms-cv", "abc.1")
    ///     .body(bytes::Bytes::new())?;
    /// mock.route(Method::POST, "/v1/customers/a/qualifications", accepted);
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn route(&self, method: Method, path: impl Into<String>, response: Response) -> &Self {
        self.state().routes.insert((method, path.into()), response);
        self
    }

    /// Routes a response with `status`, `Content-Type: application/json` and `body`, as
    /// [`route`](Self::route).
    pub fn route_json(
        &self,
        method: Method,
        path: impl Into<String>,
        status: u16,
        body: impl Into<Bytes>,
    ) -> &Self {
        self.route(method, path, json(status, body.into()))
    }

    /// Asks `handler` about every request no route answers, before the queue. `Some(reply)`
    /// answers the request (a response or a [`TransportError`]); `None` passes it on to the next
    /// handler, then to the queue. Handlers are asked in the order they were added, outside the
    /// mock's lock, so a handler may call the mock (a clone it captured) to read what it recorded.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_transport::{MockTransport, Transport, TransportError, TransportErrorKind};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = MockTransport::new();
    /// mock.respond_with(|request| {
    ///     let customer = request.uri.path().strip_prefix("/v1/customers/")?;
    ///     if customer.starts_with("down-") {
    ///         return Some(Err(TransportError::from_kind(TransportErrorKind::Connect)));
    ///     }
    ///     Some(Ok(http::Response::new(bytes::Bytes::from(customer.to_owned()))))
    /// });
    /// let request = http::Request::get("https://pc.test/v1/customers/down-1").body(bytes::Bytes::new())?;
    /// assert!(mock.send(request).await.is_err_and(|e| e.is_connect()));
    /// # Ok(()) }
    /// ```
    pub fn respond_with<F>(&self, handler: F) -> &Self
    where
        F: Fn(&RecordedRequest) -> Option<Result<Response, TransportError>> + Send + Sync + 'static,
    {
        self.state().handlers.push(Arc::new(handler));
        self
    }

    /// Queues a complete response.
    pub fn push_response(&self, response: Response) -> &Self {
        self.state().replies.push_back(Ok(response));
        self
    }

    /// Queues a response with `status`, `Content-Type: application/json` and `body`.
    pub fn push_json(&self, status: u16, body: impl Into<Bytes>) -> &Self {
        self.push_response(json(status, body.into()))
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

    /// How many requests arrived that no route, handler or queued reply answered.
    pub fn unexpected_requests(&self) -> usize {
        self.state().unexpected
    }

    /// Whether every queued reply was consumed. Routes and handlers are not counted.
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
        let route = (recorded.method.clone(), recorded.uri.path().to_owned());
        let handlers = {
            let mut state = self.state();
            if let Some(response) = state.routes.get(&route).cloned() {
                state.requests.push(recorded);
                return Ok(response);
            }
            state.handlers.clone()
        };
        // Handlers run without the lock, so one may call the mock (to read `requests()`, say).
        let handled = handlers.iter().find_map(|handler| handler(&recorded));
        let mut state = self.state();
        state.requests.push(recorded);
        match handled.or_else(|| state.replies.pop_front()) {
            Some(reply) => reply,
            None => {
                state.unexpected += 1;
                let (method, path) = route;
                Err(TransportError::new(
                    TransportErrorKind::InvalidRequest,
                    format!("MockTransport: unexpected request {method} {path} (no reply queued)"),
                ))
            }
        }
    }
}

/// A response with `status` (200 if out of range), `Content-Type: application/json` and `body`.
fn json(status: u16, body: Bytes) -> Response {
    let mut response = http::Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

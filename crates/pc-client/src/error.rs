//! The client's one error type.
//!
//! - [`Error`]: what failed, with the status, service code and both ids where there are some.
//! - [`ErrorKind`]: the classification, for `match`.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;
use pc_models::ApiErrorBody;
use pc_models::text::snippet;
use uuid::Uuid;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// A cause, shared so that an error can be handed to several waiters (see [`Error::duplicate`]).
type SharedError = Arc<dyn StdError + Send + Sync + 'static>;

/// How many characters of a response body an error keeps for diagnosis.
pub(crate) const RAW_BODY_LIMIT: usize = 4096;

/// How many characters of the service's description `Display` prints (the documented maximum).
const DESCRIPTION_LIMIT: usize = 1024;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request was refused locally and nothing was sent (bad input or an impossible request).
    InvalidInput,
    /// The client could not be built from its settings.
    Config,
    /// The service answered with an HTTP error status.
    Service,
    /// No complete response arrived (connection failed or broke).
    Transport,
    /// The call's deadline passed.
    Timeout,
    /// The response could not be decoded.
    Decode,
    /// The response body was larger than the configured limit.
    ResponseTooLarge,
    /// No access token could be obtained.
    Auth,
    /// Waiting for vetting to finish passed its deadline.
    VettingTimeout,
}

#[derive(Debug, Clone)]
struct ServiceDetails {
    status: StatusCode,
    body: ApiErrorBody,
    raw_body: String,
    retry_after: Option<Duration>,
}

#[derive(Debug, Clone)]
struct Inner {
    kind: ErrorKind,
    message: Option<String>,
    service: Option<ServiceDetails>,
    status: Option<StatusCode>,
    request_id: Option<Uuid>,
    correlation_id: Option<Uuid>,
    attempts: u32,
    transient: bool,
    source: Option<SharedError>,
}

/// Any failure of the client.
///
/// `Display` is one line: for service errors the status, code, description and both ids
/// (`HTTP 400 Bad Request, code 900118: The customer ID is invalid. (correlation id …, request id …)`).
/// The underlying cause, if any, is returned by [`source`](StdError::source), never printed twice.
/// Validation codes and tokens never appear in it.
///
/// # Example
///
/// ```
/// # async fn run(client: pc_client::PartnerCenterClient, id: pc_client::CustomerId) {
/// match client.customer(id).qualifications().list().await {
///     Ok(list) => println!("{} qualifications", list.len()),
///     Err(e) if e.status() == Some(http::StatusCode::NOT_FOUND) => println!("no such customer"),
///     Err(e) => eprintln!("{e} (request id {:?})", e.request_id()),
/// }
/// # }
/// ```
pub struct Error {
    inner: Box<Inner>,
}

impl Error {
    fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                message: None,
                service: None,
                status: None,
                request_id: None,
                correlation_id: None,
                attempts: 0,
                transient: false,
                source: None,
            }),
        }
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::InvalidInput);
        e.inner.message = Some(message.into());
        e
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Config);
        e.inner.message = Some(message.into());
        e
    }

    /// An authentication failure, for [`TokenProvider`](crate::TokenProvider) implementations.
    pub fn auth(message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Auth);
        e.inner.message = Some(message.into());
        e
    }

    /// An authentication failure with a cause.
    pub fn auth_with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::auth(message).with_source(source)
    }

    /// Marks an authentication failure as transient (the token endpoint was unreachable, busy or
    /// throttled), so the client's retry policy retries the call.
    #[must_use]
    pub fn transient(mut self) -> Self {
        self.inner.transient = true;
        self
    }

    /// Whether a retry may succeed: a transient authentication failure.
    pub fn is_transient(&self) -> bool {
        self.inner.transient
    }

    pub(crate) fn service(
        status: StatusCode,
        body: ApiErrorBody,
        raw_body: String,
        retry_after: Option<Duration>,
    ) -> Self {
        let mut e = Self::new(ErrorKind::Service);
        e.inner.status = Some(status);
        e.inner.service = Some(ServiceDetails {
            status,
            body,
            raw_body,
            retry_after,
        });
        e
    }

    pub(crate) fn transport(source: pc_transport::TransportError) -> Self {
        Self::new(ErrorKind::Transport).with_source(source)
    }

    pub(crate) fn timeout(deadline: Duration) -> Self {
        let mut e = Self::new(ErrorKind::Timeout);
        e.inner.message = Some(format!("no response within the {deadline:?} deadline"));
        e
    }

    pub(crate) fn vetting_timeout(
        qualification: pc_models::CustomerQualification,
        timeout: Duration,
        polls: u32,
        last_seen: &str,
    ) -> Self {
        let mut e = Self::new(ErrorKind::VettingTimeout);
        e.inner.message = Some(format!(
            "{qualification} still {last_seen} after {polls} polls in {timeout:?}"
        ));
        e
    }

    pub(crate) fn response_too_large(limit: usize) -> Self {
        let mut e = Self::new(ErrorKind::ResponseTooLarge);
        e.inner.message = Some(format!("response body larger than the {limit}-byte limit"));
        e
    }

    /// A body that did not decode; `detail` says where (a quote of its start, or a position).
    pub(crate) fn decode(status: StatusCode, what: &str, detail: &str) -> Self {
        let mut e = Self::new(ErrorKind::Decode);
        e.inner.status = Some(status);
        e.inner.message = Some(format!(
            "could not decode {what} from HTTP {status} ({detail})"
        ));
        e
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(Arc::from(source.into()));
        self
    }

    /// The same error again (the cause is shared): what every caller waiting for one shared token
    /// request gets when it fails.
    pub(crate) fn duplicate(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }

    pub(crate) fn with_ids(mut self, request_id: Uuid, correlation_id: Uuid) -> Self {
        self.inner.request_id = Some(request_id);
        self.inner.correlation_id = Some(correlation_id);
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, for service and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The service's error code (`"900118"`), when the body had one.
    pub fn code(&self) -> Option<&str> {
        self.inner.service.as_ref().and_then(|s| s.body.code())
    }

    /// The service's description, throttle message or bare-string message.
    pub fn description(&self) -> Option<&str> {
        self.inner
            .service
            .as_ref()
            .and_then(|s| s.body.description())
    }

    /// The `errorName` of the service's error body, when it sent one.
    pub fn error_name(&self) -> Option<&str> {
        self.inner
            .service
            .as_ref()
            .and_then(|s| s.body.error_name())
    }

    /// The documented `source` field of the service's error body (the failing component).
    pub fn service_source(&self) -> Option<&str> {
        self.inner.service.as_ref().and_then(|s| s.body.source())
    }

    /// The documented `data` field of the service's error body.
    pub fn data(&self) -> Option<&serde_json::Value> {
        self.inner.service.as_ref().and_then(|s| s.body.data())
    }

    /// The parsed error body.
    pub fn body(&self) -> Option<&ApiErrorBody> {
        self.inner.service.as_ref().map(|s| &s.body)
    }

    /// The raw error body, cut to 4,096 characters, with the call's secrets replaced by `[redacted]`.
    pub fn raw_body(&self) -> Option<&str> {
        self.inner.service.as_ref().map(|s| s.raw_body.as_str())
    }

    /// The `Retry-After` the service asked for.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.service.as_ref().and_then(|s| s.retry_after)
    }

    /// The `MS-RequestId` of the call, once a request was prepared.
    pub fn request_id(&self) -> Option<Uuid> {
        self.inner.request_id
    }

    /// The `MS-CorrelationId` of the call, once a request was prepared.
    pub fn correlation_id(&self) -> Option<Uuid> {
        self.inner.correlation_id
    }

    /// How many attempts were made, token acquisition included (0 when the call was refused
    /// before its first attempt, as invalid input is).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Whether the default retry rules ([`DefaultRetryClassifier`](crate::DefaultRetryClassifier))
    /// would retry the attempt that ended in this error: `408`, `429`, `500`, `502`, `503`, `504`,
    /// transport failures other than a request refused before sending, transient token failures.
    pub fn is_retryable(&self) -> bool {
        use crate::ClassifyRetry;
        crate::DefaultRetryClassifier.classify(self).is_retry()
    }

    /// Whether nothing was sent because the input was refused.
    pub fn is_invalid_input(&self) -> bool {
        self.inner.kind == ErrorKind::InvalidInput
    }

    /// Whether the service answered with an error status.
    pub fn is_service(&self) -> bool {
        self.inner.kind == ErrorKind::Service
    }

    /// Whether no complete response arrived.
    pub fn is_transport(&self) -> bool {
        self.inner.kind == ErrorKind::Transport
    }

    /// Whether the deadline passed.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// Whether the response could not be decoded.
    pub fn is_decode(&self) -> bool {
        self.inner.kind == ErrorKind::Decode
    }

    /// Whether waiting for vetting passed its deadline.
    pub fn is_vetting_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::VettingTimeout
    }

    /// Whether no token could be obtained.
    pub fn is_auth(&self) -> bool {
        self.inner.kind == ErrorKind::Auth
    }

    /// The underlying transport error, if this is one.
    pub fn transport_error(&self) -> Option<&pc_transport::TransportError> {
        self.inner
            .source
            .as_deref()
            .and_then(|s| s.downcast_ref::<pc_transport::TransportError>())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        match inner.kind {
            ErrorKind::InvalidInput => write!(f, "invalid input")?,
            ErrorKind::Config => write!(f, "invalid client configuration")?,
            ErrorKind::Service => write!(f, "service error")?,
            ErrorKind::Transport => write!(f, "no complete response")?,
            ErrorKind::Timeout => write!(f, "timed out")?,
            ErrorKind::Decode => write!(f, "undecodable response")?,
            ErrorKind::ResponseTooLarge => write!(f, "response too large")?,
            ErrorKind::Auth => write!(f, "authentication failed")?,
            ErrorKind::VettingTimeout => write!(f, "vetting not finished")?,
        }
        if let Some(service) = &inner.service {
            let reason = service.status.canonical_reason().unwrap_or("");
            write!(f, ": HTTP {} {reason}", service.status.as_u16())?;
            if let Some(code) = service.body.code() {
                write!(f, ", code {}", snippet(code, 64))?;
            }
            match service.body.description() {
                Some(description) => {
                    let text = snippet(description, DESCRIPTION_LIMIT);
                    write!(f, ": {}", text.trim_end_matches('.'))?;
                }
                None if !service.raw_body.is_empty() => {
                    write!(f, ": body {:?}", snippet(&service.raw_body, 120))?;
                }
                None => write!(f, ": empty body")?,
            }
            if let Some(wait) = service.retry_after {
                write!(f, ", retry after {}s", wait.as_secs())?;
            }
        }
        if let Some(message) = &inner.message {
            write!(f, ": {message}")?;
        }
        if let Some(transport) = self.transport_error() {
            write!(f, ": {}", snippet(&cause_chain(transport), 400))?;
        }
        if inner.attempts > 1 {
            write!(f, ", after {} attempts", inner.attempts)?;
        }
        if let (Some(correlation_id), Some(request_id)) = (inner.correlation_id, inner.request_id) {
            write!(
                f,
                " (correlation id {correlation_id}, request id {request_id})"
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &inner.kind);
        if let Some(status) = inner.status {
            d.field("status", &status);
        }
        if let Some(service) = &inner.service {
            d.field("body", &service.body);
            d.field("retry_after", &service.retry_after);
        }
        if let Some(message) = &inner.message {
            d.field("message", message);
        }
        d.field("request_id", &inner.request_id);
        d.field("correlation_id", &inner.correlation_id);
        d.field("attempts", &inner.attempts);
        if let Some(source) = &inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl StdError for Error {
    /// The cause, except for transport errors, whose whole cause chain `Display` already prints
    /// (reach the [`TransportError`](pc_transport::TransportError) through
    /// [`transport_error`](Error::transport_error)).
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        if self.transport_error().is_some() {
            return None;
        }
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// A transport error and its causes, `: `-separated, each message once.
fn cause_chain(error: &pc_transport::TransportError) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(cause) = next {
        let text = cause.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = cause.source();
    }
    parts.join(": ")
}

impl From<pc_models::RequestError> for Error {
    fn from(value: pc_models::RequestError) -> Self {
        Self::invalid_input(value.to_string())
    }
}

//! What the emulator reads from every request, and the headers it adds to every answer.
//!
//! - [`RequestInfo`]: method, path, query and the `MS-*` ids of a request.
//! - [`read_body`]: the body, at most 64 KiB.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::request::Parts;
use http::{Method, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Body;
use pc_transport::headers::{MS_CORRELATION_ID, MS_CV, MS_REQUEST_ID, MS_SERVER_ID};
use url::form_urlencoded;
use uuid::Uuid;

use crate::log::{Fault, LoggedRequest, redact_query};
use crate::reply::Reply;

/// The largest request body accepted, in bytes.
pub(crate) const BODY_LIMIT: usize = 64 * 1024;

/// The parts of a request the emulator logs and echoes.
#[derive(Debug, Clone)]
pub(crate) struct RequestInfo {
    pub(crate) method: Method,
    pub(crate) path: String,
    query: Option<String>,
    request_id: Option<HeaderValue>,
    correlation_id: Option<HeaderValue>,
}

impl RequestInfo {
    /// Reads a request's head.
    pub(crate) fn new(parts: &Parts) -> Self {
        Self {
            method: parts.method.clone(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            request_id: parts.headers.get(MS_REQUEST_ID).cloned(),
            correlation_id: parts.headers.get(MS_CORRELATION_ID).cloned(),
        }
    }

    /// Whether the method changes state (`POST`, `PUT`).
    pub(crate) fn is_write(&self) -> bool {
        self.method == Method::POST || self.method == Method::PUT
    }

    /// The `MS-RequestId`, when it is text.
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref().and_then(|v| v.to_str().ok())
    }

    /// The query as sent, without the `?`; `None` when the URL has none.
    pub(crate) fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The value of the first `code` query parameter (name in any case), if not empty.
    pub(crate) fn query_code(&self) -> Option<String> {
        let query = self.query.as_deref()?;
        form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name.eq_ignore_ascii_case("code"))
            .map(|(_, value)| value.into_owned())
            .filter(|value| !value.is_empty())
    }

    /// The log entry of this request.
    pub(crate) fn logged(&self, status: u16, fault: Option<Fault>) -> LoggedRequest {
        let text = |value: &Option<HeaderValue>| {
            value
                .as_ref()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        LoggedRequest {
            method: self.method.as_str().to_owned(),
            path: self.path.clone(),
            query: self.query.as_deref().map(redact_query),
            request_id: text(&self.request_id),
            correlation_id: text(&self.correlation_id),
            status,
            fault: fault.map(|f| f.as_str().to_owned()),
        }
    }

    /// Turns a reply into a response: JSON content type, the echoed `MS-RequestId` and
    /// `MS-CorrelationId`, a fresh `MS-CV` and `MS-ServerId: pc-emulator`.
    pub(crate) fn response(&self, reply: Reply) -> Response<Bytes> {
        let mut response = Response::new(reply.body);
        *response.status_mut() = reply.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(id) = &self.request_id {
            headers.insert(MS_REQUEST_ID, id.clone());
        }
        if let Some(id) = &self.correlation_id {
            headers.insert(MS_CORRELATION_ID, id.clone());
        }
        if let Ok(cv) = HeaderValue::from_str(&correlation_vector()) {
            headers.insert(MS_CV, cv);
        }
        headers.insert(MS_SERVER_ID, HeaderValue::from_static("pc-emulator"));
        for (name, value) in reply.headers {
            headers.append(name, value);
        }
        response
    }
}

/// A fresh `MS-CV` value: 22 random characters and `.0`.
fn correlation_vector() -> String {
    let random: String = Uuid::new_v4()
        .simple()
        .to_string()
        .chars()
        .take(22)
        .collect();
    format!("{random}.0")
}

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Over [`BODY_LIMIT`].
    TooLarge,
    /// The client stopped sending.
    Broken,
}

/// Reads a whole body of at most [`BODY_LIMIT`] bytes.
pub(crate) async fn read_body<B>(body: B) -> Result<Bytes, BodyError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyError::TooLarge)
        }
        Err(_) => Err(BodyError::Broken),
    }
}

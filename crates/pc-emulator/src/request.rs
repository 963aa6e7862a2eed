//! What the emulator reads from every request, and the headers it adds to every answer.
//!
//! - [`RequestInfo`]: method, path, query and the `MS-*` ids of a request.
//! - [`read_body`]: the body, at most 64 KiB, within the body-read timeout.

use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Method, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Body;
use pc_models::parse_hyphenated_guid;
use pc_transport::headers::{MS_CORRELATION_ID, MS_CV, MS_REQUEST_ID, MS_SERVER_ID};
use url::form_urlencoded;
use uuid::Uuid;

use crate::error::ApiError;
use crate::footprint::cut;
use crate::log::{Fault, LoggedRequest, redact_query};
use crate::reply::Reply;

/// The largest request body accepted, in bytes.
pub(crate) const BODY_LIMIT: usize = 64 * 1024;

/// An `MS-RequestId` or `MS-CorrelationId` header.
#[derive(Debug, Clone)]
enum IdHeader {
    /// Not sent.
    Absent,
    /// A hyphenated GUID: echoed, and the `MS-RequestId` files the stored answer.
    Guid(HeaderValue, Uuid),
    /// Anything else: `/v1` refuses it; never echoed; logged cut to size.
    Invalid(HeaderValue),
}

impl IdHeader {
    fn read(parts: &Parts, name: &HeaderName) -> Self {
        let Some(value) = parts.headers.get(name) else {
            return Self::Absent;
        };
        match value.to_str().ok().map(parse_hyphenated_guid) {
            Some(Ok(uuid)) => Self::Guid(value.clone(), uuid),
            _ => Self::Invalid(value.clone()),
        }
    }

    /// The value to echo: a GUID as sent.
    fn echo(&self) -> Option<&HeaderValue> {
        match self {
            Self::Guid(value, _) => Some(value),
            _ => None,
        }
    }

    /// The text to log, cut to `limit` bytes.
    fn logged(&self, limit: usize) -> Option<String> {
        match self {
            Self::Absent => None,
            Self::Guid(value, _) | Self::Invalid(value) => {
                // Enough to cut at a character boundary and mark the cut.
                let end = value.len().min(limit.saturating_add(4));
                let text = String::from_utf8_lossy(&value.as_bytes()[..end]);
                Some(cut(&text, limit))
            }
        }
    }
}

/// The parts of a request the emulator logs and echoes.
#[derive(Debug, Clone)]
pub(crate) struct RequestInfo {
    pub(crate) method: Method,
    pub(crate) path: String,
    query: Option<String>,
    request_id: IdHeader,
    correlation_id: IdHeader,
}

impl RequestInfo {
    /// Reads a request's head.
    pub(crate) fn new(parts: &Parts) -> Self {
        Self {
            method: parts.method.clone(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            request_id: IdHeader::read(parts, &MS_REQUEST_ID),
            correlation_id: IdHeader::read(parts, &MS_CORRELATION_ID),
        }
    }

    /// Whether the method changes state (`POST`, `PUT`).
    pub(crate) fn is_write(&self) -> bool {
        self.method == Method::POST || self.method == Method::PUT
    }

    /// Checks that the `MS-RequestId` and `MS-CorrelationId`, when sent, are hyphenated GUIDs.
    ///
    /// # Errors
    ///
    /// 400 / `800002` naming the first header that is not.
    pub(crate) fn check_ids(&self) -> Result<(), ApiError> {
        for (name, id) in [
            ("MS-RequestId", &self.request_id),
            ("MS-CorrelationId", &self.correlation_id),
        ] {
            if matches!(id, IdHeader::Invalid(_)) {
                return Err(ApiError::invalid_id_header(name));
            }
        }
        Ok(())
    }

    /// The `MS-RequestId` as sent and as a GUID, when it is one.
    pub(crate) fn request_id(&self) -> Option<(&str, Uuid)> {
        match &self.request_id {
            IdHeader::Guid(value, uuid) => value.to_str().ok().map(|text| (text, *uuid)),
            _ => None,
        }
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

    /// The log entry of this request, each text field cut to `limit` bytes.
    pub(crate) fn logged(&self, status: u16, fault: Option<Fault>, limit: usize) -> LoggedRequest {
        LoggedRequest {
            method: cut(self.method.as_str(), limit),
            path: cut(&self.path, limit),
            query: self.query.as_deref().map(|query| {
                // Redact a bounded prefix: the rest is cut anyway.
                let mut end = query.len().min(limit.saturating_mul(2));
                while !query.is_char_boundary(end) {
                    end -= 1;
                }
                cut(&redact_query(&query[..end]), limit)
            }),
            request_id: self.request_id.logged(limit),
            correlation_id: self.correlation_id.logged(limit),
            status,
            fault: fault.map(|f| f.as_str().to_owned()),
        }
    }

    /// Turns a reply into a response: JSON content type (unless the reply sets its own), the
    /// echoed `MS-RequestId` and `MS-CorrelationId` (when they are GUIDs), a fresh `MS-CV` and
    /// `MS-ServerId: pc-emulator`.
    pub(crate) fn response(&self, reply: Reply) -> Response<Bytes> {
        let mut response = Response::new(reply.body);
        *response.status_mut() = reply.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(id) = self.request_id.echo() {
            headers.insert(MS_REQUEST_ID, id.clone());
        }
        if let Some(id) = self.correlation_id.echo() {
            headers.insert(MS_CORRELATION_ID, id.clone());
        }
        if let Ok(cv) = HeaderValue::from_str(&correlation_vector()) {
            headers.insert(MS_CV, cv);
        }
        headers.insert(MS_SERVER_ID, HeaderValue::from_static("pc-emulator"));
        for (name, value) in reply.headers {
            if name == CONTENT_TYPE {
                headers.insert(name, value);
            } else {
                headers.append(name, value);
            }
        }
        response
    }
}

/// A fresh `MS-CV` value: 22 random characters and `.0`.
fn correlation_vector() -> String {
    let mut buffer = Uuid::encode_buffer();
    let hex = Uuid::new_v4().simple().encode_lower(&mut buffer);
    format!("{}.0", &hex[..22])
}

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Over [`BODY_LIMIT`].
    TooLarge,
    /// The client stopped sending (the connection broke).
    Broken,
    /// Not complete within the body-read timeout.
    TimedOut(Duration),
}

impl BodyError {
    /// The answer for a body that could not be read: 413, 408, or (broken) `None`, to close the
    /// connection without one.
    pub(crate) fn to_error(self) -> Option<ApiError> {
        match self {
            Self::TooLarge => Some(ApiError::too_large(BODY_LIMIT)),
            Self::TimedOut(timeout) => Some(ApiError::body_timeout(timeout)),
            Self::Broken => None,
        }
    }
}

/// Reads a whole body of at most [`BODY_LIMIT`] bytes within `timeout`.
pub(crate) async fn read_body<B>(body: B, timeout: Duration) -> Result<Bytes, BodyError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let read = Limited::new(body, BODY_LIMIT).collect();
    match tokio::time::timeout(timeout, read).await {
        Err(_) => Err(BodyError::TimedOut(timeout)),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyError::TooLarge)
        }
        Ok(Err(_)) => Err(BodyError::Broken),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(request_id: &str) -> RequestInfo {
        let request = http::Request::get("/v1/x?code=123456&y=1")
            .header("MS-RequestId", request_id)
            .body(())
            .map(|r| r.into_parts().0);
        match request {
            Ok(parts) => RequestInfo::new(&parts),
            Err(e) => panic!("test request: {e}"),
        }
    }

    #[test]
    fn only_hyphenated_guids_pass_and_are_echoed() {
        let guid = "6C6C4DD4-1C52-4BD0-9D8C-4E1F0A8A7E31";
        assert!(info(guid).check_ids().is_ok());
        assert_eq!(info(guid).request_id().map(|(text, _)| text), Some(guid));
        for bad in [
            "abc",
            "6c6c4dd41c524bd09d8c4e1f0a8a7e31",
            "{6c6c4dd4-1c52-4bd0-9d8c-4e1f0a8a7e31}",
        ] {
            let info = info(bad);
            assert!(info.check_ids().is_err(), "{bad}");
            assert_eq!(info.request_id(), None);
            let response = info.response(Reply::raw(http::StatusCode::OK, Bytes::new()));
            assert!(response.headers().get(MS_REQUEST_ID).is_none());
        }
    }

    #[test]
    fn logged_fields_are_cut_to_the_limit() {
        let long = "x".repeat(1000);
        let entry = info(&long).logged(400, None, 16);
        assert_eq!(entry.request_id.as_deref().map(str::len), Some(16));
        assert_eq!(entry.query.as_deref(), Some("code=[redacte…"));
    }
}

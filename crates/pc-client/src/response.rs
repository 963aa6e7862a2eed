//! Reading the response of one attempt: size and status checks, error mapping, decoding.
//!
//! - `check_response`: a success becomes an `Exchange`, an error status a service error.
//! - `Exchange::decode`: the body through a decoder, failures as decode errors.

use std::time::Duration;

use bytes::Bytes;
use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderValue, StatusCode};
use pc_models::{ApiErrorBody, Secret};
use uuid::Uuid;

use crate::call::{Call, Ids};
use pc_models::text::{snippet, truncate_chars};

use crate::error::RAW_BODY_LIMIT;
use crate::{Error, Reply};

/// A successful exchange.
pub(crate) struct Exchange {
    status: StatusCode,
    body: Bytes,
    request_id: Uuid,
    correlation_id: Uuid,
    attempts: u32,
    /// Whether the body may be quoted in errors (false when it holds validation codes).
    quotable: bool,
    /// The call's token and validation code, redacted from any quote of the body.
    secrets: Vec<Secret>,
}

impl std::fmt::Debug for Exchange {
    /// The body may hold validation codes: only its length is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exchange")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("request_id", &self.request_id)
            .field("correlation_id", &self.correlation_id)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// Checks the size and status of a response.
pub(crate) fn check_response(
    response: pc_transport::Response,
    max_response_bytes: usize,
    ids: Ids,
    call: &Call,
    secrets: Vec<Secret>,
) -> Result<Exchange, Error> {
    let (parts, body) = response.into_parts();
    if body.len() > max_response_bytes {
        return Err(Error::response_too_large(max_response_bytes));
    }
    if !parts.status.is_success() {
        return Err(service_error(parts.status, &parts.headers, &body, &secrets));
    }
    Ok(Exchange {
        status: parts.status,
        body,
        request_id: ids.request_id,
        correlation_id: ids.correlation_id,
        attempts: 1,
        quotable: call.quotable,
        secrets,
    })
}

impl Exchange {
    /// Records how many attempts the call took.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Decodes the body, mapping failure to a decode error carrying the ids.
    pub(crate) fn decode<T>(
        self,
        what: &str,
        decoder: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<Reply<T>, Error> {
        match decoder(&self.body) {
            Ok(value) => Ok(Reply {
                value,
                status: self.status,
                request_id: self.request_id,
                correlation_id: self.correlation_id,
            }),
            Err(source) => {
                let error = if self.quotable {
                    let text = Secret::redact(&String::from_utf8_lossy(&self.body), &self.secrets);
                    let detail = format!("body starts {:?}", snippet(&text, 80));
                    Error::decode(self.status, what, &detail).with_source(source)
                } else {
                    // serde's message may quote values (validation codes): keep the position only.
                    let at = match source.line() {
                        0 => "body withheld: it holds validation codes".to_owned(),
                        line => format!(
                            "body withheld, invalid at line {line} column {}",
                            source.column()
                        ),
                    };
                    Error::decode(self.status, what, &at)
                };
                Err(error
                    .with_ids(self.request_id, self.correlation_id)
                    .with_attempts(self.attempts))
            }
        }
    }
}

/// Maps an error status to a service error, redacting the call's secrets from the body.
pub(crate) fn service_error(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    secrets: &[Secret],
) -> Error {
    let text = Secret::redact(&String::from_utf8_lossy(body), secrets);
    let parsed = ApiErrorBody::parse(text.as_bytes());
    let raw = truncate_chars(&text, RAW_BODY_LIMIT).to_owned();
    let retry_after = headers.get(RETRY_AFTER).and_then(parse_retry_after);
    Error::service(status, parsed, raw, retry_after)
}

/// Parses `Retry-After` as delta-seconds or an HTTP date (a date in the past means zero).
pub(crate) fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

//! The request log.
//!
//! - [`LoggedRequest`]: one request as the emulator saw and answered it.
//! - [`RequestLog`]: the most recent 10,000 of them.
//! - [`Fault`]: the fault that shaped an answer.

use serde::{Deserialize, Serialize};
use url::form_urlencoded;

use crate::bounded::BoundedQueue;

/// How many requests the log keeps; older ones are forgotten.
const CAPACITY: usize = 10_000;

/// What replaces the value of a `code` query parameter in the log.
const REDACTED: &str = "[redacted]";

/// One request the emulator received, with how it answered.
///
/// Requests to `/_emulator/*` are not logged. Its serde form is camelCase:
/// `{"method":"POST","path":"/v1/customers/.../qualifications","query":"code=[redacted]",
/// "requestId":"...","correlationId":"...","status":201,"fault":null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LoggedRequest {
    /// The HTTP method (`GET`).
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, with the value of any `code` parameter replaced by `[redacted]`.
    pub query: Option<String>,
    /// The `MS-RequestId` header.
    pub request_id: Option<String>,
    /// The `MS-CorrelationId` header.
    pub correlation_id: Option<String>,
    /// The status answered; `0` when the connection was closed without an answer.
    pub status: u16,
    /// The injected fault or special handling, if any: `throttled`, `error`,
    /// `drop-before-apply`, `drop-after-apply`, `replayed` (the stored answer to a repeated
    /// request) or `replayed-mismatch` (409: the `MS-RequestId` was already used for a different
    /// request to the same method and resource).
    pub fault: Option<String>,
}

/// The fault or special handling behind an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// `429` from the token bucket.
    Throttled,
    /// An injected `500`/`503`.
    Error,
    /// Connection closed, nothing applied.
    DropBeforeApply,
    /// Change applied, connection closed.
    DropAfterApply,
    /// The stored answer to a request seen before (same method, resource, `MS-RequestId`, body
    /// and query).
    Replayed,
    /// 409: the method, resource and `MS-RequestId` of a stored answer with another body or
    /// query.
    ReplayedMismatch,
}

impl Fault {
    /// The name used in [`LoggedRequest::fault`].
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Throttled => "throttled",
            Self::Error => "error",
            Self::DropBeforeApply => "drop-before-apply",
            Self::DropAfterApply => "drop-after-apply",
            Self::Replayed => "replayed",
            Self::ReplayedMismatch => "replayed-mismatch",
        }
    }
}

/// The most recent [`CAPACITY`] requests, oldest first.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: BoundedQueue<LoggedRequest>,
}

impl Default for RequestLog {
    fn default() -> Self {
        Self {
            entries: BoundedQueue::new(CAPACITY),
        }
    }
}

impl RequestLog {
    /// Appends an entry, forgetting the oldest beyond the capacity.
    pub(crate) fn push(&mut self, entry: LoggedRequest) {
        self.entries.push(entry);
    }

    /// A copy of the entries, oldest first.
    pub(crate) fn entries(&self) -> Vec<LoggedRequest> {
        self.entries.iter().cloned().collect()
    }
}

/// The query with the value of every `code` parameter (any case) replaced by `[redacted]`; other
/// parameters are kept as sent.
pub(crate) fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let key = pair.split_once('=').map_or(pair, |(key, _)| key);
            let is_code = form_urlencoded::parse(key.as_bytes())
                .next()
                .is_some_and(|(name, _)| name.eq_ignore_ascii_case("code"));
            if is_code {
                format!("{key}={REDACTED}")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_code_parameter_and_keeps_the_rest() {
        assert_eq!(
            redact_query("code=123456&x=1&Code=9&c%6Fde=7&codes=2"),
            "code=[redacted]&x=1&Code=[redacted]&c%6Fde=[redacted]&codes=2"
        );
        assert_eq!(redact_query("code"), "code=[redacted]");
        assert_eq!(redact_query(""), "");
    }
}

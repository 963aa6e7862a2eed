//! The request log.
//!
//! - [`LoggedRequest`]: one request as the emulator saw and answered it.
//! - [`RequestLog`]: the most recent of them, bounded in entries and in bytes; entries are shared
//!   (`Arc`), so reading the log copies pointers under the lock, not text.
//! - [`Fault`]: the fault that shaped an answer.

use std::collections::VecDeque;
use std::mem::size_of;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use url::form_urlencoded;

use crate::footprint;

/// What replaces the value of a `code` query parameter in the log.
const REDACTED: &str = "[redacted]";

/// One request the emulator received, with how it answered.
///
/// Requests to `/_emulator/*` are not logged. Each text field holds at most
/// [`EmulatorConfig::log_field_bytes`](crate::EmulatorConfig::log_field_bytes) bytes (256 by
/// default); a longer one is cut at a character boundary and ends with `…`. Its serde form is
/// camelCase:
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
    /// The `MS-RequestId` header (as text; bytes that are not UTF-8 replaced by `�`).
    pub request_id: Option<String>,
    /// The `MS-CorrelationId` header (as text; bytes that are not UTF-8 replaced by `�`).
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

impl LoggedRequest {
    /// The bytes this entry holds once logged: its shared allocation (the two reference counts
    /// and the struct) and its text.
    fn footprint(&self) -> usize {
        let text = |field: &Option<String>| field.as_ref().map_or(0, String::capacity);
        2 * size_of::<usize>()
            + size_of::<Self>()
            + self.method.capacity()
            + self.path.capacity()
            + text(&self.query)
            + text(&self.request_id)
            + text(&self.correlation_id)
            + text(&self.fault)
    }
}

/// The most recent requests, oldest first: at most `max_entries`, and at most `max_bytes` of
/// entries (the newest is always kept).
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<Arc<LoggedRequest>>,
    /// The sum of the entries' footprints.
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

impl RequestLog {
    /// An empty log with these bounds (`max_entries` at least one).
    pub(crate) fn new(max_entries: usize, max_bytes: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            bytes: 0,
            max_entries: max_entries.max(1),
            max_bytes,
        }
    }

    /// Appends an entry, forgetting the oldest ones beyond either bound.
    pub(crate) fn push(&mut self, entry: LoggedRequest) {
        let size = entry.footprint();
        while !self.entries.is_empty()
            && (self.entries.len() >= self.max_entries
                || self.bytes.saturating_add(size) > self.max_bytes)
        {
            if let Some(oldest) = self.entries.pop_front() {
                self.bytes = self.bytes.saturating_sub(oldest.footprint());
            }
        }
        self.bytes = self.bytes.saturating_add(size);
        self.entries.push_back(Arc::new(entry));
    }

    /// The entries, oldest first, shared: only pointers are copied.
    pub(crate) fn snapshot(&self) -> Vec<Arc<LoggedRequest>> {
        self.entries.iter().cloned().collect()
    }

    /// How many entries are held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The bytes held: the entries and the queue's slots.
    pub(crate) fn stored_bytes(&self) -> usize {
        self.bytes + footprint::deque_bytes(&self.entries)
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

    fn entry(path: &str) -> LoggedRequest {
        LoggedRequest {
            method: "GET".to_owned(),
            path: path.to_owned(),
            query: None,
            request_id: None,
            correlation_id: None,
            status: 200,
            fault: None,
        }
    }

    #[test]
    fn forgets_the_oldest_beyond_the_entry_bound() {
        let mut log = RequestLog::new(2, usize::MAX);
        for path in ["/a", "/b", "/c"] {
            log.push(entry(path));
        }
        let paths: Vec<String> = log.snapshot().iter().map(|e| e.path.clone()).collect();
        assert_eq!(paths, ["/b", "/c"]);
    }

    #[test]
    fn forgets_the_oldest_beyond_the_byte_bound_but_keeps_the_newest() {
        let one = entry(&"x".repeat(100)).footprint();
        let mut log = RequestLog::new(100, one * 3);
        for _ in 0..10 {
            log.push(entry(&"x".repeat(100)));
        }
        assert_eq!(log.len(), 3);
        assert!(log.stored_bytes() >= one * 3);

        let mut tiny = RequestLog::new(100, 1);
        tiny.push(entry("/a"));
        tiny.push(entry("/b"));
        assert_eq!(tiny.len(), 1);
        assert_eq!(tiny.snapshot()[0].path, "/b");
    }

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

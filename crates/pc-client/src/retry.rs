//! Retries: when to retry (classification) is separate from how long to wait (backoff).
//!
//! - [`RetryPolicy`]: attempt cap and backoff settings, with their defaults.
//! - `classify`: which outcomes are worth another attempt.
//! - `RetryPolicy::delay`: full-jitter exponential backoff, never shorter than `Retry-After`.
//!
//! # Design
//!
//! The `MS-RequestId` of a call is fixed before the first attempt and resent on every retry: the
//! service deduplicates on it, so a create whose response was lost is never applied twice. A new
//! call gets new ids.

use std::time::Duration;

use http::StatusCode;
use pc_transport::TransportErrorKind;
use rand::Rng;

use crate::{Error, ErrorKind};

/// How a client retries a failed attempt.
///
/// Retried: `408`, `429`, `500`, `502`, `503`, `504`, transport failures (also those that may
/// have been processed: the same `MS-RequestId` makes the retry safe), and transient token
/// failures ([`Error::is_transient`](crate::Error::is_transient)). Never retried: other statuses,
/// invalid input, requests the transport refused to send, decode errors, oversized responses. A `401` is retried once after the
/// token provider is asked for a new token, outside this policy.
///
/// The wait before attempt `n + 1` is `max(Retry-After, backoff)`, where backoff is a random
/// duration in `[0, min(max_backoff, initial_backoff * 2^(n-1))]` (full jitter). A wait that would
/// pass the call's deadline ends the call with the last error.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use pc_client::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(6)
///     .initial_backoff(Duration::from_millis(200));
/// assert_eq!(policy.attempts(), 6);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// Attempts per call, the first included. Default: 4. Zero is read as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff ceiling of the first retry; it doubles per retry. Default: 500 ms.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest backoff ceiling. Default: 30 seconds.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Attempts per call.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait after failed attempt `attempt` (1-based), given the service's `Retry-After`.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let backoff = if ceiling.is_zero() {
            Duration::ZERO
        } else {
            rand::rng().random_range(Duration::ZERO..=ceiling)
        };
        backoff.max(retry_after.unwrap_or(Duration::ZERO))
    }
}

/// Whether an attempt that ended in `error` is worth another attempt.
pub(crate) fn classify(error: &Error) -> bool {
    match error.kind() {
        ErrorKind::Service => error.status().is_some_and(retryable_status),
        // A request refused before sending would be refused again.
        ErrorKind::Transport => error
            .transport_error()
            .is_none_or(|e| e.kind() != TransportErrorKind::InvalidRequest),
        ErrorKind::Auth => error.is_transient(),
        _ => false,
    }
}

fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

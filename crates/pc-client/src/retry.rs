//! Retries: when to retry (classification) is separate from how long to wait (backoff).
//!
//! - [`RetryPolicy`]: attempt cap, backoff settings and the classifiers, with their defaults.
//! - [`ClassifyRetry`]: the hook that decides whether a failed attempt is worth another one.
//! - [`RetryAction`]: a classifier's answer.
//! - [`DefaultRetryClassifier`]: the rules every policy ends with.
//!
//! # Design
//!
//! The `MS-RequestId` of a call is fixed before the first attempt and resent on every retry: the
//! service deduplicates on it, so a create whose response was lost is never applied twice. A new
//! call gets new ids. Classifiers compose: those added to a policy are asked in order, the first
//! that indicates an action decides, and [`DefaultRetryClassifier`] answers when none does.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use pc_transport::TransportErrorKind;
use rand::Rng;

use crate::{Error, ErrorKind};

/// What a classifier says about a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAction {
    /// No opinion: ask the next classifier (the default rules last).
    NoActionIndicated,
    /// Retry after the policy's backoff.
    Retry,
    /// Retry after at least this long (the policy's backoff if longer).
    RetryAfter(Duration),
    /// Do not retry: the call ends with this error.
    NoRetry,
}

impl RetryAction {
    /// Whether the action is a retry.
    pub fn is_retry(self) -> bool {
        matches!(self, Self::Retry | Self::RetryAfter(_))
    }
}

/// Decides whether a failed attempt is worth another one.
///
/// Implemented for every `Fn(&Error) -> RetryAction + Send + Sync`, so a closure is a classifier.
/// The error carries everything known of the attempt: [`Error::status`], [`Error::code`],
/// [`Error::retry_after`], [`Error::transport_error`], [`Error::attempts`]. A `401` is handled
/// before classifiers are asked (one token refresh and one more attempt).
///
/// # Example: retry a `409` with a given code
///
/// ```
/// use pc_client::{Error, RetryAction, RetryPolicy};
///
/// let policy = RetryPolicy::default().with_classifier(|e: &Error| {
///     match (e.status().map(|s| s.as_u16()), e.code()) {
///         (Some(409), Some("800002")) => RetryAction::Retry,
///         _ => RetryAction::NoActionIndicated,
///     }
/// });
/// # let _ = policy;
/// ```
pub trait ClassifyRetry: Send + Sync {
    /// The action for an attempt that ended in `error`.
    fn classify(&self, error: &Error) -> RetryAction;
}

impl<F> ClassifyRetry for F
where
    F: Fn(&Error) -> RetryAction + Send + Sync,
{
    fn classify(&self, error: &Error) -> RetryAction {
        self(error)
    }
}

/// The rules every [`RetryPolicy`] ends with.
///
/// Retried: `408`, `429`, `500`, `502`, `503`, `504` (with the service's `Retry-After` as
/// [`RetryAction::RetryAfter`]), transport failures (also those that may have been processed: the
/// same `MS-RequestId` makes the retry safe) except requests the transport refused to send, and
/// transient token failures ([`Error::is_transient`]). Never retried: other statuses, invalid
/// input, decode errors, oversized responses, timeouts.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultRetryClassifier;

impl ClassifyRetry for DefaultRetryClassifier {
    fn classify(&self, error: &Error) -> RetryAction {
        let retry = match error.kind() {
            ErrorKind::Service => error
                .status()
                .is_some_and(|s| matches!(s.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)),
            // A request refused before sending would be refused again.
            ErrorKind::Transport => error
                .transport_error()
                .is_none_or(|e| e.kind() != TransportErrorKind::InvalidRequest),
            ErrorKind::Auth => error.is_transient(),
            _ => false,
        };
        match (retry, error.retry_after()) {
            (false, _) => RetryAction::NoRetry,
            (true, Some(wait)) => RetryAction::RetryAfter(wait),
            (true, None) => RetryAction::Retry,
        }
    }
}

/// How a client retries a failed attempt.
///
/// Each failed attempt is classified: the classifiers added with
/// [`with_classifier`](Self::with_classifier) are asked in order and the first that indicates an
/// action decides; [`DefaultRetryClassifier`] answers otherwise. A `401` is retried once after the
/// token provider is asked for a new token, outside this policy.
///
/// The wait before attempt `n + 1` is `max(floor, backoff)`, where the floor is the duration of a
/// [`RetryAction::RetryAfter`] (the service's `Retry-After` under the default rules) and backoff is
/// a random duration in `[0, min(max_backoff, initial_backoff * 2^(n-1))]` (full jitter). A wait
/// that would pass the call's deadline ends the call with the last error.
///
/// Cloning is cheap (the classifiers are shared).
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
#[derive(Clone)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    classifiers: Arc<[Arc<dyn ClassifyRetry>]>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            classifiers: Arc::new([]),
        }
    }
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("initial_backoff", &self.initial_backoff)
            .field("max_backoff", &self.max_backoff)
            .field("custom_classifiers", &self.classifiers.len())
            .finish()
    }
}

impl PartialEq for RetryPolicy {
    /// Equal settings and the very same classifiers (compared by identity).
    fn eq(&self, other: &Self) -> bool {
        self.max_attempts == other.max_attempts
            && self.initial_backoff == other.initial_backoff
            && self.max_backoff == other.max_backoff
            && self.classifiers.len() == other.classifiers.len()
            && self
                .classifiers
                .iter()
                .zip(other.classifiers.iter())
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl Eq for RetryPolicy {}

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

    /// Adds a classifier, asked after those added before it and before the default rules.
    /// Default: none (only [`DefaultRetryClassifier`]).
    pub fn with_classifier(mut self, classifier: impl ClassifyRetry + 'static) -> Self {
        let mut all: Vec<Arc<dyn ClassifyRetry>> = self.classifiers.iter().cloned().collect();
        all.push(Arc::new(classifier));
        self.classifiers = all.into();
        self
    }

    /// Attempts per call.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// What this policy does after an attempt that ended in `error`: the first action indicated
    /// by a custom classifier, else the default rules' (never
    /// [`RetryAction::NoActionIndicated`]).
    pub fn classify(&self, error: &Error) -> RetryAction {
        self.classifiers
            .iter()
            .map(|c| c.classify(error))
            .find(|action| *action != RetryAction::NoActionIndicated)
            .unwrap_or_else(|| DefaultRetryClassifier.classify(error))
    }

    /// The wait after failed attempt `attempt` (1-based), never shorter than `floor`.
    pub(crate) fn delay(&self, attempt: u32, floor: Option<Duration>) -> Duration {
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
        backoff.max(floor.unwrap_or(Duration::ZERO))
    }
}

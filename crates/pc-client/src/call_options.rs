//! Per-call settings.
//!
//! - [`CallOptions`]: pin the ids or the locale of one call.

use std::time::Duration;

use uuid::Uuid;

/// Settings for one call. Unset fields take the client's defaults: fresh ids, the client's locale.
///
/// # Example
///
/// ```
/// use pc_client::CallOptions;
///
/// let batch = uuid::Uuid::new_v4();
/// let options = CallOptions::default().correlation_id(batch).locale("fr-FR");
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct CallOptions {
    pub(crate) correlation_id: Option<Uuid>,
    pub(crate) request_id: Option<Uuid>,
    pub(crate) locale: Option<String>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) timeout: Option<Duration>,
}

impl CallOptions {
    /// Pins `MS-CorrelationId` (to tie several calls together). Default: a new GUID per call.
    pub fn correlation_id(mut self, id: Uuid) -> Self {
        self.correlation_id = Some(id);
        self
    }

    /// Pins `MS-RequestId`, the idempotency key. Default: a new GUID per call. Reuse one only to
    /// replay the very same change.
    pub fn request_id(mut self, id: Uuid) -> Self {
        self.request_id = Some(id);
        self
    }

    /// Sets `X-Locale` for this call. Default: the client's locale, if any.
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// Overrides the retry policy's attempt cap for this call (the other backoff settings stay
    /// the client's). Default: the client's [`RetryPolicy`](crate::RetryPolicy).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Overrides the overall deadline of this call, retries and waits included. Default: the
    /// client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

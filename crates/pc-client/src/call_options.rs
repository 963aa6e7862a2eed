//! Per-call settings.
//!
//! - [`CallOptions`]: pin the ids, the locale, the retry policy or the deadline of one call.

use std::time::Duration;

use uuid::Uuid;

use crate::RetryPolicy;

/// Settings for one call, given to an operation's request builder with `.options(..)`. Unset
/// fields take the client's defaults: fresh ids, the client's locale, retry policy and timeout.
///
/// # Example
///
/// ```
/// use pc_client::CallOptions;
///
/// let batch = uuid::Uuid::new_v4();
/// let options = CallOptions::default().correlation_id(batch).locale("fr-FR");
/// # async fn run(client: pc_client::PartnerCenterClient, id: pc_client::CustomerId,
/// #              options: CallOptions) -> Result<(), pc_client::Error> {
/// let list = client.customer(id).qualifications().list().options(options).await?;
/// # let _ = list; Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct CallOptions {
    pub(crate) correlation_id: Option<Uuid>,
    pub(crate) request_id: Option<Uuid>,
    pub(crate) locale: Option<String>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) retry: Option<RetryPolicy>,
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

    /// Overrides the attempt cap of the policy in force for this call (the client's, or the one
    /// given with [`retry_policy`](Self::retry_policy)). Default: that policy's cap.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Uses a whole [`RetryPolicy`] (attempts, backoff, classifiers) for this call. Default: the
    /// client's policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Overrides the overall deadline of this call, retries and waits included. Default: the
    /// client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

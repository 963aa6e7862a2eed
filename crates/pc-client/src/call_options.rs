//! Per-call settings.
//!
//! - [`CallOptions`]: pin the ids or the locale of one call.

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
}

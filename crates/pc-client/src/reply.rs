//! A decoded value with what the exchange said about itself.
//!
//! - [`Reply`]: value, HTTP status and both ids.

use http::StatusCode;
use uuid::Uuid;

/// A decoded response value with the status and ids of the exchange, for callers that log or
/// display them (the `*_reply` methods).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Reply<T> {
    /// The decoded value.
    pub value: T,
    /// The HTTP status.
    pub status: StatusCode,
    /// The `MS-RequestId` sent.
    pub request_id: Uuid,
    /// The `MS-CorrelationId` sent.
    pub correlation_id: Uuid,
}

impl<T> Reply<T> {
    /// The decoded value.
    pub fn into_value(self) -> T {
        self.value
    }
}

//! The response size limit a request carries.
//!
//! - [`ResponseLimit`]: a request extension; transports stop reading past it.

/// The default response body limit: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The largest response body the caller accepts, carried in the request's extensions.
///
/// Transports read at most this many bytes and fail with
/// [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge) beyond it. Absent,
/// [`DEFAULT_MAX_RESPONSE_BYTES`] applies.
///
/// # Example
///
/// ```
/// use pc_transport::ResponseLimit;
///
/// let mut request = http::Request::new(bytes::Bytes::new());
/// request.extensions_mut().insert(ResponseLimit(1024));
/// assert_eq!(ResponseLimit::of(&request), 1024);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseLimit(pub usize);

impl ResponseLimit {
    /// The limit a request carries, or the default.
    pub fn of<B>(request: &http::Request<B>) -> usize {
        request
            .extensions()
            .get::<Self>()
            .map_or(DEFAULT_MAX_RESPONSE_BYTES, |limit| limit.0)
    }
}

impl Default for ResponseLimit {
    fn default() -> Self {
        Self(DEFAULT_MAX_RESPONSE_BYTES)
    }
}

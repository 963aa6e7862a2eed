//! Values a consumer's own fakes return (feature `test-util`).
//!
//! - [`Reply::fake`]: a successful reply with a status and ids.
//! - [`Error::fake_service`], [`Error::fake_response`]: a service error built exactly as the
//!   client builds one from a response.
//! - [`Error::fake_transport`]: a transport error of a given kind.
//! - [`Error::fake_ids`]: the ids an error reports.
//!
//! # Example: a service trait mocked in a consumer's tests
//!
//! ```
//! use pc_client::http::StatusCode;
//! use pc_client::uuid::Uuid;
//! use pc_client::{Error, Qualification, CustomerQualification, Reply};
//!
//! let ok = Reply::fake(
//!     Qualification::new(CustomerQualification::StateOwnedEntity),
//!     StatusCode::CREATED,
//!     Uuid::nil(),
//!     Uuid::nil(),
//! );
//! assert_eq!(ok.status, StatusCode::CREATED);
//!
//! let refused = Error::fake_service(
//!     StatusCode::BAD_REQUEST,
//!     r#"{"code":"900118","description":"The customer ID is invalid.","errorName":"InvalidCustomerId","data":[]}"#,
//! );
//! assert_eq!(refused.code(), Some("900118"));
//! assert_eq!(refused.error_name(), Some("InvalidCustomerId"));
//! assert_eq!(
//!     refused.to_string(),
//!     "service error: HTTP 400 Bad Request, code 900118: The customer ID is invalid"
//! );
//! assert!(!refused.is_retryable());
//! ```

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use pc_transport::{TransportError, TransportErrorKind};
use uuid::Uuid;

use crate::response::service_error;
use crate::{Error, Reply};

impl<T> Reply<T> {
    /// A reply as a successful call would give it (feature `test-util`).
    pub fn fake(value: T, status: StatusCode, request_id: Uuid, correlation_id: Uuid) -> Self {
        Self {
            value,
            status,
            request_id,
            correlation_id,
        }
    }
}

impl Error {
    /// The service error the client would report for `status` and `body` (feature `test-util`).
    pub fn fake_service(status: StatusCode, body: impl AsRef<[u8]>) -> Self {
        service_error(status, &HeaderMap::new(), body.as_ref(), &[]).with_attempts(1)
    }

    /// The service error the client would report for a whole response, headers included
    /// (`Retry-After`) (feature `test-util`).
    pub fn fake_response(response: &http::Response<Bytes>) -> Self {
        service_error(response.status(), response.headers(), response.body(), &[]).with_attempts(1)
    }

    /// A transport error of `kind` with `cause` (feature `test-util`).
    pub fn fake_transport(kind: TransportErrorKind, cause: &str) -> Self {
        Error::transport(TransportError::new(kind, cause.to_owned())).with_attempts(1)
    }

    /// Sets the ids the error reports (feature `test-util`).
    #[must_use]
    pub fn fake_ids(self, request_id: Uuid, correlation_id: Uuid) -> Self {
        self.with_ids(request_id, correlation_id)
    }
}

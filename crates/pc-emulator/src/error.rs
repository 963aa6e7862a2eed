//! The documented errors the emulator answers with.
//!
//! - [`ApiError`]: a status plus the documented `{code, description, data, source}` body; it
//!   becomes a [`Reply`] (or an [`Outcome`]) to send.
//!
//! | status | code | when |
//! |---|---|---|
//! | 400 | `800002` | unparsable body, wrong JSON type, `None`/`Nonprofit`, bad form, an `MS-RequestId` or `MS-CorrelationId` that is not a hyphenated GUID, invalid faults |
//! | 400 | `900118` | the customer id is not a hyphenated GUID |
//! | 400 | `900126` | an integer outside `0..=4` or an unknown qualification name |
//! | 400 | `3000` | invalid property: segment, validation code, SOE on the legacy API |
//! | 401 | `800001` | no bearer token |
//! | 401 | `400` | unknown or expired token |
//! | 401 | `800001` | admin API: no or wrong admin token (when one is configured) |
//! | 403 | `900329` | an app-only token on `POST`/`PUT` |
//! | 403 | `800002` | admin API: a `Host` that is not a loopback name (no admin token configured) |
//! | 404 | `1000` | unknown path |
//! | 405 | `800002` | known path, wrong method (with `Allow`) |
//! | 409 | `800002` | duplicate qualification, or Education and GCC combined |
//! | 408 | `800002` | a body not received within the body-read timeout |
//! | 409 | `800002` | an `MS-RequestId` already used for a different request |
//! | 413 | `800002` | a body over 64 KiB |
//! | 415 | `800002` | admin API: a `POST`/`PUT` without `Content-Type: application/json` |
//! | 500 | `800003` | injected error |
//! | 503 | `800003` | injected error |
//! | 507 | `800003` | a create for a new customer when the emulator holds its maximum of customers |

use std::time::Duration;

use http::header::{ALLOW, HeaderValue, WWW_AUTHENTICATE};
use http::{Method, StatusCode};
use pc_models::DocumentedError;

use crate::reply::{Outcome, Reply};

/// The `source` of every documented error the emulator sends.
const SOURCE: &str = "PartnerFD";

/// A documented Partner Center error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    description: String,
    /// The methods for the `Allow` header of a 405; empty otherwise.
    allowed: Vec<Method>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            allowed: Vec::new(),
        }
    }

    /// 401 / 800001: no bearer token.
    pub(crate) fn token_missing() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "800001", "Partner token missing")
    }

    /// 401 / 400: unknown or expired token.
    pub(crate) fn access_denied() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "400", "Access denied")
    }

    /// 403 / 900329: an app-only token where App+User is required.
    pub(crate) fn app_only() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "900329",
            "App-only authentication is not supported",
        )
    }

    /// 404 / 1000: unknown path.
    pub(crate) fn not_found(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "1000",
            format!("The resource {} was not found.", shorten(path)),
        )
    }

    /// 405 / 800002: a known path with a method it does not serve; `allowed` are those it does,
    /// in the order `Allow` lists them.
    pub(crate) fn method_not_allowed(method: &Method, allowed: Vec<Method>) -> Self {
        let mut error = Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "800002",
            format!(
                "The method {} is not allowed on this resource; allowed: {}.",
                shorten(method.as_str()),
                allow_list(&allowed)
            ),
        );
        error.allowed = allowed;
        error
    }

    /// 400 / 800002: invalid request input.
    pub(crate) fn invalid_input(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "800002", description)
    }

    /// 413 / 800002: a body over the limit.
    pub(crate) fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "800002",
            format!("The request body exceeds {limit} bytes."),
        )
    }

    /// 400 / 800002: an id header (`MS-RequestId`, `MS-CorrelationId`) that is not a hyphenated
    /// GUID.
    pub(crate) fn invalid_id_header(name: &str) -> Self {
        Self::invalid_input(format!(
            "The {name} header must be a GUID in the hyphenated form \
             (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
        ))
    }

    /// 408 / 800002: the body did not arrive within the body-read timeout.
    pub(crate) fn body_timeout(timeout: Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "800002",
            format!(
                "The request body was not received within {} ms.",
                timeout.as_millis()
            ),
        )
    }

    /// 507 / 800003: a new customer when the emulator holds its maximum of customers.
    pub(crate) fn customers_full(max: usize) -> Self {
        Self::new(
            StatusCode::INSUFFICIENT_STORAGE,
            "800003",
            format!(
                "The emulator holds its maximum of {max} customers; reset it \
                 (POST /_emulator/reset) or raise EmulatorConfig::max_customers."
            ),
        )
    }

    /// 403 / 800002: an admin request whose `Host` is not a loopback name.
    pub(crate) fn admin_host() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "800002",
            "The admin API answers only requests to 127.0.0.1, localhost or [::1].",
        )
    }

    /// 401 / 800001: an admin request without the configured admin token.
    pub(crate) fn admin_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "800001",
            "The admin API needs Authorization: Bearer <admin token>.",
        )
    }

    /// 415 / 800002: an admin `POST`/`PUT` without `Content-Type: application/json`.
    pub(crate) fn not_json() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "800002",
            "The admin API takes Content-Type: application/json.",
        )
    }

    /// 400 / 900118: the customer id is not a GUID.
    pub(crate) fn invalid_customer() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "900118",
            "The customer ID is invalid.",
        )
    }

    /// 400 / 900126: an enum value that does not parse.
    pub(crate) fn unparsable_enum(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "900126", description)
    }

    /// 400 / 3000: an invalid property.
    pub(crate) fn invalid_property(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "3000", description)
    }

    /// 409 / 800002: the change conflicts with the customer's qualifications.
    pub(crate) fn conflict(description: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "800002", description)
    }

    /// 409 / 800002: the `MS-RequestId` was already used for a different request (same method
    /// and resource, another body or query).
    pub(crate) fn request_id_reused() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "800002",
            "The MS-RequestId was already used for a different request.",
        )
    }

    /// 500 or 503 / 800003: an injected server error.
    pub(crate) fn server_error(status: StatusCode) -> Self {
        let description = if status == StatusCode::SERVICE_UNAVAILABLE {
            "The service is temporarily unavailable. Try again later."
        } else {
            "An unexpected error occurred."
        };
        Self::new(status, "800003", description)
    }

    /// The error's HTTP status.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<ApiError> for Reply {
    fn from(error: ApiError) -> Self {
        let body = DocumentedError::new(error.code, error.description).with_source(SOURCE);
        let mut reply = Reply::json(error.status, &body);
        if !error.allowed.is_empty()
            && let Ok(allow) = HeaderValue::from_str(&allow_list(&error.allowed))
        {
            reply = reply.with_header(ALLOW, allow);
        }
        if error.status == StatusCode::UNAUTHORIZED {
            reply = reply.with_header(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        reply
    }
}

impl From<ApiError> for Outcome {
    fn from(error: ApiError) -> Self {
        Reply::from(error).into()
    }
}

/// `GET, POST`.
fn allow_list(methods: &[Method]) -> String {
    methods
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Cuts a client-supplied text to 100 characters for an error description.
pub(crate) fn shorten(text: &str) -> String {
    pc_models::text::truncate_chars(text, 100).to_owned()
}

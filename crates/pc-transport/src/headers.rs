//! Header names of the Partner Center REST API.
//!
//! Lower case, as `http::HeaderName` requires; HTTP header names are case-insensitive.

use http::HeaderName;

/// `MS-RequestId`: a GUID per logical call, resent unchanged on every retry (idempotency key).
pub const MS_REQUEST_ID: HeaderName = HeaderName::from_static("ms-requestid");
/// `MS-CorrelationId`: a GUID tying a call's attempts (or several calls) together in logs.
pub const MS_CORRELATION_ID: HeaderName = HeaderName::from_static("ms-correlationid");
/// `MS-Contract-Version`: documented as required (`v1`).
pub const MS_CONTRACT_VERSION: HeaderName = HeaderName::from_static("ms-contract-version");
/// `MS-PartnerCenter-Application`: the calling application's name.
pub const MS_PARTNER_CENTER_APPLICATION: HeaderName =
    HeaderName::from_static("ms-partnercenter-application");
/// `MS-CV`: the service's correlation vector (responses).
pub const MS_CV: HeaderName = HeaderName::from_static("ms-cv");
/// `MS-ServerId`: the answering server (responses).
pub const MS_SERVER_ID: HeaderName = HeaderName::from_static("ms-serverid");
/// `X-Locale`: the caller's locale (`en-US`).
pub const X_LOCALE: HeaderName = HeaderName::from_static("x-locale");

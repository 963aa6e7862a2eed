//! Which endpoint a request is for.
//!
//! - [`route`]: a method and path into a [`Route`]: the area (admin, token, API, other) and the
//!   operation, or the 404 / 405 error.

use http::Method;

use crate::error::ApiError;

/// A request's area and, within it, its operation or the 404 / 405 to answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Route<'a> {
    /// `/_emulator/*`: no auth, no faults, not logged.
    Admin(Result<AdminOperation, ApiError>),
    /// `/{tenant}/oauth2/token`: no faults.
    Token(Result<(), ApiError>),
    /// `/v1/*`: auth and faults.
    Api(Result<ApiOperation<'a>, ApiError>),
    /// Anything else: 404.
    Other(ApiError),
}

/// An operation of the Partner Center API, with the customer path segment as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApiOperation<'a> {
    /// `GET /v1/customers/{id}/qualifications`.
    ListQualifications(&'a str),
    /// `POST /v1/customers/{id}/qualifications`.
    CreateQualification(&'a str),
    /// Legacy `GET /v1/customers/{id}/qualification`.
    GetLegacy(&'a str),
    /// Legacy `PUT /v1/customers/{id}/qualification`.
    PutLegacy(&'a str),
    /// `GET /v1/customers/all/validations`.
    ListValidationCodes,
}

impl ApiOperation<'_> {
    /// Whether the operation changes state (and so needs an App+User token).
    pub(crate) fn is_write(self) -> bool {
        matches!(self, Self::CreateQualification(_) | Self::PutLegacy(_))
    }
}

/// An operation of the admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AdminOperation {
    /// `GET /_emulator/requests`.
    ReadLog,
    /// `GET /_emulator/faults`.
    ReadFaults,
    /// `PUT /_emulator/faults`.
    ReplaceFaults,
    /// `POST /_emulator/reset`.
    Reset,
}

const GET: &[Method] = &[Method::GET];
const POST: &[Method] = &[Method::POST];
const GET_POST: &[Method] = &[Method::GET, Method::POST];
const GET_PUT: &[Method] = &[Method::GET, Method::PUT];

/// Routes a request. Literal path segments match without ASCII case; one trailing `/` is
/// ignored.
pub(crate) fn route<'a>(method: &Method, path: &'a str) -> Route<'a> {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let segments: Vec<&str> = trimmed.split('/').collect();
    match segments.as_slice() {
        ["_emulator", rest @ ..] => Route::Admin(admin(method, rest, path)),
        [_tenant, oauth2, token] if is(oauth2, "oauth2") && is(token, "token") => {
            Route::Token(pick(method, POST, |_| Some(())))
        }
        [v1, rest @ ..] if is(v1, "v1") => Route::Api(api(method, rest, path)),
        _ => Route::Other(ApiError::not_found(path)),
    }
}

fn api<'a>(method: &Method, rest: &[&'a str], path: &str) -> Result<ApiOperation<'a>, ApiError> {
    match rest {
        [customers, all, validations]
            if is(customers, "customers") && is(all, "all") && is(validations, "validations") =>
        {
            pick(method, GET, |_| Some(ApiOperation::ListValidationCodes))
        }
        [customers, id, resource]
            if is(customers, "customers") && is(resource, "qualifications") =>
        {
            pick(method, GET_POST, |m| match *m {
                Method::GET => Some(ApiOperation::ListQualifications(id)),
                Method::POST => Some(ApiOperation::CreateQualification(id)),
                _ => None,
            })
        }
        [customers, id, resource]
            if is(customers, "customers") && is(resource, "qualification") =>
        {
            pick(method, GET_PUT, |m| match *m {
                Method::GET => Some(ApiOperation::GetLegacy(id)),
                Method::PUT => Some(ApiOperation::PutLegacy(id)),
                _ => None,
            })
        }
        _ => Err(ApiError::not_found(path)),
    }
}

fn admin(method: &Method, rest: &[&str], path: &str) -> Result<AdminOperation, ApiError> {
    match rest {
        ["requests"] => pick(method, GET, |_| Some(AdminOperation::ReadLog)),
        ["faults"] => pick(method, GET_PUT, |m| match *m {
            Method::GET => Some(AdminOperation::ReadFaults),
            Method::PUT => Some(AdminOperation::ReplaceFaults),
            _ => None,
        }),
        ["reset"] => pick(method, POST, |_| Some(AdminOperation::Reset)),
        _ => Err(ApiError::not_found(path)),
    }
}

/// The operation for an allowed method, or 405 with the allowed ones.
fn pick<T>(
    method: &Method,
    allowed: &'static [Method],
    operation: impl FnOnce(&Method) -> Option<T>,
) -> Result<T, ApiError> {
    if allowed.contains(method)
        && let Some(operation) = operation(method)
    {
        return Ok(operation);
    }
    Err(ApiError::method_not_allowed(method, allowed))
}

fn is(segment: &str, literal: &str) -> bool {
    segment.eq_ignore_ascii_case(literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_every_endpoint() {
        let id = "c0a5c0a5-0000-4000-8000-acade0000002";
        let path = format!("/v1/Customers/{id}/Qualifications/");
        assert_eq!(
            route(&Method::POST, &path),
            Route::Api(Ok(ApiOperation::CreateQualification(id)))
        );
        assert_eq!(
            route(&Method::GET, "/v1/customers/all/validations"),
            Route::Api(Ok(ApiOperation::ListValidationCodes))
        );
        assert_eq!(
            route(&Method::POST, "/common/oauth2/token"),
            Route::Token(Ok(()))
        );
        assert_eq!(
            route(&Method::PUT, "/_emulator/faults"),
            Route::Admin(Ok(AdminOperation::ReplaceFaults))
        );
        assert!(matches!(route(&Method::GET, "/"), Route::Other(_)));
        assert!(matches!(
            route(&Method::GET, "/v1/nothing"),
            Route::Api(Err(_))
        ));
        assert!(matches!(
            route(&Method::DELETE, "/_emulator/reset"),
            Route::Admin(Err(_))
        ));
    }
}

//! Which endpoint a request is for.
//!
//! - [`route`]: a method and path into a [`Route`]: the area (admin, token, API, other) and the
//!   operation, or the 404 / 405 error.
//! - [`ApiRoute`]: a Partner Center request's row of [`ENDPOINTS`] and its customer segment.
//! - [`AdminOperation`]: an operation of the emulator's own `/_emulator/*` API.
//!
//! Partner Center paths are not written here: they are matched against the rows of
//! [`ENDPOINTS`], so the emulator serves exactly the table the client calls.

use http::Method;
use pc_models::{ENDPOINTS, Endpoint, HttpMethod};

use crate::error::ApiError;

/// A request's area and, within it, its operation or the 404 / 405 to answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Route<'a> {
    /// `/_emulator/*`: no auth, no faults, not logged.
    Admin(Result<AdminOperation, ApiError>),
    /// `/{tenant}/oauth2/token`: no faults.
    Token(Result<(), ApiError>),
    /// The Partner Center API (`/v1/*`): auth and faults.
    Api(Result<ApiRoute<'a>, ApiError>),
    /// Anything else: 404.
    Other(ApiError),
}

/// A Partner Center request: its row of the endpoint table and the customer path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ApiRoute<'a> {
    /// The row whose path template and method the request matched.
    pub(crate) endpoint: &'static Endpoint,
    /// The customer segment as sent (not yet checked to be a GUID); `None` when the template
    /// names no customer.
    pub(crate) customer: Option<&'a str>,
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
    /// `GET /_emulator/openapi.yaml`: the OpenAPI 3.1 document of the `/v1` operations.
    OpenApiDocument,
}

/// Routes a request. Literal path segments match without ASCII case; one trailing `/` is
/// ignored.
pub(crate) fn route<'a>(method: &Method, path: &'a str) -> Route<'a> {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let segments: Vec<&str> = trimmed.split('/').collect();
    match segments.as_slice() {
        ["_emulator", rest @ ..] => Route::Admin(admin(method, rest, path)),
        [_tenant, oauth2, token] if is(oauth2, "oauth2") && is(token, "token") => {
            Route::Token(pick(method, &[Method::POST], |_| Some(())))
        }
        [first, ..] if is_api_root(first) => Route::Api(api(method, path)),
        _ => Route::Other(ApiError::not_found(path)),
    }
}

/// Whether a first path segment is the one every Partner Center template starts with (`v1`).
fn is_api_root(segment: &str) -> bool {
    ENDPOINTS.iter().any(|endpoint| {
        let root = endpoint.template.trim_start_matches('/').split('/').next();
        root.is_some_and(|root| is(segment, root))
    })
}

/// The row of [`ENDPOINTS`] whose template matches `path` and whose method is `method`.
///
/// # Errors
///
/// 404 when no template matches the path; 405 when some do but none with this method, `Allow`
/// listing theirs in table order.
fn api<'a>(method: &Method, path: &'a str) -> Result<ApiRoute<'a>, ApiError> {
    let mut allowed = Vec::new();
    for endpoint in &ENDPOINTS {
        let Some(customer) = endpoint.match_path(path) else {
            continue;
        };
        let endpoint_method = to_http(endpoint.method);
        if endpoint_method == method {
            return Ok(ApiRoute { endpoint, customer });
        }
        if !allowed.contains(&endpoint_method) {
            allowed.push(endpoint_method);
        }
    }
    if allowed.is_empty() {
        Err(ApiError::not_found(path))
    } else {
        Err(ApiError::method_not_allowed(method, allowed))
    }
}

/// The `http` crate's form of a table method.
fn to_http(method: HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
    }
}

fn admin(method: &Method, rest: &[&str], path: &str) -> Result<AdminOperation, ApiError> {
    match rest {
        ["requests"] => pick(method, &[Method::GET], |_| Some(AdminOperation::ReadLog)),
        ["faults"] => pick(method, &[Method::GET, Method::PUT], |m| match *m {
            Method::GET => Some(AdminOperation::ReadFaults),
            Method::PUT => Some(AdminOperation::ReplaceFaults),
            _ => None,
        }),
        ["reset"] => pick(method, &[Method::POST], |_| Some(AdminOperation::Reset)),
        ["openapi.yaml"] => pick(method, &[Method::GET], |_| {
            Some(AdminOperation::OpenApiDocument)
        }),
        _ => Err(ApiError::not_found(path)),
    }
}

/// The operation for an allowed method, or 405 with the allowed ones.
fn pick<T>(
    method: &Method,
    allowed: &[Method],
    operation: impl FnOnce(&Method) -> Option<T>,
) -> Result<T, ApiError> {
    if allowed.contains(method)
        && let Some(operation) = operation(method)
    {
        return Ok(operation);
    }
    Err(ApiError::method_not_allowed(method, allowed.to_vec()))
}

fn is(segment: &str, literal: &str) -> bool {
    segment.eq_ignore_ascii_case(literal)
}

#[cfg(test)]
mod tests {
    use pc_models::Operation;

    use super::*;

    #[test]
    fn routes_every_area() {
        let id = "c0a5c0a5-0000-4000-8000-acade0000002";
        let path = format!("/v1/Customers/{id}/Qualifications/");
        assert_eq!(
            route(&Method::POST, &path),
            Route::Api(Ok(ApiRoute {
                endpoint: Operation::CreateQualification.endpoint(),
                customer: Some(id),
            }))
        );
        assert_eq!(
            route(&Method::GET, "/v1/customers/all/validations"),
            Route::Api(Ok(ApiRoute {
                endpoint: Operation::ListValidationCodes.endpoint(),
                customer: None,
            }))
        );
        assert_eq!(
            route(&Method::POST, "/common/oauth2/token"),
            Route::Token(Ok(()))
        );
        assert_eq!(
            route(&Method::PUT, "/_emulator/faults"),
            Route::Admin(Ok(AdminOperation::ReplaceFaults))
        );
        assert_eq!(
            route(&Method::GET, "/_emulator/openapi.yaml"),
            Route::Admin(Ok(AdminOperation::OpenApiDocument))
        );
        assert!(matches!(
            route(&Method::PUT, "/_emulator/openapi.yaml"),
            Route::Admin(Err(_))
        ));
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

    #[test]
    fn every_row_is_routed_to_itself() {
        for endpoint in &ENDPOINTS {
            let path = endpoint.template.replace(
                pc_models::CUSTOMER_PLACEHOLDER,
                "c0a5c0a5-0000-4000-8000-acade0000002",
            );
            let routed = api(&to_http(endpoint.method), &path).map(|route| route.endpoint);
            assert_eq!(routed, Ok(endpoint), "{}", endpoint.name);
        }
    }
}

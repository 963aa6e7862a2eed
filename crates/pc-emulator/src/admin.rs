//! The admin API under `/_emulator/`: no faults, not logged, and guarded against browsers.
//!
//! - [`respond`]: read the request log, read or replace the faults, reset the state, serve the
//!   OpenAPI document.
//! - [`OPENAPI_DOCUMENT`]: `openapi/partner-center-qualifications.yaml` of the workspace, the
//!   OpenAPI 3.1 description of the `/v1` operations, embedded at build time and served byte
//!   for byte at `GET /_emulator/openapi.yaml` as `application/yaml`.
//! - [`guard`]: who may call it: a loopback `Host` (DNS rebinding defence), or the admin token
//!   when one is configured; and `Content-Type: application/json` on the `POST`/`PUT` (so a web
//!   page cannot send them as CORS-simple requests).

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use http::{HeaderMap, StatusCode};
use hyper::body::Body;

use crate::error::ApiError;
use crate::faults::Faults;
use crate::log::LoggedRequest;
use crate::reply::Reply;
use crate::request::read_body;
use crate::router::AdminOperation;
use crate::state::State;

/// The OpenAPI 3.1 document of the Partner Center operations the emulator serves (issue 11):
/// the workspace's `openapi/partner-center-qualifications.yaml`, kept in step with
/// [`pc_models::ENDPOINTS`] by the `pc-openapi-tests` suite. It is read through the symbolic
/// link `openapi/partner-center-qualifications.yaml` of this crate, so that `cargo package`
/// puts the file (not the link) in the package and a build from the `.crate` finds it.
pub(crate) const OPENAPI_DOCUMENT: &str =
    include_str!("../openapi/partner-center-qualifications.yaml");

/// The content type of [`OPENAPI_DOCUMENT`] (RFC 9512).
const YAML: &str = "application/yaml";

/// The host names a loopback emulator's admin API answers to (with any port).
const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// Answers an admin request (or the 404 / 405 / 401 / 403 / 415 to send). Every answer is JSON
/// but the OpenAPI document's (YAML).
pub(crate) async fn respond<B>(
    state: &State,
    operation: Result<AdminOperation, ApiError>,
    headers: &HeaderMap,
    body: B,
) -> Reply
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    if let Err(error) = guard(state, headers) {
        return error.into();
    }
    let operation = match operation {
        Ok(operation) => operation,
        Err(error) => return error.into(),
    };
    if matches!(
        operation,
        AdminOperation::ReplaceFaults | AdminOperation::Reset
    ) && !is_json(headers)
    {
        return ApiError::not_json().into();
    }
    match operation {
        AdminOperation::ReadLog => {
            // Pointers are copied under the lock; the text is serialized after it is released.
            let snapshot = state.world().log.snapshot();
            let entries: Vec<&LoggedRequest> = snapshot.iter().map(AsRef::as_ref).collect();
            Reply::json(StatusCode::OK, &entries)
        }
        AdminOperation::ReadFaults => {
            let faults = state.world().injector.faults().clone();
            Reply::json(StatusCode::OK, &faults)
        }
        AdminOperation::ReplaceFaults => match read_faults(state, body).await {
            Ok(faults) => {
                state.set_faults(faults.clone());
                Reply::json(StatusCode::OK, &faults)
            }
            Err(error) => error.into(),
        },
        AdminOperation::Reset => {
            state.reset();
            Reply::json(StatusCode::OK, &serde_json::json!({ "reset": true }))
        }
        AdminOperation::OpenApiDocument => Reply::raw(
            StatusCode::OK,
            Bytes::from_static(OPENAPI_DOCUMENT.as_bytes()),
        )
        .with_header(CONTENT_TYPE, HeaderValue::from_static(YAML)),
    }
}

/// Lets a request through to the admin API.
///
/// With an admin token configured, `Authorization: Bearer <admin token>` is required and the
/// `Host` is not checked. Without one, a `Host` header, when sent, must name a loopback host
/// (`127.0.0.1`, `localhost`, `[::1]`, any port, any case): a browser tricked by DNS rebinding
/// sends the attacker's name. A request with no `Host` (an in-process call) passes.
///
/// # Errors
///
/// 401 / `800001` without the admin token; 403 / `800002` for another `Host`.
fn guard(state: &State, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(token) = &state.config().admin_token {
        let sent = headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, sent)| sent.trim());
        return match sent {
            Some(sent) if same(sent.as_bytes(), token.expose().as_bytes()) => Ok(()),
            _ => Err(ApiError::admin_token()),
        };
    }
    let mut hosts = headers.get_all(HOST).iter();
    match (hosts.next(), hosts.next()) {
        (None, _) => Ok(()),
        (Some(host), None) if host.to_str().is_ok_and(is_loopback_host) => Ok(()),
        _ => Err(ApiError::admin_host()),
    }
}

/// Whether a `Host` value names a loopback host, with or without a port.
fn is_loopback_host(value: &str) -> bool {
    let value = value.trim();
    let (host, port) = if value.starts_with('[') {
        match value.find(']') {
            Some(end) => value.split_at(end + 1),
            None => return false,
        }
    } else {
        match value.rsplit_once(':') {
            Some((host, _)) => (host, &value[host.len()..]),
            None => (value, ""),
        }
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    port_ok
        && LOOPBACK_HOSTS
            .iter()
            .any(|known| host.eq_ignore_ascii_case(known))
}

/// Compares two byte strings in time that depends only on their lengths.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the request says `Content-Type: application/json` (parameters such as a charset
/// allowed).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads and checks the [`Faults`] of a `PUT /_emulator/faults` body.
///
/// # Errors
///
/// 413 for a body over the limit, 408 for one that does not arrive in time, 400 / `800002` for an
/// unreadable or invalid one (naming the field out of range).
async fn read_faults<B>(state: &State, body: B) -> Result<Faults, ApiError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let body = read_body(body, state.config().body_read_timeout)
        .await
        .map_err(|error| {
            error
                .to_error()
                .unwrap_or_else(|| ApiError::invalid_input("The request body could not be read."))
        })?;
    let faults: Faults = serde_json::from_slice(&body)
        .map_err(|error| ApiError::invalid_input(format!("Invalid faults: {error}.")))?;
    faults
        .check()
        .map_err(|problem| ApiError::invalid_input(format!("Invalid faults: {problem}.")))?;
    Ok(faults)
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    #[test]
    fn loopback_hosts_pass_with_or_without_a_port() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:1",
            "[::1]",
            "[::1]:65535",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "localhost.",
            "127.0.0.1:",
            "127.0.0.1:80x",
            "[::1",
            "[::1]x",
            "0.0.0.0",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn json_content_types_are_recognised() {
        let headers = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(value));
            headers
        };
        assert!(is_json(&headers("application/json")));
        assert!(is_json(&headers("Application/JSON; charset=utf-8")));
        assert!(!is_json(&headers("text/plain")));
        assert!(!is_json(&headers("application/x-www-form-urlencoded")));
        assert!(!is_json(&HeaderMap::new()));
    }

    #[test]
    fn tokens_are_compared_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}

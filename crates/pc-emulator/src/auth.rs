//! Bearer authentication of `/v1/*` requests.
//!
//! - [`authorize`]: the `Authorization` header against the [`TokenStore`], and the App+User
//!   requirement of `POST`/`PUT`.

use http::HeaderMap;
use http::header::AUTHORIZATION;
use tokio::time::Instant;

use crate::error::ApiError;
use crate::token_store::{Grant, TokenStore};

/// Checks the bearer token of a request.
///
/// # Errors
///
/// 401 / `800001` without a bearer token, 401 / `400` for an unknown or expired one, 403 /
/// `900329` for an App-only token when `needs_user`.
pub(crate) fn authorize(
    tokens: &mut TokenStore,
    headers: &HeaderMap,
    needs_user: bool,
    now: Instant,
) -> Result<Grant, ApiError> {
    let token = bearer_token(headers).ok_or_else(ApiError::token_missing)?;
    let grant = tokens
        .grant(token, now)
        .ok_or_else(ApiError::access_denied)?;
    if needs_user && grant == Grant::AppOnly {
        return Err(ApiError::app_only());
    }
    Ok(grant)
}

/// The token of an `Authorization: Bearer <token>` header (scheme in any case), if there is one.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn headers(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn reads_the_bearer_token_in_any_case() {
        assert_eq!(bearer_token(&headers("Bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&headers("bearer  abc ")), Some("abc"));
        assert_eq!(bearer_token(&headers("Basic abc")), None);
        assert_eq!(bearer_token(&headers("Bearer ")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}

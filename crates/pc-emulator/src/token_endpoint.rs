//! The token endpoint, `POST /{tenant}/oauth2/token`, in the form of Entra ID's v1 endpoint.
//!
//! - [`respond`]: the `refresh_token` and `client_credentials` grants.

use std::collections::HashMap;

use http::StatusCode;
use hyper::body::Body;
use pc_models::PARTNER_CENTER_RESOURCE;
use serde::Serialize;
use url::form_urlencoded;

use crate::clock::Now;
use crate::error::ApiError;
use crate::reply::{Outcome, Reply};
use crate::request::read_body;
use crate::state::State;
use crate::token_store::{Issued, OAuthError};

/// The body of a granted token request.
#[derive(Serialize)]
struct TokenResponse<'a> {
    token_type: &'static str,
    expires_in: String,
    expires_on: String,
    resource: &'static str,
    access_token: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<&'a str>,
}

/// The body of a refused token request.
#[derive(Serialize)]
struct ErrorResponse<'a> {
    error: &'static str,
    error_description: &'a str,
}

/// Answers a call of the token endpoint (or the 405 to send). Every call is counted.
pub(crate) async fn respond<B>(state: &State, operation: Result<(), ApiError>, body: B) -> Outcome
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    state.world().tokens.count_request();
    if let Err(error) = operation {
        return error.into();
    }
    let body = match read_body(body, state.config().body_read_timeout).await {
        Ok(body) => body,
        Err(error) => {
            return error
                .to_error()
                .map_or(Outcome::dropped(None), Outcome::from);
        }
    };
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let now = Now::read();
    match grant(state, &form, now) {
        Ok(issued) => success(&issued, now).into(),
        Err(error) => Reply::json(
            error.status,
            &ErrorResponse {
                error: error.error,
                error_description: &error.description,
            },
        )
        .into(),
    }
}

/// Runs the grant a form asks for.
///
/// # Errors
///
/// The [`OAuthError`] to answer: wrong resource, missing field, unknown grant type, or what the
/// [`TokenStore`](crate::token_store::TokenStore) refuses.
fn grant(state: &State, form: &HashMap<String, String>, now: Now) -> Result<Issued, OAuthError> {
    let field = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    if field("resource") != Some(PARTNER_CENTER_RESOURCE) {
        return Err(OAuthError::bad_request(
            "invalid_resource",
            format!("The resource must be {PARTNER_CENTER_RESOURCE}."),
        ));
    }
    let client_id = field("client_id")
        .ok_or_else(|| OAuthError::bad_request("invalid_request", "client_id is required."))?;
    let secret = field("client_secret");
    let mut world = state.world();
    match field("grant_type") {
        Some("refresh_token") => {
            let refresh_token = field("refresh_token").ok_or_else(|| {
                OAuthError::bad_request("invalid_request", "refresh_token is required.")
            })?;
            world
                .tokens
                .refresh(client_id, secret, refresh_token, now.instant)
        }
        Some("client_credentials") => {
            world
                .tokens
                .client_credentials(client_id, secret, now.instant)
        }
        Some(other) => Err(OAuthError::bad_request(
            "unsupported_grant_type",
            format!(
                "The grant type {:?} is not supported: use refresh_token or client_credentials.",
                pc_models::text::truncate_chars(other, 40)
            ),
        )),
        None => Err(OAuthError::bad_request(
            "invalid_request",
            "grant_type is required.",
        )),
    }
}

/// The `200` answer carrying issued tokens.
fn success(issued: &Issued, now: Now) -> Reply {
    let lifetime = issued.lifetime.as_secs();
    let expires_on = now
        .wall
        .unix_timestamp()
        .saturating_add(i64::try_from(lifetime).unwrap_or(i64::MAX));
    Reply::json(
        StatusCode::OK,
        &TokenResponse {
            token_type: "Bearer",
            expires_in: lifetime.to_string(),
            expires_on: expires_on.to_string(),
            resource: PARTNER_CENTER_RESOURCE,
            access_token: &issued.access_token,
            refresh_token: issued.refresh_token.as_deref(),
        },
    )
}

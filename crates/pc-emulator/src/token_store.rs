//! Clients, refresh tokens and the access tokens the emulator has issued.
//!
//! - [`TokenStore`]: issues, rotates and looks up tokens.
//! - [`Grant`]: what an access token carries (App-only or App+User).
//! - [`OAuthError`]: an Entra ID style refusal of the token endpoint.

use std::collections::HashMap;
use std::time::Duration;

use http::StatusCode;
use pc_models::Secret;
use tokio::time::Instant;
use uuid::Uuid;

use crate::bounded::BoundedMap;
use crate::config::EmulatorConfig;

/// How many issued access tokens are kept; beyond it the oldest issued is forgotten first (and
/// refused from then on).
pub(crate) const ACCESS_CAPACITY: usize = 100_000;

/// What an access token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grant {
    /// Application only (`client_credentials`): enough for `GET`s.
    AppOnly,
    /// Application plus user (`refresh_token`, or the demo token): needed for `POST`/`PUT`.
    AppUser,
}

/// An Entra ID style error of the token endpoint: `{"error":..,"error_description":..}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub(crate) status: StatusCode,
    pub(crate) error: &'static str,
    pub(crate) description: String,
}

impl OAuthError {
    /// A `400` error.
    pub(crate) fn bad_request(error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error,
            description: description.into(),
        }
    }

    /// `401 invalid_client`: unknown client or wrong secret.
    fn invalid_client() -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "The client is unknown or its secret is wrong.".to_owned(),
        }
    }

    /// `400 invalid_grant`: unknown, used or foreign refresh token.
    fn invalid_grant() -> Self {
        Self::bad_request(
            "invalid_grant",
            "The refresh token is invalid, expired or already used.",
        )
    }
}

/// Tokens returned by a successful grant.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Issued {
    pub(crate) access_token: String,
    pub(crate) refresh_token: Option<String>,
    pub(crate) lifetime: Duration,
}

struct AccessToken {
    grant: Grant,
    /// `None` when the lifetime is too long for the clock: the token never expires.
    expires_at: Option<Instant>,
}

impl AccessToken {
    fn expired(&self, now: Instant) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }
}

/// The emulator's identity provider.
///
/// Issued access tokens do not pile up: an expired one is dropped when presented, and every
/// issue first drops the expired ones and then, beyond [`ACCESS_CAPACITY`], the oldest. Refresh
/// tokens rotate, so their number never grows.
///
/// No `Debug`: it holds secrets.
pub(crate) struct TokenStore {
    demo: Option<Secret>,
    lifetime: Duration,
    clients: HashMap<String, Secret>,
    /// The issued access tokens, oldest issued first; at most [`ACCESS_CAPACITY`].
    access: BoundedMap<String, AccessToken>,
    /// Valid refresh tokens and the client each is bound to (`None`: any registered client).
    refresh: HashMap<String, Option<String>>,
    requests: usize,
}

impl TokenStore {
    /// The store of a fresh emulator: the configured clients, refresh tokens and demo token.
    pub(crate) fn new(config: &EmulatorConfig) -> Self {
        Self {
            demo: config.demo_token.clone(),
            lifetime: config.token_lifetime,
            clients: config
                .clients
                .iter()
                .map(|(id, secret)| (id.clone(), secret.clone()))
                .collect(),
            access: BoundedMap::new(ACCESS_CAPACITY),
            refresh: config
                .refresh_tokens
                .iter()
                .map(|token| (token.expose().to_owned(), None))
                .collect(),
            requests: 0,
        }
    }

    /// The grant of a bearer token, if it is the demo token or an unexpired issued one.
    pub(crate) fn grant(&mut self, token: &str, now: Instant) -> Option<Grant> {
        if self
            .demo
            .as_ref()
            .is_some_and(|demo| demo.expose() == token)
        {
            return Some(Grant::AppUser);
        }
        let issued = self.access.get(token)?;
        if issued.expired(now) {
            self.access.remove(token);
            return None;
        }
        Some(issued.grant)
    }

    /// How many issued access tokens are held (expired ones included until purged).
    pub(crate) fn issued(&self) -> usize {
        self.access.len()
    }

    /// Counts one call of the token endpoint.
    pub(crate) fn count_request(&mut self) {
        self.requests += 1;
    }

    /// How many times the token endpoint was called.
    pub(crate) fn requests(&self) -> usize {
        self.requests
    }

    /// `client_credentials`: an App-only token, no refresh token.
    pub(crate) fn client_credentials(
        &mut self,
        client_id: &str,
        secret: Option<&str>,
        now: Instant,
    ) -> Result<Issued, OAuthError> {
        let secret = secret.ok_or_else(|| {
            OAuthError::bad_request("invalid_request", "client_secret is required.")
        })?;
        self.check_client(client_id, Some(secret))?;
        Ok(self.issue(Grant::AppOnly, None, now))
    }

    /// `refresh_token`: an App+User token and a new refresh token; the old one stops working.
    ///
    /// The secret is optional, but checked when sent.
    pub(crate) fn refresh(
        &mut self,
        client_id: &str,
        secret: Option<&str>,
        refresh_token: &str,
        now: Instant,
    ) -> Result<Issued, OAuthError> {
        self.check_client(client_id, secret)?;
        match self.refresh.get(refresh_token) {
            Some(None) => {}
            Some(Some(owner)) if owner == client_id => {}
            _ => return Err(OAuthError::invalid_grant()),
        }
        self.refresh.remove(refresh_token);
        let rotated = random_token();
        self.refresh
            .insert(rotated.clone(), Some(client_id.to_owned()));
        Ok(self.issue(Grant::AppUser, Some(rotated), now))
    }

    fn check_client(&self, client_id: &str, secret: Option<&str>) -> Result<(), OAuthError> {
        let registered = self
            .clients
            .get(client_id)
            .ok_or_else(OAuthError::invalid_client)?;
        match secret {
            Some(secret) if secret != registered.expose() => Err(OAuthError::invalid_client()),
            _ => Ok(()),
        }
    }

    /// Issues an access token, after dropping the expired ones; beyond [`ACCESS_CAPACITY`] the
    /// oldest issued is forgotten.
    fn issue(&mut self, grant: Grant, refresh_token: Option<String>, now: Instant) -> Issued {
        self.purge_expired(now);
        let access_token = random_token();
        self.access.insert(
            access_token.clone(),
            AccessToken {
                grant,
                expires_at: now.checked_add(self.lifetime),
            },
        );
        Issued {
            access_token,
            refresh_token,
            lifetime: self.lifetime,
        }
    }

    /// Drops the expired access tokens.
    ///
    /// Every token has the same lifetime, so tokens expire in the order they were issued and the
    /// expired ones are all the oldest. (Two requests racing for the lock may swap by
    /// microseconds; the later-expiring one then holds the other back only until it expires
    /// too.)
    fn purge_expired(&mut self, now: Instant) {
        while self
            .access
            .oldest()
            .is_some_and(|(_, token)| token.expired(now))
        {
            self.access.pop_oldest();
        }
    }
}

/// 128 random bits (122 from a v4 GUID) as 32 hex digits.
fn random_token() -> String {
    Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(lifetime: Duration) -> TokenStore {
        TokenStore::new(&EmulatorConfig::default().token_lifetime(lifetime))
    }

    fn issue(store: &mut TokenStore, now: Instant) -> String {
        store.issue(Grant::AppOnly, None, now).access_token
    }

    #[test]
    fn issuing_purges_the_expired_tokens() {
        let mut tokens = store(Duration::from_secs(60));
        let start = Instant::now();
        let first = issue(&mut tokens, start);
        let second = issue(&mut tokens, start + Duration::from_secs(30));
        assert_eq!(tokens.issued(), 2);

        let third = issue(&mut tokens, start + Duration::from_secs(61));

        assert_eq!(tokens.issued(), 2);
        let later = start + Duration::from_secs(61);
        assert_eq!(tokens.grant(&first, later), None);
        assert_eq!(tokens.grant(&second, later), Some(Grant::AppOnly));
        assert_eq!(tokens.grant(&third, later), Some(Grant::AppOnly));
    }

    #[test]
    fn issuing_forgets_the_oldest_beyond_the_capacity() {
        let mut tokens = store(Duration::from_secs(60));
        tokens.access = BoundedMap::new(2);
        let now = Instant::now();
        let issued: Vec<String> = (0..3).map(|_| issue(&mut tokens, now)).collect();

        assert_eq!(tokens.issued(), 2);
        let grants: Vec<Option<Grant>> = issued.iter().map(|t| tokens.grant(t, now)).collect();
        assert_eq!(grants, [None, Some(Grant::AppOnly), Some(Grant::AppOnly)]);
    }

    #[test]
    fn a_token_dropped_when_presented_frees_its_place() {
        let mut tokens = store(Duration::from_secs(10));
        tokens.access = BoundedMap::new(2);
        let start = Instant::now();
        let first = issue(&mut tokens, start);
        let second = issue(&mut tokens, start + Duration::from_secs(5));
        let later = start + Duration::from_secs(10);
        assert_eq!(tokens.grant(&first, later), None);
        assert_eq!(tokens.issued(), 1);

        let third = issue(&mut tokens, later);

        assert_eq!(tokens.issued(), 2);
        assert_eq!(tokens.grant(&second, later), Some(Grant::AppOnly));
        assert_eq!(tokens.grant(&third, later), Some(Grant::AppOnly));
    }
}

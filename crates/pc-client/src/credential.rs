//! Where bearer tokens come from.
//!
//! - [`TokenProvider`]: the async trait the client asks before each attempt.
//! - [`AccessToken`]: a token and its expiry; `Debug` never shows it.
//! - [`StaticToken`]: a fixed token.

use std::fmt;
use std::time::SystemTime;

use async_trait::async_trait;
use pc_models::Secret;

use crate::Error;

/// An access token and, if known, when it expires.
#[derive(Clone)]
pub struct AccessToken {
    secret: Secret,
    expires_at: Option<SystemTime>,
}

impl AccessToken {
    /// A token with an optional expiry.
    pub fn new(secret: impl Into<Secret>, expires_at: Option<SystemTime>) -> Self {
        Self {
            secret: secret.into(),
            expires_at,
        }
    }

    /// The token text. Do not log it.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// When it expires, if known.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &self.secret)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Supplies bearer tokens to the client.
///
/// The client calls [`token`](Self::token) before every attempt; providers cache. After a `401`
/// the client calls [`invalidate`](Self::invalidate) with the refused token, so a caching provider
/// can fetch a new one.
///
/// # Example
///
/// ```
/// use async_trait::async_trait;
/// use pc_client::{AccessToken, Error, TokenProvider};
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// #[async_trait]
/// impl TokenProvider for FromVault {
///     async fn token(&self) -> Result<AccessToken, Error> {
///         Ok(AccessToken::new("token-from-vault", None))
///     }
/// }
/// ```
#[async_trait]
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// A token valid for the next request.
    ///
    /// # Errors
    ///
    /// An [`Error`] of kind [`Auth`](crate::ErrorKind::Auth) when no token can be had.
    async fn token(&self) -> Result<AccessToken, Error>;

    /// Marks a token the service refused (`401`). The default does nothing.
    async fn invalidate(&self, _refused: &AccessToken) {}
}

/// A fixed access token (obtained elsewhere, for example by `az account get-access-token`).
///
/// `Debug` prints `StaticToken([redacted])`.
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Wraps a token.
    pub fn new(token: impl Into<Secret>) -> Self {
        Self(AccessToken::new(token, None))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken([redacted])")
    }
}

#[async_trait]
impl TokenProvider for StaticToken {
    async fn token(&self) -> Result<AccessToken, Error> {
        Ok(self.0.clone())
    }
}

//! The Entra ID v1 token endpoint: refresh-token and client-credentials grants.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderValue, Method};
use pc_models::{PARTNER_CENTER_RESOURCE, Secret};
use pc_transport::{ResponseLimit, Transport};
use tokio::sync::Mutex;

use super::token_response::{TokenError, TokenResponse};
use crate::{AccessToken, Cloud, Error, TokenProvider};

/// The default refresh margin: tokens are renewed 5 minutes before they expire.
const DEFAULT_MARGIN: Duration = Duration::from_secs(300);

/// The longest a token request may take before it counts as a transient failure.
const TOKEN_FETCH_LIMIT: Duration = Duration::from_secs(60);

/// The longest lifetime honoured when scheduling renewal (longer ones are renewed after a day).
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The largest token response read: 64 KiB.
const TOKEN_RESPONSE_LIMIT: usize = 64 * 1024;

#[derive(Clone)]
enum Grant {
    /// App+User: the Secure Application Model's stored refresh token.
    RefreshToken,
    /// App-only.
    ClientCredentials,
}

struct Cache {
    /// The token and when to stop handing it out.
    token: Option<(AccessToken, SystemTime)>,
    refresh_token: Option<Secret>,
}

/// A [`TokenProvider`] on Microsoft Entra ID's v1 token endpoint
/// (`POST {authority}/{tenant}/oauth2/token`, `resource=https://api.partnercenter.microsoft.com`).
///
/// - App+User ([`EntraCredential::refresh_token`]): `grant_type=refresh_token`; when the endpoint
///   rotates the refresh token, the new one is kept for the next refresh. Needed for `POST`/`PUT`.
/// - App-only ([`EntraCredential::client_credentials`]): `grant_type=client_credentials`; enough
///   for the `GET`s.
///
/// Tokens are cached and renewed ahead of expiry (margin: 5 minutes by default, at most half a
/// token's lifetime). Concurrent callers share one token request (single flight), which finishes
/// and stores its answer even when the caller that started it is cancelled. Unreachable, busy
/// (`5xx`) or throttling (`429`) token endpoints give transient errors the client's retry policy
/// retries; while renewal fails that way, a cached token that has not yet expired is still used.
/// A token request that takes longer than 60 seconds counts as such a failure. After the API answers `401`, the client invalidates the
/// refused token and the next call fetches a new one. `Debug` never shows a secret.
///
/// # Example
///
/// ```
/// use pc_client::{EntraCredential, PartnerCenterClient};
///
/// let credential = EntraCredential::refresh_token("contoso.onmicrosoft.com", "app-id", "stored-refresh-token")
///     .client_secret("app-secret")
///     .build()?;
/// let client = PartnerCenterClient::builder().credential(credential).build()?;
/// # let _ = client;
/// # Ok::<(), pc_client::Error>(())
/// ```
pub struct EntraCredential {
    inner: Arc<Inner>,
}

struct Inner {
    token_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    grant: Grant,
    margin: Duration,
    transport: Arc<dyn Transport>,
    cache: std::sync::Mutex<Cache>,
    /// Held by the one token request in flight, even when its caller has gone away.
    gate: Arc<Mutex<()>>,
}

/// Settings of an [`EntraCredential`].
#[must_use]
pub struct EntraCredentialBuilder {
    tenant: String,
    client_id: String,
    client_secret: Option<Secret>,
    refresh_token: Option<Secret>,
    grant: Grant,
    authority: Option<String>,
    margin: Duration,
    transport: Option<Arc<dyn Transport>>,
}

impl EntraCredential {
    /// App+User through a stored refresh token (the Secure Application Model).
    pub fn refresh_token(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        refresh_token: impl Into<Secret>,
    ) -> EntraCredentialBuilder {
        EntraCredentialBuilder {
            tenant: tenant.into(),
            client_id: client_id.into(),
            client_secret: None,
            refresh_token: Some(refresh_token.into()),
            grant: Grant::RefreshToken,
            authority: None,
            margin: DEFAULT_MARGIN,
            transport: None,
        }
    }

    /// App-only through the client-credentials grant.
    pub fn client_credentials(
        tenant: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> EntraCredentialBuilder {
        EntraCredentialBuilder {
            tenant: tenant.into(),
            client_id: client_id.into(),
            client_secret: Some(client_secret.into()),
            refresh_token: None,
            grant: Grant::ClientCredentials,
            authority: None,
            margin: DEFAULT_MARGIN,
            transport: None,
        }
    }

    /// The refresh token the next refresh will use (the latest rotated one).
    pub async fn current_refresh_token(&self) -> Option<Secret> {
        self.inner.cache().refresh_token.clone()
    }
}

impl Inner {
    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        // The cache holds plain values: a panic elsewhere cannot leave it half-written.
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached token, if it has not expired (even when it is due for renewal).
    fn unexpired(&self) -> Option<AccessToken> {
        let cache = self.cache();
        let (token, _) = cache.token.as_ref()?;
        match token.expires_at() {
            Some(at) if SystemTime::now() >= at => None,
            _ => Some(token.clone()),
        }
    }

    /// The cached token, if it is not due for renewal.
    fn fresh(&self) -> Option<AccessToken> {
        let cache = self.cache();
        let (token, renew_at) = cache.token.as_ref()?;
        (SystemTime::now() < *renew_at).then(|| token.clone())
    }

    fn form(&self, refresh_token: Option<&Secret>) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        match self.grant {
            Grant::RefreshToken => {
                form.append_pair("grant_type", "refresh_token");
                if let Some(token) = refresh_token {
                    form.append_pair("refresh_token", token.expose());
                }
            }
            Grant::ClientCredentials => {
                form.append_pair("grant_type", "client_credentials");
            }
        }
        form.append_pair("client_id", &self.client_id);
        if let Some(secret) = &self.client_secret {
            form.append_pair("client_secret", secret.expose());
        }
        form.append_pair("resource", PARTNER_CENTER_RESOURCE);
        form.finish()
    }

    /// Requests a token and stores it (and a rotated refresh token) in the cache.
    async fn fetch(&self) -> Result<AccessToken, Error> {
        let refresh_token = self.cache().refresh_token.clone();
        let secrets: Vec<Secret> = [refresh_token.clone(), self.client_secret.clone()]
            .into_iter()
            .flatten()
            .collect();
        let mut request = http::Request::builder()
            .method(Method::POST)
            .uri(&self.token_url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(Bytes::from(self.form(refresh_token.as_ref())))
            .map_err(|_| Error::auth("the token request could not be built"))?;
        request
            .extensions_mut()
            .insert(ResponseLimit(TOKEN_RESPONSE_LIMIT));
        let response = self.transport.send(request).await.map_err(|e| {
            use pc_transport::TransportErrorKind as Kind;
            match e.kind() {
                Kind::BodyTooLarge => Error::auth("the token endpoint's answer is over 64 KiB"),
                Kind::InvalidRequest => {
                    Error::auth_with_source("the token request could not be sent", e)
                }
                _ => Error::auth_with_source("the token endpoint could not be reached", e)
                    .transient(),
            }
        })?;
        let status = response.status();
        let body = response.into_body();
        if !status.is_success() {
            let detail = match serde_json::from_slice::<TokenError>(&body) {
                Ok(e) => match e.error_description {
                    Some(description) => format!("{}: {}", e.error, first_line(&description)),
                    None => e.error,
                },
                Err(_) => "no error details".to_owned(),
            };
            let detail = Secret::redact(&detail, &secrets);
            let error = Error::auth(format!(
                "the token endpoint answered HTTP {}: {}",
                status.as_u16(),
                detail.trim_end_matches('.')
            ));
            let busy = status.is_server_error() || status == http::StatusCode::TOO_MANY_REQUESTS;
            return Err(if busy { error.transient() } else { error });
        }
        let parsed: TokenResponse = serde_json::from_slice(&body)
            .map_err(|_| Error::auth("the token endpoint's answer is not a token response"))?;
        let now = SystemTime::now();
        let lifetime = parsed.lifetime(now).map(|l| l.min(MAX_LIFETIME));
        let token = AccessToken::new(
            parsed.access_token.clone(),
            lifetime.and_then(|l| now.checked_add(l)),
        );
        // Renew `margin` ahead of expiry, but never later than half-way through a short lifetime.
        let renew_at = match lifetime {
            Some(lifetime) => now
                .checked_add(lifetime - self.margin.min(lifetime / 2))
                .unwrap_or(now),
            None => now.checked_add(Duration::from_secs(3600)).unwrap_or(now),
        };
        let mut cache = self.cache();
        if let Some(rotated) = parsed.refresh_token {
            cache.refresh_token = Some(Secret::new(rotated));
        }
        cache.token = Some((token.clone(), renew_at));
        tracing::debug!(target: "pc_client::auth", "token acquired");
        Ok(token)
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[async_trait]
impl TokenProvider for EntraCredential {
    async fn token(&self) -> Result<AccessToken, Error> {
        if let Some(token) = self.inner.fresh() {
            return Ok(token);
        }
        // Single flight: one request at a time; those who waited find the cache filled.
        let gate = self.inner.gate.clone().lock_owned().await;
        if let Some(token) = self.inner.fresh() {
            return Ok(token);
        }
        // The request runs in its own task, holding the gate: if this caller is cancelled (its
        // deadline passed), the answer is still stored, and a rotated refresh token is not lost.
        let inner = &self.inner;
        let fetcher = inner.clone();
        let task = tokio::spawn(async move {
            let _gate = gate;
            match tokio::time::timeout(TOKEN_FETCH_LIMIT, fetcher.fetch()).await {
                Ok(result) => result,
                Err(_) => Err(Error::auth(format!(
                    "the token endpoint did not answer within {TOKEN_FETCH_LIMIT:?}"
                ))
                .transient()),
            }
        });
        let result = task
            .await
            .map_err(|e| Error::auth_with_source("the token request task failed", e))?;
        match result {
            // Renewal failed for now, but the cached token has not expired: keep using it.
            Err(error) if error.is_transient() => inner.unexpired().ok_or(error),
            other => other,
        }
    }

    async fn invalidate(&self, refused: &AccessToken) {
        let mut cache = self.inner.cache();
        if cache
            .token
            .as_ref()
            .is_some_and(|(t, _)| t.secret() == refused.secret())
        {
            cache.token = None;
        }
    }
}

impl fmt::Debug for EntraCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grant = match self.inner.grant {
            Grant::RefreshToken => "refresh_token",
            Grant::ClientCredentials => "client_credentials",
        };
        f.debug_struct("EntraCredential")
            .field("token_url", &self.inner.token_url)
            .field("client_id", &self.inner.client_id)
            .field("grant", &grant)
            .field("margin", &self.inner.margin)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for EntraCredentialBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntraCredentialBuilder")
            .field("tenant", &self.tenant)
            .field("client_id", &self.client_id)
            .field("authority", &self.authority)
            .finish_non_exhaustive()
    }
}

impl EntraCredentialBuilder {
    /// The client secret (optional for public clients on the refresh-token grant).
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// The authority of a known cloud. Default: [`Cloud::Public`]'s,
    /// `https://login.microsoftonline.com`.
    pub fn cloud(mut self, cloud: &Cloud) -> Self {
        self.authority = cloud.authority().map(str::to_owned);
        self
    }

    /// Any authority base URL (tests, the emulator, sovereign clouds).
    pub fn authority(mut self, authority: impl Into<String>) -> Self {
        self.authority = Some(authority.into());
        self
    }

    /// How long before expiry a token is renewed: the margin, but at most half the token's
    /// lifetime (a 2-minute token is renewed after 1 minute). Default: 5 minutes.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The transport for token requests. Default: a `ReqwestTransport` (feature `reqwest`).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Builds the credential.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when the tenant is not a plain name or GUID,
    /// the client id is empty, the client-credentials grant has no secret, the authority is not an
    /// http(s) URL, or no transport was given and the `reqwest` feature is off.
    pub fn build(self) -> Result<EntraCredential, Error> {
        let tenant_ok = !self.tenant.is_empty()
            && self
                .tenant
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        if !tenant_ok {
            return Err(Error::config(format!(
                "invalid tenant {:?}: expected a tenant id or domain",
                self.tenant
            )));
        }
        if self.client_id.trim().is_empty() {
            return Err(Error::config("the client id is empty"));
        }
        if matches!(self.grant, Grant::ClientCredentials) && self.client_secret.is_none() {
            return Err(Error::config(
                "the client-credentials grant needs a client secret",
            ));
        }
        let authority = self
            .authority
            .unwrap_or_else(|| Cloud::PUBLIC_AUTHORITY.to_owned());
        let parsed = url::Url::parse(&authority)
            .map_err(|e| Error::config(format!("invalid authority {authority:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "invalid authority {authority:?}: expected an http or https URL"
            )));
        }
        let token_url = format!(
            "{}/{}/oauth2/token",
            authority.trim_end_matches('/'),
            self.tenant
        );
        let transport = match self.transport {
            Some(transport) => transport,
            None => crate::builder::default_transport()?,
        };
        // A header value check keeps a broken client id from failing later on every call.
        HeaderValue::from_str(&self.client_id)
            .map_err(|_| Error::config("the client id holds characters a form cannot carry"))?;
        Ok(EntraCredential {
            inner: Arc::new(Inner {
                token_url,
                client_id: self.client_id,
                client_secret: self.client_secret,
                grant: self.grant,
                margin: self.margin,
                transport,
                cache: std::sync::Mutex::new(Cache {
                    token: None,
                    refresh_token: self.refresh_token,
                }),
                gate: Arc::new(Mutex::new(())),
            }),
        })
    }
}

//! The Entra ID v1 token endpoint: refresh-token and client-credentials grants.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderValue, Method};
use pc_models::Secret;
use pc_transport::{ResponseLimit, Transport};
use tokio::sync::Mutex;

use super::token_response::{TokenError, TokenResponse};
use crate::{AccessToken, Cloud, Error, TokenProvider};

/// The resource Partner Center tokens are issued for.
pub(crate) const RESOURCE: &str = "https://api.partnercenter.microsoft.com";

/// The default refresh margin: tokens are renewed 5 minutes before they expire.
const DEFAULT_MARGIN: Duration = Duration::from_secs(300);

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
    token: Option<AccessToken>,
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
/// Tokens are cached and renewed ahead of expiry (margin: 5 minutes by default). Concurrent callers
/// share one token request (single flight). After the API answers `401`, the client invalidates the
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
    token_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    grant: Grant,
    margin: Duration,
    transport: Arc<dyn Transport>,
    cache: Mutex<Cache>,
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
        self.cache.lock().await.refresh_token.clone()
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
        form.append_pair("resource", RESOURCE);
        form.finish()
    }

    async fn fetch(&self, cache: &mut Cache) -> Result<AccessToken, Error> {
        let secrets: Vec<Secret> = [cache.refresh_token.clone(), self.client_secret.clone()]
            .into_iter()
            .flatten()
            .collect();
        let mut request = http::Request::builder()
            .method(Method::POST)
            .uri(&self.token_url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(Bytes::from(self.form(cache.refresh_token.as_ref())))
            .map_err(|_| Error::auth("the token request could not be built"))?;
        request
            .extensions_mut()
            .insert(ResponseLimit(TOKEN_RESPONSE_LIMIT));
        let response =
            self.transport.send(request).await.map_err(|e| {
                Error::auth_with_source("the token endpoint could not be reached", e)
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
            let detail = redact(detail, &secrets);
            return Err(Error::auth(format!(
                "the token endpoint answered HTTP {}: {detail}",
                status.as_u16()
            )));
        }
        let parsed: TokenResponse = serde_json::from_slice(&body)
            .map_err(|_| Error::auth("the token endpoint's answer is not a token response"))?;
        let token = AccessToken::new(
            parsed.access_token.clone(),
            parsed.expires_at(SystemTime::now()),
        );
        if let Some(rotated) = parsed.refresh_token {
            cache.refresh_token = Some(Secret::new(rotated));
        }
        cache.token = Some(token.clone());
        tracing::debug!(target: "pc_client::auth", "token acquired");
        Ok(token)
    }

    fn is_fresh(&self, token: &AccessToken) -> bool {
        match token.expires_at() {
            None => true,
            Some(at) => at
                .checked_sub(self.margin)
                .is_some_and(|renew_at| SystemTime::now() < renew_at),
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn redact(mut text: String, secrets: &[Secret]) -> String {
    for secret in secrets {
        if secret.expose().len() >= 4 {
            text = text.replace(secret.expose(), "[redacted]");
        }
    }
    text
}

#[async_trait]
impl TokenProvider for EntraCredential {
    async fn token(&self) -> Result<AccessToken, Error> {
        // Holding the lock across the request makes concurrent callers wait for one fetch.
        let mut cache = self.cache.lock().await;
        if let Some(token) = &cache.token
            && self.is_fresh(token)
        {
            return Ok(token.clone());
        }
        self.fetch(&mut cache).await
    }

    async fn invalidate(&self, refused: &AccessToken) {
        let mut cache = self.cache.lock().await;
        if cache
            .token
            .as_ref()
            .is_some_and(|t| t.secret() == refused.secret())
        {
            cache.token = None;
        }
    }
}

impl fmt::Debug for EntraCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grant = match self.grant {
            Grant::RefreshToken => "refresh_token",
            Grant::ClientCredentials => "client_credentials",
        };
        f.debug_struct("EntraCredential")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("grant", &grant)
            .field("margin", &self.margin)
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

    /// How long before expiry a token is renewed. Default: 5 minutes.
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
            .unwrap_or_else(|| "https://login.microsoftonline.com".to_owned());
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
            token_url,
            client_id: self.client_id,
            client_secret: self.client_secret,
            grant: self.grant,
            margin: self.margin,
            transport,
            cache: Mutex::new(Cache {
                token: None,
                refresh_token: self.refresh_token,
            }),
        })
    }
}

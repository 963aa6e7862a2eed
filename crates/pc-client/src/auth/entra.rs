//! The Entra ID v1 token endpoint: refresh-token and client-credentials grants.
//!
//! - [`EntraCredential`]: a cached, single-flight [`TokenProvider`] that renews ahead of expiry
//!   and backs off after a failed renewal.
//! - [`EntraCredentialBuilder`]: its settings (authority, margin, transport).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderValue, Method};
use pc_models::{PARTNER_CENTER_RESOURCE, Secret};
use pc_transport::{ResponseLimit, Transport};
use rand::Rng;
use tokio::sync::watch;
use tokio::time::Instant;

use super::token_response::{TokenError, TokenResponse};
use crate::loopback::refuse_plain_http;
use crate::{AccessToken, Cloud, Error, TokenProvider};

/// The default refresh margin: tokens are renewed 5 minutes before they expire.
const DEFAULT_MARGIN: Duration = Duration::from_secs(300);

/// The longest a token request may take before it counts as a transient failure.
const TOKEN_FETCH_LIMIT: Duration = Duration::from_secs(60);

/// The longest lifetime honoured when scheduling renewal (longer ones are renewed after a day).
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The largest token response read: 64 KiB.
const TOKEN_RESPONSE_LIMIT: usize = 64 * 1024;

/// The wait after the first failed renewal; it doubles with each further failure.
const RENEWAL_BACKOFF_FIRST: Duration = Duration::from_secs(1);

/// The longest wait between two renewal attempts.
const RENEWAL_BACKOFF_MAX: Duration = Duration::from_secs(60);

#[derive(Clone)]
enum Grant {
    /// App+User: the Secure Application Model's stored refresh token.
    RefreshToken,
    /// App-only.
    ClientCredentials,
}

/// A token in the cache, with the instants that govern it (on tokio's clock).
struct Cached {
    token: AccessToken,
    /// From then on, the next caller renews it.
    renew_at: Instant,
    /// From then on, it is never handed out. `None`: the endpoint gave no lifetime.
    expires_at: Option<Instant>,
}

/// What one token request ends with, shared by every caller waiting for it.
type Outcome = Result<AccessToken, Arc<Error>>;

/// The token request in flight: its outcome, once known (`None` until then).
type Flight = watch::Receiver<Option<Outcome>>;

struct Cache {
    token: Option<Cached>,
    refresh_token: Option<Secret>,
    /// Token requests that failed in a row since the last token.
    failures: u32,
    /// While a valid token is cached, no renewal starts before this (set by a failed one).
    retry_at: Option<Instant>,
    /// The token request in flight, if any.
    flight: Option<Flight>,
}

impl Cache {
    /// The cached token, if it is not due for renewal.
    fn fresh(&self, now: Instant) -> Option<AccessToken> {
        let cached = self.token.as_ref()?;
        (now < cached.renew_at).then(|| cached.token.clone())
    }

    /// The cached token, if it has not expired (even when it is due for renewal).
    fn unexpired(&self, now: Instant) -> Option<AccessToken> {
        let cached = self.token.as_ref()?;
        match cached.expires_at {
            Some(at) if now >= at => None,
            _ => Some(cached.token.clone()),
        }
    }
}

/// What a caller of [`EntraCredential::token`] does.
enum Plan {
    /// Hand out this cached token.
    Use(AccessToken),
    /// Wait for the outcome of this token request.
    Wait(Flight),
}

/// A successful token request, before it is stored.
struct Acquired {
    cached: Cached,
    rotated_refresh_token: Option<Secret>,
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
/// token's lifetime). `Debug` never shows a secret.
///
/// # Renewal
///
/// - One token request at a time (single flight). It runs in its own task, so it finishes and
///   stores its answer (and a rotated refresh token) even when the caller that started it is
///   cancelled; it counts as a transient failure after 60 seconds.
/// - The caller that finds the token due for renewal waits for the renewal. Callers arriving while
///   it is in flight get the cached token at once if it has not expired, else they wait for the
///   same request and get its token or its error.
/// - When a renewal fails (any error) while the cached token has not expired, callers keep
///   getting the cached token, and the next renewal starts only after a backoff: 1 second after
///   the first failure, doubling with each failure in a row up to 60 seconds, each wait jittered
///   down to half its length. A `tracing` warning (target `pc_client::auth`) reports each
///   failure. Without a valid cached token there is no backoff: each caller's call (and its own
///   retry policy) decides when to ask again, and concurrent callers share one request.
/// - Unreachable, busy (`5xx`) or throttling (`429`) token endpoints give transient errors the
///   client's retry policy retries.
/// - After the API answers `401`, the client invalidates the refused token, and the next call
///   fetches a new one whatever the backoff.
///
/// # Authority
///
/// The default authority is the public cloud's, `https://login.microsoftonline.com`. Any other
/// must be `https`, or plain `http` to a loopback host (the emulator): see
/// [`EntraCredentialBuilder::danger_accept_plain_http`].
///
/// # Design
///
/// Before issue 10 ("credentials that never travel in clear"), once renewal was due and the
/// endpoint slow or down, every caller in turn ran its own token request, each up to the connect
/// timeout, although a valid token was cached; and any `http://` authority was accepted.
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
    accept_plain_http: bool,
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
            accept_plain_http: false,
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
            accept_plain_http: false,
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

    /// Requests a token (without storing it).
    async fn fetch(&self) -> Result<Acquired, Error> {
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
        let wall_now = SystemTime::now();
        let now = Instant::now();
        let lifetime = parsed.lifetime(wall_now).map(|l| l.min(MAX_LIFETIME));
        let token = AccessToken::new(
            parsed.access_token.clone(),
            lifetime.and_then(|l| wall_now.checked_add(l)),
        );
        // Renew `margin` ahead of expiry, but never later than half-way through a short lifetime.
        let renew_at = match lifetime {
            Some(lifetime) => now
                .checked_add(lifetime - self.margin.min(lifetime / 2))
                .unwrap_or(now),
            None => now.checked_add(Duration::from_secs(3600)).unwrap_or(now),
        };
        Ok(Acquired {
            cached: Cached {
                token,
                renew_at,
                expires_at: lifetime.and_then(|l| now.checked_add(l)),
            },
            rotated_refresh_token: parsed.refresh_token.map(Secret::new),
        })
    }

    /// What a caller does now; registers a new token request (the caller then spawns it with
    /// [`start`](Self::start)) when one is needed and none is in flight.
    fn plan(&self, now: Instant) -> (Plan, Option<watch::Sender<Option<Outcome>>>) {
        let mut cache = self.cache();
        if let Some(token) = cache.fresh(now) {
            return (Plan::Use(token), None);
        }
        let unexpired = cache.unexpired(now);
        // A flight whose sender is gone ended without an outcome (its task panicked): forget it.
        if let Some(flight) = cache.flight.clone().filter(|f| f.has_changed().is_ok()) {
            return match unexpired {
                // Renewal is under way: the token still works meanwhile.
                Some(token) => (Plan::Use(token), None),
                None => (Plan::Wait(flight), None),
            };
        }
        if let Some(token) = unexpired
            && cache.retry_at.is_some_and(|at| now < at)
        {
            // The last renewal failed: the next one waits for the backoff.
            return (Plan::Use(token), None);
        }
        let (sender, flight) = watch::channel(None);
        cache.flight = Some(flight.clone());
        (Plan::Wait(flight), Some(sender))
    }

    /// Runs the token request in its own task: if the caller is cancelled (its deadline passed),
    /// the answer is still stored, and a rotated refresh token is not lost.
    fn start(self: &Arc<Self>, sender: watch::Sender<Option<Outcome>>) {
        let inner = self.clone();
        tokio::spawn(async move {
            let result = match tokio::time::timeout(TOKEN_FETCH_LIMIT, inner.fetch()).await {
                Ok(result) => result,
                Err(_) => Err(Error::auth(format!(
                    "the token endpoint did not answer within {TOKEN_FETCH_LIMIT:?}"
                ))
                .transient()),
            };
            let outcome = inner.settle(result);
            // Nobody may be waiting any more (all cancelled): the cache is filled all the same.
            let _ = sender.send(Some(outcome));
        });
    }

    /// Stores a token request's result and ends the flight, in one step.
    fn settle(&self, result: Result<Acquired, Error>) -> Outcome {
        let now = Instant::now();
        let mut cache = self.cache();
        cache.flight = None;
        match result {
            Ok(acquired) => {
                if let Some(rotated) = acquired.rotated_refresh_token {
                    cache.refresh_token = Some(rotated);
                }
                let token = acquired.cached.token.clone();
                cache.token = Some(acquired.cached);
                cache.failures = 0;
                cache.retry_at = None;
                tracing::debug!(target: "pc_client::auth", "token acquired");
                Ok(token)
            }
            Err(error) => {
                cache.failures = cache.failures.saturating_add(1);
                let wait = renewal_backoff(cache.failures);
                cache.retry_at = now.checked_add(wait);
                if cache.unexpired(now).is_some() {
                    tracing::warn!(
                        target: "pc_client::auth",
                        failures = cache.failures,
                        retry_in_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        error = %error,
                        "token renewal failed; the cached token is used meanwhile"
                    );
                }
                Err(Arc::new(error))
            }
        }
    }

    /// Waits for a token request's outcome. A failure still yields the cached token if it has
    /// not expired.
    async fn wait(&self, mut flight: Flight) -> Result<AccessToken, Error> {
        let outcome = match flight.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone(),
            Err(_) => None,
        };
        match outcome {
            Some(Ok(token)) => Ok(token),
            Some(Err(error)) => self
                .cache()
                .unexpired(Instant::now())
                .ok_or_else(|| error.duplicate()),
            None => Err(Error::auth("the token request task failed")),
        }
    }
}

/// The wait before the next renewal after `failures` failed ones in a row: 1 s, 2 s, 4 s, ...
/// up to 60 s, jittered down to half its length.
fn renewal_backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    let full = RENEWAL_BACKOFF_FIRST
        .saturating_mul(1 << doublings)
        .min(RENEWAL_BACKOFF_MAX);
    let half = full / 2;
    half + half.mul_f64(rand::rng().random::<f64>())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[async_trait]
impl TokenProvider for EntraCredential {
    async fn token(&self) -> Result<AccessToken, Error> {
        let (plan, sender) = self.inner.plan(Instant::now());
        if let Some(sender) = sender {
            self.inner.start(sender);
        }
        match plan {
            Plan::Use(token) => Ok(token),
            Plan::Wait(flight) => self.inner.wait(flight).await,
        }
    }

    async fn invalidate(&self, refused: &AccessToken) {
        let mut cache = self.inner.cache();
        if cache
            .token
            .as_ref()
            .is_some_and(|c| c.token.secret() == refused.secret())
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
            .field("danger_accept_plain_http", &self.accept_plain_http)
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

    /// Any authority base URL (tests, the emulator, sovereign clouds): `https`, or plain `http`
    /// to a loopback host (127.0.0.0/8, `::1`, `localhost`) such as the emulator's. Checked by
    /// [`build`](Self::build).
    pub fn authority(mut self, authority: impl Into<String>) -> Self {
        self.authority = Some(authority.into());
        self
    }

    /// Accepts a plain `http` authority whose host is not loopback. Default: `false`:
    /// [`build`](Self::build) refuses `http://` except to 127.0.0.0/8, `::1` and `localhost`.
    ///
    /// Token requests carry the client secret and the refresh token, which over plain `http`
    /// anyone on the path can read and use for as long as they stay valid (a refresh token: up to
    /// 90 days). Turn this on only for a test rig whose token endpoint (an emulator) runs on
    /// another host of a private network, with throwaway credentials; never with production ones.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_client::EntraCredential;
    ///
    /// let refused = EntraCredential::refresh_token("contoso", "app-id", "refresh")
    ///     .authority("http://emulator:8080")
    ///     .build();
    /// assert!(refused.is_err());
    ///
    /// let rig = EntraCredential::refresh_token("contoso", "app-id", "emulator-refresh-token")
    ///     .authority("http://emulator:8080")
    ///     .danger_accept_plain_http(true)
    ///     .build()?;
    /// # let _ = rig;
    /// # Ok::<(), pc_client::Error>(())
    /// ```
    pub fn danger_accept_plain_http(mut self, accept: bool) -> Self {
        self.accept_plain_http = accept;
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
    /// http(s) URL, the authority is plain `http` to a host that is not loopback (unless
    /// [`danger_accept_plain_http`](Self::danger_accept_plain_http)), or no transport was given
    /// and the `reqwest` feature is off.
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
        refuse_plain_http("authority", &authority, &parsed, self.accept_plain_http)?;
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
                    failures: 0,
                    retry_at: None,
                    flight: None,
                }),
            }),
        })
    }
}

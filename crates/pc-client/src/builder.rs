//! Building a client.
//!
//! - [`ClientBuilder`]: every setting with its default; `build()` reports bad values.

use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use pc_models::{Contract, Secret};
use pc_transport::{DEFAULT_MAX_RESPONSE_BYTES, Transport};

use crate::loopback::refuse_plain_http;
use crate::pipeline::Pipeline;
use crate::{Cloud, Error, PartnerCenterClient, RetryPolicy, StaticToken, TokenProvider};

/// The `User-Agent` product token of this crate.
pub(crate) const USER_AGENT: &str = concat!("pc-client/", env!("CARGO_PKG_VERSION"));

/// Settings of a [`PartnerCenterClient`]. Setters never fail; [`build`](Self::build) checks them.
///
/// # Example
///
/// ```
/// use pc_client::{Cloud, Contract, PartnerCenterClient};
///
/// let client = PartnerCenterClient::builder()
///     .cloud(Cloud::China)
///     .access_token("token")
///     .contract(Contract::Object)
///     .locale("en-US")
///     .application_name("contoso-billing")
///     .build()?;
/// # let _ = client;
/// # Ok::<(), pc_client::Error>(())
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct ClientBuilder {
    cloud: Cloud,
    credential: Option<Arc<dyn TokenProvider>>,
    transport: Option<Arc<dyn Transport>>,
    user_agent: Option<String>,
    locale: Option<String>,
    application_name: Option<String>,
    contract: Contract,
    max_response_bytes: Option<usize>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    accept_plain_http: bool,
}

impl std::fmt::Debug for ClientBuilder {
    /// Shows only the settings that differ from the defaults; never a credential's secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("ClientBuilder");
        if self.cloud != Cloud::default() {
            d.field("cloud", &self.cloud);
        }
        if let Some(credential) = &self.credential {
            d.field("credential", credential);
        }
        if let Some(transport) = &self.transport {
            d.field("transport", transport);
        }
        let optional = [
            ("user_agent", &self.user_agent),
            ("locale", &self.locale),
            ("application_name", &self.application_name),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                d.field(name, value);
            }
        }
        if self.contract != Contract::default() {
            d.field("contract", &self.contract);
        }
        if let Some(limit) = self.max_response_bytes {
            d.field("max_response_bytes", &limit);
        }
        if let Some(timeout) = self.timeout {
            d.field("timeout", &timeout);
        }
        if self.retry != RetryPolicy::default() {
            d.field("retry", &self.retry);
        }
        if self.accept_plain_http {
            d.field("danger_accept_plain_http", &true);
        }
        d.finish()
    }
}

impl ClientBuilder {
    /// Which Partner Center. Default: [`Cloud::Public`].
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// Shorthand for `cloud(Cloud::Custom(url))`: any base URL, such as the emulator's. Plain
    /// `http` is accepted for loopback hosts only (see
    /// [`danger_accept_plain_http`](Self::danger_accept_plain_http)).
    pub fn endpoint(self, base_url: impl Into<String>) -> Self {
        self.cloud(Cloud::Custom(base_url.into()))
    }

    /// Where tokens come from. Required (or [`access_token`](Self::access_token)).
    pub fn credential(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.credential = Some(Arc::new(provider));
        self
    }

    /// A shared token provider.
    pub fn credential_arc(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.credential = Some(provider);
        self
    }

    /// Shorthand for `credential(StaticToken::new(token))`.
    pub fn access_token(self, token: impl Into<Secret>) -> Self {
        self.credential(StaticToken::new(token))
    }

    /// The HTTP transport. Default: a `ReqwestTransport` (feature `reqwest`).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// A shared transport.
    pub fn transport_arc(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// A product token sent before `pc-client/<version>` in `User-Agent`. Default: none.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// `X-Locale` on every request (`en-US`). Default: not sent.
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// `MS-PartnerCenter-Application` on every request. Default: not sent.
    pub fn application_name(mut self, name: impl Into<String>) -> Self {
        self.application_name = Some(name.into());
        self
    }

    /// The request contract of `POST .../qualifications`. Default: [`Contract::Integer`].
    pub fn contract(mut self, contract: Contract) -> Self {
        self.contract = contract;
        self
    }

    /// The largest response body accepted. Default: 16 MiB.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// The overall deadline of one call, every attempt and wait included. Default: 120 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How failed attempts are retried. Default: [`RetryPolicy::default`] (4 attempts, 500 ms
    /// initial backoff, 30 s cap, full jitter, `Retry-After` honoured).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Accepts a plain `http` base URL whose host is not loopback. Default: `false`: `build()`
    /// refuses `http://` except to 127.0.0.0/8, `::1` and `localhost`.
    ///
    /// Every request carries the bearer token, so over plain `http` anyone on the path can read
    /// it and replay it against the real service. Turn this on only for a test rig whose emulator
    /// or fake runs on another host of a private network (a container named `emulator` in a
    /// compose file, say) and whose tokens are worthless; never with a production credential.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_client::PartnerCenterClient;
    ///
    /// // Refused: a token would travel in clear.
    /// let refused = PartnerCenterClient::builder()
    ///     .endpoint("http://emulator:8080")
    ///     .access_token("emulator-demo-token")
    ///     .build();
    /// assert!(refused.is_err());
    ///
    /// // A test rig's emulator in another container, with a throwaway token.
    /// let client = PartnerCenterClient::builder()
    ///     .endpoint("http://emulator:8080")
    ///     .access_token("emulator-demo-token")
    ///     .danger_accept_plain_http(true)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), pc_client::Error>(())
    /// ```
    pub fn danger_accept_plain_http(mut self, accept: bool) -> Self {
        self.accept_plain_http = accept;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// An [`Error`] of kind [`Config`](crate::ErrorKind::Config) when no credential was given, the
    /// base URL is not an absolute `http`/`https` URL without query or fragment, the base URL is
    /// plain `http` to a host that is not loopback (unless
    /// [`danger_accept_plain_http`](Self::danger_accept_plain_http)), a header setting
    /// holds characters a header cannot carry, the response limit or timeout is zero, or no
    /// transport was given and the `reqwest` feature is off.
    pub fn build(self) -> Result<PartnerCenterClient, Error> {
        let credential = self.credential.ok_or_else(|| {
            Error::config("no credential: call access_token() or credential() on the builder")
        })?;
        let base_url = parse_base_url(self.cloud.base_url(), self.accept_plain_http)?;
        let user_agent = match &self.user_agent {
            Some(product) => format!("{product} {USER_AGENT}"),
            None => USER_AGENT.to_owned(),
        };
        let user_agent = header_value("user agent", &user_agent)?;
        let locale = self
            .locale
            .as_deref()
            .map(|l| header_value("locale", l))
            .transpose()?;
        let application = self
            .application_name
            .as_deref()
            .map(|a| header_value("application name", a))
            .transpose()?;
        let max_response_bytes = self
            .max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            return Err(Error::config("max_response_bytes must be at least 1"));
        }
        let timeout = self.timeout.unwrap_or(Duration::from_secs(120));
        if timeout.is_zero() {
            return Err(Error::config("timeout must be longer than zero"));
        }
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        Ok(PartnerCenterClient::from_pipeline(Pipeline {
            base_url,
            transport,
            credential,
            user_agent,
            locale,
            application,
            contract: self.contract,
            max_response_bytes,
            timeout,
            retry: self.retry,
        }))
    }
}

#[cfg(feature = "reqwest")]
pub(crate) fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    pc_transport::ReqwestTransport::new()
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| Error::config("could not build the default HTTP transport").with_source(e))
}

#[cfg(not(feature = "reqwest"))]
pub(crate) fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::config(
        "no transport: call transport() on the builder or enable the `reqwest` feature",
    ))
}

/// Parses and checks a base URL; returns it without a trailing `/`.
fn parse_base_url(text: &str, accept_plain_http: bool) -> Result<String, Error> {
    let url = url::Url::parse(text)
        .map_err(|e| Error::config(format!("invalid base URL {text:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(Error::config(format!(
            "invalid base URL {text:?}: expected an http or https URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "invalid base URL {text:?}: it must not carry a query or fragment"
        )));
    }
    refuse_plain_http("base URL", text, &url, accept_plain_http)?;
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

pub(crate) fn header_value(what: &str, text: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(text)
        .map_err(|_| Error::config(format!("invalid {what} {text:?}: not a valid header value")))
}

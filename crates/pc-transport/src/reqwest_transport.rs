//! The default transport, on reqwest.
//!
//! - [`ReqwestTransport`]: one pooled client, rustls, redirects off, timeouts, body limit.
//! - [`ReqwestTransportBuilder`]: its settings, proxies and extra trusted root certificates
//!   included.
//!
//! # Example
//!
//! ```
//! use pc_transport::ReqwestTransport;
//!
//! // Every destination but loopback goes through this proxy.
//! let transport = ReqwestTransport::builder()
//!     .proxy("http://proxy.corp.test:3128")
//!     .build()?;
//! # let _ = transport;
//! # Ok::<(), pc_transport::TransportError>(())
//! ```

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};

use crate::{Request, Response, ResponseLimit, Transport, TransportError, TransportErrorKind};

/// The default connect timeout: 10 seconds.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default read timeout: 100 seconds between bytes.
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(100);

/// Destinations that never go through a proxy: 127.0.0.0/8, `::1` (and IPv4-mapped 127.0.0.0/8),
/// `localhost` and its subdomains. In reqwest's `NO_PROXY` syntax.
const LOOPBACK: &str = "127.0.0.0/8, ::1, ::ffff:127.0.0.0/104, localhost";

/// A [`Transport`] on one pooled `reqwest::Client`: rustls, HTTP/1.1 and HTTP/2, redirects off.
///
/// Cheap to clone (the pool is shared). Bodies are read chunk by chunk and refused past the
/// request's [`ResponseLimit`] without buffering the rest.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use pc_transport::ReqwestTransport;
///
/// let transport = ReqwestTransport::builder()
///     .connect_timeout(Duration::from_secs(5))
///     .build()?;
/// # let _ = transport;
/// # Ok::<(), pc_transport::TransportError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

/// Settings of a [`ReqwestTransport`].
///
/// `Debug` shows only the settings that differ from the default, and never a proxy's credentials.
///
/// # Proxies
///
/// Loopback destinations (127.0.0.0/8, `::1`, `localhost`) never go through a proxy, whatever the
/// environment or the settings say, so a local emulator stays reachable behind a corporate proxy.
/// Other destinations follow the proxy setting: by default the environment, read once by
/// [`build`](Self::build) as curl reads it (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`,
/// upper case first, then lower case; all ignored when `REQUEST_METHOD` is set, as in a CGI
/// script); otherwise [`proxy`](Self::proxy) or [`no_proxy`](Self::no_proxy).
///
/// # Certificates
///
/// Servers are verified by rustls through the platform verifier (reqwest's `rustls` feature): on
/// Linux and other Unix systems, webpki against the system's root store (`/etc/ssl/certs` and the
/// like, `SSL_CERT_FILE`/`SSL_CERT_DIR`); on Windows and macOS, the operating system's verifier.
/// [`add_root_certificate_pem`](Self::add_root_certificate_pem) trusts more roots on top of those,
/// for a TLS-inspecting corporate proxy or a test CA. On Linux the system roots are read by
/// [`build`](Self::build), which fails when there are none (no `ca-certificates` package) and no
/// root was added. A certificate the verifier refuses (unknown issuer, expired, issued for
/// another name) is a [`TransportErrorKind::Connect`] error whose cause chain says why
/// (`invalid peer certificate: UnknownIssuer`, `... certificate expired: ...`,
/// `... certificate not valid for name "127.0.0.1"; ...`); nothing was sent.
///
/// # Design
///
/// An `HTTP_PROXY` meant for the internet used to capture requests to the embedded emulator on
/// 127.0.0.1 (issue 8). Production is HTTPS only, yet every test ran over plain `http`: the suite
/// now runs TLS on loopback with a test CA made at test time, added through
/// `add_root_certificate_pem` (issue 10).
#[derive(Clone)]
#[must_use]
pub struct ReqwestTransportBuilder {
    connect_timeout: Duration,
    read_timeout: Duration,
    proxy: ProxySetting,
    /// PEM data, each one or more certificates, parsed by `build`.
    root_certificates: Vec<Vec<u8>>,
}

/// Where non-loopback requests go.
#[derive(Clone, Default, PartialEq, Eq)]
enum ProxySetting {
    /// The proxy environment variables, read at build time.
    #[default]
    Environment,
    /// Always direct.
    Disabled,
    /// This proxy URL, validated at build time.
    Explicit(String),
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Environment => f.write_str("Environment"),
            Self::Disabled => f.write_str("Disabled"),
            // The URL may carry `user:password@`: show the scheme, host and port only.
            Self::Explicit(raw) => match reqwest::Url::parse(raw) {
                Ok(url) => write!(
                    f,
                    "Explicit({}://{}:{})",
                    url.scheme(),
                    url.host_str().unwrap_or_default(),
                    url.port_or_known_default().unwrap_or_default()
                ),
                Err(_) => f.write_str("Explicit(<unparsed>)"),
            },
        }
    }
}

impl Default for ReqwestTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            proxy: ProxySetting::default(),
            root_certificates: Vec::new(),
        }
    }
}

impl fmt::Debug for ReqwestTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ReqwestTransportBuilder");
        if self.connect_timeout != DEFAULT_CONNECT_TIMEOUT {
            debug.field("connect_timeout", &self.connect_timeout);
        }
        if self.read_timeout != DEFAULT_READ_TIMEOUT {
            debug.field("read_timeout", &self.read_timeout);
        }
        if self.proxy != ProxySetting::Environment {
            debug.field("proxy", &self.proxy);
        }
        if !self.root_certificates.is_empty() {
            debug.field("root_certificates_pem", &self.root_certificates.len());
        }
        debug.finish()
    }
}

impl ReqwestTransportBuilder {
    /// How long connecting may take. Default: 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long the server may stay silent while a response is awaited or read. Default: 100
    /// seconds. The client's per-call deadline applies on top.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Sends every non-loopback request through the proxy at `url` (`http://` or `https://`,
    /// optionally with `user:password@`), ignoring the proxy environment variables. Loopback
    /// destinations are still reached directly. Default: the environment (see
    /// [Proxies](Self#proxies)).
    ///
    /// The URL is checked by [`build`](Self::build), never here.
    ///
    /// # Example
    ///
    /// ```
    /// let transport = pc_transport::ReqwestTransport::builder()
    ///     .proxy("http://proxy.corp.test:3128")
    ///     .build()?;
    /// # let _ = transport;
    /// # Ok::<(), pc_transport::TransportError>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Explicit(url.into());
        self
    }

    /// Never uses a proxy, whatever the environment says. Default: the environment (see
    /// [Proxies](Self#proxies)). Overrides an earlier [`proxy`](Self::proxy), and the other way
    /// round.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Disabled;
        self
    }

    /// Also trusts the root certificates in `pem` (one or more `-----BEGIN CERTIFICATE-----`
    /// blocks, as in a `.pem` or `.crt` file), on top of the platform's (see
    /// [Certificates](Self#certificates)). Call it again to add more. Default: the platform's
    /// roots only.
    ///
    /// For a TLS-inspecting corporate proxy whose CA is not in the system store, or a test
    /// server's CA. The data is checked by [`build`](Self::build), never here.
    ///
    /// # Example
    ///
    /// ```no_run
    /// let pem = std::fs::read("/etc/contoso/proxy-ca.pem")?;
    /// let transport = pc_transport::ReqwestTransport::builder()
    ///     .add_root_certificate_pem(pem)
    ///     .build()?;
    /// # let _ = transport;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Builds the transport, reading the proxy environment variables if no proxy setting was
    /// made.
    ///
    /// # Errors
    ///
    /// [`TransportErrorKind::InvalidRequest`] when the [`proxy`](Self::proxy) URL does not parse
    /// or its scheme is neither `http` nor `https`; when PEM data given to
    /// [`add_root_certificate_pem`](Self::add_root_certificate_pem) holds no certificate or one
    /// that does not parse; or when reqwest cannot build its client (for example when no TLS
    /// backend can be initialised, or on a platform whose verifier cannot take extra roots, such
    /// as Android). An unusable proxy environment variable is ignored, as curl and reqwest do.
    pub fn build(self) -> Result<ReqwestTransport, TransportError> {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            // Drop reqwest's own reading of the environment: it would proxy loopback too.
            .no_proxy();
        for proxy in self.proxy.into_proxies()? {
            builder = builder.proxy(proxy);
        }
        let roots = root_certificates(&self.root_certificates)?;
        if !roots.is_empty() {
            builder = builder.tls_certs_merge(roots);
        }
        let client = builder
            .build()
            .map_err(|e| TransportError::invalid_request(e.without_url()))?;
        Ok(ReqwestTransport { client })
    }
}

/// Parses the PEM data of each extra root; every one must hold at least one certificate.
fn root_certificates(pems: &[Vec<u8>]) -> Result<Vec<reqwest::Certificate>, TransportError> {
    let mut roots = Vec::new();
    for (index, pem) in pems.iter().enumerate() {
        let invalid = |reason: &str| {
            TransportError::invalid_request(format!(
                "invalid root certificate PEM #{}: {reason}",
                index + 1
            ))
        };
        let certificates =
            reqwest::Certificate::from_pem_bundle(pem).map_err(|e| invalid(&causes(&e)))?;
        if certificates.is_empty() {
            return Err(invalid("no -----BEGIN CERTIFICATE----- block"));
        }
        roots.extend(certificates);
    }
    Ok(roots)
}

/// An error and its causes, `: `-separated (reqwest's own `Display` omits the cause).
fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        next = cause.source();
    }
    text
}

impl ProxySetting {
    /// The reqwest proxies, in the order reqwest tries them (the first that applies wins).
    fn into_proxies(self) -> Result<Vec<reqwest::Proxy>, TransportError> {
        let loopback = || reqwest::NoProxy::from_string(LOOPBACK);
        match self {
            Self::Disabled => Ok(Vec::new()),
            Self::Explicit(raw) => {
                let invalid = |reason: &str| {
                    // Never echo the URL: it may carry credentials.
                    TransportError::invalid_request(format!("invalid proxy URL: {reason}"))
                };
                let url = reqwest::Url::parse(&raw).map_err(|e| invalid(&e.to_string()))?;
                if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
                    return Err(invalid("expected http://host:port or https://host:port"));
                }
                let proxy =
                    reqwest::Proxy::all(url).map_err(|e| invalid(&e.without_url().to_string()))?;
                Ok(vec![proxy.no_proxy(loopback())])
            }
            Self::Environment => Ok(environment_proxies()),
        }
    }
}

/// The proxies the environment asks for, each bypassing loopback and the `NO_PROXY` list.
///
/// Mirrors the rules reqwest applies by default (hyper-util's `Matcher::from_env`): the upper-case
/// variable wins over the lower-case one, `HTTP_PROXY`/`HTTPS_PROXY` win over `ALL_PROXY` for their
/// scheme, a value without a scheme means `http://`, an unusable value is ignored, and nothing is
/// proxied under CGI (`REQUEST_METHOD` set; see httpoxy).
fn environment_proxies() -> Vec<reqwest::Proxy> {
    if std::env::var_os("REQUEST_METHOD").is_some() {
        return Vec::new();
    }
    let no_proxy = match first_env(&["NO_PROXY", "no_proxy"]) {
        Some(list) => format!("{list}, {LOOPBACK}"),
        None => LOOPBACK.to_owned(),
    };
    // In reqwest's order of precedence: the first proxy that applies to a request is used.
    [
        first_env(&["HTTP_PROXY", "http_proxy"]).and_then(|url| reqwest::Proxy::http(url).ok()),
        first_env(&["HTTPS_PROXY", "https_proxy"]).and_then(|url| reqwest::Proxy::https(url).ok()),
        first_env(&["ALL_PROXY", "all_proxy"]).and_then(|url| reqwest::Proxy::all(url).ok()),
    ]
    .into_iter()
    .flatten()
    .map(|proxy| proxy.no_proxy(reqwest::NoProxy::from_string(&no_proxy)))
    .collect()
}

/// The value of the first of `names` that is set and not empty.
fn first_env(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|name| std::env::var(name).ok())
        .filter(|value| !value.trim().is_empty())
}

impl ReqwestTransport {
    /// Settings with their defaults.
    pub fn builder() -> ReqwestTransportBuilder {
        ReqwestTransportBuilder::default()
    }

    /// A transport with the default settings.
    ///
    /// # Errors
    ///
    /// As [`ReqwestTransportBuilder::build`].
    pub fn new() -> Result<Self, TransportError> {
        Self::builder().build()
    }

    /// Uses a client the caller configured (proxies, certificates, client identities, pools).
    /// Make sure it does not follow redirects: the client sends a bearer token. Its proxy settings
    /// are used as they are: the loopback rule of [`ReqwestTransportBuilder`] does not apply.
    pub fn with_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

fn classify(error: reqwest::Error) -> TransportError {
    let kind = if error.is_builder() {
        TransportErrorKind::InvalidRequest
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_request() || error.is_body() || error.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    // The URL may carry `?code=`: never keep it in the error chain.
    TransportError::new(kind, error.without_url())
}

async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bytes, TransportError> {
    let too_large = || TransportError::from_kind(TransportErrorKind::BodyTooLarge);
    if response
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let limit = ResponseLimit::of(&request);
        let request = reqwest::Request::try_from(request).map_err(classify)?;
        let response = self.client.execute(request).await.map_err(classify)?;
        let mut builder = http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            headers.extend(
                response
                    .headers()
                    .iter()
                    .map(|(name, value)| (name.clone(), value.clone())),
            );
        }
        let body = read_limited(response, limit).await?;
        builder
            .body(body)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
    }
}

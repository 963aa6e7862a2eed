//! The default transport, on reqwest.
//!
//! - [`ReqwestTransport`]: one pooled client, rustls, redirects off, timeouts, body limit.
//! - [`ReqwestTransportBuilder`]: its settings.

use std::time::Duration;

use async_trait::async_trait;
use bytes::{Bytes, BytesMut};

use crate::{Request, Response, ResponseLimit, Transport, TransportError, TransportErrorKind};

/// The default connect timeout: 10 seconds.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default read timeout: 100 seconds between bytes.
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(100);

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
#[derive(Debug, Clone)]
#[must_use]
pub struct ReqwestTransportBuilder {
    connect_timeout: Duration,
    read_timeout: Duration,
}

impl Default for ReqwestTransportBuilder {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
        }
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

    /// Builds the transport.
    ///
    /// # Errors
    ///
    /// [`TransportErrorKind::InvalidRequest`] when reqwest cannot build its client (for example
    /// when no TLS backend can be initialised).
    pub fn build(self) -> Result<ReqwestTransport, TransportError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            .build()
            .map_err(|e| TransportError::invalid_request(e.without_url()))?;
        Ok(ReqwestTransport { client })
    }
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

    /// Uses a client the caller configured (proxies, certificates, pools). Make sure it does not
    /// follow redirects: the client sends a bearer token.
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

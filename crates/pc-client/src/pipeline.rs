//! Sending one call: ids, headers, deadline, error mapping.
//!
//! The order of work for a call: local validation (by the operation) -> ids fixed once ->
//! token -> request built -> transport -> size check -> status check -> decode (by the operation).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use pc_models::{ApiErrorBody, Contract, CustomerId, Secret};
use pc_transport::headers::{
    MS_CONTRACT_VERSION, MS_CORRELATION_ID, MS_PARTNER_CENTER_APPLICATION, MS_REQUEST_ID, X_LOCALE,
};
use pc_transport::{ResponseLimit, Transport};
use tokio::time::Instant;
use tracing::Instrument;
use uuid::Uuid;

use crate::error::{RAW_BODY_LIMIT, snippet};
use crate::retry::{RetryPolicy, classify};
use crate::{AccessToken, CallOptions, Error, Reply, TokenProvider};

/// The client's shared settings and machinery.
#[derive(Debug)]
pub(crate) struct Pipeline {
    pub(crate) base_url: String,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) credential: Arc<dyn TokenProvider>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) locale: Option<HeaderValue>,
    pub(crate) application: Option<HeaderValue>,
    pub(crate) contract: Contract,
    pub(crate) max_response_bytes: usize,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
}

/// One logical call, before ids are assigned.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) customer: Option<CustomerId>,
    pub(crate) code: Option<Secret>,
    pub(crate) body: Option<Bytes>,
    pub(crate) options: &'a CallOptions,
}

/// A successful exchange.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    pub(crate) request_id: Uuid,
    pub(crate) correlation_id: Uuid,
    /// Whether the body may be quoted in errors (false when it may hold secrets).
    pub(crate) quotable: bool,
    /// The call's token and validation code, redacted from any quote of the body.
    pub(crate) secrets: Vec<Secret>,
}

impl Exchange {
    /// Decodes the body, mapping failure to a decode error carrying the ids.
    pub(crate) fn decode<T>(
        self,
        what: &str,
        decoder: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<Reply<T>, Error> {
        match decoder(&self.body) {
            Ok(value) => Ok(Reply {
                value,
                status: self.status,
                request_id: self.request_id,
                correlation_id: self.correlation_id,
            }),
            Err(source) => {
                let text = if self.quotable {
                    let secrets: Vec<Option<&Secret>> = self.secrets.iter().map(Some).collect();
                    snippet(&redact(&String::from_utf8_lossy(&self.body), &secrets), 80)
                } else {
                    "[withheld]".to_owned()
                };
                Err(Error::decode(self.status, what, &text, source)
                    .with_ids(self.request_id, self.correlation_id)
                    .with_attempts(1))
            }
        }
    }
}

impl Pipeline {
    /// Runs a call: fixes its ids, then attempts it under the retry policy within the deadline.
    pub(crate) async fn execute(&self, call: Call<'_>) -> Result<Exchange, Error> {
        let request_id = call.options.request_id.unwrap_or_else(Uuid::new_v4);
        let correlation_id = call.options.correlation_id.unwrap_or_else(Uuid::new_v4);
        let span = tracing::info_span!(
            "pc.call",
            operation = call.operation,
            customer_id = call.customer.map(tracing::field::display),
            correlation_id = %correlation_id,
            request_id = %request_id,
            attempts = tracing::field::Empty,
        );
        let locale = match &call.options.locale {
            Some(locale) => Some(HeaderValue::from_str(locale).map_err(|_| {
                Error::invalid_input(format!("invalid locale {locale:?}"))
                    .with_ids(request_id, correlation_id)
            })?),
            None => self.locale.clone(),
        };
        let mut policy = self.retry;
        if let Some(attempts) = call.options.max_attempts {
            policy = policy.max_attempts(attempts);
        }
        let timeout = call.options.timeout.unwrap_or(self.timeout);
        let deadline = Instant::now() + timeout;
        let ids = Ids {
            request_id,
            correlation_id,
        };
        let attempts = AtomicU32::new(0);
        let work = self.attempts(&call, &ids, locale.as_ref(), policy, deadline, &attempts);
        let result = match tokio::time::timeout_at(deadline, work.instrument(span.clone())).await {
            Ok(result) => result,
            Err(_) => Err(Error::timeout(timeout)
                .with_ids(request_id, correlation_id)
                .with_attempts(attempts.load(Ordering::Relaxed))),
        };
        span.record("attempts", attempts.load(Ordering::Relaxed));
        result
    }

    /// The retry loop: one logical call, same ids on every attempt.
    async fn attempts(
        &self,
        call: &Call<'_>,
        ids: &Ids,
        locale: Option<&HeaderValue>,
        policy: RetryPolicy,
        deadline: Instant,
        attempts: &AtomicU32,
    ) -> Result<Exchange, Error> {
        let with_ids = |e: Error| e.with_ids(ids.request_id, ids.correlation_id);
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            attempts.store(attempt, Ordering::Relaxed);
            let token = self.credential.token().await.map_err(with_ids)?;
            let span = tracing::info_span!(
                "pc.attempt",
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
                wait_ms = tracing::field::Empty,
            );
            let result = self
                .attempt(call, ids, &token, locale)
                .instrument(span.clone())
                .await;
            let error = match result {
                Ok(exchange) => return Ok(exchange),
                Err(error) => with_ids(error).with_attempts(attempt),
            };
            if error.status() == Some(StatusCode::UNAUTHORIZED) && !refreshed {
                // One fresh token and one more attempt, whatever the retry policy says.
                refreshed = true;
                self.credential.invalidate(&token).await;
                continue;
            }
            let allowed = policy.attempts() + u32::from(refreshed);
            if !classify(&error) || attempt >= allowed {
                return Err(error);
            }
            let wait = policy.delay(attempt, error.retry_after());
            if Instant::now() + wait >= deadline {
                return Err(error);
            }
            span.record("wait_ms", wait.as_millis() as u64);
            tracing::info!(parent: &span, wait_ms = wait.as_millis() as u64, "pc.retry");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: build, send, check size and status.
    async fn attempt(
        &self,
        call: &Call<'_>,
        ids: &Ids,
        token: &AccessToken,
        locale: Option<&HeaderValue>,
    ) -> Result<Exchange, Error> {
        let request = self.build_request(call, ids, token.secret(), locale)?;
        let started = Instant::now();
        let sent = self.transport.send(request).await;
        let span = tracing::Span::current();
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        let response = sent.map_err(|e| {
            if e.kind() == pc_transport::TransportErrorKind::BodyTooLarge {
                Error::response_too_large(self.max_response_bytes)
            } else {
                Error::transport(e)
            }
        })?;
        span.record("status", response.status().as_u16());
        let (parts, body) = response.into_parts();
        if body.len() > self.max_response_bytes {
            return Err(Error::response_too_large(self.max_response_bytes));
        }
        let secrets = [Some(token.secret()), call.code.as_ref()];
        if parts.status.is_success() {
            return Ok(Exchange {
                status: parts.status,
                body,
                request_id: ids.request_id,
                correlation_id: ids.correlation_id,
                quotable: call.operation != "validation_codes.list",
                secrets: secrets.into_iter().flatten().cloned().collect(),
            });
        }
        Err(service_error(parts.status, &parts.headers, &body, &secrets))
    }

    fn build_request(
        &self,
        call: &Call<'_>,
        ids: &Ids,
        token: &Secret,
        locale: Option<&HeaderValue>,
    ) -> Result<pc_transport::Request, Error> {
        let mut url = url::Url::parse(&format!("{}{}", self.base_url, call.path))
            .map_err(|e| Error::invalid_input(format!("invalid request URL: {e}")))?;
        if let Some(code) = &call.code {
            url.query_pairs_mut().append_pair("code", code.expose());
        }
        let body = call.body.clone().unwrap_or_default();
        let mut request = http::Request::builder()
            .method(call.method.clone())
            .uri(url.as_str())
            .body(body)
            .map_err(|_| Error::invalid_input("the request could not be built"))?;
        let headers = request.headers_mut();
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| Error::auth("the access token holds characters a header cannot carry"))?;
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(MS_REQUEST_ID, uuid_header(ids.request_id));
        headers.insert(MS_CORRELATION_ID, uuid_header(ids.correlation_id));
        headers.insert(MS_CONTRACT_VERSION, HeaderValue::from_static("v1"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        if call.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        if let Some(locale) = locale {
            headers.insert(X_LOCALE, locale.clone());
        }
        if let Some(application) = &self.application {
            headers.insert(MS_PARTNER_CENTER_APPLICATION, application.clone());
        }
        request
            .extensions_mut()
            .insert(ResponseLimit(self.max_response_bytes));
        Ok(request)
    }
}

/// The ids of one logical call, fixed before the first attempt.
#[derive(Debug, Clone, Copy)]
struct Ids {
    request_id: Uuid,
    correlation_id: Uuid,
}

fn uuid_header(id: Uuid) -> HeaderValue {
    let mut buffer = Uuid::encode_buffer();
    // A hyphenated GUID is always a valid header value.
    HeaderValue::from_str(id.hyphenated().encode_lower(&mut buffer))
        .unwrap_or_else(|_| HeaderValue::from_static("00000000-0000-0000-0000-000000000000"))
}

/// `text` with each of the call's secrets (of 4 characters or more) replaced by `[redacted]`.
fn redact(text: &str, secrets: &[Option<&Secret>]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().flatten() {
        if secret.expose().len() >= 4 {
            text = text.replace(secret.expose(), "[redacted]");
        }
    }
    text
}

/// Maps an error status to a service error, redacting the call's secrets from the body.
fn service_error(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    secrets: &[Option<&Secret>],
) -> Error {
    let text = redact(&String::from_utf8_lossy(body), secrets);
    let parsed = ApiErrorBody::parse(text.as_bytes());
    let raw = match text.char_indices().nth(RAW_BODY_LIMIT) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text,
    };
    let retry_after = headers.get(RETRY_AFTER).and_then(parse_retry_after);
    Error::service(status, parsed, raw, retry_after)
}

/// Parses `Retry-After` as delta-seconds or an HTTP date (a date in the past means zero).
pub(crate) fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

//! Sending one call: ids, token, retries, deadline.
//!
//! The order of work for a call: local validation (by the operation) -> ids fixed once -> for each
//! attempt: token -> request built (`request.rs`) -> transport -> size and status check
//! (`response.rs`) -> classification and backoff (`retry.rs`) -> decode (by the operation).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method, StatusCode};
use pc_models::{Contract, CustomerId, Secret};
use pc_transport::Transport;
use tokio::time::Instant;
use tracing::Instrument;
use uuid::Uuid;

use crate::response::{Exchange, check_response};
use crate::retry::{RetryPolicy, classify};
use crate::{AccessToken, CallOptions, Error, Reply, TokenProvider};

/// The longest deadline honoured; longer ones are cut to it (a year), so that no deadline
/// arithmetic can overflow.
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);

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
    /// The value of `?code=`, if the contract puts the validation code there.
    pub(crate) query_code: Option<Secret>,
    /// The call's validation code, wherever it travels: redacted from anything quoted.
    pub(crate) secret: Option<Secret>,
    pub(crate) body: Option<Bytes>,
    /// Whether a success body may be quoted in a decode error (false when it holds codes).
    pub(crate) quotable: bool,
    pub(crate) options: &'a CallOptions,
}

impl<'a> Call<'a> {
    /// A call with no body and no secret.
    pub(crate) fn new(
        operation: &'static str,
        method: Method,
        path: String,
        options: &'a CallOptions,
    ) -> Self {
        Self {
            operation,
            method,
            path,
            customer: None,
            query_code: None,
            secret: None,
            body: None,
            quotable: true,
            options,
        }
    }

    /// Never quotes the success body in errors (it holds validation codes).
    pub(crate) fn withhold_body(mut self) -> Self {
        self.quotable = false;
        self
    }

    /// The customer the call is about (for tracing).
    pub(crate) fn customer(mut self, customer: CustomerId) -> Self {
        self.customer = Some(customer);
        self
    }

    /// An `application/json` body and the code it or the query carries.
    pub(crate) fn body(
        mut self,
        body: Vec<u8>,
        query_code: Option<Secret>,
        secret: Option<Secret>,
    ) -> Self {
        self.body = Some(Bytes::from(body));
        self.query_code = query_code;
        self.secret = secret;
        self
    }
}

/// The ids of one logical call, fixed before the first attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ids {
    pub(crate) request_id: Uuid,
    pub(crate) correlation_id: Uuid,
}

impl Pipeline {
    /// Runs a call and decodes its body.
    pub(crate) async fn run<T>(
        &self,
        call: Call<'_>,
        what: &str,
        decoder: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<Reply<T>, Error> {
        self.execute(call).await?.decode(what, decoder)
    }

    /// Runs a call: fixes its ids, then attempts it under the retry policy within the deadline.
    pub(crate) async fn execute(&self, call: Call<'_>) -> Result<Exchange, Error> {
        let ids = Ids {
            request_id: call.options.request_id.unwrap_or_else(Uuid::new_v4),
            correlation_id: call.options.correlation_id.unwrap_or_else(Uuid::new_v4),
        };
        let with_ids = |e: Error| e.with_ids(ids.request_id, ids.correlation_id);
        let span = tracing::info_span!(
            "pc.call",
            operation = call.operation,
            customer_id = call.customer.map(tracing::field::display),
            correlation_id = %ids.correlation_id,
            request_id = %ids.request_id,
            attempts = tracing::field::Empty,
        );
        let locale = match &call.options.locale {
            Some(locale) => Some(HeaderValue::from_str(locale).map_err(|_| {
                with_ids(Error::invalid_input(format!("invalid locale {locale:?}")))
            })?),
            None => self.locale.clone(),
        };
        let mut policy = self.retry;
        if let Some(attempts) = call.options.max_attempts {
            policy = policy.max_attempts(attempts);
        }
        let timeout = call
            .options
            .timeout
            .unwrap_or(self.timeout)
            .min(MAX_TIMEOUT);
        if timeout.is_zero() {
            return Err(with_ids(Error::invalid_input(
                "the call's timeout must be longer than zero",
            )));
        }
        let deadline = Instant::now() + timeout;
        let attempts = AtomicU32::new(0);
        let work = self.attempts(&call, ids, locale.as_ref(), policy, deadline, &attempts);
        let result =
            match tokio::time::timeout_at(deadline, work.instrument(span.clone())).await {
                Ok(result) => result,
                Err(_) => Err(with_ids(Error::timeout(timeout))
                    .with_attempts(attempts.load(Ordering::Relaxed))),
            };
        span.record("attempts", attempts.load(Ordering::Relaxed));
        result
    }

    /// The retry loop: one logical call, the same ids on every attempt.
    async fn attempts(
        &self,
        call: &Call<'_>,
        ids: Ids,
        locale: Option<&HeaderValue>,
        policy: RetryPolicy,
        deadline: Instant,
        attempts: &AtomicU32,
    ) -> Result<Exchange, Error> {
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            attempts.store(attempt, Ordering::Relaxed);
            let span = tracing::info_span!(
                "pc.attempt",
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
                wait_ms = tracing::field::Empty,
            );
            let (result, token) = match self.credential.token().await {
                Ok(token) => {
                    let result = self
                        .attempt(call, ids, &token, locale)
                        .instrument(span.clone())
                        .await;
                    (result, Some(token))
                }
                Err(error) => (Err(error), None),
            };
            let error = match result {
                Ok(exchange) => return Ok(exchange.with_attempts(attempt)),
                Err(error) => error
                    .with_ids(ids.request_id, ids.correlation_id)
                    .with_attempts(attempt),
            };
            if let Some(token) = &token
                && error.status() == Some(StatusCode::UNAUTHORIZED)
                && !refreshed
            {
                // One fresh token and one more attempt, whatever the retry policy says.
                refreshed = true;
                self.credential.invalidate(token).await;
                continue;
            }
            let allowed = policy.attempts().saturating_add(u32::from(refreshed));
            if !classify(&error) || attempt >= allowed {
                return Err(error);
            }
            let wait = policy.delay(attempt, error.retry_after());
            if wait >= deadline.saturating_duration_since(Instant::now()) {
                return Err(error);
            }
            let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
            span.record("wait_ms", wait_ms);
            tracing::info!(parent: &span, wait_ms, "pc.retry");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: build, send, check size and status.
    async fn attempt(
        &self,
        call: &Call<'_>,
        ids: Ids,
        token: &AccessToken,
        locale: Option<&HeaderValue>,
    ) -> Result<Exchange, Error> {
        let request = self.build_request(call, ids, token.secret(), locale)?;
        let started = Instant::now();
        let sent = self.transport.send(request).await;
        let span = tracing::Span::current();
        span.record(
            "latency_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        let response = sent.map_err(|e| {
            if e.kind() == pc_transport::TransportErrorKind::BodyTooLarge {
                Error::response_too_large(self.max_response_bytes)
            } else {
                Error::transport(e)
            }
        })?;
        span.record("status", response.status().as_u16());
        let secrets = [Some(token.secret()), call.secret.as_ref()]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        check_response(response, self.max_response_bytes, ids, call, secrets)
    }
}

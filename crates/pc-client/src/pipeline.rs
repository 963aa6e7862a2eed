//! Sending one call: ids, token, retries, deadline.
//!
//! The order of work for a call: local validation (by the operation) -> ids fixed once -> for each
//! attempt: token -> request built (`request.rs`) -> transport -> size and status check
//! (`response.rs`) -> classification and backoff (`retry.rs`) -> decode (by the operation).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use http::{HeaderValue, StatusCode};
use pc_models::Contract;
use pc_transport::Transport;
use tokio::time::Instant;
use tracing::Instrument;
use uuid::Uuid;

use crate::call::{Call, Ids};
use crate::response::{Exchange, check_response};
use crate::{AccessToken, CallOptions, Error, Reply, RetryAction, RetryPolicy, TokenProvider};

/// The longest deadline honoured; longer ones are cut to it (a year), so that no deadline
/// arithmetic can overflow.
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);

/// A body decoder: the operation's typed view of a success body.
pub(crate) type Decoder<T> = fn(&[u8]) -> Result<T, serde_json::Error>;

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

/// The retry settings in force for one call.
struct Attempts<'a> {
    policy: &'a RetryPolicy,
    max: u32,
    deadline: Instant,
    counter: &'a AtomicU32,
}

impl Pipeline {
    /// Runs a call and decodes its body.
    pub(crate) async fn run<T>(
        &self,
        call: &Call,
        options: &CallOptions,
        what: &str,
        decoder: Decoder<T>,
    ) -> Result<Reply<T>, Error> {
        self.execute(call, options).await?.decode(what, decoder)
    }

    /// The retry policy in force for a call with `options`.
    pub(crate) fn policy<'a>(&'a self, options: &'a CallOptions) -> &'a RetryPolicy {
        options.retry.as_ref().unwrap_or(&self.retry)
    }

    /// Runs a call: fixes its ids, then attempts it under the retry policy within the deadline.
    pub(crate) async fn execute(
        &self,
        call: &Call,
        options: &CallOptions,
    ) -> Result<Exchange, Error> {
        let ids = Ids {
            request_id: options.request_id.unwrap_or_else(Uuid::new_v4),
            correlation_id: options.correlation_id.unwrap_or_else(Uuid::new_v4),
        };
        let with_ids = |e: Error| e.with_ids(ids.request_id, ids.correlation_id);
        let span = tracing::info_span!(
            "pc.call",
            operation = call.endpoint.name,
            customer_id = call.customer.map(tracing::field::display),
            correlation_id = %ids.correlation_id,
            request_id = %ids.request_id,
            attempts = tracing::field::Empty,
        );
        let locale = match &options.locale {
            Some(locale) => Some(HeaderValue::from_str(locale).map_err(|_| {
                with_ids(Error::invalid_input(format!("invalid locale {locale:?}")))
            })?),
            None => self.locale.clone(),
        };
        let policy = self.policy(options);
        let timeout = options.timeout.unwrap_or(self.timeout).min(MAX_TIMEOUT);
        if timeout.is_zero() {
            return Err(with_ids(Error::invalid_input(
                "the call's timeout must be longer than zero",
            )));
        }
        let counter = AtomicU32::new(0);
        let limits = Attempts {
            policy,
            max: options.max_attempts.unwrap_or(policy.attempts()),
            deadline: Instant::now() + timeout,
            counter: &counter,
        };
        let work = self.attempts(call, ids, locale.as_ref(), &limits);
        let result =
            match tokio::time::timeout_at(limits.deadline, work.instrument(span.clone())).await {
                Ok(result) => result,
                Err(_) => Err(with_ids(Error::timeout(timeout))
                    .with_attempts(counter.load(Ordering::Relaxed))),
            };
        span.record("attempts", counter.load(Ordering::Relaxed));
        result
    }

    /// The retry loop: one logical call, the same ids on every attempt.
    async fn attempts(
        &self,
        call: &Call,
        ids: Ids,
        locale: Option<&HeaderValue>,
        limits: &Attempts<'_>,
    ) -> Result<Exchange, Error> {
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            limits.counter.store(attempt, Ordering::Relaxed);
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
            let floor = match limits.policy.classify(&error) {
                RetryAction::Retry => None,
                RetryAction::RetryAfter(wait) => Some(wait),
                RetryAction::NoRetry | RetryAction::NoActionIndicated => return Err(error),
            };
            if attempt >= limits.max.saturating_add(u32::from(refreshed)) {
                return Err(error);
            }
            let wait = limits.policy.delay(attempt, floor);
            if wait >= limits.deadline.saturating_duration_since(Instant::now()) {
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
        call: &Call,
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

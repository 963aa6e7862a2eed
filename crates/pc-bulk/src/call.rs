//! One logical call, attempt by attempt, each through the rate limiter.
//!
//! - [`Caller`]: the client, the shared [`RateLimiter`] and the attempt cap; runs the retry loop
//!   itself so that every attempt takes a permit and every answer reaches the limiter.
//! - [`Attempted`]: the last result and how many attempts it took.
//! - [`Counters`]: requests and `429`s of one run.
//!
//! # Design
//!
//! Each attempt is a client call with a one-attempt retry policy and the call's ids pinned, so
//! every retry resends the same `MS-RequestId` (the service replays rather than applies twice).
//! Retried: what the client's default rules retry (`408`, `429`, `500`, `502`, `503`, `504`,
//! transport failures, transient token failures) and timeouts (the pinned request id makes that
//! safe). A `429` waits for the limiter's shared pause; other retries also wait a jittered
//! exponential backoff (250 ms doubling, capped at 30 s, at least the service's `Retry-After`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use pc_client::{
    CallOptions, Error as ClientError, PartnerCenterClient, Reply, RequestBuilder, RetryPolicy,
};
use rand::Rng;

use crate::{Observation, RateLimiter};

/// The first backoff ceiling.
const INITIAL_BACKOFF: Duration = Duration::from_millis(250);
/// The largest backoff ceiling.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Requests and `429`s of one run.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) throttled: AtomicU64,
}

/// The last result of a call and its attempt count.
#[derive(Debug)]
pub(crate) struct Attempted<T> {
    pub(crate) result: Result<Reply<T>, ClientError>,
    pub(crate) attempts: u32,
}

/// Makes calls through the limiter, retrying in the engine.
#[derive(Debug)]
pub(crate) struct Caller {
    pub(crate) client: PartnerCenterClient,
    pub(crate) limiter: RateLimiter,
    pub(crate) max_attempts: u32,
    pub(crate) counters: Arc<Counters>,
}

impl Caller {
    /// Runs one logical call: `make` builds the request of each attempt; `options` pin its ids.
    pub(crate) async fn call<T: Send + 'static>(
        &self,
        make: impl Fn() -> RequestBuilder<T>,
        options: &CallOptions,
    ) -> Attempted<T> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let permit = self.limiter.acquire().await;
            self.counters.requests.fetch_add(1, Ordering::Relaxed);
            let result = make()
                .options(options.clone().retry_policy(RetryPolicy::none()))
                .reply()
                .await;
            let error = match result {
                Ok(reply) => {
                    self.limiter.observe(&permit, Observation::Admitted);
                    return Attempted {
                        result: Ok(reply),
                        attempts,
                    };
                }
                Err(error) => error,
            };
            let throttled = error.status().map(|s| s.as_u16()) == Some(429);
            let observation = match error.status() {
                _ if throttled => Observation::Throttled(error.retry_after()),
                Some(_) => Observation::Admitted,
                None => Observation::NoAnswer,
            };
            self.limiter.observe(&permit, observation);
            if throttled {
                self.counters.throttled.fetch_add(1, Ordering::Relaxed);
            }
            let retry = error.is_retryable() || error.is_timeout();
            if !retry || attempts >= self.max_attempts {
                return Attempted {
                    result: Err(error),
                    attempts,
                };
            }
            if !throttled {
                tokio::time::sleep(backoff(attempts, error.retry_after())).await;
            }
        }
    }
}

/// The wait after failed attempt `attempt` (1-based): full jitter, at least `floor`.
fn backoff(attempt: u32, floor: Option<Duration>) -> Duration {
    let exponent = attempt.saturating_sub(1).min(16);
    let ceiling = INITIAL_BACKOFF
        .saturating_mul(1u32 << exponent)
        .min(MAX_BACKOFF);
    let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
    let jittered = Duration::from_millis(rand::rng().random_range(0..=millis));
    jittered.max(floor.unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_its_ceiling_and_over_its_floor() {
        for attempt in 1..30 {
            assert!(backoff(attempt, None) <= MAX_BACKOFF);
        }
        assert!(backoff(1, None) <= INITIAL_BACKOFF);
        assert!(backoff(1, Some(Duration::from_secs(2))) >= Duration::from_secs(2));
    }
}

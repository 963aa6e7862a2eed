//! The fault injector: decides, request by request, which [`Faults`] fire.
//!
//! - [`Injector`]: the faults in force, their random generator, the token bucket.
//! - [`Decision`]: what happens to one `/v1/*` request.

use std::time::Duration;

use http::StatusCode;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::time::Instant;

use crate::Faults;
use crate::throttle::TokenBucket;

/// What the injector decided for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Process the request; when `drop_after` is set, close the connection afterwards.
    Pass {
        /// Close the connection after processing instead of answering.
        drop_after: bool,
    },
    /// Answer `429`, a token being available after this many seconds.
    Throttled {
        /// The `Retry-After` value.
        retry_after: u64,
    },
    /// Answer this server error without processing.
    Error(StatusCode),
    /// Close the connection without processing.
    DropBefore,
}

/// The faults in force and their state.
///
/// Replacing the faults restarts everything: the bucket is full again, the random sequence starts
/// over from the seed and the next injected error is a `500`.
#[derive(Debug)]
pub(crate) struct Injector {
    faults: Faults,
    seed: u64,
    rng: StdRng,
    bucket: Option<TokenBucket>,
    errors: u64,
}

impl Injector {
    /// An injector for `faults`, drawing from a generator seeded with `seed`.
    pub(crate) fn new(faults: Faults, seed: u64, now: Instant) -> Self {
        Self {
            bucket: faults.throttle.map(|t| TokenBucket::new(t, now)),
            faults,
            seed,
            rng: StdRng::seed_from_u64(seed),
            errors: 0,
        }
    }

    /// The faults in force.
    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Replaces the faults and restarts their state.
    pub(crate) fn replace(&mut self, faults: Faults, now: Instant) {
        *self = Self::new(faults, self.seed, now);
    }

    /// The delay to add before answering.
    pub(crate) fn latency(&self) -> Duration {
        Duration::from_millis(self.faults.latency_ms)
    }

    /// Decides the fate of one request; `is_write` for `POST` and `PUT`.
    pub(crate) fn decide(&mut self, is_write: bool, now: Instant) -> Decision {
        if let Some(bucket) = &mut self.bucket
            && let Err(retry_after) = bucket.take(now)
        {
            return Decision::Throttled { retry_after };
        }
        if self.roll(self.faults.error_rate) {
            self.errors += 1;
            let status = if self.errors % 2 == 1 {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            return Decision::Error(status);
        }
        if self.roll(self.faults.drop_before_apply_rate) {
            return Decision::DropBefore;
        }
        let drop_after = is_write && self.roll(self.faults.drop_after_apply_rate);
        Decision::Pass { drop_after }
    }

    /// Draws with probability `rate`; a rate of zero (or less, or NaN) draws nothing.
    fn roll(&mut self, rate: f64) -> bool {
        rate > 0.0 && self.rng.random::<f64>() < rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decisions(faults: &Faults, seed: u64, n: usize) -> Vec<Decision> {
        let now = Instant::now();
        let mut injector = Injector::new(faults.clone(), seed, now);
        (0..n).map(|_| injector.decide(true, now)).collect()
    }

    #[test]
    fn same_seed_gives_the_same_decisions() {
        let faults = Faults {
            error_rate: 0.3,
            drop_before_apply_rate: 0.3,
            drop_after_apply_rate: 0.3,
            ..Faults::default()
        };
        assert_eq!(decisions(&faults, 7, 50), decisions(&faults, 7, 50));
        assert_ne!(decisions(&faults, 7, 50), decisions(&faults, 8, 50));
    }

    #[test]
    fn certain_errors_alternate_between_500_and_503() {
        let faults = Faults {
            error_rate: 1.0,
            ..Faults::default()
        };
        assert_eq!(
            decisions(&faults, 0, 3),
            vec![
                Decision::Error(StatusCode::INTERNAL_SERVER_ERROR),
                Decision::Error(StatusCode::SERVICE_UNAVAILABLE),
                Decision::Error(StatusCode::INTERNAL_SERVER_ERROR),
            ]
        );
    }

    #[test]
    fn out_of_range_rates_are_clamped() {
        let faults = Faults {
            error_rate: f64::NAN,
            drop_before_apply_rate: -1.0,
            drop_after_apply_rate: 7.0,
            ..Faults::default()
        };
        assert_eq!(
            decisions(&faults, 0, 2),
            vec![Decision::Pass { drop_after: true }; 2]
        );
    }
}

//! Faults the emulator injects on demand.
//!
//! - [`Faults`]: the settings, readable and replaceable through `GET`/`PUT /_emulator/faults`.
//! - [`Throttle`]: the token bucket behind `429 Too Many Requests`.
//!
//! Faults apply to `/v1/*` requests only, never to the token endpoint or `/_emulator/*`.
//!
//! # Example
//!
//! ```
//! use pc_emulator::{Faults, Throttle};
//!
//! let faults = Faults {
//!     throttle: Some(Throttle::new(2, 0.5)),
//!     latency_ms: 20,
//!     ..Faults::default()
//! };
//! let json = serde_json::to_string(&faults)?;
//! assert!(json.contains(r#""refillPerSecond":0.5"#));
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Serialize};

/// The largest `latencyMs` `PUT /_emulator/faults` accepts.
pub(crate) const MAX_LATENCY_MS: u64 = 10_000;

/// The largest throttle capacity and refill rate `PUT /_emulator/faults` accepts.
pub(crate) const MAX_THROTTLE: u32 = 1_000_000;

/// The faults injected into `/v1/*` requests. The default injects none.
///
/// Rates are probabilities from `0.0` to `1.0`, drawn from a random generator seeded with
/// [`EmulatorConfig::seed`](crate::EmulatorConfig::seed), so a run is repeatable. A value below `0`
/// (or NaN) behaves as `0`, a value above `1` as `1`. Per request the checks run in this order, and
/// the first that fires decides: throttle, error rate, drop before apply; `latency_ms` delays every
/// request, and `drop_after_apply_rate` is drawn only for `POST` and `PUT`.
///
/// Its serde form is camelCase with every field optional:
/// `{"throttle":{"capacity":2,"refillPerSecond":1.0},"errorRate":0.1,"latencyMs":50,
/// "dropBeforeApplyRate":0.0,"dropAfterApplyRate":0.0}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Faults {
    /// Throttling with a token bucket over all `/v1/*` requests. Default: none.
    ///
    /// An empty bucket answers `429` with `Retry-After: <whole seconds until a token is available,
    /// at least 1, at most 3600>` and the body
    /// `{"statusCode":429,"message":"Rate limit is exceeded. Try again in N seconds."}`.
    pub throttle: Option<Throttle>,
    /// The share of requests answered `500` (documented body, code `800003`) or `503`,
    /// alternately, before anything is applied. Default: `0.0`.
    pub error_rate: f64,
    /// Milliseconds added before answering each request. Default: `0`. At most `10000` through
    /// `PUT /_emulator/faults`.
    pub latency_ms: u64,
    /// The share of requests whose connection is closed with no response and nothing applied.
    /// Default: `0.0`.
    pub drop_before_apply_rate: f64,
    /// The share of `POST`/`PUT` requests that are processed (the change applied, the response
    /// stored for a repeat of the same request and `MS-RequestId`) and whose connection is then
    /// closed with no response. Default: `0.0`.
    pub drop_after_apply_rate: f64,
}

/// A token bucket: `capacity` requests at once, refilled at `refill_per_second`.
///
/// The bucket starts full, and again whenever the faults are replaced. A refill rate that is not a
/// positive number never refills.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Throttle {
    /// How many tokens the bucket holds (and starts with).
    pub capacity: u32,
    /// How many tokens are added per second.
    pub refill_per_second: f64,
}

impl Throttle {
    /// A bucket of `capacity` tokens refilled at `refill_per_second`.
    pub const fn new(capacity: u32, refill_per_second: f64) -> Self {
        Self {
            capacity,
            refill_per_second,
        }
    }
}

impl Faults {
    /// Checks values a client sent to `PUT /_emulator/faults`; the message names the field.
    ///
    /// Rates must lie in `0.0..=1.0`, `latencyMs` in `0..=10000`, `throttle.capacity` in
    /// `1..=1000000` and `throttle.refillPerSecond` in `0..=1000000` (`0`: never refills).
    /// Values set through [`EmulatorConfig::faults`](crate::EmulatorConfig::faults) or
    /// [`Emulator::set_faults`](crate::Emulator::set_faults) are not checked.
    pub(crate) fn check(&self) -> Result<(), String> {
        let rates = [
            ("errorRate", self.error_rate),
            ("dropBeforeApplyRate", self.drop_before_apply_rate),
            ("dropAfterApplyRate", self.drop_after_apply_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must lie between 0 and 1, got {rate}"));
            }
        }
        if self.latency_ms > MAX_LATENCY_MS {
            return Err(format!(
                "latencyMs must be at most {MAX_LATENCY_MS}, got {}",
                self.latency_ms
            ));
        }
        if let Some(throttle) = &self.throttle {
            if !(1..=MAX_THROTTLE).contains(&throttle.capacity) {
                return Err(format!(
                    "throttle.capacity must lie between 1 and {MAX_THROTTLE}, got {}",
                    throttle.capacity
                ));
            }
            let refill = throttle.refill_per_second;
            if !(refill.is_finite() && (0.0..=f64::from(MAX_THROTTLE)).contains(&refill)) {
                return Err(format!(
                    "throttle.refillPerSecond must lie between 0 and {MAX_THROTTLE}, got {refill}"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(faults: Faults) -> Option<String> {
        faults.check().err()
    }

    #[test]
    fn values_at_the_bounds_pass() {
        let faults = Faults {
            throttle: Some(Throttle::new(MAX_THROTTLE, f64::from(MAX_THROTTLE))),
            error_rate: 1.0,
            latency_ms: MAX_LATENCY_MS,
            drop_before_apply_rate: 0.0,
            drop_after_apply_rate: 1.0,
        };
        assert_eq!(problem(faults), None);
        let never_refills = Faults {
            throttle: Some(Throttle::new(1, 0.0)),
            ..Faults::default()
        };
        assert_eq!(problem(never_refills), None);
    }

    #[test]
    fn values_out_of_range_are_refused_by_name() {
        let cases = [
            (
                Faults {
                    latency_ms: MAX_LATENCY_MS + 1,
                    ..Faults::default()
                },
                "latencyMs must be at most 10000, got 10001",
            ),
            (
                Faults {
                    drop_before_apply_rate: -0.5,
                    ..Faults::default()
                },
                "dropBeforeApplyRate must lie between 0 and 1, got -0.5",
            ),
            (
                Faults {
                    throttle: Some(Throttle::new(0, 1.0)),
                    ..Faults::default()
                },
                "throttle.capacity must lie between 1 and 1000000, got 0",
            ),
            (
                Faults {
                    throttle: Some(Throttle::new(1, 2e6)),
                    ..Faults::default()
                },
                "throttle.refillPerSecond must lie between 0 and 1000000, got 2000000",
            ),
        ];
        for (faults, expected) in cases {
            assert_eq!(problem(faults).as_deref(), Some(expected));
        }
    }
}

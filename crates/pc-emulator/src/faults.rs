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
    /// Milliseconds added before answering each request. Default: `0`.
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
    /// Checks values a client sent to `PUT /_emulator/faults`.
    ///
    /// Rates must lie in `0.0..=1.0` and the refill rate must be finite and not negative.
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
        if let Some(throttle) = &self.throttle
            && !(throttle.refill_per_second.is_finite() && throttle.refill_per_second >= 0.0)
        {
            return Err(format!(
                "throttle.refillPerSecond must be a finite number of at least 0, got {}",
                throttle.refill_per_second
            ));
        }
        Ok(())
    }
}

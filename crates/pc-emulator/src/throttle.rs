//! The token bucket behind [`Throttle`].
//!
//! - [`TokenBucket`]: takes one token per request, says how long until the next one.

use tokio::time::Instant;

use crate::Throttle;

/// The longest `Retry-After` the emulator announces, in seconds.
const MAX_RETRY_AFTER_SECS: f64 = 3600.0;

/// A token bucket measured on tokio's clock.
#[derive(Debug, Clone)]
pub(crate) struct TokenBucket {
    capacity: f64,
    refill_per_second: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket.
    pub(crate) fn new(throttle: Throttle, now: Instant) -> Self {
        let refill = throttle.refill_per_second;
        Self {
            capacity: f64::from(throttle.capacity),
            refill_per_second: if refill.is_finite() && refill > 0.0 {
                refill
            } else {
                0.0
            },
            tokens: f64::from(throttle.capacity),
            last: now,
        }
    }

    /// Takes a token, or says after how many whole seconds (1 to 3600) one will be available.
    pub(crate) fn take(&mut self, now: Instant) -> Result<(), u64> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.refill_per_second).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        let wait = if self.refill_per_second > 0.0 {
            ((1.0 - self.tokens) / self.refill_per_second).ceil()
        } else {
            MAX_RETRY_AFTER_SECS
        };
        // `wait` is finite and positive here; the clamp keeps the cast in range.
        Err(wait.clamp(1.0, MAX_RETRY_AFTER_SECS) as u64)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn empty_bucket_announces_the_wait_for_the_next_token() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(Throttle::new(2, 0.25), start);
        assert_eq!(bucket.take(start), Ok(()));
        assert_eq!(bucket.take(start), Ok(()));
        assert_eq!(bucket.take(start), Err(4));
        assert_eq!(bucket.take(start + Duration::from_secs(4)), Ok(()));
    }

    #[test]
    fn bucket_without_refill_announces_the_maximum_wait() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(Throttle::new(0, f64::NAN), start);
        assert_eq!(bucket.take(start), Err(3600));
    }

    #[test]
    fn fast_refill_still_announces_at_least_one_second() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(Throttle::new(1, 1000.0), start);
        assert_eq!(bucket.take(start), Ok(()));
        assert_eq!(bucket.take(start), Err(1));
    }
}

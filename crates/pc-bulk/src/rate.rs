//! One adaptive rate limiter per partner: every request waits for it, every answer teaches it.
//!
//! - [`RateLimiter`]: paces requests at an adaptive rate, pauses every caller after a `429`.
//! - [`Permit`]: one request's slot, handed back with what came of it.
//! - [`Observation`]: what came of a request: admitted, throttled (with `Retry-After`), no
//!   answer.
//! - [`RateStats`]: the current rate and the counts, for progress displays.
//!
//! # Design
//!
//! Partner Center throttles per partner, so one limiter serves every call of a run: creates, the
//! `409` checks, vetting polls, and every retry of each. The engine makes each attempt a call of
//! its own (the client's retry policy set to one attempt) and runs the retry loop itself, taking
//! a permit before every attempt and reporting every answer, so no attempt bypasses the limiter
//! and every `429` is seen. (A transport wrapper would also see every attempt, but only if the
//! caller built the client around it; this way any client works.) The one exception is the
//! client's own single retry after a `401` with a refreshed token.
//!
//! - **Pacing**: one permit per `1/rate` (the current rate, read when the slot comes up), no
//!   bursts: callers queue in order and only the first waits on the clock, so the service's token
//!   bucket is drained smoothly. Slots are kept on a schedule, so a timer that fires a little
//!   late does not slow the run down; after an idle spell the schedule restarts from now.
//! - **Shared pause**: a `429` pauses every caller until its `Retry-After` (1 s without one), not
//!   only the one that saw it.
//! - **Multiplicative decrease**: the first `429` of a throttle episode (one for a request granted
//!   after the previous episode began; answers to requests already in flight belong to it) cuts
//!   the rate. Between two episodes the service's bucket went from empty to empty, so what it
//!   admitted in between, over the time between, is its sustainable rate: the rate is cut to
//!   90 % of that measurement (at the first episode, with nothing measured yet, to 70 % of the
//!   current rate).
//! - **Additive increase**: while callers wait for the limiter (a run that cannot use its rate
//!   does not raise it), each admitted answer raises the rate by the time elapsed times a step
//!   proportional to the rate settled on at the last cut (the measured rate, or the cut rate at
//!   the first episode): 10 % of it per second up to it (a quick return after the cut), then
//!   2 % per second beyond it, doubling every second without a `429` up to 50 % (a probe that
//!   starts gently near the known limit and grows if the limit has moved or was underestimated,
//!   like BIC's max probing). Before the first `429` the rate doubles every 200 ms instead (slow
//!   start), from 50 per second.
//! - **Cap**: a maximum rate (`--rate N`) is the starting rate and is never exceeded.
//!
//! Like the AWS SDKs' adaptive retry mode, this keeps the rate near the service's limit: against
//! a token bucket refilled at `R` per second that holds at least a `Retry-After`'s worth of
//! tokens (or a fixed window of `N` calls per period, as API gateways throttle), a run sustains
//! about `R` with a `429` every several seconds at most (measured by the crate's tests: a bucket
//! of 200 at 200 per second, 2,600 rows, about 200 per second and 2 to 4 `429`s, 0.1 %).
//!
//! Known limit: against a bucket smaller than `R` times the `Retry-After`, every pause wastes the
//! refill the bucket cannot hold, and the measurement (which counts the pause as time offered)
//! reads low until the probe corrects it; a bucket of 0.1 s at 100 per second with 1-second
//! pauses sustains about 55 % over a 20-second run. Honouring `Retry-After` is the service's
//! rule, so that cost is accepted. See issue 9.
//!
//! # Examples
//!
//! ```
//! use std::time::Duration;
//! use pc_bulk::{Observation, RateLimiter};
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() -> Result<(), pc_bulk::Error> {
//! let limiter = RateLimiter::new(Some(10.0))?;
//! let permit = limiter.acquire().await;
//! // The service answered 429 with Retry-After: 2: every caller waits.
//! limiter.observe(&permit, Observation::Throttled(Some(Duration::from_secs(2))));
//! let started = tokio::time::Instant::now();
//! let _next = limiter.acquire().await;
//! assert!(started.elapsed() >= Duration::from_secs(2));
//! assert!(limiter.stats().rate < 10.0);
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use crate::Error;

/// The starting rate without a cap, per second.
const INITIAL_RATE: f64 = 50.0;
/// The lowest rate, per second.
const MIN_RATE: f64 = 0.05;
/// How long slow start takes to double the rate.
const SLOW_START_DOUBLING: Duration = Duration::from_millis(200);
/// The share of the current rate kept at the first throttle episode.
const FIRST_DECREASE: f64 = 0.7;
/// The share of the measured admitted rate kept at later episodes.
const DECREASE: f64 = 0.9;
/// The additive increase per second below the anchor (the rate settled on), as a share of it.
const RECOVERY_SHARE: f64 = 0.10;
/// The first additive increase per second above the anchor, as a share of it.
const PROBE_SHARE: f64 = 0.02;
/// The largest additive increase per second above the anchor, as a share of it.
const MAX_PROBE_SHARE: f64 = 0.5;
/// How long the probe step takes to double.
const PROBE_DOUBLING: Duration = Duration::from_secs(1);
/// The smallest additive increase per second.
const MIN_INCREASE: f64 = 0.05;
/// The pause after a `429` without `Retry-After`.
const DEFAULT_PAUSE: Duration = Duration::from_secs(1);
/// The longest pause honoured.
const MAX_PAUSE: Duration = Duration::from_secs(3600);
/// The shortest span between two episodes that yields a measured rate.
const MIN_MEASURE: Duration = Duration::from_millis(500);

/// What came of a request made under a [`Permit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observation {
    /// The service answered with anything but `429`: it admitted the request.
    Admitted,
    /// The service answered `429`, with its `Retry-After` if any.
    Throttled(Option<Duration>),
    /// No answer came (transport failure, timeout): nothing to learn.
    NoAnswer,
}

/// A request's slot from [`RateLimiter::acquire`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "hand the permit back to observe() with the request's outcome"]
pub struct Permit {
    granted_at: Instant,
}

/// The limiter's current rate and counts.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RateStats {
    /// The current rate, requests per second.
    pub rate: f64,
    /// Permits granted.
    pub requests: u64,
    /// `429` answers observed.
    pub throttled: u64,
    /// Whether callers are paused by a `429` now.
    pub paused: bool,
}

struct State {
    rate: f64,
    max: Option<f64>,
    slow_start: bool,
    /// The rate settled on at the last cut: the measured admitted rate, or the cut rate.
    anchor: f64,
    /// Since when the rate has been above the anchor.
    above_since: Option<Instant>,
    /// The scheduled time of the last permit.
    last_slot: Instant,
    paused_until: Option<Instant>,
    last_increase: Instant,
    /// Whether the last caller had to wait for its slot (the limiter is the bottleneck).
    saturated: bool,
    admitted: u64,
    last_episode: Option<(Instant, u64)>,
    requests: u64,
    throttled: u64,
}

/// An adaptive rate limiter shared by every request of a partner; see the module docs for the
/// algorithm.
///
/// Cloning is cheap: clones share one state (an `Arc` inside), so a run, a wait and anything
/// else of the same partner can share it.
#[derive(Clone)]
pub struct RateLimiter {
    state: Arc<Mutex<State>>,
    /// Callers queue here in order; only the first waits on the clock.
    turn: Arc<tokio::sync::Mutex<()>>,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stats = self.stats();
        f.debug_struct("RateLimiter")
            .field("rate", &stats.rate)
            .field("max", &self.lock().max)
            .field("requests", &stats.requests)
            .field("throttled", &stats.throttled)
            .finish()
    }
}

impl Default for RateLimiter {
    /// No cap: starts at 50 requests per second and adapts.
    fn default() -> Self {
        Self::with_cap(None)
    }
}

impl RateLimiter {
    /// A limiter capped at `max_rate` requests per second (which is also its starting rate), or
    /// uncapped (starting at 50 per second).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when `max_rate` is not a positive, finite
    /// number.
    pub fn new(max_rate: Option<f64>) -> Result<Self, Error> {
        if let Some(rate) = max_rate
            && !(rate.is_finite() && rate > 0.0)
        {
            return Err(Error::config(format!(
                "the maximum rate must be a positive number of requests per second, got {rate}"
            )));
        }
        Ok(Self::with_cap(max_rate))
    }

    fn with_cap(max: Option<f64>) -> Self {
        let now = Instant::now();
        let rate = max.unwrap_or(INITIAL_RATE);
        Self {
            turn: Arc::default(),
            state: Arc::new(Mutex::new(State {
                rate,
                max,
                slow_start: max.is_none(),
                anchor: rate,
                above_since: None,
                last_slot: now.checked_sub(Duration::from_secs(1)).unwrap_or(now),
                paused_until: None,
                last_increase: now,
                saturated: false,
                admitted: 0,
                last_episode: None,
                requests: 0,
                throttled: 0,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent numbers: keep using them.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits for a slot: `1/rate` after the previous one, and after any pause. Callers are
    /// served in the order they asked.
    pub async fn acquire(&self) -> Permit {
        let _turn = self.turn.lock().await;
        loop {
            match self.try_grant() {
                Ok(permit) => return permit,
                Err(at) => tokio::time::sleep_until(at).await,
            }
        }
    }

    /// The permit if its slot has come, else when it comes.
    fn try_grant(&self) -> Result<Permit, Instant> {
        let mut state = self.lock();
        let now = Instant::now();
        let interval = Duration::from_secs_f64(1.0 / state.rate);
        let mut at = state.last_slot + interval;
        if let Some(until) = state.paused_until
            && until > at
        {
            at = until;
        }
        if at > now {
            state.saturated = true;
            return Err(at);
        }
        // Behind schedule by more than a slot: nobody was waiting, so there is no backlog to
        // catch up with; the schedule restarts from now. (Less than a slot late is a timer
        // firing late: the schedule stands.)
        if now.checked_sub(interval).is_some_and(|floor| at < floor) {
            state.saturated = false;
            at = now;
        }
        state.last_slot = at;
        state.requests += 1;
        Ok(Permit { granted_at: now })
    }

    /// Learns from what came of the request made under `permit`.
    pub fn observe(&self, permit: &Permit, observation: Observation) {
        let mut state = self.lock();
        let now = Instant::now();
        match observation {
            Observation::Admitted => {
                state.admitted += 1;
                state.increase(now);
            }
            Observation::Throttled(retry_after) => {
                state.throttled += 1;
                let pause = retry_after.unwrap_or(DEFAULT_PAUSE).min(MAX_PAUSE);
                let until = now + pause;
                if state.paused_until.is_none_or(|current| current < until) {
                    state.paused_until = Some(until);
                }
                let new_episode = state
                    .last_episode
                    .is_none_or(|(at, _)| permit.granted_at > at);
                if new_episode {
                    state.decrease(now);
                }
            }
            Observation::NoAnswer => {}
        }
    }

    /// The current rate and counts.
    pub fn stats(&self) -> RateStats {
        let state = self.lock();
        RateStats {
            rate: state.rate,
            requests: state.requests,
            throttled: state.throttled,
            paused: state
                .paused_until
                .is_some_and(|until| until > Instant::now()),
        }
    }
}

impl State {
    fn increase(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last_increase);
        self.last_increase = now;
        let paused = self.paused_until.is_some_and(|until| until > now);
        if paused || !self.saturated {
            return;
        }
        let seconds = elapsed.min(Duration::from_secs(1)).as_secs_f64();
        if self.slow_start {
            self.rate *= 2f64.powf(seconds / SLOW_START_DOUBLING.as_secs_f64());
        } else {
            let share = if self.rate < self.anchor {
                RECOVERY_SHARE
            } else {
                let since = *self.above_since.get_or_insert(now);
                let doublings = now.saturating_duration_since(since).as_secs_f64()
                    / PROBE_DOUBLING.as_secs_f64();
                (PROBE_SHARE * 2f64.powf(doublings.floor())).min(MAX_PROBE_SHARE)
            };
            self.rate += (share * self.anchor).max(MIN_INCREASE) * seconds;
        }
        if let Some(max) = self.max {
            self.rate = self.rate.min(max);
        }
    }

    fn decrease(&mut self, now: Instant) {
        let measured = self.last_episode.and_then(|(at, admitted)| {
            let span = now.saturating_duration_since(at);
            (span >= MIN_MEASURE).then(|| (self.admitted - admitted) as f64 / span.as_secs_f64())
        });
        let rate = match measured {
            Some(measured) => DECREASE * measured.min(self.rate),
            None => FIRST_DECREASE * self.rate,
        };
        self.rate = rate.max(MIN_RATE);
        self.anchor = measured.unwrap_or(self.rate).max(MIN_RATE);
        self.above_since = None;
        self.slow_start = false;
        self.last_episode = Some((now, self.admitted));
        self.last_increase = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn permits_are_paced_at_the_cap() {
        let limiter = RateLimiter::new(Some(10.0)).unwrap_or_default();
        let started = Instant::now();
        for _ in 0..21 {
            let permit = limiter.acquire().await;
            limiter.observe(&permit, Observation::Admitted);
        }
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(1990), "{elapsed:?}");
        assert!(elapsed <= Duration::from_millis(2010), "{elapsed:?}");
        assert_eq!(limiter.stats().rate, 10.0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_pauses_every_caller_and_cuts_the_rate_once_per_episode() {
        let limiter = RateLimiter::new(Some(100.0)).unwrap_or_default();
        let first = limiter.acquire().await;
        let second = limiter.acquire().await;
        limiter.observe(&first, Observation::Throttled(Some(Duration::from_secs(3))));
        // An answer to a request already in flight: the same episode.
        limiter.observe(
            &second,
            Observation::Throttled(Some(Duration::from_secs(3))),
        );
        assert!((limiter.stats().rate - 70.0).abs() < 1e-9);
        assert!(limiter.stats().paused);
        let started = Instant::now();
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move { limiter.acquire().await })
            })
            .collect();
        for waiter in waiters {
            assert!(waiter.await.is_ok());
        }
        assert!(started.elapsed() >= Duration::from_secs(3));
        assert_eq!(limiter.stats().throttled, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_later_episode_cuts_to_the_measured_admitted_rate() {
        let limiter = RateLimiter::new(Some(100.0)).unwrap_or_default();
        let permit = limiter.acquire().await;
        limiter.observe(&permit, Observation::Throttled(None));
        // 70 per second now; 10 admitted over the next 2 seconds.
        tokio::time::sleep(Duration::from_secs(1)).await;
        for _ in 0..10 {
            let permit = limiter.acquire().await;
            limiter.observe(&permit, Observation::Admitted);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let permit = limiter.acquire().await;
        limiter.observe(&permit, Observation::Throttled(None));
        let rate = limiter.stats().rate;
        assert!((rate - 0.9 * 10.0 / 2.0).abs() < 0.2, "{rate}");
    }

    #[test]
    fn a_cap_must_be_a_positive_number() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(RateLimiter::new(Some(bad)).is_err(), "{bad}");
        }
        assert!(RateLimiter::new(None).is_ok());
    }
}

//! Measuring a run's progress.
//!
//! - [`Meter`]: counts rows as they finish and turns the counts into a
//!   [`Progress`](crate::Progress) with a recent rate.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use crate::{Progress, StateCounts};

/// The span the recent rate is measured over.
const WINDOW: Duration = Duration::from_secs(5);

/// Rows done so far and a few recent samples of that count.
#[derive(Debug)]
pub(crate) struct Meter {
    total: u64,
    done: u64,
    samples: VecDeque<(Instant, u64)>,
}

impl Meter {
    /// A meter for `total` rows.
    pub(crate) fn new(total: u64) -> Self {
        let mut samples = VecDeque::new();
        samples.push_back((Instant::now(), 0));
        Self {
            total,
            done: 0,
            samples,
        }
    }

    /// A row of this run has its outcome (a dry run's: checked).
    pub(crate) fn finished(&mut self) {
        self.done += 1;
    }

    /// A row an earlier run finished was skipped.
    pub(crate) fn skipped(&mut self) {
        self.done += 1;
    }

    /// A snapshot; also takes a sample for the rate.
    pub(crate) fn progress(
        &mut self,
        counts: &StateCounts,
        skipped: u64,
        in_flight: u64,
        target_rate: f64,
        requests: u64,
        throttled: u64,
    ) -> Progress {
        let now = Instant::now();
        self.samples.push_back((now, self.done));
        while self.samples.len() > 2
            && self
                .samples
                .get(1)
                .is_some_and(|(at, _)| now.saturating_duration_since(*at) >= WINDOW)
        {
            self.samples.pop_front();
        }
        let rate = self.samples.front().map_or(0.0, |(at, done)| {
            let span = now.saturating_duration_since(*at).as_secs_f64();
            if span > 0.0 {
                (self.done - done) as f64 / span
            } else {
                0.0
            }
        });
        Progress {
            done: self.done,
            total: self.total,
            created: counts.created,
            already_held: counts.already_held,
            refused: counts.refused,
            failed: counts.failed,
            invalid: counts.invalid,
            skipped,
            in_flight,
            rate,
            target_rate,
            requests,
            throttled_429s: throttled,
        }
    }
}

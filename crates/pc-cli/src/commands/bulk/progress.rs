//! What stderr shows while a bulk run goes, and the breaker that stops a run nobody answers.
//!
//! - `Reporter`: takes every [`Event`] of the run: warnings (once), progress (an indicatif bar
//!   when stderr is a terminal: rows done/total, rate, 429s, ETA; otherwise a plain line every
//!   [`LINE_INTERVAL`]: `bulk: 1200/5000 done, 198.4/s, 3 throttled`), row outcomes (for the
//!   breaker).
//! - `Breaker`: counts the rows the service gave a verdict on and those that failed before one
//!   (transport failures, timeouts, `401`/`403`). When the first rows of a run all fail that way,
//!   it cancels the run: sending the rest would only fail the same way.
//!
//! # Design
//!
//! Issue 9: a run pointed at a wrong endpoint or with an expired token would otherwise try every
//! row, each through its retries, before exiting 3. The breaker trips after
//! `concurrency` such rows (at least [`MIN_TRIP`], at most [`MAX_TRIP`]) with no verdict at
//! all; one verdict (created, refused, even a `5xx`) disarms it, since the service is then
//! reachable and the credentials work. Rows failed that way stay `failed`, so the rerun sends
//! them again.

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pc_bulk::{CancellationToken, Event, Progress, RowOutcome, RowState};

use crate::output;

/// How often a plain progress line is printed when stderr is not a terminal.
pub(super) const LINE_INTERVAL: Duration = Duration::from_secs(2);
/// The fewest rows failed without a verdict that trip the breaker.
const MIN_TRIP: u64 = 4;
/// The most rows failed without a verdict before the breaker trips.
const MAX_TRIP: u64 = 16;

/// Receives a run's events.
#[derive(Debug)]
pub(super) struct Reporter {
    display: Display,
    breaker: Breaker,
}

/// Where progress goes.
#[derive(Debug)]
enum Display {
    /// An indicatif bar on a terminal.
    Bar(ProgressBar),
    /// A line every [`LINE_INTERVAL`].
    Lines {
        last: std::time::Instant,
        dry_run: bool,
    },
}

impl Reporter {
    /// A reporter for a run of `concurrency` rows at once; the breaker cancels `cancel`.
    pub(super) fn new(dry_run: bool, concurrency: u32, cancel: CancellationToken) -> Self {
        let display = if io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let template = if dry_run {
                "{wide_bar} {pos}/{len} rows checked  {msg}"
            } else {
                "{wide_bar} {pos}/{len} rows  {msg}  ETA {eta}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            Display::Bar(bar)
        } else {
            Display::Lines {
                last: std::time::Instant::now(),
                dry_run,
            }
        };
        Self {
            display,
            breaker: Breaker::new(concurrency, cancel),
        }
    }

    /// Takes one event of the run.
    pub(super) fn on_event(&mut self, event: &Event) {
        match event {
            Event::Warning(warning) => self.say(&format!("warning: {warning}")),
            Event::Progress(progress) => self.progress(progress),
            Event::Row(outcome) => {
                if let Some(message) = self.breaker.observe(outcome) {
                    self.say(&message);
                }
            }
            _ => {}
        }
    }

    /// Removes the bar, so that the summary follows on a clean line.
    pub(super) fn finish(&mut self) {
        if let Display::Bar(bar) = &self.display {
            bar.finish_and_clear();
        }
    }

    /// The breaker's counts.
    pub(super) fn breaker(&self) -> &Breaker {
        &self.breaker
    }

    fn progress(&mut self, p: &Progress) {
        match &mut self.display {
            Display::Bar(bar) => {
                bar.set_length(p.total);
                bar.set_position(p.done);
                bar.set_message(format!("{:.1}/s, {} throttled", p.rate, p.throttled_429s));
            }
            Display::Lines { last, dry_run } => {
                if last.elapsed() < LINE_INTERVAL {
                    return;
                }
                *last = std::time::Instant::now();
                let line = if *dry_run {
                    format!("bulk: {}/{} checked", p.done, p.total)
                } else {
                    format!(
                        "bulk: {}/{} done, {:.1}/s, {} throttled",
                        p.done, p.total, p.rate, p.throttled_429s
                    )
                };
                say(&line);
            }
        }
    }

    /// A line on stderr, above the bar if there is one.
    fn say(&self, line: &str) {
        match &self.display {
            Display::Bar(bar) => bar.suspend(|| say(line)),
            Display::Lines { .. } => say(line),
        }
    }
}

/// A line on stderr; a closed stderr is not worth failing a run for.
pub(super) fn say(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Rows with a verdict versus rows failed before one.
#[derive(Debug)]
pub(super) struct Breaker {
    trip_at: u64,
    cancel: CancellationToken,
    /// Rows the service gave a verdict on (any HTTP answer but `401`/`403`).
    pub(super) answered: u64,
    /// Rows failed with no verdict: transport failures, timeouts, `401`, `403`.
    pub(super) unanswered: u64,
    /// The last such failure, on one line.
    pub(super) last_failure: Option<String>,
    /// Whether the breaker cancelled the run.
    pub(super) tripped: bool,
}

impl Breaker {
    fn new(concurrency: u32, cancel: CancellationToken) -> Self {
        Self {
            trip_at: u64::from(concurrency).clamp(MIN_TRIP, MAX_TRIP),
            cancel,
            answered: 0,
            unanswered: 0,
            last_failure: None,
            tripped: false,
        }
    }

    /// Counts a row's outcome; returns what to say when it trips.
    fn observe(&mut self, outcome: &RowOutcome) -> Option<String> {
        if outcome.state == RowState::Invalid {
            return None;
        }
        let no_verdict =
            outcome.state == RowState::Failed && matches!(outcome.status, None | Some(401 | 403));
        if !no_verdict {
            self.answered += 1;
            return None;
        }
        self.unanswered += 1;
        self.last_failure = Some(failure(outcome));
        if self.tripped || self.answered > 0 || self.unanswered < self.trip_at {
            return None;
        }
        self.tripped = true;
        self.cancel.cancel();
        Some(format!(
            "bulk: stopping: the first {} rows sent all failed before the service gave a verdict",
            self.unanswered
        ))
    }

    /// Whether the run could not use the service: rows were sent and none got a verdict.
    pub(super) fn service_unusable(&self) -> bool {
        self.tripped || (self.answered == 0 && self.unanswered > 0)
    }
}

/// A failed row on one line: its status and description.
fn failure(outcome: &RowOutcome) -> String {
    let description = outcome
        .description
        .as_deref()
        .map(output::text)
        .unwrap_or_default();
    match outcome.status {
        Some(status) => format!("line {}: HTTP {status}: {description}", outcome.line),
        None => format!("line {}: {description}", outcome.line),
    }
}

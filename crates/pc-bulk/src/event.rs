//! What a run reports while it goes.
//!
//! - [`Event`]: a warning, a row's outcome, or a progress snapshot.
//! - [`Progress`]: counts so far, the total when known, the rate and the `429`s, for a progress
//!   bar.
//!
//! # Examples
//!
//! ```
//! use pc_bulk::{BulkRun, Event};
//!
//! let run = BulkRun::new("customers.csv", "customers.db").on_event(|event: &Event| match event {
//!     Event::Warning(warning) => eprintln!("warning: {warning}"),
//!     Event::Row(row) if row.state.is_problem() => {
//!         eprintln!("line {}: {}", row.line, row.description.as_deref().unwrap_or(""))
//!     }
//!     Event::Progress(p) => eprint!("\r{}/{} rows, {:.1}/s", p.done, p.total, p.rate),
//!     _ => {}
//! });
//! # let _ = run;
//! ```

use serde::Serialize;

use crate::{RowOutcome, Warning};

/// Something a run reports as it goes, to the callback given with
/// [`BulkRun::on_event`](crate::BulkRun::on_event).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "event")]
#[non_exhaustive]
pub enum Event {
    /// A warning about the input, reported once, before any row.
    Warning(Warning),
    /// A row of this run finished (rows an earlier run finished are not reported).
    Row(RowOutcome),
    /// A snapshot of the counts, every progress interval and once at the end.
    Progress(Progress),
}

/// The counts of a run so far.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Progress {
    /// Rows with an outcome: finished in this run, or skipped as finished by an earlier one.
    pub done: u64,
    /// Rows in the input file (blank rows not counted).
    pub total: u64,
    /// Rows created in this run.
    pub created: u64,
    /// Rows found already held in this run.
    pub already_held: u64,
    /// Rows refused by the service in this run.
    pub refused: u64,
    /// Rows failed in this run.
    pub failed: u64,
    /// Rows refused locally in this run (in a dry run: every invalid row).
    pub invalid: u64,
    /// Rows an earlier run finished, left alone.
    pub skipped: u64,
    /// Rows being sent now.
    pub in_flight: u64,
    /// Rows finished per second over the last few seconds.
    pub rate: f64,
    /// The rate limiter's current rate, requests per second.
    pub target_rate: f64,
    /// Requests sent in this run (retries and `409` checks included).
    pub requests: u64,
    /// `429` answers in this run.
    pub throttled_429s: u64,
}

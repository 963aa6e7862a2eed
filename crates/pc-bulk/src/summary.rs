//! What a run did, for the last lines of the command line's output and its exit code.
//!
//! - [`Summary`]: counts of this run and of the whole ledger, the first problem rows, whether it
//!   was interrupted.
//! - [`Problem`]: one refused, failed or invalid row.
//! - [`ExitClass`]: success, invalid input, some rows failed, interrupted, with the command
//!   line's exit codes.
//!
//! # Examples
//!
//! ```no_run
//! use pc_bulk::{BulkRun, ExitClass};
//!
//! # async fn run(client: pc_client::PartnerCenterClient) -> Result<(), pc_bulk::Error> {
//! let summary = BulkRun::new("customers.csv", "customers.db").client(client).run().await?;
//! for problem in &summary.problems {
//!     eprintln!("line {}: {} {}", problem.line, problem.state, problem.description.as_deref().unwrap_or(""));
//! }
//! if summary.exit_class() == ExitClass::Interrupted {
//!     eprintln!("interrupted: run the same command again to resume");
//! }
//! let code = summary.exit_class().code();
//! # let _ = code;
//! # Ok(()) }
//! ```

use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::{RowState, StateCounts, Warning};

/// A row that needs attention: refused, failed or invalid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Problem {
    /// The line the row starts on in the input.
    pub line: u64,
    /// The customer id, when it parsed.
    pub customer: Option<String>,
    /// The qualification's wire name, when it parsed.
    pub qualification: Option<String>,
    /// `refused`, `failed` or `invalid`.
    pub state: RowState,
    /// The HTTP status of the last answer.
    pub status: Option<u16>,
    /// The service's error code.
    pub code: Option<String>,
    /// What went wrong, on one line.
    pub description: Option<String>,
}

/// How a run ended, as the command line reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExitClass {
    /// Every row is created or already held (a dry run: every row is valid). Code 0.
    Success,
    /// Rows were refused locally and nothing else happened: a dry run with invalid rows, or a
    /// run whose every row is invalid. Nothing was sent. Code 2.
    InvalidInput,
    /// Some rows were refused, failed or are invalid, or have no outcome. Code 4.
    ItemsFailed,
    /// The run was cancelled before it finished; rerun to resume. Code 130.
    Interrupted,
}

impl ExitClass {
    /// The command line's exit code: 0, 2, 4, or 130 (interrupted, as after `SIGINT`).
    pub fn code(self) -> i32 {
        match self {
            Self::Success => 0,
            Self::InvalidInput => 2,
            Self::ItemsFailed => 4,
            Self::Interrupted => 130,
        }
    }
}

/// What a bulk run did.
///
/// Serializes in camelCase for `--output json` (`elapsed` in seconds).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Summary {
    /// Whether it was a dry run (nothing sent, no ledger written; valid rows count as
    /// `pending`).
    pub dry_run: bool,
    /// Whether an existing ledger was resumed.
    pub resumed: bool,
    /// Whether the run was cancelled before every row had an outcome.
    pub interrupted: bool,
    /// Rows in the input file (blank rows not counted).
    pub total: u64,
    /// Outcomes decided in this run.
    pub this_run: StateCounts,
    /// Rows an earlier run had finished, left alone.
    pub skipped: u64,
    /// Every row of the ledger after the run, earlier runs included.
    pub ledger: StateCounts,
    /// Requests sent (retries and `409` checks included).
    pub requests: u64,
    /// `429` answers.
    pub throttled: u64,
    /// How long the run took.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
    /// The first refused, failed and invalid rows of the ledger, in line order.
    pub problems: Vec<Problem>,
    /// How many more such rows there are beyond `problems`.
    pub more_problems: u64,
    /// The warnings about the input.
    pub warnings: Vec<Warning>,
}

impl Summary {
    /// How the run ended; see [`ExitClass`].
    pub fn exit_class(&self) -> ExitClass {
        let ledger = &self.ledger;
        if self.interrupted {
            ExitClass::Interrupted
        } else if ledger.invalid > 0 && ledger.invalid == ledger.total() {
            ExitClass::InvalidInput
        } else if self.dry_run {
            if ledger.invalid > 0 {
                ExitClass::InvalidInput
            } else {
                ExitClass::Success
            }
        } else if ledger.problems() > 0 || ledger.unfinished() > 0 {
            ExitClass::ItemsFailed
        } else {
            ExitClass::Success
        }
    }
}

/// A duration as seconds.
fn seconds<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(value.as_secs_f64())
}

//! Row counts per state.
//!
//! - [`StateCounts`]: one counter per [`RowState`], serde-serializable (camelCase) for
//!   `--output json`.
//!
//! # Examples
//!
//! ```
//! use pc_bulk::{RowState, StateCounts};
//!
//! let mut counts = StateCounts::default();
//! counts.add(RowState::Created, 2);
//! counts.add(RowState::Invalid, 1);
//! assert_eq!(counts.total(), 3);
//! assert_eq!(counts.done(), 2);
//! assert_eq!(counts.problems(), 1);
//! assert_eq!(
//!     serde_json::to_string(&counts)?,
//!     r#"{"pending":0,"sent":0,"created":2,"alreadyHeld":0,"refused":0,"failed":0,"invalid":1}"#
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::RowState;

/// How many rows are in each [`RowState`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StateCounts {
    /// Rows recorded but not handed to a worker.
    pub pending: u64,
    /// Rows whose request may have left, with no outcome recorded.
    pub sent: u64,
    /// Rows created.
    pub created: u64,
    /// Rows whose customer already held the qualification.
    pub already_held: u64,
    /// Rows the service refused.
    pub refused: u64,
    /// Rows with no verdict (retries exhausted, transport failures, timeouts).
    pub failed: u64,
    /// Rows refused locally, never sent.
    pub invalid: u64,
}

impl StateCounts {
    /// Adds `n` rows in `state`.
    pub fn add(&mut self, state: RowState, n: u64) {
        *self.slot(state) += n;
    }

    /// The count of one state.
    pub fn get(&self, state: RowState) -> u64 {
        match state {
            RowState::Pending => self.pending,
            RowState::Sent => self.sent,
            RowState::Created => self.created,
            RowState::AlreadyHeld => self.already_held,
            RowState::Refused => self.refused,
            RowState::Failed => self.failed,
            RowState::Invalid => self.invalid,
        }
    }

    fn slot(&mut self, state: RowState) -> &mut u64 {
        match state {
            RowState::Pending => &mut self.pending,
            RowState::Sent => &mut self.sent,
            RowState::Created => &mut self.created,
            RowState::AlreadyHeld => &mut self.already_held,
            RowState::Refused => &mut self.refused,
            RowState::Failed => &mut self.failed,
            RowState::Invalid => &mut self.invalid,
        }
    }

    /// Every row counted.
    pub fn total(&self) -> u64 {
        RowState::ALL.into_iter().map(|s| self.get(s)).sum()
    }

    /// Rows whose qualification is in place (`created` + `already_held`).
    pub fn done(&self) -> u64 {
        self.created + self.already_held
    }

    /// Rows that need attention (`refused` + `failed` + `invalid`).
    pub fn problems(&self) -> u64 {
        self.refused + self.failed + self.invalid
    }

    /// Rows with no outcome yet (`pending` + `sent`).
    pub fn unfinished(&self) -> u64 {
        self.pending + self.sent
    }
}

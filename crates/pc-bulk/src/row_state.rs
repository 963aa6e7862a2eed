//! Where one input row stands.
//!
//! - [`RowState`]: `pending`, `sent`, `created`, `already_held`, `refused`, `failed`, `invalid`.
//!
//! # Examples
//!
//! ```
//! use pc_bulk::RowState;
//!
//! assert_eq!(RowState::AlreadyHeld.as_str(), "already_held");
//! assert_eq!(RowState::parse("created"), Some(RowState::Created));
//! assert!(RowState::AlreadyHeld.is_done());
//! assert!(!RowState::Failed.is_final());
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// The state of one input row in the ledger.
///
/// A row is written `sent`, with its `MS-RequestId` and `MS-CorrelationId`, in a committed
/// transaction before its request leaves; its outcome replaces that state. The names are the
/// ledger's and the reports' (`already_held`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowState {
    /// Recorded with its ids, not handed to a worker yet (a run stopped before its turn).
    Pending,
    /// Handed to a worker: its request may have left, and no outcome is recorded. A rerun sends
    /// it again with the same `MS-RequestId`, so the service replays instead of applying twice.
    Sent,
    /// The service created the qualification (`200` or `201`).
    Created,
    /// The service answered `409` and the customer holds the qualification: done.
    AlreadyHeld,
    /// The service refused the row (a `4xx` other than `401`, `403`, `408` and `429`, or a `409`
    /// for a customer who does not hold the qualification).
    Refused,
    /// No verdict: retries exhausted on `429`/`5xx`, transport failures or timeouts, or the
    /// credentials refused (`401`, `403`). A rerun
    /// sends it again with the same ids (unless told not to).
    Failed,
    /// Refused locally, never sent: a malformed row or a duplicate in the file.
    Invalid,
}

impl RowState {
    /// Every state, in the order reports count them.
    pub const ALL: [Self; 7] = [
        Self::Pending,
        Self::Sent,
        Self::Created,
        Self::AlreadyHeld,
        Self::Refused,
        Self::Failed,
        Self::Invalid,
    ];

    /// The ledger's name of the state (`already_held`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Created => "created",
            Self::AlreadyHeld => "already_held",
            Self::Refused => "refused",
            Self::Failed => "failed",
            Self::Invalid => "invalid",
        }
    }

    /// Parses a ledger name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the row's qualification is in place: `created` or `already_held`.
    pub fn is_done(self) -> bool {
        matches!(self, Self::Created | Self::AlreadyHeld)
    }

    /// Whether a rerun leaves the row alone: `created`, `already_held`, `refused`, `invalid`.
    /// `failed` rows are sent again by a rerun unless
    /// [`BulkRun::retry_failed`](crate::BulkRun::retry_failed) says otherwise.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Created | Self::AlreadyHeld | Self::Refused | Self::Invalid
        )
    }

    /// Whether the row needs attention: `refused`, `failed` or `invalid`.
    pub fn is_problem(self) -> bool {
        matches!(self, Self::Refused | Self::Failed | Self::Invalid)
    }
}

impl fmt::Display for RowState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for state in RowState::ALL {
            assert_eq!(RowState::parse(state.as_str()), Some(state));
            let json = serde_json::to_string(&state).unwrap_or_default();
            assert_eq!(json, format!("\"{state}\""));
        }
        assert_eq!(RowState::parse("Created"), None);
    }
}

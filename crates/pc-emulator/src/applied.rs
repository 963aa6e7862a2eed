//! Changes the emulator applied.
//!
//! - [`AppliedChange`]: one qualification added to one customer, with the `MS-RequestId` that did
//!   it. Tests count them to prove a retried request was applied exactly once.
//! - [`AppliedChanges`]: the most recent of them, as many as
//!   [`EmulatorConfig::max_applied_changes`](crate::EmulatorConfig::max_applied_changes) says.

use pc_models::{CustomerId, CustomerQualification};

use crate::bounded::BoundedQueue;

/// One change applied to the emulator's state.
///
/// # Example
///
/// ```
/// use pc_emulator::{Emulator, EmulatorConfig};
///
/// let emulator = Emulator::new(EmulatorConfig::default());
/// assert!(emulator.applied_changes().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppliedChange {
    /// The customer.
    pub customer: CustomerId,
    /// The qualification added.
    pub qualification: CustomerQualification,
    /// The `MS-RequestId` of the request that applied it, as sent (always a hyphenated GUID:
    /// `/v1` refuses any other).
    pub request_id: Option<String>,
}

impl AppliedChange {
    /// The bytes the record owns besides its slot: the request id's text.
    fn owned_bytes(&self) -> usize {
        self.request_id.as_ref().map_or(0, String::capacity)
    }
}

/// The most recent applied changes, oldest first; beyond the capacity the oldest is forgotten.
#[derive(Debug)]
pub(crate) struct AppliedChanges {
    changes: BoundedQueue<AppliedChange>,
    /// The sum of the records' [`AppliedChange::owned_bytes`].
    owned: usize,
}

impl AppliedChanges {
    /// An empty record keeping at most `capacity` changes (at least one).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            changes: BoundedQueue::new(capacity),
            owned: 0,
        }
    }

    /// Records a change, forgetting the oldest beyond the capacity.
    pub(crate) fn push(&mut self, change: AppliedChange) {
        self.owned = self.owned.saturating_add(change.owned_bytes());
        if let Some(oldest) = self.changes.push(change) {
            self.owned = self.owned.saturating_sub(oldest.owned_bytes());
        }
    }

    /// A copy of the changes, oldest first.
    pub(crate) fn to_vec(&self) -> Vec<AppliedChange> {
        self.changes.iter().cloned().collect()
    }

    /// How many changes are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.changes.len()
    }

    /// The bytes held: the queue's slots and the request ids.
    pub(crate) fn stored_bytes(&self) -> usize {
        self.changes.slot_bytes() + self.owned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(n: u128) -> AppliedChange {
        AppliedChange {
            customer: CustomerId::from_uuid(uuid::Uuid::from_u128(n)),
            qualification: CustomerQualification::StateOwnedEntity,
            request_id: Some(uuid::Uuid::from_u128(n).to_string()),
        }
    }

    #[test]
    fn keeps_the_most_recent_and_counts_their_ids() {
        let mut applied = AppliedChanges::with_capacity(2);
        for n in 0..5 {
            applied.push(change(n));
        }
        assert_eq!(applied.len(), 2);
        assert_eq!(applied.to_vec(), [change(3), change(4)]);
        assert_eq!(applied.owned, 2 * 36);
    }
}

//! Changes the emulator applied.
//!
//! - [`AppliedChange`]: one qualification added to one customer, with the `MS-RequestId` that did
//!   it. Tests count them to prove a retried request was applied exactly once.

use pc_models::{CustomerId, CustomerQualification};

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
    /// The `MS-RequestId` of the request that applied it.
    pub request_id: Option<String>,
}

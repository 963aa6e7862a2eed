//! Vetting statuses.
//!
//! - [`VettingStatus`]: `Approved`, `InReview`, `Denied`, or a value this version does not know.

use crate::wire_enum::wire_enum;

/// Where the service's vetting of a qualification stands.
///
/// The documentation lists `Approved`, `InReview`, `Denied` "etc.": other values are kept as
/// [`VettingStatus::Unknown`]. Parsing ignores ASCII case, `_` and `-`.
///
/// # Example
///
/// ```
/// use pc_models::VettingStatus;
///
/// let status: VettingStatus = serde_json::from_str(r#""in_review""#)?;
/// assert_eq!(status, VettingStatus::InReview);
/// assert!(!status.is_final());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VettingStatus {
    /// Vetting succeeded.
    Approved,
    /// Vetting is under way.
    InReview,
    /// Vetting refused the qualification; see the record's `vetting_reason`.
    Denied,
    /// A status this version does not know, as received.
    Unknown(String),
}

wire_enum! {
    open VettingStatus {
        Approved => "Approved",
        InReview => "InReview",
        Denied => "Denied",
    }
}

impl VettingStatus {
    /// Whether vetting has finished (`Approved` or `Denied`).
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Approved | Self::Denied)
    }
}

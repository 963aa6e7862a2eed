//! Vetting statuses.
//!
//! - [`VettingStatus`]: `Approved`, `InReview`, `Denied`, or a value this version does not know.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::name::eq_loose;

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

impl VettingStatus {
    /// Parses a wire value; never fails.
    pub fn parse(value: &str) -> Self {
        [Self::Approved, Self::InReview, Self::Denied]
            .into_iter()
            .find(|s| eq_loose(value, s.as_str()))
            .unwrap_or_else(|| Self::Unknown(value.to_owned()))
    }

    /// The wire name (PascalCase for known values).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Approved => "Approved",
            Self::InReview => "InReview",
            Self::Denied => "Denied",
            Self::Unknown(value) => value,
        }
    }

    /// Whether vetting has finished (`Approved` or `Denied`).
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Approved | Self::Denied)
    }
}

impl fmt::Display for VettingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for VettingStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for VettingStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::parse(&text))
    }
}

//! Qualification names as responses spell them.
//!
//! - [`QualificationName`]: a qualification as a response names it, known or not.

use crate::CustomerQualification;
use crate::wire_enum::wire_enum;

/// A qualification as a response names it: one of the [`CustomerQualification`] values, or a name
/// this version does not know, kept verbatim.
///
/// Parsing accepts every spelling the service has been documented to send (`Education`,
/// `education`, `government_community_cloud`, ...), ignoring ASCII case, `_` and `-`. An unknown name
/// never turns into [`CustomerQualification::None`]. Serialization writes the PascalCase name (or the
/// unknown name as received).
///
/// # Example
///
/// ```
/// use pc_models::{CustomerQualification, QualificationName};
///
/// let name: QualificationName = serde_json::from_str(r#""government_community_cloud""#)?;
/// assert_eq!(name.known(), Some(CustomerQualification::GovernmentCommunityCloud));
/// assert_eq!(serde_json::to_string(&name)?, r#""GovernmentCommunityCloud""#);
///
/// let future: QualificationName = serde_json::from_str(r#""SomethingNew""#)?;
/// assert_eq!(future.known(), None);
/// assert_eq!(future.as_str(), "SomethingNew");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QualificationName {
    /// A value this version knows.
    Known(CustomerQualification),
    /// A name this version does not know, as received.
    Unknown(String),
}

impl QualificationName {
    /// Parses a wire name; never fails (unknown names are kept).
    pub fn parse(name: &str) -> Self {
        match CustomerQualification::from_name(name) {
            Some(known) => Self::Known(known),
            None => Self::Unknown(name.to_owned()),
        }
    }

    /// The known value, or `None` for an unknown name.
    pub fn known(&self) -> Option<CustomerQualification> {
        match self {
            Self::Known(q) => Some(*q),
            Self::Unknown(_) => None,
        }
    }

    /// The PascalCase name of a known value, or the unknown name as received.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(q) => q.as_str(),
            Self::Unknown(name) => name,
        }
    }
}

impl From<CustomerQualification> for QualificationName {
    fn from(value: CustomerQualification) -> Self {
        Self::Known(value)
    }
}

impl PartialEq<CustomerQualification> for QualificationName {
    fn eq(&self, other: &CustomerQualification) -> bool {
        self.known() == Some(*other)
    }
}

wire_enum! { string_form QualificationName }

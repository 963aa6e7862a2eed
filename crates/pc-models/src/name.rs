//! Case- and separator-insensitive matching of wire names.
//!
//! - [`QualificationName`]: a qualification as a response names it, known or not.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::CustomerQualification;

/// Compares a wire name with a canonical PascalCase name, ignoring ASCII case and `_`/`-`.
pub(crate) fn eq_loose(wire: &str, canonical: &str) -> bool {
    let mut wire = wire.bytes().filter(|b| *b != b'_' && *b != b'-');
    let mut canonical = canonical.bytes();
    loop {
        match (wire.next(), canonical.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b) => {}
            _ => return false,
        }
    }
}

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

impl fmt::Display for QualificationName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for QualificationName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for QualificationName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::parse(&name))
    }
}

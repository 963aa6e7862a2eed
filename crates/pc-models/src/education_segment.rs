//! Education segments of the current request contract.
//!
//! - [`EducationSegment`]: `K12` or `HigherEducation`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::RequestError;
use crate::name::eq_loose;

/// The education segment a current-contract Education request must carry.
///
/// Serialized as `K12` / `HigherEducation`; parsing ignores ASCII case, `_` and `-`
/// (`higher-education` works).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EducationSegment {
    /// Primary and secondary schools.
    K12,
    /// Colleges and universities.
    HigherEducation,
}

impl EducationSegment {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::K12 => "K12",
            Self::HigherEducation => "HigherEducation",
        }
    }

    /// Parses a wire or command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::K12, Self::HigherEducation]
            .into_iter()
            .find(|s| eq_loose(name, s.as_str()))
    }
}

impl fmt::Display for EducationSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EducationSegment {
    type Err = RequestError;

    /// # Errors
    ///
    /// [`RequestError::UnknownEducationSegment`] for anything but the two segments.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_name(s).ok_or_else(|| RequestError::UnknownEducationSegment(s.to_owned()))
    }
}

impl Serialize for EducationSegment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EducationSegment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::from_name(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown education segment {text:?}")))
    }
}

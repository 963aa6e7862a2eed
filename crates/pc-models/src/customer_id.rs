//! Customer tenant ids.
//!
//! - [`CustomerId`]: a GUID, so it can never inject anything into a URL path.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::RequestError;
use crate::guid::{kept_input, parse_hyphenated_guid};

/// A customer tenant id (`customer-tenant-id`): always a GUID.
///
/// Parsing accepts only the hyphenated 36-character form
/// (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, any hex case); it prints in lower case. Anything else,
/// including braces, URNs, the 32-digit form or surrounding spaces, is refused.
///
/// # Example
///
/// ```
/// use pc_models::CustomerId;
///
/// let id: CustomerId = "0D2E0D8B-6B4B-4B6E-9C3C-6F4A1E2B3C4D".parse()?;
/// assert_eq!(id.to_string(), "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d");
/// assert!("../../partners".parse::<CustomerId>().is_err());
/// # Ok::<(), pc_models::RequestError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CustomerId(Uuid);

impl CustomerId {
    /// Wraps a GUID.
    pub fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// The GUID.
    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }

    /// Parses the hyphenated form, as [`parse_hyphenated_guid`] does.
    ///
    /// # Errors
    ///
    /// [`RequestError::InvalidCustomerId`] for anything that is not a 36-character hyphenated
    /// GUID; the error keeps the first 64 characters of the input.
    pub fn parse(input: &str) -> Result<Self, RequestError> {
        parse_hyphenated_guid(input)
            .map(Self)
            .map_err(|_| RequestError::InvalidCustomerId(kept_input(input)))
    }
}

impl From<Uuid> for CustomerId {
    fn from(value: Uuid) -> Self {
        Self(value)
    }
}

impl FromStr for CustomerId {
    type Err = RequestError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl Serialize for CustomerId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CustomerId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

//! Why a request was refused before being sent.
//!
//! - [`RequestError`]: impossible qualifications, missing codes, fields a contract cannot carry,
//!   names and ids that do not parse.

use crate::CustomerQualification;

/// Input the service would refuse, or that this crate cannot encode faithfully: the crate's one
/// error type.
///
/// Messages never include a validation code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// `None` and `Nonprofit` can never be set by a partner.
    #[error(
        "qualification {0} can never be set by a partner (only Education, GovernmentCommunityCloud and StateOwnedEntity)"
    )]
    NotSettable(CustomerQualification),
    /// `GovernmentCommunityCloud` needs a validation code.
    #[error("qualification GovernmentCommunityCloud needs a validation code")]
    MissingValidationCode,
    /// A validation code is only meaningful for `GovernmentCommunityCloud`.
    #[error("a validation code is only accepted with GovernmentCommunityCloud, not {0}")]
    UnexpectedValidationCode(CustomerQualification),
    /// The validation code is empty or holds control characters.
    #[error("the validation code is empty or contains control characters")]
    MalformedValidationCode,
    /// The object contract needs an education segment for `Education`.
    #[error(
        "qualification Education needs an education segment (K12 or HigherEducation) under the object contract"
    )]
    MissingEducationSegment,
    /// A field the chosen contract cannot carry (it would be silently dropped).
    #[error("the {contract} contract cannot carry {field}")]
    UnsupportedField {
        /// The contract.
        contract: &'static str,
        /// The field (`educationSegment`, `website`).
        field: &'static str,
    },
    /// Education segment or website on a qualification other than `Education`.
    #[error("{field} is only accepted with Education, not {qualification}")]
    FieldNotForQualification {
        /// The field.
        field: &'static str,
        /// The qualification it came with.
        qualification: CustomerQualification,
    },
    /// `StateOwnedEntity` cannot be set through the legacy synchronous API.
    #[error("qualification StateOwnedEntity cannot be set through the legacy synchronous API")]
    NotOnLegacyApi,
    /// A qualification name that is none of the five.
    #[error(
        "unknown qualification {0:?} (expected Education, GovernmentCommunityCloud, StateOwnedEntity, None or Nonprofit)"
    )]
    UnknownQualification(String),
    /// An education segment name that is neither `K12` nor `HigherEducation`.
    #[error("unknown education segment {0:?} (expected K12 or HigherEducation)")]
    UnknownEducationSegment(String),
    /// A customer id that is not a hyphenated GUID (the input, cut to 64 characters).
    #[error("invalid customer id {0:?}: expected a GUID like 00000000-0000-0000-0000-000000000000")]
    InvalidCustomerId(String),
    /// Text that is not a hyphenated GUID, refused by [`crate::parse_hyphenated_guid`] (the
    /// input, cut to 64 characters). [`crate::CustomerId`] reports
    /// [`RequestError::InvalidCustomerId`] instead.
    #[error("invalid GUID {0:?}: expected a GUID like 00000000-0000-0000-0000-000000000000")]
    InvalidGuid(String),
}

impl RequestError {
    /// The refused text, for the errors about a name or an id.
    pub fn input(&self) -> Option<&str> {
        match self {
            Self::UnknownQualification(input)
            | Self::UnknownEducationSegment(input)
            | Self::InvalidCustomerId(input)
            | Self::InvalidGuid(input) => Some(input),
            _ => None,
        }
    }
}

//! The `CustomerQualification` enum and its two wire forms.
//!
//! - [`CustomerQualification`]: integer form via `serde_repr`, names via [`CustomerQualification::from_name`].

use serde_repr::{Deserialize_repr, Serialize_repr};

use crate::wire_enum::wire_enum;

/// A customer's qualification, with the integer values of the official SDKs.
///
/// Its serde form is the integer (`0`..=`4`), the request body of the integer contract and of the
/// legacy `PUT`. Responses name qualifications instead: see [`crate::QualificationName`].
///
/// # Design
///
/// An integer outside `0..=4` is a deserialization error, not a fallback variant: integers only
/// appear in requests, and a request for a qualification this enum does not know is impossible to
/// honour. Unknown *names* in responses are kept by [`crate::QualificationName`].
///
/// # Example
///
/// ```
/// use pc_models::CustomerQualification;
///
/// assert_eq!(serde_json::to_string(&CustomerQualification::GovernmentCommunityCloud)?, "3");
/// let parsed: CustomerQualification = "state_owned_entity".parse()?;
/// assert_eq!(parsed, CustomerQualification::StateOwnedEntity);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize_repr, Deserialize_repr,
)]
#[repr(u8)]
pub enum CustomerQualification {
    /// No qualification. Never settable.
    None = 0,
    /// Education (vetted: starts `InReview`).
    Education = 1,
    /// Nonprofit. Never settable through this API.
    Nonprofit = 2,
    /// Government Community Cloud; setting it needs a partner validation code.
    GovernmentCommunityCloud = 3,
    /// State-owned entity (asynchronous API only).
    StateOwnedEntity = 4,
}

impl CustomerQualification {
    /// Every value, in integer order.
    pub const ALL: [Self; 5] = [
        Self::None,
        Self::Education,
        Self::Nonprofit,
        Self::GovernmentCommunityCloud,
        Self::StateOwnedEntity,
    ];

    /// The integer wire value.
    pub fn to_int(self) -> u8 {
        self as u8
    }

    /// The value for a wire integer, if there is one.
    pub fn from_int(value: i64) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|q| i64::from(q.to_int()) == value)
    }

    /// The legacy API's lower-case wire name (`"governmentcommunitycloud"`): the bare JSON
    /// string the synchronous `GET`/`PUT .../qualification` answer with.
    pub fn legacy_name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Education => "education",
            Self::Nonprofit => "nonprofit",
            Self::GovernmentCommunityCloud => "governmentcommunitycloud",
            Self::StateOwnedEntity => "stateownedentity",
        }
    }

    /// Whether a partner may ever set this value (`Education`, `GovernmentCommunityCloud`,
    /// `StateOwnedEntity`).
    pub fn is_settable(self) -> bool {
        matches!(
            self,
            Self::Education | Self::GovernmentCommunityCloud | Self::StateOwnedEntity
        )
    }
}

wire_enum! {
    closed CustomerQualification {
        None => "None",
        Education => "Education",
        Nonprofit => "Nonprofit",
        GovernmentCommunityCloud => "GovernmentCommunityCloud",
        StateOwnedEntity => "StateOwnedEntity",
    }
    from_str: crate::RequestError::UnknownQualification;
}

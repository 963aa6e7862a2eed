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

    /// The spellings [`from_operator_name`](Self::from_operator_name) accepts, for messages.
    pub const OPERATOR_NAMES: &'static str =
        "education (edu), government-community-cloud (gcc) or state-owned-entity (soe)";

    /// Parses what an operator types (the `pc` command line, a bulk CSV): every wire spelling, as
    /// [`from_name`](Self::from_name) does, plus the short forms `edu`, `gcc` and `soe` in any case.
    /// `None` and `Nonprofit` parse; the request encoders refuse them.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_models::CustomerQualification;
    ///
    /// assert_eq!(
    ///     CustomerQualification::from_operator_name("GCC"),
    ///     Some(CustomerQualification::GovernmentCommunityCloud)
    /// );
    /// assert_eq!(
    ///     CustomerQualification::from_operator_name("state-owned-entity"),
    ///     Some(CustomerQualification::StateOwnedEntity)
    /// );
    /// assert_eq!(CustomerQualification::from_operator_name("edu."), None);
    /// ```
    pub fn from_operator_name(name: &str) -> Option<Self> {
        let short = [
            ("edu", Self::Education),
            ("gcc", Self::GovernmentCommunityCloud),
            ("soe", Self::StateOwnedEntity),
        ];
        short
            .into_iter()
            .find(|(text, _)| name.eq_ignore_ascii_case(text))
            .map(|(_, q)| q)
            .or_else(|| Self::from_name(name))
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

#[cfg(test)]
mod tests {
    use super::CustomerQualification::{self, *};
    use crate::EducationSegment;

    #[test]
    fn operator_names_are_the_wire_spellings_and_the_short_forms() {
        let cases = [
            ("Education", Some(Education)),
            ("EDU", Some(Education)),
            ("gcc", Some(GovernmentCommunityCloud)),
            ("government_community_cloud", Some(GovernmentCommunityCloud)),
            ("government-community-cloud", Some(GovernmentCommunityCloud)),
            ("soe", Some(StateOwnedEntity)),
            ("StateOwnedEntity", Some(StateOwnedEntity)),
            ("none", Some(None)),
            ("educat", Option::None),
            ("", Option::None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                CustomerQualification::from_operator_name(text),
                expected,
                "{text}"
            );
        }
        assert_eq!(
            EducationSegment::from_name("higher-education"),
            Some(EducationSegment::HigherEducation)
        );
        assert_eq!(
            EducationSegment::from_name("k12"),
            Some(EducationSegment::K12)
        );
        assert_eq!(EducationSegment::from_name("college"), Option::None);
    }
}

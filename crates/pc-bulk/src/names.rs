//! The spellings a CSV row may use for qualifications and education segments.
//!
//! - `qualification`: every wire spelling (any case, `_`/`-` ignored) plus the command line's
//!   short forms `edu`, `gcc` and `soe`.
//! - `education_segment`: `K12`, `HigherEducation` in any case, `_`/`-` ignored.
//!
//! The command line (`pc qualifications create --qualification`) accepts the same spellings; the
//! mapping is small enough to keep here rather than share.

use pc_client::{CustomerQualification, EducationSegment};

/// The names the `qualification` column accepts, for messages.
pub(crate) const EXPECTED_QUALIFICATIONS: &str =
    "education (edu), government-community-cloud (gcc) or state-owned-entity (soe)";

/// Parses a qualification name. `None` and `Nonprofit` parse (the request checks refuse them with
/// the library's message); anything unknown is `None`.
pub(crate) fn qualification(name: &str) -> Option<CustomerQualification> {
    match name.to_ascii_lowercase().as_str() {
        "edu" => Some(CustomerQualification::Education),
        "gcc" => Some(CustomerQualification::GovernmentCommunityCloud),
        "soe" => Some(CustomerQualification::StateOwnedEntity),
        _ => CustomerQualification::from_name(name),
    }
}

/// Parses an education segment name.
pub(crate) fn education_segment(name: &str) -> Option<EducationSegment> {
    EducationSegment::from_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CustomerQualification::*;

    #[test]
    fn wire_spellings_and_short_forms_parse() {
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
            assert_eq!(qualification(text), expected, "{text}");
        }
        assert_eq!(
            education_segment("higher-education"),
            Some(EducationSegment::HigherEducation)
        );
        assert_eq!(education_segment("k12"), Some(EducationSegment::K12));
        assert_eq!(education_segment("college"), Option::None);
    }
}

//! Command-line spellings of qualifications and customer ids.
//!
//! - `qualification`: every wire spelling (any case, `_`/`-` ignored) plus `edu`, `gcc`, `soe`.
//! - `customer`: a hyphenated GUID.
//! - `correlation_id`, `request_id`: a hyphenated GUID ([`parse_hyphenated_guid`]).
//! - `legacy_name`: the lower-case wire form of the legacy API (`"education"`).
//!
//! Each failure is a [`CliError::InvalidInput`]: exit code 2, nothing sent.

use pc_models::{CustomerId, CustomerQualification, QualificationName, parse_hyphenated_guid};
use uuid::Uuid;

use crate::CliError;

/// Parses a `--qualification` value. `None` and `Nonprofit` parse (the request checks refuse them
/// with the library's own message); anything unknown is refused here.
pub(crate) fn qualification(name: &str) -> Result<CustomerQualification, CliError> {
    CustomerQualification::from_operator_name(name).ok_or_else(|| {
        CliError::invalid_input(format!(
            "unknown qualification {name:?} (expected {})",
            CustomerQualification::OPERATOR_NAMES
        ))
    })
}

/// Parses a `--customer` value.
pub(crate) fn customer(text: &str) -> Result<CustomerId, CliError> {
    CustomerId::parse(text).map_err(|e| CliError::invalid_input(e.to_string()))
}

/// Parses a `--correlation-id` value: the check of customer ids, with its own message.
pub(crate) fn correlation_id(text: &str) -> Result<Uuid, CliError> {
    guid(text, "correlation id")
}

/// Parses a `--request-id` value: the check of customer ids, with its own message.
pub(crate) fn request_id(text: &str) -> Result<Uuid, CliError> {
    guid(text, "request id")
}

/// A hyphenated GUID, or invalid input naming `what` and quoting (at most 64 characters of) the
/// value.
fn guid(text: &str, what: &str) -> Result<Uuid, CliError> {
    parse_hyphenated_guid(text).map_err(|e| {
        CliError::invalid_input(format!(
            "invalid {what} {:?}: expected a GUID like 00000000-0000-0000-0000-000000000000",
            e.input().unwrap_or_default()
        ))
    })
}

/// The legacy API's lower-case wire form of a name
/// ([`CustomerQualification::legacy_name`]); an unknown name as received.
pub(crate) fn legacy_name(name: &QualificationName) -> &str {
    match name {
        QualificationName::Known(q) => q.legacy_name(),
        QualificationName::Unknown(text) => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CustomerQualification::*;

    #[test]
    fn every_wire_spelling_and_short_form_parses() -> Result<(), CliError> {
        let cases = [
            ("Education", Education),
            ("education", Education),
            ("EDU", Education),
            ("GovernmentCommunityCloud", GovernmentCommunityCloud),
            ("governmentcommunitycloud", GovernmentCommunityCloud),
            ("government_community_cloud", GovernmentCommunityCloud),
            ("government-community-cloud", GovernmentCommunityCloud),
            ("gcc", GovernmentCommunityCloud),
            ("GCC", GovernmentCommunityCloud),
            ("StateOwnedEntity", StateOwnedEntity),
            ("state_owned_entity", StateOwnedEntity),
            ("state-owned-entity", StateOwnedEntity),
            ("soe", StateOwnedEntity),
            ("none", None),
            ("None", None),
            ("nonprofit", Nonprofit),
        ];
        for (text, expected) in cases {
            assert_eq!(qualification(text)?, expected, "{text}");
        }
        Ok(())
    }

    #[test]
    fn unknown_names_are_invalid_input() {
        for text in ["", "educat", "gcc2", " education", "1"] {
            let error = qualification(text).err();
            assert_eq!(error.map(|e| e.exit_code()), Some(2), "{text:?}");
        }
    }

    #[test]
    fn customer_and_correlation_ids_must_be_hyphenated_guids() {
        assert!(customer("c0a5c0a5-0000-4000-8000-acade0000002").is_ok());
        assert!(customer("../partners").is_err());
        assert!(correlation_id("8a2b7c1e-0000-4000-8000-000000000001").is_ok());
        assert!(correlation_id("8a2b7c1e000040008000000000000001").is_err());
        assert!(correlation_id("x").is_err());
        assert!(request_id("8a2b7c1e-0000-4000-8000-000000000001").is_ok());
        assert_eq!(
            request_id("42").err().map(|e| e.message()).as_deref(),
            Some(
                "invalid input: invalid request id \"42\": expected a GUID like \
                 00000000-0000-0000-0000-000000000000"
            )
        );
        let braced = correlation_id("{8a2b7c1e-0000-4000-8000-000000000001}").err();
        assert_eq!(
            braced.map(|e| e.message()).as_deref(),
            Some(
                "invalid input: invalid correlation id \"{8a2b7c1e-0000-4000-8000-000000000001}\": \
                 expected a GUID like 00000000-0000-0000-0000-000000000000"
            )
        );
    }

    #[test]
    fn legacy_names_are_lower_case() {
        assert_eq!(legacy_name(&Education.into()), "education");
        assert_eq!(
            legacy_name(&GovernmentCommunityCloud.into()),
            "governmentcommunitycloud"
        );
        assert_eq!(
            legacy_name(&QualificationName::parse("SomethingNew")),
            "SomethingNew"
        );
    }
}

//! The rules of a qualification change.
//!
//! - [`parse`]: a `POST`/`PUT` body (integer, 2021 interim object or current object contract)
//!   into a [`Requested`] change, with every check that needs no state.
//! - [`check_conflicts`]: the change against the customer's qualifications.

use pc_models::{CustomerQualification, EducationSegment};
use serde_json::{Map, Number, Value};

use crate::customers::Record;
use crate::error::{ApiError, shorten};

/// The body contract of a write operation: which bodies it takes and how it answers. The
/// `/v1/*` pipeline picks it from the routed [`Operation`](pc_models::Operation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    /// `POST .../qualifications` (`CreateQualification`): integer or object body, SOE allowed;
    /// answers `201` with the record.
    Async,
    /// Legacy `PUT .../qualification` (`UpdateLegacyQualification`): integer body, no SOE;
    /// answers `200` with the lower-case name.
    Legacy,
}

/// A change that passed the checks needing no state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requested {
    /// The qualification to add (Education, GCC or SOE).
    pub(crate) qualification: CustomerQualification,
    /// The website given for Education (a blank one counts as none).
    pub(crate) website: Option<String>,
    /// The validation code, for GCC only (from the body, else from `?code=`).
    pub(crate) code: Option<String>,
}

/// Parses and checks a change.
///
/// # Errors
///
/// 400 / `800002` for an unparsable body, a wrong JSON type, `None` or `Nonprofit`; 400 /
/// `900126` for an unknown integer or name; 400 / `3000` for a current-contract Education without
/// `educationSegment`, an invalid property, GCC without a code, SOE on the legacy API.
pub(crate) fn parse(
    body: &[u8],
    api: Api,
    query_code: Option<&str>,
) -> Result<Requested, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::invalid_input("The request body could not be parsed."))?;
    let fields = match (&value, api) {
        (Value::Number(number), _) => Fields::integer(from_number(number)?),
        (Value::Object(map), Api::Async) => Fields::from_object(map)?,
        (_, Api::Async) => {
            return Err(ApiError::invalid_input(
                "The request body must be a CustomerQualification integer or a qualification object.",
            ));
        }
        (_, Api::Legacy) => {
            return Err(ApiError::invalid_input(
                "The request body must be a CustomerQualification integer.",
            ));
        }
    };
    let qualification = fields.qualification;
    if !qualification.is_settable() {
        return Err(ApiError::invalid_input(format!(
            "The qualification {qualification} cannot be set."
        )));
    }
    if api == Api::Legacy && qualification == CustomerQualification::StateOwnedEntity {
        return Err(ApiError::invalid_property(
            "StateOwnedEntity cannot be set through the synchronous qualification API.",
        ));
    }
    if fields.current_contract
        && qualification == CustomerQualification::Education
        && fields.segment.is_none()
    {
        return Err(ApiError::invalid_property(
            "educationSegment is required for Education.",
        ));
    }
    let code = fields
        .code
        .or_else(|| query_code.map(str::to_owned))
        .filter(|code| !code.is_empty());
    let code = if qualification == CustomerQualification::GovernmentCommunityCloud {
        Some(code.ok_or_else(|| {
            ApiError::invalid_property(
                "A validation code is required for GovernmentCommunityCloud.",
            )
        })?)
    } else {
        None
    };
    let website = match qualification {
        CustomerQualification::Education => fields.website.filter(|site| !site.trim().is_empty()),
        _ => None,
    };
    Ok(Requested {
        qualification,
        website,
        code,
    })
}

/// Refuses a qualification the customer holds, and Education next to GCC (either way round).
///
/// # Errors
///
/// 409 / `800002`, naming the conflict.
pub(crate) fn check_conflicts(
    held: &[Record],
    wanted: CustomerQualification,
) -> Result<(), ApiError> {
    let holds = |q: CustomerQualification| held.iter().any(|record| record.qualification() == q);
    if holds(wanted) {
        return Err(ApiError::conflict(format!(
            "The customer already holds the qualification {wanted}."
        )));
    }
    let excluded = match wanted {
        CustomerQualification::Education => Some(CustomerQualification::GovernmentCommunityCloud),
        CustomerQualification::GovernmentCommunityCloud => Some(CustomerQualification::Education),
        _ => None,
    };
    if let Some(excluded) = excluded.filter(|q| holds(*q)) {
        return Err(ApiError::conflict(format!(
            "{wanted} cannot be combined with {excluded}, which the customer holds."
        )));
    }
    Ok(())
}

/// The fields read from a body.
#[derive(Debug)]
struct Fields {
    qualification: CustomerQualification,
    /// Whether the body is the current object contract (and not the integer or 2021 interim
    /// `{"Qualification":..}` one), which requires `educationSegment` for Education.
    current_contract: bool,
    segment: Option<EducationSegment>,
    website: Option<String>,
    code: Option<String>,
}

impl Fields {
    /// The fields of an integer body.
    fn integer(qualification: CustomerQualification) -> Self {
        Self {
            qualification,
            current_contract: false,
            segment: None,
            website: None,
            code: None,
        }
    }

    /// Reads an object body; names of fields and values are matched without case.
    fn from_object(map: &Map<String, Value>) -> Result<Self, ApiError> {
        let (key, value) = field(map, "qualification")
            .ok_or_else(|| ApiError::invalid_input("The qualification is required."))?;
        let qualification = match value {
            Value::String(name) => CustomerQualification::from_name(name)
                .ok_or_else(|| unparsable(&format!("{name:?}")))?,
            Value::Number(number) => from_number(number)?,
            _ => {
                return Err(ApiError::invalid_input(
                    "The qualification must be a name or an integer.",
                ));
            }
        };
        let segment = match text(map, "educationSegment")? {
            None => None,
            Some(name) => Some(EducationSegment::from_name(&name).ok_or_else(|| {
                ApiError::invalid_property(format!(
                    "educationSegment {} is invalid: expected K12 or HigherEducation.",
                    quoted(&name)
                ))
            })?),
        };
        Ok(Self {
            qualification,
            current_contract: key != "Qualification",
            segment,
            website: text(map, "website")?,
            code: text(map, "validationCode")?,
        })
    }
}

/// A field by name, ignoring ASCII case.
fn field<'a>(map: &'a Map<String, Value>, name: &str) -> Option<(&'a str, &'a Value)> {
    map.iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(key, value)| (key.as_str(), value))
}

/// An optional text field; numbers are taken as their decimal text (`validationCode` is
/// documented as an integer too).
fn text(map: &Map<String, Value>, name: &str) -> Result<Option<String>, ApiError> {
    match field(map, name).map(|(_, value)| value) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(_) => Err(ApiError::invalid_property(format!(
            "{name} must be a string."
        ))),
    }
}

fn from_number(number: &Number) -> Result<CustomerQualification, ApiError> {
    number
        .as_i64()
        .and_then(CustomerQualification::from_int)
        .ok_or_else(|| unparsable(&number.to_string()))
}

fn unparsable(value: &str) -> ApiError {
    ApiError::unparsable_enum(format!(
        "Unable to parse enum CustomerQualification from {}.",
        shorten(value)
    ))
}

fn quoted(text: &str) -> String {
    format!("{:?}", shorten(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_async(body: &str) -> Result<Requested, ApiError> {
        parse(body.as_bytes(), Api::Async, None)
    }

    #[test]
    fn reads_every_contract() {
        let education = Requested {
            qualification: CustomerQualification::Education,
            website: None,
            code: None,
        };
        assert_eq!(parse_async("1"), Ok(education.clone()));
        assert_eq!(
            parse_async(r#"{"Qualification":"education"}"#),
            Ok(education)
        );
        assert_eq!(
            parse_async(
                r#"{"qualification":"Education","educationSegment":"K12","website":"a.edu"}"#
            )
            .map(|r| r.website),
            Ok(Some("a.edu".to_owned()))
        );
        assert_eq!(
            parse(b"3", Api::Async, Some("123456")).map(|r| r.code),
            Ok(Some("123456".to_owned()))
        );
        assert_eq!(
            parse_async(
                r#"{"qualification":"government_community_cloud","validationCode":123456}"#
            )
            .map(|r| r.code),
            Ok(Some("123456".to_owned()))
        );
    }

    #[test]
    fn refuses_bad_bodies_with_the_documented_codes() {
        let status = |body: &str| parse_async(body).err().map(|e| e.status().as_u16());
        assert_eq!(status(""), Some(400));
        assert_eq!(status("7"), Some(400));
        assert_eq!(status("1.5"), Some(400));
        assert_eq!(status("true"), Some(400));
        assert_eq!(status(r#"{"qualification":"Education"}"#), Some(400));
        assert_eq!(
            status(r#"{"qualification":"GovernmentCommunityCloud"}"#),
            Some(400)
        );
        assert_eq!(
            status(r#"{"qualification":"Education","educationSegment":"PhD"}"#),
            Some(400)
        );
        assert_eq!(
            parse(b"4", Api::Legacy, None)
                .err()
                .map(|e| e.status().as_u16()),
            Some(400)
        );
        assert!(parse(br#"{"qualification":"Education"}"#, Api::Legacy, None).is_err());
    }
}

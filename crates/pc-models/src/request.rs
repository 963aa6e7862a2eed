//! What a caller wants set, and its encoding for each wire contract.
//!
//! - [`QualificationRequest`]: qualification plus segment, website and validation code.
//! - [`Contract`]: the integer body (Dec 2020 documentation) or the JSON object (since 2023).
//! - [`EncodedRequest`]: the body bytes plus the `?code=` value, if any.

use std::fmt;

use serde::Serialize;

use crate::{CustomerQualification, EducationSegment, RequestError, Secret};

/// The request contract of `POST .../qualifications`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Contract {
    /// The integer of [`CustomerQualification`] as the body (`1`), the GCC code in `?code=`,
    /// exactly as the December 2020 documentation describes. The default.
    #[default]
    Integer,
    /// The JSON object body required in production since 2023-05-17:
    /// `{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}`.
    Object,
}

impl Contract {
    /// The contract's name as the command line spells it (`integer`, `object`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Integer => "integer",
            Self::Object => "object",
        }
    }
}

/// A qualification a caller wants set on a customer.
///
/// The typed constructors build the common valid requests; [`QualificationRequest::new`] takes any
/// value (for example one parsed from user input) and leaves the checks to the encoders, which
/// refuse anything the service would refuse: `None`/`Nonprofit`, GCC without a validation code, a
/// code on anything but GCC, fields a contract cannot carry.
///
/// `Debug` never shows the validation code.
///
/// # Example
///
/// ```
/// use pc_models::{Contract, QualificationRequest};
///
/// let gcc = QualificationRequest::government_community_cloud("123456");
/// let encoded = gcc.encode(Contract::Integer)?;
/// assert_eq!(encoded.body(), b"3");
/// assert_eq!(encoded.code().map(|c| c.expose()), Some("123456"));
/// assert!(!format!("{gcc:?}").contains("123456"));
/// # Ok::<(), pc_models::RequestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualificationRequest {
    qualification: CustomerQualification,
    education_segment: Option<EducationSegment>,
    website: Option<String>,
    validation_code: Option<Secret>,
}

impl QualificationRequest {
    /// A request for any qualification; the encoders validate it.
    pub fn new(qualification: CustomerQualification) -> Self {
        Self {
            qualification,
            education_segment: None,
            website: None,
            validation_code: None,
        }
    }

    /// Education. Under [`Contract::Object`] it also needs
    /// [`with_education_segment`](Self::with_education_segment).
    pub fn education() -> Self {
        Self::new(CustomerQualification::Education)
    }

    /// Government Community Cloud with the partner's validation code.
    pub fn government_community_cloud(validation_code: impl Into<Secret>) -> Self {
        Self::new(CustomerQualification::GovernmentCommunityCloud)
            .with_validation_code(validation_code)
    }

    /// State-owned entity.
    pub fn state_owned_entity() -> Self {
        Self::new(CustomerQualification::StateOwnedEntity)
    }

    /// Sets the education segment (object contract only).
    #[must_use]
    pub fn with_education_segment(mut self, segment: EducationSegment) -> Self {
        self.education_segment = Some(segment);
        self
    }

    /// Sets the website (object contract only, Education only).
    #[must_use]
    pub fn with_website(mut self, website: impl Into<String>) -> Self {
        self.website = Some(website.into());
        self
    }

    /// Sets the GCC validation code.
    #[must_use]
    pub fn with_validation_code(mut self, code: impl Into<Secret>) -> Self {
        self.validation_code = Some(code.into());
        self
    }

    /// The qualification asked for.
    pub fn qualification(&self) -> CustomerQualification {
        self.qualification
    }

    /// The education segment, if set.
    pub fn education_segment(&self) -> Option<EducationSegment> {
        self.education_segment
    }

    /// The website, if set.
    pub fn website(&self) -> Option<&str> {
        self.website.as_deref()
    }

    /// The validation code, if set.
    pub fn validation_code(&self) -> Option<&Secret> {
        self.validation_code.as_ref()
    }

    /// Checks the rules every contract shares.
    fn check_common(&self) -> Result<(), RequestError> {
        let q = self.qualification;
        if !q.is_settable() {
            return Err(RequestError::NotSettable(q));
        }
        match (&self.validation_code, q) {
            (None, CustomerQualification::GovernmentCommunityCloud) => {
                return Err(RequestError::MissingValidationCode);
            }
            (Some(_), CustomerQualification::GovernmentCommunityCloud) => {}
            (Some(_), other) => return Err(RequestError::UnexpectedValidationCode(other)),
            (None, _) => {}
        }
        if let Some(code) = &self.validation_code {
            let text = code.expose();
            if text.trim().is_empty() || text.chars().any(char::is_control) {
                return Err(RequestError::MalformedValidationCode);
            }
        }
        Ok(())
    }

    /// Refuses the fields only the object contract carries.
    fn check_no_object_fields(&self, contract: &'static str) -> Result<(), RequestError> {
        if self.education_segment.is_some() {
            return Err(RequestError::UnsupportedField {
                contract,
                field: "educationSegment",
            });
        }
        if self.website.is_some() {
            return Err(RequestError::UnsupportedField {
                contract,
                field: "website",
            });
        }
        Ok(())
    }

    /// Checks the request against a contract without encoding it.
    ///
    /// # Errors
    ///
    /// As [`encode`](Self::encode).
    pub fn validate(&self, contract: Contract) -> Result<(), RequestError> {
        self.encode(contract).map(drop)
    }

    /// Encodes the body of `POST .../qualifications` for a contract.
    ///
    /// # Errors
    ///
    /// [`RequestError`] for `None`/`Nonprofit`, GCC without a code, a code on anything but GCC, a
    /// blank code, an education segment or website under [`Contract::Integer`] or with anything but
    /// Education, and Education without a segment under [`Contract::Object`].
    pub fn encode(&self, contract: Contract) -> Result<EncodedRequest, RequestError> {
        self.check_common()?;
        match contract {
            Contract::Integer => {
                self.check_no_object_fields("integer")?;
                Ok(EncodedRequest {
                    body: self.qualification.to_int().to_string().into_bytes(),
                    code: self.validation_code.clone(),
                })
            }
            Contract::Object => self.encode_object(),
        }
    }

    fn encode_object(&self) -> Result<EncodedRequest, RequestError> {
        let q = self.qualification;
        if q != CustomerQualification::Education {
            let field = match (&self.education_segment, &self.website) {
                (Some(_), _) => Some("educationSegment"),
                (None, Some(_)) => Some("website"),
                (None, None) => None,
            };
            if let Some(field) = field {
                return Err(RequestError::FieldNotForQualification {
                    field,
                    qualification: q,
                });
            }
        } else if self.education_segment.is_none() {
            return Err(RequestError::MissingEducationSegment);
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            qualification: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            education_segment: Option<EducationSegment>,
            #[serde(skip_serializing_if = "Option::is_none")]
            website: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            validation_code: Option<&'a str>,
        }
        let body = Body {
            qualification: q.as_str(),
            education_segment: self.education_segment,
            website: self.website.as_deref(),
            validation_code: self.validation_code.as_ref().map(Secret::expose),
        };
        // Serializing a struct of strings into a Vec cannot fail; map it anyway rather than panic.
        let body = serde_json::to_vec(&body).map_err(|_| RequestError::MalformedValidationCode)?;
        Ok(EncodedRequest { body, code: None })
    }

    /// Encodes the body of the legacy `PUT .../qualification`: the integer, code in `?code=`.
    ///
    /// # Errors
    ///
    /// As [`Contract::Integer`], and [`RequestError::NotOnLegacyApi`] for `StateOwnedEntity`.
    pub fn encode_legacy(&self) -> Result<EncodedRequest, RequestError> {
        self.check_common()?;
        if self.qualification == CustomerQualification::StateOwnedEntity {
            return Err(RequestError::NotOnLegacyApi);
        }
        self.check_no_object_fields("legacy")?;
        self.encode(Contract::Integer)
    }
}

/// An encoded request: the body bytes and the value for `?code=`, if any.
///
/// `Debug` shows the body's length only (the object contract's body holds the validation code).
#[derive(Clone, PartialEq, Eq)]
pub struct EncodedRequest {
    body: Vec<u8>,
    code: Option<Secret>,
}

impl EncodedRequest {
    /// The body bytes (`application/json`).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The validation code for the `code` query parameter, if the contract puts it there.
    pub fn code(&self) -> Option<&Secret> {
        self.code.as_ref()
    }

    /// Splits into body and query code.
    pub fn into_parts(self) -> (Vec<u8>, Option<Secret>) {
        (self.body, self.code)
    }
}

impl fmt::Debug for EncodedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedRequest")
            .field("body_len", &self.body.len())
            .field("code", &self.code)
            .finish()
    }
}

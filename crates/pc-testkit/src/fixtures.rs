//! The documented wire bodies, embedded, and their decoded values.
//!
//! - Bodies as `&'static str` constants (the file's bytes without its final newline), e.g.
//!   [`LIST_DENIED`], [`ERROR_THROTTLED`], and all of them in [`ALL`].
//! - Decoded values, one function per file, e.g. [`list_denied`], [`validation_codes`],
//!   [`request_current_gcc`], decoded with pc-models' decoders.
//! - [`CUSTOMER_ID`] / [`customer`]: a customer id for tests to talk about.
//!
//! The files sit in this crate's `fixtures/` folder (with a `README.md` saying where each comes
//! from): bodies as documented Partner Center servers send or accept them, with the comments
//! and trailing commas of the doc text removed.
//!
//! | constant | function | endpoint | what |
//! |---|---|---|---|
//! | [`CREATE_RESPONSE_EDUCATION`] | [`create_response_education`] | `POST .../qualifications` | 201 body, doc example |
//! | [`LIST_APPROVED`] | [`list_approved`] | `GET .../qualifications` | Education approved (no date) |
//! | [`LIST_INREVIEW`] | [`list_inreview`] | `GET .../qualifications` | `vettingCreatedDate` spelling |
//! | [`LIST_DENIED`] | [`list_denied`] | `GET .../qualifications` | Denied with reason |
//! | [`LIST_SOE`] | [`list_soe`] | `GET .../qualifications` | StateOwnedEntity only, no vetting fields |
//! | [`LIST_EDUCATION_SOE`] | [`list_education_soe`] | `GET .../qualifications` | two entries |
//! | [`LIST_GCC_SOE`] | [`list_gcc_soe`] | `GET .../qualifications` | 7 fractional digits and `+00:00` |
//! | [`LIST_WRAPPED`] | [`list_wrapped`] | `GET .../qualifications` | `{"qualifications":[...]}` wrapper |
//! | [`LEGACY_GET`] | [`legacy_get`] | `GET .../qualification` | bare lower-case string |
//! | [`LEGACY_PUT_RESPONSE_GCC`] | [`legacy_put_response_gcc`] | `PUT .../qualification` | bare lower-case string |
//! | [`VALIDATION_CODES`] | [`validation_codes`] | `GET /v1/customers/all/validations` | two codes |
//! | [`REQUEST_CURRENT_EDUCATION`] | [`request_current_education`] | `POST` body, object contract | Education |
//! | [`REQUEST_CURRENT_GCC`] | [`request_current_gcc`] | `POST` body, object contract | GCC |
//! | [`REQUEST_CURRENT_SOE`] | [`request_current_soe`] | `POST` body, object contract | SOE |
//! | [`ERROR_DOCUMENTED`] | [`error_documented`] | any | documented error body |
//! | [`ERROR_THROTTLED`] | [`error_throttled`] | any (`429`) | throttle body, sent with `Retry-After: 57` |
//!
//! # Examples
//!
//! ```
//! use pc_client::{Contract, VettingStatus};
//! use pc_testkit::fixtures;
//!
//! assert_eq!(fixtures::list_denied()[0].vetting_status, Some(VettingStatus::Denied));
//!
//! // The object contract's body for the documented GCC request is the documented fixture.
//! let encoded = fixtures::request_current_gcc().encode(Contract::Object)?;
//! assert_eq!(encoded.body(), fixtures::REQUEST_CURRENT_GCC.as_bytes());
//! # Ok::<(), pc_client::RequestError>(())
//! ```

use pc_client::models::{
    decode_legacy_qualification, decode_qualification_list, decode_validation_codes,
};
use pc_client::{
    ApiErrorBody, CustomerId, DocumentedError, Qualification, QualificationName,
    QualificationRequest, ThrottledError, ValidationCode,
};

use crate::capture::decode_object;

/// Embeds `fixtures/<file>` without its final newline.
macro_rules! fixture {
    ($file:literal) => {
        include_str!(concat!("../fixtures/", $file)).trim_ascii_end()
    };
}

/// `create-response-education.json`: the `201` body of the create documentation.
pub const CREATE_RESPONSE_EDUCATION: &str = fixture!("create-response-education.json");
/// `list-approved.json`: Education, Approved, no date.
pub const LIST_APPROVED: &str = fixture!("list-approved.json");
/// `list-inreview.json`: Education, InReview, with the `vettingCreatedDate` spelling.
pub const LIST_INREVIEW: &str = fixture!("list-inreview.json");
/// `list-denied.json`: Education, Denied, "Not an Education Customer".
pub const LIST_DENIED: &str = fixture!("list-denied.json");
/// `list-soe.json`: StateOwnedEntity only, no vetting fields.
pub const LIST_SOE: &str = fixture!("list-soe.json");
/// `list-education-soe.json`: Education (Approved) and StateOwnedEntity.
pub const LIST_EDUCATION_SOE: &str = fixture!("list-education-soe.json");
/// `list-gcc-soe.json`: GCC (Approved, 7 fractional digits, `+00:00`) and StateOwnedEntity.
pub const LIST_GCC_SOE: &str = fixture!("list-gcc-soe.json");
/// `list-wrapped.json`: the `{"qualifications":[...]}` wrapper of early 2021.
pub const LIST_WRAPPED: &str = fixture!("list-wrapped.json");
/// `legacy-get.json`: `"education"`.
pub const LEGACY_GET: &str = fixture!("legacy-get.json");
/// `legacy-put-response-gcc.json`: `"governmentcommunitycloud"`.
pub const LEGACY_PUT_RESPONSE_GCC: &str = fixture!("legacy-put-response-gcc.json");
/// `validation-codes.json`: two codes, `12345` (5 creates, 4 left) and `67890` (no limits).
pub const VALIDATION_CODES: &str = fixture!("validation-codes.json");
/// `request-current-education.json`: Education, HigherEducation, `contoso.edu`.
pub const REQUEST_CURRENT_EDUCATION: &str = fixture!("request-current-education.json");
/// `request-current-gcc.json`: GCC with validation code `123456`.
pub const REQUEST_CURRENT_GCC: &str = fixture!("request-current-gcc.json");
/// `request-current-soe.json`: StateOwnedEntity.
pub const REQUEST_CURRENT_SOE: &str = fixture!("request-current-soe.json");
/// `error-documented.json`: `400`-style `900118`, "The customer ID is invalid.", source `PartnerFD`.
pub const ERROR_DOCUMENTED: &str = fixture!("error-documented.json");
/// `error-throttled.json`: the `429` body, sent with `Retry-After: 57`.
pub const ERROR_THROTTLED: &str = fixture!("error-throttled.json");

/// The `Retry-After` seconds [`ERROR_THROTTLED`] was documented with.
pub const THROTTLED_RETRY_AFTER_SECONDS: u64 = 57;

/// Every fixture as (file name, body), in the order of the table above.
pub const ALL: [(&str, &str); 16] = [
    ("create-response-education.json", CREATE_RESPONSE_EDUCATION),
    ("list-approved.json", LIST_APPROVED),
    ("list-inreview.json", LIST_INREVIEW),
    ("list-denied.json", LIST_DENIED),
    ("list-soe.json", LIST_SOE),
    ("list-education-soe.json", LIST_EDUCATION_SOE),
    ("list-gcc-soe.json", LIST_GCC_SOE),
    ("list-wrapped.json", LIST_WRAPPED),
    ("legacy-get.json", LEGACY_GET),
    ("legacy-put-response-gcc.json", LEGACY_PUT_RESPONSE_GCC),
    ("validation-codes.json", VALIDATION_CODES),
    ("request-current-education.json", REQUEST_CURRENT_EDUCATION),
    ("request-current-gcc.json", REQUEST_CURRENT_GCC),
    ("request-current-soe.json", REQUEST_CURRENT_SOE),
    ("error-documented.json", ERROR_DOCUMENTED),
    ("error-throttled.json", ERROR_THROTTLED),
];

/// A customer tenant id for tests (no meaning beyond being a well-formed GUID).
pub const CUSTOMER_ID: &str = "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d";

/// [`CUSTOMER_ID`] as a [`CustomerId`].
pub fn customer() -> CustomerId {
    CustomerId::from_uuid(pc_client::uuid::Uuid::from_u128(
        0x0d2e_0d8b_6b4b_4b6e_9c3c_6f4a_1e2b_3c4d,
    ))
}

// Every `expect` below is proven not to fire by the unit test `every_fixture_decodes`.

/// [`CREATE_RESPONSE_EDUCATION`] decoded: Education, InReview, 2020-12-04T20:54:24Z.
pub fn create_response_education() -> Qualification {
    serde_json::from_str(CREATE_RESPONSE_EDUCATION).expect("fixture decodes (unit-tested)")
}

fn list(body: &str) -> Vec<Qualification> {
    decode_qualification_list(body.as_bytes()).expect("fixture decodes (unit-tested)")
}

/// [`LIST_APPROVED`] decoded.
pub fn list_approved() -> Vec<Qualification> {
    list(LIST_APPROVED)
}

/// [`LIST_INREVIEW`] decoded.
pub fn list_inreview() -> Vec<Qualification> {
    list(LIST_INREVIEW)
}

/// [`LIST_DENIED`] decoded.
pub fn list_denied() -> Vec<Qualification> {
    list(LIST_DENIED)
}

/// [`LIST_SOE`] decoded.
pub fn list_soe() -> Vec<Qualification> {
    list(LIST_SOE)
}

/// [`LIST_EDUCATION_SOE`] decoded.
pub fn list_education_soe() -> Vec<Qualification> {
    list(LIST_EDUCATION_SOE)
}

/// [`LIST_GCC_SOE`] decoded.
pub fn list_gcc_soe() -> Vec<Qualification> {
    list(LIST_GCC_SOE)
}

/// [`LIST_WRAPPED`] decoded.
pub fn list_wrapped() -> Vec<Qualification> {
    list(LIST_WRAPPED)
}

/// [`LEGACY_GET`] decoded: Education.
pub fn legacy_get() -> QualificationName {
    decode_legacy_qualification(LEGACY_GET.as_bytes()).expect("fixture decodes (unit-tested)")
}

/// [`LEGACY_PUT_RESPONSE_GCC`] decoded: GovernmentCommunityCloud.
pub fn legacy_put_response_gcc() -> QualificationName {
    decode_legacy_qualification(LEGACY_PUT_RESPONSE_GCC.as_bytes())
        .expect("fixture decodes (unit-tested)")
}

/// [`VALIDATION_CODES`] decoded.
pub fn validation_codes() -> Vec<ValidationCode> {
    decode_validation_codes(VALIDATION_CODES.as_bytes()).expect("fixture decodes (unit-tested)")
}

fn request(body: &str) -> QualificationRequest {
    decode_object(body.as_bytes()).expect("fixture decodes (unit-tested)")
}

/// [`REQUEST_CURRENT_EDUCATION`] as the request that encodes to it under
/// [`Contract::Object`](pc_client::Contract::Object).
pub fn request_current_education() -> QualificationRequest {
    request(REQUEST_CURRENT_EDUCATION)
}

/// [`REQUEST_CURRENT_GCC`] as the request that encodes to it under
/// [`Contract::Object`](pc_client::Contract::Object).
pub fn request_current_gcc() -> QualificationRequest {
    request(REQUEST_CURRENT_GCC)
}

/// [`REQUEST_CURRENT_SOE`] as the request that encodes to it under
/// [`Contract::Object`](pc_client::Contract::Object).
pub fn request_current_soe() -> QualificationRequest {
    request(REQUEST_CURRENT_SOE)
}

/// [`ERROR_DOCUMENTED`] decoded.
pub fn error_documented() -> DocumentedError {
    match ApiErrorBody::parse(ERROR_DOCUMENTED.as_bytes()) {
        ApiErrorBody::Documented(error) => error,
        other => panic!("error-documented.json is not the documented shape: {other:?}"),
    }
}

/// [`ERROR_THROTTLED`] decoded.
pub fn error_throttled() -> ThrottledError {
    match ApiErrorBody::parse(ERROR_THROTTLED.as_bytes()) {
        ApiErrorBody::Throttled(error) => error,
        other => panic!("error-throttled.json is not the throttle shape: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use pc_client::{Contract, CustomerQualification, EducationSegment, VettingStatus};

    use super::*;

    #[test]
    fn every_fixture_decodes() {
        assert_eq!(
            create_response_education().vetting_status,
            Some(VettingStatus::InReview)
        );
        for (name, records) in [
            ("approved", list_approved()),
            ("inreview", list_inreview()),
            ("denied", list_denied()),
            ("soe", list_soe()),
            ("education-soe", list_education_soe()),
            ("gcc-soe", list_gcc_soe()),
            ("wrapped", list_wrapped()),
        ] {
            assert!(!records.is_empty(), "list-{name}.json decodes to no record");
        }
        assert_eq!(legacy_get(), CustomerQualification::Education);
        assert_eq!(
            legacy_put_response_gcc(),
            CustomerQualification::GovernmentCommunityCloud
        );
        assert_eq!(validation_codes().len(), 2);
        assert_eq!(
            request_current_education().education_segment(),
            Some(EducationSegment::HigherEducation)
        );
        assert_eq!(
            request_current_gcc().validation_code().map(|c| c.expose()),
            Some("123456")
        );
        assert_eq!(
            request_current_soe().qualification(),
            CustomerQualification::StateOwnedEntity
        );
        assert_eq!(error_documented().code.as_deref(), Some("900118"));
        assert_eq!(error_throttled().status_code, Some(429));
    }

    #[test]
    fn request_fixtures_are_what_the_object_contract_encodes() {
        for (request, body) in [
            (request_current_education(), REQUEST_CURRENT_EDUCATION),
            (request_current_gcc(), REQUEST_CURRENT_GCC),
            (request_current_soe(), REQUEST_CURRENT_SOE),
        ] {
            let encoded = request.encode(Contract::Object).expect("encodes");
            assert_eq!(encoded.body(), body.as_bytes());
        }
    }

    #[test]
    fn constants_drop_only_the_final_newline() {
        for (name, body) in ALL {
            assert!(!body.ends_with('\n'), "{name} keeps a final newline");
            assert!(
                body.starts_with(['{', '[', '"']),
                "{name} starts with {body:?}"
            );
        }
    }

    #[test]
    fn customer_is_the_customer_id_constant() {
        assert_eq!(customer().to_string(), CUSTOMER_ID);
    }
}

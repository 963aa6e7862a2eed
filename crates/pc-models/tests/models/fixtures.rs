use pc_models::{
    ApiErrorBody, Contract, CustomerQualification, DocumentedError, EducationSegment,
    Qualification, QualificationName, QualificationRequest, ThrottledError, ValidationCode,
    VettingStatus, decode_legacy_qualification, decode_qualification_list, decode_validation_codes,
};
use time::macros::datetime;

use crate::{TestResult, assert_utc, wire_body};

#[test]
fn create_response_education_decodes_as_in_review_with_a_whole_second_utc_date() -> TestResult {
    // Arrange
    let body = fixture!("create-response-education.json");

    // Act
    let record: Qualification = serde_json::from_slice(body)?;

    // Assert
    let expected = datetime!(2020-12-04 20:54:24 UTC);
    assert_eq!(
        record,
        Qualification::new(CustomerQualification::Education)
            .with_vetting_status(VettingStatus::InReview)
            .with_vetting_create_date(expected)
    );
    assert_eq!(record.vetting_reason, None);
    assert_utc(record.vetting_create_date, expected);
    Ok(())
}

#[test]
fn create_response_education_encodes_back_to_the_same_bytes() -> TestResult {
    // Arrange
    let file = fixture!("create-response-education.json");
    let record: Qualification = serde_json::from_slice(file)?;

    // Act
    let encoded = serde_json::to_vec(&record)?;

    // Assert
    assert_eq!(encoded, wire_body(file));
    Ok(())
}

#[test]
fn list_approved_decodes_one_approved_education_without_date_or_reason() -> TestResult {
    // Arrange
    let body = fixture!("list-approved.json");

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::Approved)
        ]
    );
    assert_eq!(list[0].vetting_reason, None);
    assert_eq!(list[0].vetting_create_date, None);
    Ok(())
}

#[test]
fn list_inreview_decodes_the_vetting_created_date_spelling_to_the_millisecond() -> TestResult {
    // Arrange
    let body = fixture!("list-inreview.json");

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    let expected = datetime!(2020-12-03 10:37:38.885 UTC);
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::InReview)
                .with_vetting_create_date(expected)
        ]
    );
    assert_eq!(list[0].vetting_reason, None);
    assert_utc(list[0].vetting_create_date, expected);
    assert_eq!(
        list[0].vetting_create_date.map(|d| d.nanosecond()),
        Some(885_000_000)
    );
    Ok(())
}

#[test]
fn list_inreview_encodes_the_date_under_the_vetting_create_date_spelling() -> TestResult {
    // Arrange
    let list = decode_qualification_list(fixture!("list-inreview.json"))?;

    // Act
    let encoded = serde_json::to_string(&list)?;

    // Assert
    assert_eq!(
        encoded,
        r#"[{"qualification":"Education","vettingStatus":"InReview","vettingCreateDate":"2020-12-03T10:37:38.885Z"}]"#
    );
    Ok(())
}

#[test]
fn list_denied_decodes_status_reason_and_date() -> TestResult {
    // Arrange
    let body = fixture!("list-denied.json");

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    let expected = datetime!(2020-12-03 10:37:38.885 UTC);
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::Denied)
                .with_vetting_reason("Not an Education Customer")
                .with_vetting_create_date(expected)
        ]
    );
    assert_eq!(
        list[0].vetting_reason.as_deref(),
        Some("Not an Education Customer")
    );
    assert_utc(list[0].vetting_create_date, expected);
    Ok(())
}

#[test]
fn list_soe_decodes_state_owned_entity_without_vetting_fields() -> TestResult {
    // Arrange
    let body = fixture!("list-soe.json");

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    assert_eq!(
        list,
        vec![Qualification::new(CustomerQualification::StateOwnedEntity)]
    );
    assert_eq!(list[0].vetting_status, None);
    assert_eq!(list[0].vetting_reason, None);
    assert_eq!(list[0].vetting_create_date, None);
    Ok(())
}

#[test]
fn list_education_soe_decodes_both_entries_in_order() -> TestResult {
    // Arrange
    let body = fixture!("list-education-soe.json");

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::Approved),
            Qualification::new(CustomerQualification::StateOwnedEntity),
        ]
    );
    assert!(list[0].is(CustomerQualification::Education));
    assert!(list[1].is(CustomerQualification::StateOwnedEntity));
    Ok(())
}

#[test]
fn list_gcc_soe_decodes_seven_fractional_digits_with_plus_zero_offset_to_utc() -> TestResult {
    // Arrange
    let body = fixture!("list-gcc-soe.json");

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    let expected = datetime!(2021-05-06 19:59:56.6832021 UTC);
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::GovernmentCommunityCloud)
                .with_vetting_status(VettingStatus::Approved)
                .with_vetting_create_date(expected),
            Qualification::new(CustomerQualification::StateOwnedEntity),
        ]
    );
    assert_utc(list[0].vetting_create_date, expected);
    assert_eq!(
        list[0].vetting_create_date.map(|d| d.nanosecond()),
        Some(683_202_100)
    );
    Ok(())
}

#[test]
fn list_gcc_soe_encodes_the_date_back_in_utc_with_z() -> TestResult {
    // Arrange
    let list = decode_qualification_list(fixture!("list-gcc-soe.json"))?;

    // Act
    let encoded = serde_json::to_string(&list)?;

    // Assert
    assert_eq!(
        encoded,
        r#"[{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved","vettingCreateDate":"2021-05-06T19:59:56.6832021Z"},{"qualification":"StateOwnedEntity"}]"#
    );
    Ok(())
}

#[test]
fn list_wrapped_decodes_the_qualifications_wrapper() -> TestResult {
    // Arrange
    let body = fixture!("list-wrapped.json");

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    let expected = datetime!(2021-01-21 08:00:00 UTC);
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::InReview)
                .with_vetting_create_date(expected)
        ]
    );
    assert_utc(list[0].vetting_create_date, expected);
    Ok(())
}

#[test]
fn legacy_get_decodes_the_bare_lower_case_string() -> TestResult {
    // Arrange
    let body = fixture!("legacy-get.json");

    // Act
    let name = decode_legacy_qualification(body)?;

    // Assert
    assert_eq!(
        name,
        QualificationName::Known(CustomerQualification::Education)
    );
    assert_eq!(name.as_str(), "Education");
    Ok(())
}

#[test]
fn legacy_put_response_decodes_government_community_cloud() -> TestResult {
    // Arrange
    let body = fixture!("legacy-put-response-gcc.json");

    // Act
    let name = decode_legacy_qualification(body)?;

    // Assert
    assert_eq!(
        name,
        QualificationName::Known(CustomerQualification::GovernmentCommunityCloud)
    );
    assert_eq!(name.as_str(), "GovernmentCommunityCloud");
    Ok(())
}

#[test]
fn validation_codes_decode_string_ids_counts_nulls_and_etags() -> TestResult {
    // Arrange
    let body = fixture!("validation-codes.json");

    // Act
    let codes = decode_validation_codes(body)?;

    // Assert
    let mut first = ValidationCode::new("12345");
    first.partner_id = Some("9daaeb1c-4d1b-4a7c-a2d5-1b3f0e2b5c1a".to_owned());
    first.organization_name = Some("Contoso, Inc.".to_owned());
    first.max_creates = Some(5);
    first.remaining_creates = Some(4);
    first.etag = Some(r#"W/"datetime'2018-10-10T18%3A49%3A58.727348Z'""#.to_owned());
    let mut second = ValidationCode::new("67890");
    second.partner_id = Some("9daaeb1c-4d1b-4a7c-a2d5-1b3f0e2b5c1a".to_owned());
    second.organization_name = Some("Contoso, Inc.".to_owned());
    second.etag = Some(r#"W/"datetime'2018-11-02T09%3A12%3A01.000000Z'""#.to_owned());
    assert_eq!(codes, vec![first, second]);
    assert_eq!(codes[0].validation_id.expose(), "12345");
    assert_eq!(codes[1].validation_id.expose(), "67890");
    assert_eq!(codes[1].max_creates, None);
    assert_eq!(codes[1].remaining_creates, None);
    Ok(())
}

#[test]
fn validation_codes_encode_back_to_the_same_bytes() -> TestResult {
    // Arrange
    let file = fixture!("validation-codes.json");
    let codes = decode_validation_codes(file)?;

    // Act
    let encoded = serde_json::to_vec(&codes)?;

    // Assert
    assert_eq!(encoded, wire_body(file));
    Ok(())
}

#[test]
fn error_documented_parses_as_documented_with_every_field() {
    // Arrange
    let body = fixture!("error-documented.json");

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(
        parsed,
        ApiErrorBody::Documented(
            DocumentedError::new("900118", "The customer ID is invalid.").with_source("PartnerFD")
        )
    );
    assert_eq!(parsed.code(), Some("900118"));
    assert_eq!(parsed.description(), Some("The customer ID is invalid."));
    assert_eq!(parsed.source(), Some("PartnerFD"));
    assert_eq!(parsed.data(), Some(&serde_json::json!([])));
}

#[test]
fn error_throttled_parses_as_throttled_with_status_and_message() {
    // Arrange
    let body = fixture!("error-throttled.json");

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(
        parsed,
        ApiErrorBody::Throttled(ThrottledError::new(
            429,
            "Rate limit is exceeded. Try again in 57 seconds."
        ))
    );
    assert_eq!(parsed.code(), None);
    assert_eq!(
        parsed.description(),
        Some("Rate limit is exceeded. Try again in 57 seconds.")
    );
    assert_eq!(parsed.source(), None);
    assert_eq!(parsed.data(), None);
}

#[test]
fn request_current_education_is_exactly_what_the_object_encoder_writes() -> TestResult {
    // Arrange
    let request = QualificationRequest::education()
        .with_education_segment(EducationSegment::HigherEducation)
        .with_website("contoso.edu");

    // Act
    let encoded = request.encode(Contract::Object)?;

    // Assert
    assert_eq!(
        encoded.body(),
        wire_body(fixture!("request-current-education.json"))
    );
    assert!(encoded.code().is_none());
    Ok(())
}

#[test]
fn request_current_gcc_is_exactly_what_the_object_encoder_writes() -> TestResult {
    // Arrange
    let request = QualificationRequest::government_community_cloud("123456");

    // Act
    let encoded = request.encode(Contract::Object)?;

    // Assert
    assert_eq!(
        encoded.body(),
        wire_body(fixture!("request-current-gcc.json"))
    );
    assert!(encoded.code().is_none());
    Ok(())
}

#[test]
fn request_current_soe_is_exactly_what_the_object_encoder_writes() -> TestResult {
    // Arrange
    let request = QualificationRequest::state_owned_entity();

    // Act
    let encoded = request.encode(Contract::Object)?;

    // Assert
    assert_eq!(
        encoded.body(),
        wire_body(fixture!("request-current-soe.json"))
    );
    assert!(encoded.code().is_none());
    Ok(())
}

#[test]
fn list_decode_errors_point_at_the_failing_line_and_column() {
    // Arrange
    let bare = b"[\n  {\"qualification\": 5}\n]";
    let wrapped = b"{\"qualifications\": [\n  {\"vettingStatus\": \"Approved\"}\n]}";

    // Act
    let bare_err = pc_models::decode_qualification_list(bare).expect_err("a number name");
    let wrapped_err = pc_models::decode_qualification_list(wrapped).expect_err("no qualification");

    // Assert
    assert_eq!((bare_err.line(), bare_err.column()), (2, 21));
    assert_eq!(wrapped_err.line(), 2);
    assert!(
        wrapped_err
            .to_string()
            .contains("missing field `qualification`"),
        "{wrapped_err}"
    );
}

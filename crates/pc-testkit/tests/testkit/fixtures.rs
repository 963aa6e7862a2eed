//! The embedded fixtures: what they decode to, and that the responders write them back.

use pc_client::{
    Contract, CustomerQualification, EducationSegment, QualificationRequest, VettingStatus,
};
use pc_testkit::fixtures;

#[test]
fn all_lists_every_fixture_file_once() {
    let mut names: Vec<&str> = fixtures::ALL.iter().map(|(name, _)| *name).collect();
    names.sort_unstable();
    names.dedup();

    assert_eq!(names.len(), 16);
    assert!(names.iter().all(|n| n.ends_with(".json")));
}

#[test]
fn the_decoded_values_say_what_the_docs_say() {
    let denied = &fixtures::list_denied()[0];
    assert_eq!(denied.qualification, CustomerQualification::Education);
    assert_eq!(denied.vetting_status, Some(VettingStatus::Denied));
    assert_eq!(
        denied.vetting_reason.as_deref(),
        Some("Not an Education Customer")
    );

    let wrapped = fixtures::list_wrapped();
    assert_eq!(wrapped.len(), 1);
    assert_eq!(wrapped[0].vetting_status, Some(VettingStatus::InReview));

    let codes = fixtures::validation_codes();
    assert_eq!(codes[0].validation_id.expose(), "12345");
    assert_eq!(codes[0].remaining_creates, Some(4));
    assert_eq!(codes[1].max_creates, None);

    assert_eq!(
        fixtures::error_documented().source.as_deref(),
        Some("PartnerFD")
    );
    assert_eq!(
        fixtures::error_throttled().message,
        "Rate limit is exceeded. Try again in 57 seconds."
    );
}

#[test]
fn the_request_fixtures_are_the_typed_constructors() {
    assert_eq!(
        fixtures::request_current_education(),
        QualificationRequest::education()
            .with_education_segment(EducationSegment::HigherEducation)
            .with_website("contoso.edu")
    );
    assert_eq!(
        fixtures::request_current_gcc(),
        QualificationRequest::government_community_cloud("123456")
    );
    assert_eq!(
        fixtures::request_current_soe(),
        QualificationRequest::state_owned_entity()
    );
}

#[test]
fn the_request_fixtures_are_what_the_object_contract_writes() -> Result<(), pc_client::RequestError>
{
    for (request, body) in [
        (
            fixtures::request_current_education(),
            fixtures::REQUEST_CURRENT_EDUCATION,
        ),
        (
            fixtures::request_current_gcc(),
            fixtures::REQUEST_CURRENT_GCC,
        ),
        (
            fixtures::request_current_soe(),
            fixtures::REQUEST_CURRENT_SOE,
        ),
    ] {
        assert_eq!(request.encode(Contract::Object)?.body(), body.as_bytes());
    }
    Ok(())
}

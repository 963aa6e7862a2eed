use pc_models::{
    CustomerQualification, EducationSegment, Qualification, QualificationName, RequestError,
    VettingStatus, decode_qualification_list,
};

use crate::TestResult;

/// Every spelling of the spec's table (PascalCase, lower case, snake_case), plus UPPER case and
/// kebab-case of each, with the value it names.
const SPELLINGS: &[(&str, CustomerQualification)] = &[
    ("None", CustomerQualification::None),
    ("none", CustomerQualification::None),
    ("NONE", CustomerQualification::None),
    ("Education", CustomerQualification::Education),
    ("education", CustomerQualification::Education),
    ("EDUCATION", CustomerQualification::Education),
    ("Nonprofit", CustomerQualification::Nonprofit),
    ("nonprofit", CustomerQualification::Nonprofit),
    ("NONPROFIT", CustomerQualification::Nonprofit),
    (
        "GovernmentCommunityCloud",
        CustomerQualification::GovernmentCommunityCloud,
    ),
    (
        "governmentcommunitycloud",
        CustomerQualification::GovernmentCommunityCloud,
    ),
    (
        "government_community_cloud",
        CustomerQualification::GovernmentCommunityCloud,
    ),
    (
        "GOVERNMENT_COMMUNITY_CLOUD",
        CustomerQualification::GovernmentCommunityCloud,
    ),
    (
        "GOVERNMENTCOMMUNITYCLOUD",
        CustomerQualification::GovernmentCommunityCloud,
    ),
    (
        "government-community-cloud",
        CustomerQualification::GovernmentCommunityCloud,
    ),
    ("StateOwnedEntity", CustomerQualification::StateOwnedEntity),
    ("stateownedentity", CustomerQualification::StateOwnedEntity),
    (
        "state_owned_entity",
        CustomerQualification::StateOwnedEntity,
    ),
    (
        "STATE_OWNED_ENTITY",
        CustomerQualification::StateOwnedEntity,
    ),
    (
        "state-owned-entity",
        CustomerQualification::StateOwnedEntity,
    ),
];

#[test]
fn qualification_name_decodes_every_documented_spelling_to_its_known_value() -> TestResult {
    for (spelling, expected) in SPELLINGS {
        // Arrange
        let json = serde_json::to_string(spelling)?;

        // Act
        let name: QualificationName = serde_json::from_str(&json)?;

        // Assert
        assert_eq!(name, QualificationName::Known(*expected), "{spelling}");
        assert_eq!(name.known(), Some(*expected), "{spelling}");
    }
    Ok(())
}

#[test]
fn from_name_parse_and_from_str_accept_every_documented_spelling() {
    for (spelling, expected) in SPELLINGS {
        // Act
        let from_name = CustomerQualification::from_name(spelling);
        let parsed = QualificationName::parse(spelling);
        let from_str = spelling.parse::<CustomerQualification>();

        // Assert
        assert_eq!(from_name, Some(*expected), "{spelling}");
        assert_eq!(parsed, QualificationName::Known(*expected), "{spelling}");
        assert_eq!(from_str, Ok(*expected), "{spelling}");
    }
}

#[test]
fn known_names_are_written_back_pascal_case_whatever_the_spelling_received() -> TestResult {
    for (spelling, expected) in SPELLINGS {
        // Arrange
        let name = QualificationName::parse(spelling);

        // Act
        let json = serde_json::to_string(&name)?;

        // Assert
        assert_eq!(json, format!("\"{}\"", expected.as_str()), "{spelling}");
        assert_eq!(name.as_str(), expected.as_str(), "{spelling}");
        assert_eq!(name.to_string(), expected.as_str(), "{spelling}");
    }
    Ok(())
}

#[test]
fn unknown_names_are_kept_verbatim_as_unknown_and_never_become_none() -> TestResult {
    for spelling in [
        "SomethingNew",
        "Charity",
        "",
        "Non",
        "Nonee",
        "Education2",
        "Éducation",
        "0",
    ] {
        // Arrange
        let json = serde_json::to_string(spelling)?;

        // Act
        let name: QualificationName = serde_json::from_str(&json)?;

        // Assert
        assert_eq!(
            name,
            QualificationName::Unknown(spelling.to_owned()),
            "{spelling}"
        );
        assert_eq!(name.known(), None, "{spelling}");
        assert_ne!(name, CustomerQualification::None, "{spelling}");
        assert_eq!(name.as_str(), spelling);
    }
    Ok(())
}

#[test]
fn unknown_names_are_written_back_verbatim() -> TestResult {
    // Arrange
    let name: QualificationName = serde_json::from_str(r#""future_qualification \"x\"""#)?;

    // Act
    let json = serde_json::to_string(&name)?;

    // Assert
    assert_eq!(json, r#""future_qualification \"x\"""#);
    assert_eq!(name.to_string(), r#"future_qualification "x""#);
    Ok(())
}

#[test]
fn a_record_with_an_unknown_qualification_keeps_the_name_and_is_no_known_value() -> TestResult {
    // Arrange
    let body = br#"[{"qualification":"Charity","vettingStatus":"Approved"}]"#;

    // Act
    let list = decode_qualification_list(body)?;

    // Assert
    assert_eq!(
        list,
        vec![
            Qualification::new(QualificationName::Unknown("Charity".to_owned()))
                .with_vetting_status(VettingStatus::Approved)
        ]
    );
    for q in CustomerQualification::ALL {
        assert!(!list[0].is(q), "{q}");
    }
    assert_eq!(
        serde_json::to_string(&list)?,
        r#"[{"qualification":"Charity","vettingStatus":"Approved"}]"#
    );
    Ok(())
}

#[test]
fn a_qualification_name_that_is_not_a_string_is_an_error() {
    for json in ["1", "null", "true", r#"["Education"]"#] {
        // Act
        let result = serde_json::from_str::<QualificationName>(json);

        // Assert
        assert!(result.is_err(), "{json} decoded as {result:?}");
    }
}

#[test]
fn a_record_without_a_qualification_is_an_error() {
    // Act
    let result = serde_json::from_str::<Qualification>(r#"{"vettingStatus":"Approved"}"#);

    // Assert
    let err = result.expect_err("qualification is required");
    assert!(err.to_string().contains("qualification"), "{err}");
}

#[test]
fn qualification_name_compares_equal_to_its_known_value_only() {
    // Arrange
    let known = QualificationName::from(CustomerQualification::Education);
    let unknown = QualificationName::Unknown("Education?".to_owned());

    // Act + Assert
    assert_eq!(known, CustomerQualification::Education);
    assert_ne!(known, CustomerQualification::StateOwnedEntity);
    for q in CustomerQualification::ALL {
        assert_ne!(unknown, q);
    }
}

#[test]
fn unknown_vetting_status_is_kept_and_written_back_verbatim() -> TestResult {
    // Arrange
    let body = br#"{"qualification":"Education","vettingStatus":"PendingDocuments"}"#;

    // Act
    let record: Qualification = serde_json::from_slice(body)?;
    let json = serde_json::to_vec(&record)?;

    // Assert
    assert_eq!(
        record,
        Qualification::new(CustomerQualification::Education)
            .with_vetting_status(VettingStatus::Unknown("PendingDocuments".to_owned()))
    );
    assert_eq!(json, body);
    assert!(!VettingStatus::Unknown("PendingDocuments".to_owned()).is_final());
    Ok(())
}

#[test]
fn vetting_status_parses_known_values_in_any_case_and_separator() {
    for (text, expected) in [
        ("Approved", VettingStatus::Approved),
        ("approved", VettingStatus::Approved),
        ("APPROVED", VettingStatus::Approved),
        ("InReview", VettingStatus::InReview),
        ("inreview", VettingStatus::InReview),
        ("in_review", VettingStatus::InReview),
        ("IN-REVIEW", VettingStatus::InReview),
        ("Denied", VettingStatus::Denied),
        ("denied", VettingStatus::Denied),
    ] {
        // Act
        let status = VettingStatus::parse(text);

        // Assert
        assert_eq!(status, expected, "{text}");
    }
}

#[test]
fn known_vetting_statuses_are_written_back_pascal_case() -> TestResult {
    for (text, expected) in [
        ("approved", r#""Approved""#),
        ("in_review", r#""InReview""#),
        ("DENIED", r#""Denied""#),
    ] {
        // Arrange
        let status = VettingStatus::parse(text);

        // Act
        let json = serde_json::to_string(&status)?;

        // Assert
        assert_eq!(json, expected, "{text}");
        assert_eq!(format!("\"{status}\""), expected, "{text}");
    }
    Ok(())
}

#[test]
fn only_approved_and_denied_are_final() {
    // Act
    let finals = [
        VettingStatus::Approved.is_final(),
        VettingStatus::InReview.is_final(),
        VettingStatus::Denied.is_final(),
        VettingStatus::Unknown("Approved later".to_owned()).is_final(),
    ];

    // Assert
    assert_eq!(finals, [true, false, true, false]);
}

#[test]
fn unknown_fields_are_ignored_in_records_lists_and_the_wrapper() -> TestResult {
    // Arrange
    let body = br#"{"qualifications":[{"qualification":"Education","vettingStatus":"Approved",
        "attributes":{"objectType":"Qualification"},"links":[],"etag":null,"extra":1}],
        "totalCount":1,"attributes":{"objectType":"Collection"}}"#;

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
    Ok(())
}

#[test]
fn an_empty_list_decodes_in_both_shapes() -> TestResult {
    // Act
    let bare = decode_qualification_list(b"[]")?;
    let wrapped = decode_qualification_list(br#"{"qualifications":[]}"#)?;

    // Assert
    assert_eq!(bare, Vec::<Qualification>::new());
    assert_eq!(wrapped, Vec::<Qualification>::new());
    Ok(())
}

#[test]
fn a_single_object_or_other_json_is_not_a_list() {
    for body in [
        br#"{"qualification":"Education"}"#.as_slice(),
        b"{}",
        b"null",
        br#""education""#,
        b"",
    ] {
        // Act
        let result = decode_qualification_list(body);

        // Assert
        assert!(
            result.is_err(),
            "{:?} decoded as {result:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn the_legacy_decoder_keeps_unknown_names_and_refuses_non_strings() -> TestResult {
    // Act
    let unknown = pc_models::decode_legacy_qualification(br#""charity""#)?;
    let none = pc_models::decode_legacy_qualification(br#""none""#)?;
    let number = pc_models::decode_legacy_qualification(b"1");

    // Assert
    assert_eq!(unknown, QualificationName::Unknown("charity".to_owned()));
    assert_eq!(none, QualificationName::Known(CustomerQualification::None));
    assert!(number.is_err(), "{number:?}");
    Ok(())
}

#[test]
fn education_segment_parses_every_spelling_and_writes_the_wire_name() -> TestResult {
    for (text, expected, wire) in [
        ("K12", EducationSegment::K12, r#""K12""#),
        ("k12", EducationSegment::K12, r#""K12""#),
        (
            "HigherEducation",
            EducationSegment::HigherEducation,
            r#""HigherEducation""#,
        ),
        (
            "higher_education",
            EducationSegment::HigherEducation,
            r#""HigherEducation""#,
        ),
        (
            "higher-education",
            EducationSegment::HigherEducation,
            r#""HigherEducation""#,
        ),
    ] {
        // Act
        let from_name = EducationSegment::from_name(text);
        let from_str: EducationSegment = text.parse()?;
        let from_json: EducationSegment = serde_json::from_str(&serde_json::to_string(text)?)?;
        let json = serde_json::to_string(&expected)?;

        // Assert
        assert_eq!(from_name, Some(expected), "{text}");
        assert_eq!(from_str, expected, "{text}");
        assert_eq!(from_json, expected, "{text}");
        assert_eq!(json, wire);
        assert_eq!(format!("\"{expected}\""), wire);
    }
    Ok(())
}

#[test]
fn an_unknown_education_segment_is_an_error_everywhere() {
    // Act
    let from_name = EducationSegment::from_name("University");
    let from_str = "University".parse::<EducationSegment>();
    let from_json = serde_json::from_str::<EducationSegment>(r#""University""#);

    // Assert
    assert_eq!(from_name, None);
    let err = from_str.expect_err("University is not a segment");
    assert_eq!(
        err,
        RequestError::UnknownEducationSegment("University".to_owned())
    );
    assert_eq!(
        err.to_string(),
        r#"unknown education segment "University" (expected K12 or HigherEducation)"#
    );
    let err = from_json.expect_err("University is not a segment");
    assert!(
        err.to_string()
            .starts_with(r#"unknown education segment "University""#),
        "{err}"
    );
}

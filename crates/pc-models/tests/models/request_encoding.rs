use pc_models::{
    Contract, CustomerQualification, EducationSegment, QualificationRequest, RequestError, Secret,
};

use crate::TestResult;

/// A validation code easy to find in any output that should not contain it.
const CODE: &str = "S3CR3T-417";

#[test]
fn integer_contract_education_body_is_1_without_query_code() -> TestResult {
    // Arrange
    let request = QualificationRequest::education();

    // Act
    let encoded = request.encode(Contract::Integer)?;

    // Assert
    assert_eq!(encoded.body(), b"1");
    assert!(encoded.code().is_none());
    Ok(())
}

#[test]
fn integer_contract_gcc_body_is_3_with_the_code_for_the_query() -> TestResult {
    // Arrange
    let request = QualificationRequest::government_community_cloud("123456");

    // Act
    let encoded = request.encode(Contract::Integer)?;

    // Assert
    assert_eq!(encoded.body(), b"3");
    assert_eq!(encoded.code().map(Secret::expose), Some("123456"));
    Ok(())
}

#[test]
fn integer_contract_state_owned_entity_body_is_4_without_query_code() -> TestResult {
    // Arrange
    let request = QualificationRequest::state_owned_entity();

    // Act
    let encoded = request.encode(Contract::Integer)?;

    // Assert
    assert_eq!(encoded.body(), b"4");
    assert!(encoded.code().is_none());
    Ok(())
}

#[test]
fn object_contract_bodies_are_exact_and_never_put_the_code_in_the_query() -> TestResult {
    for (request, expected) in [
        (
            QualificationRequest::education().with_education_segment(EducationSegment::K12),
            r#"{"qualification":"Education","educationSegment":"K12"}"#,
        ),
        (
            QualificationRequest::education()
                .with_education_segment(EducationSegment::HigherEducation),
            r#"{"qualification":"Education","educationSegment":"HigherEducation"}"#,
        ),
        (
            QualificationRequest::education()
                .with_education_segment(EducationSegment::K12)
                .with_website("school.example"),
            r#"{"qualification":"Education","educationSegment":"K12","website":"school.example"}"#,
        ),
        (
            QualificationRequest::government_community_cloud("000001"),
            r#"{"qualification":"GovernmentCommunityCloud","validationCode":"000001"}"#,
        ),
        (
            QualificationRequest::state_owned_entity(),
            r#"{"qualification":"StateOwnedEntity"}"#,
        ),
    ] {
        // Act
        let encoded = request.encode(Contract::Object)?;

        // Assert
        assert_eq!(
            String::from_utf8_lossy(encoded.body()),
            expected,
            "{request:?}"
        );
        assert!(encoded.code().is_none(), "{request:?}");
    }
    Ok(())
}

#[test]
fn object_contract_escapes_quotes_and_backslashes_in_strings() -> TestResult {
    // Arrange
    let gcc = QualificationRequest::government_community_cloud(r#"12"3\4"#);
    let education = QualificationRequest::education()
        .with_education_segment(EducationSegment::K12)
        .with_website(r#"a"b\c"#);

    // Act
    let gcc = gcc.encode(Contract::Object)?;
    let education = education.encode(Contract::Object)?;

    // Assert
    assert_eq!(
        gcc.body(),
        br#"{"qualification":"GovernmentCommunityCloud","validationCode":"12\"3\\4"}"#
    );
    assert_eq!(
        education.body(),
        br#"{"qualification":"Education","educationSegment":"K12","website":"a\"b\\c"}"#
    );
    Ok(())
}

#[test]
fn new_with_setters_builds_the_same_request_as_the_typed_constructors() {
    // Act
    let built = QualificationRequest::new(CustomerQualification::GovernmentCommunityCloud)
        .with_validation_code(Secret::new("123456"));
    let typed = QualificationRequest::government_community_cloud("123456");

    // Assert
    assert_eq!(built, typed);
    assert_eq!(
        QualificationRequest::new(CustomerQualification::Education),
        QualificationRequest::education()
    );
    assert_eq!(
        QualificationRequest::new(CustomerQualification::StateOwnedEntity),
        QualificationRequest::state_owned_entity()
    );
}

#[test]
fn accessors_return_what_the_builder_set() {
    // Arrange
    let request = QualificationRequest::education()
        .with_education_segment(EducationSegment::HigherEducation)
        .with_website("contoso.edu");
    let gcc = QualificationRequest::government_community_cloud(CODE.to_owned());

    // Act + Assert
    assert_eq!(request.qualification(), CustomerQualification::Education);
    assert_eq!(
        request.education_segment(),
        Some(EducationSegment::HigherEducation)
    );
    assert_eq!(request.website(), Some("contoso.edu"));
    assert_eq!(request.validation_code(), None);
    assert_eq!(
        gcc.qualification(),
        CustomerQualification::GovernmentCommunityCloud
    );
    assert_eq!(gcc.education_segment(), None);
    assert_eq!(gcc.website(), None);
    assert_eq!(gcc.validation_code().map(Secret::expose), Some(CODE));
}

#[test]
fn into_parts_returns_the_body_and_the_query_code() -> TestResult {
    // Arrange
    let encoded =
        QualificationRequest::government_community_cloud(CODE).encode(Contract::Integer)?;

    // Act
    let (body, code) = encoded.into_parts();

    // Assert
    assert_eq!(body, b"3");
    assert_eq!(code, Some(Secret::new(CODE)));
    Ok(())
}

#[test]
fn the_default_contract_is_integer_and_contracts_have_command_line_names() {
    // Act
    let default = Contract::default();

    // Assert
    assert_eq!(default, Contract::Integer);
    assert_eq!(Contract::Integer.as_str(), "integer");
    assert_eq!(Contract::Object.as_str(), "object");
}

#[test]
fn none_and_nonprofit_are_refused_under_both_contracts_and_the_legacy_api() {
    for q in [
        CustomerQualification::None,
        CustomerQualification::Nonprofit,
    ] {
        // Arrange
        let request = QualificationRequest::new(q);

        // Act
        let integer = request.encode(Contract::Integer);
        let object = request.encode(Contract::Object);
        let legacy = request.encode_legacy();

        // Assert
        assert_eq!(integer, Err(RequestError::NotSettable(q)), "{q}");
        assert_eq!(object, Err(RequestError::NotSettable(q)), "{q}");
        assert_eq!(legacy, Err(RequestError::NotSettable(q)), "{q}");
    }
}

#[test]
fn none_is_refused_as_not_settable_even_with_a_code_or_fields() {
    // Arrange
    let request = QualificationRequest::new(CustomerQualification::None)
        .with_validation_code(CODE)
        .with_education_segment(EducationSegment::K12)
        .with_website("x");

    // Act
    let results = [
        request.encode(Contract::Integer),
        request.encode(Contract::Object),
        request.encode_legacy(),
    ];

    // Assert
    for result in results {
        assert_eq!(
            result,
            Err(RequestError::NotSettable(CustomerQualification::None))
        );
    }
}

#[test]
fn gcc_without_a_code_is_refused_everywhere() {
    // Arrange
    let request = QualificationRequest::new(CustomerQualification::GovernmentCommunityCloud);

    // Act
    let results = [
        request.encode(Contract::Integer),
        request.encode(Contract::Object),
        request.encode_legacy(),
    ];

    // Assert
    for result in results {
        assert_eq!(result, Err(RequestError::MissingValidationCode));
    }
}

#[test]
fn a_code_on_education_or_state_owned_entity_is_refused_everywhere() {
    for (request, q) in [
        (
            QualificationRequest::education()
                .with_education_segment(EducationSegment::K12)
                .with_validation_code(CODE),
            CustomerQualification::Education,
        ),
        (
            QualificationRequest::education().with_validation_code(CODE),
            CustomerQualification::Education,
        ),
        (
            QualificationRequest::state_owned_entity().with_validation_code(CODE),
            CustomerQualification::StateOwnedEntity,
        ),
    ] {
        // Act
        let results = [
            request.encode(Contract::Integer),
            request.encode(Contract::Object),
            request.encode_legacy(),
        ];

        // Assert
        for result in results {
            assert_eq!(result, Err(RequestError::UnexpectedValidationCode(q)));
        }
    }
}

#[test]
fn a_blank_or_control_character_code_is_refused_as_malformed() {
    for code in [
        "",
        " ",
        "   ",
        "\t",
        "\u{3000}",
        "12\n34",
        "1234\r",
        "12\u{0}34",
        "\u{7f}",
        "12\u{1b}[0m",
        "12\u{85}34",
    ] {
        // Arrange
        let request = QualificationRequest::government_community_cloud(code);

        // Act
        let results = [
            request.encode(Contract::Integer),
            request.encode(Contract::Object),
            request.encode_legacy(),
        ];

        // Assert
        for result in results {
            assert_eq!(
                result,
                Err(RequestError::MalformedValidationCode),
                "{code:?}"
            );
        }
    }
}

#[test]
fn a_code_with_surrounding_spaces_is_sent_as_given() -> TestResult {
    // Pinned: only blank codes are refused; surrounding spaces are not trimmed.
    let request = QualificationRequest::government_community_cloud(" 123456 ");

    // Act
    let integer = request.encode(Contract::Integer)?;
    let object = request.encode(Contract::Object)?;

    // Assert
    assert_eq!(integer.code().map(Secret::expose), Some(" 123456 "));
    assert_eq!(
        object.body(),
        br#"{"qualification":"GovernmentCommunityCloud","validationCode":" 123456 "}"#
    );
    Ok(())
}

#[test]
fn education_without_a_segment_is_refused_under_the_object_contract_only() -> TestResult {
    // Arrange
    let bare = QualificationRequest::education();
    let website_only = QualificationRequest::education().with_website("contoso.edu");

    // Act
    let bare_object = bare.encode(Contract::Object);
    let website_object = website_only.encode(Contract::Object);
    let bare_integer = bare.encode(Contract::Integer)?;

    // Assert
    assert_eq!(bare_object, Err(RequestError::MissingEducationSegment));
    assert_eq!(website_object, Err(RequestError::MissingEducationSegment));
    assert_eq!(bare_integer.body(), b"1");
    Ok(())
}

#[test]
fn segment_or_website_under_the_integer_contract_is_an_unsupported_field() {
    for (request, field) in [
        (
            QualificationRequest::education().with_education_segment(EducationSegment::K12),
            "educationSegment",
        ),
        (
            QualificationRequest::education().with_website("contoso.edu"),
            "website",
        ),
        (
            QualificationRequest::education()
                .with_education_segment(EducationSegment::HigherEducation)
                .with_website("contoso.edu"),
            "educationSegment",
        ),
        (
            QualificationRequest::government_community_cloud(CODE).with_website("gov.example"),
            "website",
        ),
    ] {
        // Act
        let result = request.encode(Contract::Integer);

        // Assert
        assert_eq!(
            result,
            Err(RequestError::UnsupportedField {
                contract: "integer",
                field
            })
        );
    }
}

#[test]
fn segment_or_website_under_the_legacy_api_is_an_unsupported_field() {
    for (request, field) in [
        (
            QualificationRequest::education().with_education_segment(EducationSegment::K12),
            "educationSegment",
        ),
        (
            QualificationRequest::government_community_cloud(CODE).with_website("gov.example"),
            "website",
        ),
    ] {
        // Act
        let result = request.encode_legacy();

        // Assert
        assert_eq!(
            result,
            Err(RequestError::UnsupportedField {
                contract: "legacy",
                field
            })
        );
    }
}

#[test]
fn segment_or_website_on_anything_but_education_under_object_is_field_not_for_qualification() {
    for (request, field, qualification) in [
        (
            QualificationRequest::government_community_cloud(CODE).with_website("gov.example"),
            "website",
            CustomerQualification::GovernmentCommunityCloud,
        ),
        (
            QualificationRequest::government_community_cloud(CODE)
                .with_education_segment(EducationSegment::K12),
            "educationSegment",
            CustomerQualification::GovernmentCommunityCloud,
        ),
        (
            QualificationRequest::state_owned_entity()
                .with_education_segment(EducationSegment::HigherEducation)
                .with_website("soe.example"),
            "educationSegment",
            CustomerQualification::StateOwnedEntity,
        ),
        (
            QualificationRequest::state_owned_entity().with_website("soe.example"),
            "website",
            CustomerQualification::StateOwnedEntity,
        ),
    ] {
        // Act
        let result = request.encode(Contract::Object);

        // Assert
        assert_eq!(
            result,
            Err(RequestError::FieldNotForQualification {
                field,
                qualification
            })
        );
    }
}

#[test]
fn the_legacy_api_refuses_state_owned_entity() {
    // Arrange
    let request = QualificationRequest::state_owned_entity();

    // Act
    let result = request.encode_legacy();

    // Assert
    assert_eq!(result, Err(RequestError::NotOnLegacyApi));
}

#[test]
fn the_legacy_gcc_body_is_3_with_the_code_for_the_query() -> TestResult {
    // Arrange
    let request = QualificationRequest::government_community_cloud("123456");

    // Act
    let encoded = request.encode_legacy()?;

    // Assert
    assert_eq!(encoded.body(), b"3");
    assert_eq!(encoded.code().map(Secret::expose), Some("123456"));
    Ok(())
}

#[test]
fn the_legacy_education_body_is_1_without_query_code() -> TestResult {
    // Arrange
    let request = QualificationRequest::education();

    // Act
    let encoded = request.encode_legacy()?;

    // Assert
    assert_eq!(encoded.body(), b"1");
    assert!(encoded.code().is_none());
    Ok(())
}

#[test]
fn validate_agrees_with_encode() {
    for request in [
        QualificationRequest::education(),
        QualificationRequest::education().with_education_segment(EducationSegment::K12),
        QualificationRequest::government_community_cloud(CODE),
        QualificationRequest::government_community_cloud(" "),
        QualificationRequest::state_owned_entity(),
        QualificationRequest::state_owned_entity().with_website("x"),
        QualificationRequest::new(CustomerQualification::Nonprofit),
    ] {
        for contract in [Contract::Integer, Contract::Object] {
            // Act
            let validated = request.validate(contract);
            let encoded = request.encode(contract).map(drop);

            // Assert
            assert_eq!(validated, encoded, "{request:?} {contract:?}");
        }
    }
}

#[test]
fn every_request_error_displays_its_exact_lower_case_message() {
    for (err, expected) in [
        (
            RequestError::NotSettable(CustomerQualification::Nonprofit),
            "qualification Nonprofit can never be set by a partner (only Education, GovernmentCommunityCloud and StateOwnedEntity)",
        ),
        (
            RequestError::MissingValidationCode,
            "qualification GovernmentCommunityCloud needs a validation code",
        ),
        (
            RequestError::UnexpectedValidationCode(CustomerQualification::Education),
            "a validation code is only accepted with GovernmentCommunityCloud, not Education",
        ),
        (
            RequestError::MalformedValidationCode,
            "the validation code is empty or contains control characters",
        ),
        (
            RequestError::MissingEducationSegment,
            "qualification Education needs an education segment (K12 or HigherEducation) under the object contract",
        ),
        (
            RequestError::UnsupportedField {
                contract: "integer",
                field: "website",
            },
            "the integer contract cannot carry website",
        ),
        (
            RequestError::FieldNotForQualification {
                field: "educationSegment",
                qualification: CustomerQualification::StateOwnedEntity,
            },
            "educationSegment is only accepted with Education, not StateOwnedEntity",
        ),
        (
            RequestError::NotOnLegacyApi,
            "qualification StateOwnedEntity cannot be set through the legacy synchronous API",
        ),
        (
            RequestError::UnknownQualification("x".to_owned()),
            r#"unknown qualification "x" (expected Education, GovernmentCommunityCloud, StateOwnedEntity, None or Nonprofit)"#,
        ),
        (
            RequestError::UnknownEducationSegment("x".to_owned()),
            r#"unknown education segment "x" (expected K12 or HigherEducation)"#,
        ),
    ] {
        // Act
        let text = err.to_string();

        // Assert
        assert_eq!(text, expected);
        assert!(text.starts_with(|c: char| c.is_lowercase()), "{text}");
        assert!(!text.ends_with('.'), "{text}");
    }
}

#[test]
fn no_request_error_display_or_debug_contains_the_validation_code() {
    // Arrange: requests carrying the code that fail for every reason a code can come with.
    let malformed_code = format!("{CODE}\n");
    let cases = [
        (
            QualificationRequest::new(CustomerQualification::None).with_validation_code(CODE),
            Contract::Integer,
        ),
        (
            QualificationRequest::education().with_validation_code(CODE),
            Contract::Object,
        ),
        (
            QualificationRequest::government_community_cloud(malformed_code.as_str()),
            Contract::Integer,
        ),
        (
            QualificationRequest::government_community_cloud(CODE)
                .with_education_segment(EducationSegment::K12),
            Contract::Integer,
        ),
        (
            QualificationRequest::government_community_cloud(CODE).with_website("gov.example"),
            Contract::Object,
        ),
    ];
    for (request, contract) in cases {
        // Act
        let err = request.encode(contract).expect_err("refused");

        // Assert
        let display = err.to_string();
        let debug = format!("{err:?}");
        let pretty = format!("{err:#?}");
        for text in [display, debug, pretty] {
            assert!(!text.contains(CODE), "{text}");
            assert!(!text.contains("S3CR3T"), "{text}");
        }
    }
}

use pc_models::{ApiErrorBody, DocumentedError, ThrottledError};
use serde_json::json;

use crate::TestResult;

#[test]
fn a_numeric_code_is_kept_as_its_decimal_string() {
    // Arrange
    let body = br#"{"code":900118,"description":"The customer ID is invalid.","data":[],"source":"PartnerFD"}"#;

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
}

#[test]
fn data_as_an_object_and_other_errors_are_kept() {
    // Arrange
    let body = br#"{"code":"3000","description":"Invalid property.","data":{"property":"qualification"},"source":"PCFD","other_errors":[{"code":"800002","description":"Invalid request input."}]}"#;

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    let mut expected = DocumentedError::new("3000", "Invalid property.").with_source("PCFD");
    expected.data = Some(json!({"property": "qualification"}));
    expected.other_errors =
        Some(json!([{"code": "800002", "description": "Invalid request input."}]));
    assert_eq!(parsed, ApiErrorBody::Documented(expected));
    assert_eq!(parsed.data(), Some(&json!({"property": "qualification"})));
    assert_eq!(parsed.code(), Some("3000"));
    assert_eq!(parsed.description(), Some("Invalid property."));
    assert_eq!(parsed.source(), Some("PCFD"));
}

#[test]
fn a_documented_body_with_only_a_description_has_no_code_data_or_source() {
    // Arrange
    let body = br#"{"description":"Something failed."}"#;

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    let mut expected = DocumentedError::new("unused", "Something failed.");
    expected.code = None;
    expected.data = None;
    assert_eq!(parsed, ApiErrorBody::Documented(expected));
    assert_eq!(parsed.code(), None);
    assert_eq!(parsed.description(), Some("Something failed."));
    assert_eq!(parsed.source(), None);
    assert_eq!(parsed.data(), None);
}

#[test]
fn a_null_code_is_absent_and_unknown_fields_are_ignored() {
    // Arrange
    let body = br#"{"code":null,"description":"d","requestId":"r","extra":{"a":1}}"#;

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(parsed.code(), None);
    assert_eq!(parsed.description(), Some("d"));
    assert!(matches!(parsed, ApiErrorBody::Documented(_)), "{parsed:?}");
}

#[test]
fn a_documented_body_encodes_to_the_documented_shape() -> TestResult {
    // Arrange
    let error =
        DocumentedError::new("900118", "The customer ID is invalid.").with_source("PartnerFD");

    // Act
    let json = serde_json::to_vec(&error)?;

    // Assert
    assert_eq!(json, crate::wire_body(fixture!("error-documented.json")));
    Ok(())
}

#[test]
fn a_throttle_body_without_status_code_is_still_throttled() {
    // Arrange
    let body = br#"{"message":"Rate limit is exceeded. Try again in 3 seconds."}"#;

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    let mut expected = ThrottledError::new(429, "Rate limit is exceeded. Try again in 3 seconds.");
    expected.status_code = None;
    assert_eq!(parsed, ApiErrorBody::Throttled(expected));
    assert_eq!(
        parsed.description(),
        Some("Rate limit is exceeded. Try again in 3 seconds.")
    );
}

#[test]
fn a_bare_json_string_is_a_message() {
    // Arrange
    let body = br#""The customer was not found.""#;

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(
        parsed,
        ApiErrorBody::Message("The customer was not found.".to_owned())
    );
    assert_eq!(parsed.description(), Some("The customer was not found."));
    assert_eq!(parsed.code(), None);
    assert_eq!(parsed.source(), None);
    assert_eq!(parsed.data(), None);
}

#[test]
fn an_empty_or_white_space_body_is_empty() {
    for body in [b"".as_slice(), b" ", b"\n", b"\r\n", b" \t\r\n "] {
        // Act
        let parsed = ApiErrorBody::parse(body);

        // Assert
        assert_eq!(parsed, ApiErrorBody::Empty, "{body:?}");
        assert_eq!(parsed.description(), None);
        assert_eq!(parsed.code(), None);
    }
}

#[test]
fn an_html_page_is_kept_raw() {
    // Arrange
    let body = b"<html><body><h1>502 Bad Gateway</h1></body></html>\r\n";

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(
        parsed,
        ApiErrorBody::Raw("<html><body><h1>502 Bad Gateway</h1></body></html>\r\n".to_owned())
    );
    assert_eq!(parsed.description(), None);
    assert_eq!(parsed.code(), None);
}

#[test]
fn invalid_json_is_kept_raw() {
    for body in [
        r#"{"code":"900118","description":"#,
        "{code: 900118}",
        "[1,]",
        r#""unterminated"#,
    ] {
        // Act
        let parsed = ApiErrorBody::parse(body.as_bytes());

        // Assert
        assert_eq!(parsed, ApiErrorBody::Raw(body.to_owned()), "{body}");
    }
}

#[test]
fn a_huge_body_is_kept_raw_cut_to_2048_bytes() {
    // Arrange
    let mut body = b"<html>".to_vec();
    body.extend((0..10_000).map(|i| b'a' + (i % 26) as u8));

    // Act
    let parsed = ApiErrorBody::parse(&body);

    // Assert
    let ApiErrorBody::Raw(raw) = parsed else {
        panic!("expected Raw, got {parsed:?}");
    };
    assert_eq!(raw.len(), 2048);
    assert_eq!(raw.as_bytes(), &body[..2048]);
}

#[test]
fn a_body_of_exactly_2048_bytes_is_kept_whole() {
    // Arrange
    let body = vec![b'x'; 2048];

    // Act
    let parsed = ApiErrorBody::parse(&body);

    // Assert
    assert_eq!(parsed, ApiErrorBody::Raw("x".repeat(2048)));
}

#[test]
fn a_character_split_by_the_2048_byte_cut_becomes_a_replacement_character() {
    // Pinned: the cut counts bytes, then converts lossily, so a multi-byte character straddling
    // the limit turns into U+FFFD and the kept text is 2050 bytes long.
    let mut body = vec![b'<'; 2047];
    body.extend("é and more".as_bytes());

    // Act
    let parsed = ApiErrorBody::parse(&body);

    // Assert
    let expected = format!("{}\u{fffd}", "<".repeat(2047));
    assert_eq!(parsed, ApiErrorBody::Raw(expected));
}

#[test]
fn a_huge_documented_body_is_still_documented() {
    // Arrange
    let description = "d".repeat(5000);
    let body = format!(r#"{{"code":"500","description":"{description}"}}"#);

    // Act
    let parsed = ApiErrorBody::parse(body.as_bytes());

    // Assert
    assert_eq!(parsed.code(), Some("500"));
    assert_eq!(parsed.description(), Some(description.as_str()));
}

#[test]
fn a_json_array_error_body_is_kept_raw() {
    // Arrange
    let body = br#"[{"code":"900118","description":"The customer ID is invalid."}]"#;

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(
        parsed,
        ApiErrorBody::Raw(
            r#"[{"code":"900118","description":"The customer ID is invalid."}]"#.to_owned()
        )
    );
    assert_eq!(parsed.code(), None);
}

#[test]
fn other_json_values_and_unrecognised_objects_are_kept_raw() {
    for body in ["null", "42", "true", r#"{"error":"x"}"#, "{}"] {
        // Act
        let parsed = ApiErrorBody::parse(body.as_bytes());

        // Assert
        assert_eq!(parsed, ApiErrorBody::Raw(body.to_owned()), "{body}");
    }
}

#[test]
fn an_object_whose_known_fields_have_the_wrong_types_is_kept_raw() {
    for body in [
        r#"{"code":"1","description":42}"#,
        r#"{"message":42}"#,
        r#"{"statusCode":"429","message":"slow down"}"#,
    ] {
        // Act
        let parsed = ApiErrorBody::parse(body.as_bytes());

        // Assert
        assert_eq!(parsed, ApiErrorBody::Raw(body.to_owned()), "{body}");
    }
}

#[test]
fn a_body_that_is_not_utf8_is_kept_raw_with_replacement_characters() {
    // Arrange
    let body = b"bad \xff\xfe gateway";

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(
        parsed,
        ApiErrorBody::Raw("bad \u{fffd}\u{fffd} gateway".to_owned())
    );
}

#[test]
fn error_name_is_kept_when_the_service_sends_one() {
    // Arrange
    let body = br#"{"code":"600041","description":"The customer already has it.","errorName":"QualificationAlreadyExists","data":[],"source":"PartnerFD"}"#;

    // Act
    let parsed = ApiErrorBody::parse(body);

    // Assert
    assert_eq!(parsed.error_name(), Some("QualificationAlreadyExists"));
    assert_eq!(parsed.code(), Some("600041"));
    assert_eq!(ApiErrorBody::parse(br#"{"code":"1"}"#).error_name(), None);
    match parsed {
        ApiErrorBody::Documented(documented) => assert_eq!(
            serde_json::to_string(&documented).expect("serializes"),
            r#"{"code":"600041","description":"The customer already has it.","data":[],"source":"PartnerFD","errorName":"QualificationAlreadyExists"}"#
        ),
        other => panic!("expected the documented shape, got {other:?}"),
    }
}

use pc_models::{
    Contract, EducationSegment, QualificationRequest, Secret, ValidationCode,
    decode_validation_codes,
};

use crate::TestResult;

/// A value easy to find in any output that should not contain it.
const CODE: &str = "S3CR3T-417";

#[test]
fn secret_debug_prints_a_placeholder_only() {
    // Arrange
    let secret = Secret::new(CODE);

    // Act
    let debug = format!("{secret:?}");
    let pretty = format!("{secret:#?}");

    // Assert
    assert_eq!(debug, "Secret([redacted])");
    assert_eq!(pretty, "Secret([redacted])");
}

#[test]
fn secret_expose_returns_the_value_and_is_empty_reports_emptiness() {
    // Arrange
    let secret = Secret::from(CODE.to_owned());
    let empty = Secret::from("");

    // Act + Assert
    assert_eq!(secret.expose(), CODE);
    assert!(!secret.is_empty());
    assert!(empty.is_empty());
    assert_eq!(Secret::new(CODE), Secret::from(CODE));
}

#[test]
fn secret_deserializes_from_a_json_string() -> TestResult {
    // Act
    let secret: Secret = serde_json::from_str(&format!("\"{CODE}\""))?;

    // Assert
    assert_eq!(secret.expose(), CODE);
    assert_eq!(format!("{secret:?}"), "Secret([redacted])");
    Ok(())
}

#[test]
fn validation_code_debug_never_prints_the_id() -> TestResult {
    // Arrange
    let codes = decode_validation_codes(
        br#"[{"partnerId":"p","organizationName":"Contoso","validationId":"S3CR3T-417"},{"validationId":98765}]"#,
    )?;

    // Act
    let debug = format!("{codes:?}");
    let pretty = format!("{codes:#?}");

    // Assert
    for text in [&debug, &pretty] {
        assert!(!text.contains(CODE), "{text}");
        assert!(!text.contains("98765"), "{text}");
        assert!(text.contains("Secret([redacted])"), "{text}");
        assert!(text.contains("Contoso"), "{text}");
    }
    Ok(())
}

#[test]
fn validation_code_built_by_hand_debug_never_prints_the_id() {
    // Arrange
    let code = ValidationCode::new(CODE);

    // Act
    let debug = format!("{code:?}");

    // Assert
    assert!(!debug.contains(CODE), "{debug}");
}

#[test]
fn qualification_request_debug_never_prints_the_code() {
    // Arrange
    let request = QualificationRequest::government_community_cloud(CODE)
        .with_education_segment(EducationSegment::K12)
        .with_website("gov.example");

    // Act
    let debug = format!("{request:?}");
    let pretty = format!("{request:#?}");

    // Assert
    for text in [&debug, &pretty] {
        assert!(!text.contains(CODE), "{text}");
        assert!(!text.contains("S3CR3T"), "{text}");
        assert!(text.contains("GovernmentCommunityCloud"), "{text}");
        assert!(text.contains("Secret([redacted])"), "{text}");
    }
}

#[test]
fn encoded_request_debug_shows_the_body_length_and_never_the_code() -> TestResult {
    // Arrange
    let request = QualificationRequest::government_community_cloud(CODE);

    // Act
    let integer = request.encode(Contract::Integer)?;
    let object = request.encode(Contract::Object)?;
    let legacy = request.encode_legacy()?;

    // Assert
    assert_eq!(
        format!("{integer:?}"),
        "EncodedRequest { body_len: 1, code: Some(Secret([redacted])) }"
    );
    assert_eq!(
        format!("{object:?}"),
        format!(
            "EncodedRequest {{ body_len: {}, code: None }}",
            object.body().len()
        )
    );
    assert!(
        String::from_utf8_lossy(object.body()).contains(CODE),
        "the object body carries the code"
    );
    for text in [
        format!("{integer:#?}"),
        format!("{object:#?}"),
        format!("{legacy:?}"),
    ] {
        assert!(!text.contains(CODE), "{text}");
    }
    Ok(())
}

#[test]
fn redact_replaces_long_secrets_everywhere() {
    // Arrange
    let secret = Secret::new(CODE);

    // Act
    let text = Secret::redact(&format!("a {CODE} b x{CODE}y"), [&secret]);

    // Assert
    assert_eq!(text, "a [redacted] b x[redacted]y");
}

/// Issue 10: secrets shorter than 4 characters used to be left in the text.
#[test]
fn redact_replaces_short_secrets_where_they_stand_as_whole_tokens() {
    // Arrange
    let one = Secret::new("7");
    let three = Secret::new("ab3");
    let cases = [
        (
            "Validation code 7 is invalid.",
            "Validation code [redacted] is invalid.",
        ),
        ("code=7&x=1", "code=[redacted]&x=1"),
        (
            r#"{"validationCode":"7"}"#,
            r#"{"validationCode":"[redacted]"}"#,
        ),
        ("7", "[redacted]"),
        ("(7)", "([redacted])"),
        (
            "HTTP 407, id 7c1e, 2017-07-07",
            "HTTP 407, id 7c1e, 2017-07-07",
        ),
        (
            "code ab3: ab3, xab3, ab3x",
            "code [redacted]: [redacted], xab3, ab3x",
        ),
        ("77 7é é7 7", "77 7é é7 [redacted]"),
    ];

    for (text, expected) in cases {
        // Act
        let redacted = Secret::redact(text, [&one, &three]);

        // Assert
        assert_eq!(redacted, expected, "{text:?}");
    }
}

#[test]
fn redact_ignores_empty_secrets_and_replaces_longer_secrets_first() {
    // Arrange
    let empty = Secret::new("");
    let short = Secret::new("12");
    let long = Secret::new("12 34");

    // Act
    let text = Secret::redact("x 12 34 y 12", [&empty, &short, &long]);

    // Assert
    assert_eq!(text, "x [redacted] y [redacted]");
}

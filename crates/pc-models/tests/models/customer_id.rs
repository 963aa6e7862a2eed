use pc_models::{CustomerId, RequestError};
use uuid::Uuid;

use crate::TestResult;

const LOWER: &str = "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d";
const UPPER: &str = "0D2E0D8B-6B4B-4B6E-9C3C-6F4A1E2B3C4D";

#[test]
fn accepts_the_hyphenated_form_in_lower_upper_and_mixed_case() -> TestResult {
    for text in [LOWER, UPPER, "0d2E0D8b-6B4b-4b6E-9c3C-6f4A1e2B3c4D"] {
        // Act
        let id = CustomerId::parse(text)?;

        // Assert
        assert_eq!(
            id.as_uuid(),
            &Uuid::from_u128(0x0d2e0d8b_6b4b_4b6e_9c3c_6f4a1e2b3c4d),
            "{text}"
        );
    }
    Ok(())
}

#[test]
fn display_is_lower_case_hyphenated() -> TestResult {
    // Arrange
    let id: CustomerId = UPPER.parse()?;

    // Act
    let text = id.to_string();

    // Assert
    assert_eq!(text, LOWER);
    Ok(())
}

#[test]
fn refuses_every_other_form_and_keeps_the_input_in_the_error() {
    for text in [
        "{0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d}",
        "urn:uuid:0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d",
        "0d2e0d8b6b4b4b6e9c3c6f4a1e2b3c4d",
        " 0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d ",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4",
        " d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d",
        "../x",
        "a/b",
        "../../../../../../../../../../../../",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b/c4d",
        "0d2e0d8b-6b4b-4b6e-9c3c/6f4a1e2b3c4d",
        "",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d0",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d/qualifications",
        "0g2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4z",
        "0d2e0d8b6-b4b-4b6e-9c3c-6f4a1e2b3c4d",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c+d",
        "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3cé",
        "0d2e0d8b_6b4b_4b6e_9c3c_6f4a1e2b3c4d",
    ] {
        // Act
        let result = CustomerId::parse(text);

        // Assert
        let err = result.expect_err(text);
        assert_eq!(err.input(), Some(text));
    }
}

#[test]
fn the_error_names_the_input_and_the_expected_form() {
    // Act
    let err = CustomerId::parse("../x").expect_err("not a GUID");

    // Assert
    assert_eq!(
        err.to_string(),
        r#"invalid customer id "../x": expected a GUID like 00000000-0000-0000-0000-000000000000"#
    );
}

#[test]
fn the_error_keeps_only_the_first_64_characters_of_a_long_input() {
    // Arrange
    let long = "é".repeat(100);

    // Act
    let err = CustomerId::parse(&long).expect_err("too long");

    // Assert
    assert_eq!(err.input(), Some("é".repeat(64).as_str()));
}

#[test]
fn from_str_refuses_like_parse() {
    // Act
    let from_str = "a/b".parse::<CustomerId>();
    let parse = CustomerId::parse("a/b");

    // Assert
    assert_eq!(from_str, parse);
    assert!(from_str.is_err());
}

#[test]
fn serde_writes_lower_case_and_reads_any_case() -> TestResult {
    // Arrange
    let id = CustomerId::parse(UPPER)?;

    // Act
    let json = serde_json::to_string(&id)?;
    let back: CustomerId = serde_json::from_str(&json)?;
    let from_upper: CustomerId = serde_json::from_str(&format!("\"{UPPER}\""))?;

    // Assert
    assert_eq!(json, format!("\"{LOWER}\""));
    assert_eq!(back, id);
    assert_eq!(from_upper, id);
    Ok(())
}

#[test]
fn serde_refuses_what_parse_refuses_with_the_parse_message() {
    for json in [
        r#""{0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d}""#,
        r#""0d2e0d8b6b4b4b6e9c3c6f4a1e2b3c4d""#,
        r#""../x""#,
        r#""""#,
    ] {
        // Act
        let result = serde_json::from_str::<CustomerId>(json);

        // Assert
        let err = result.expect_err(json);
        assert!(
            err.to_string().starts_with("invalid customer id "),
            "{json}: {err}"
        );
    }
}

#[test]
fn serde_refuses_non_strings() {
    for json in ["null", "1", "[]", "{}"] {
        // Act
        let result = serde_json::from_str::<CustomerId>(json);

        // Assert
        assert!(result.is_err(), "{json} decoded as {result:?}");
    }
}

#[test]
fn from_uuid_and_from_wrap_the_same_guid() {
    // Arrange
    let uuid = Uuid::from_u128(0x0d2e0d8b_6b4b_4b6e_9c3c_6f4a1e2b3c4d);

    // Act
    let wrapped = CustomerId::from_uuid(uuid);
    let converted = CustomerId::from(uuid);

    // Assert
    assert_eq!(wrapped, converted);
    assert_eq!(wrapped.as_uuid(), &uuid);
    assert_eq!(wrapped.to_string(), LOWER);
}

#[test]
fn customer_id_error_is_comparable_and_cloneable() {
    // Arrange
    let err: RequestError = CustomerId::parse("x").expect_err("not a GUID");

    // Act
    let copy = err.clone();

    // Assert
    assert_eq!(copy, err);
    assert_eq!(copy.input(), Some("x"));
}

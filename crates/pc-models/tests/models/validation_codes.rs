use pc_models::{Secret, ValidationCode, decode_validation_codes};

use crate::TestResult;

#[test]
fn an_integer_validation_id_is_kept_as_its_decimal_string() -> TestResult {
    // Arrange
    let body = br#"[{"partnerId":"p","organizationName":"Contoso, Inc.","validationId":12345,"maxCreates":5,"remainingCreates":0,"eTag":"W/1"}]"#;

    // Act
    let codes = decode_validation_codes(body)?;

    // Assert
    let mut expected = ValidationCode::new("12345");
    expected.partner_id = Some("p".to_owned());
    expected.organization_name = Some("Contoso, Inc.".to_owned());
    expected.max_creates = Some(5);
    expected.remaining_creates = Some(0);
    expected.etag = Some("W/1".to_owned());
    assert_eq!(codes, vec![expected]);
    assert_eq!(codes[0].validation_id.expose(), "12345");
    Ok(())
}

#[test]
fn a_string_validation_id_is_kept_exactly_including_leading_zeros() -> TestResult {
    // Arrange
    let body = br#"[{"validationId":"000123"}]"#;

    // Act
    let codes = decode_validation_codes(body)?;

    // Assert
    assert_eq!(codes, vec![ValidationCode::new("000123")]);
    Ok(())
}

#[test]
fn absent_and_null_optional_fields_are_none() -> TestResult {
    // Arrange
    let body = br#"[{"validationId":"1"},{"partnerId":null,"organizationName":null,"validationId":"2","maxCreates":null,"remainingCreates":null,"eTag":null}]"#;

    // Act
    let codes = decode_validation_codes(body)?;

    // Assert
    assert_eq!(
        codes,
        vec![ValidationCode::new("1"), ValidationCode::new("2")]
    );
    Ok(())
}

#[test]
fn unknown_fields_are_ignored() -> TestResult {
    // Arrange
    let body = br#"[{"validationId":"1","attributes":{"objectType":"ValidationCode"},"createdDate":"2020-01-01"}]"#;

    // Act
    let codes = decode_validation_codes(body)?;

    // Assert
    assert_eq!(codes, vec![ValidationCode::new("1")]);
    Ok(())
}

#[test]
fn the_items_collection_wrapper_is_accepted() -> TestResult {
    // Arrange
    let body = br#"{"totalCount":1,"items":[{"validationId":7,"maxCreates":1}],"attributes":{"objectType":"Collection"}}"#;

    // Act
    let codes = decode_validation_codes(body)?;

    // Assert
    let mut expected = ValidationCode::new("7");
    expected.max_creates = Some(1);
    assert_eq!(codes, vec![expected]);
    Ok(())
}

#[test]
fn a_missing_fractional_or_boolean_validation_id_is_an_error() {
    for body in [
        br#"[{"partnerId":"p"}]"#.as_slice(),
        br#"[{"validationId":12.5}]"#,
        br#"[{"validationId":true}]"#,
        br#"[{"validationId":null}]"#,
        br#"[{"validationId":"1","maxCreates":-1}]"#,
        br#"[{"validationId":"1","maxCreates":"5"}]"#,
        b"{}",
        b"",
    ] {
        // Act
        let result = decode_validation_codes(body);

        // Assert
        assert!(
            result.is_err(),
            "{} decoded as {result:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn a_negative_integer_validation_id_is_kept_as_its_decimal_string() -> TestResult {
    // Act
    let codes = decode_validation_codes(br#"[{"validationId":-5}]"#)?;

    // Assert
    assert_eq!(codes, vec![ValidationCode::new("-5")]);
    Ok(())
}

#[test]
fn encoding_writes_every_wire_field_with_the_id_as_a_string() -> TestResult {
    // Arrange
    let mut code = ValidationCode::new(Secret::new("42"));
    code.max_creates = Some(3);

    // Act
    let json = serde_json::to_string(&code)?;

    // Assert
    assert_eq!(
        json,
        r#"{"partnerId":null,"organizationName":null,"validationId":"42","maxCreates":3,"remainingCreates":null,"eTag":null}"#
    );
    Ok(())
}

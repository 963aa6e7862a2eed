//! `parse_hyphenated_guid`: the one accepted form, every refused form, and its error.

use pc_models::{CustomerId, RequestError, parse_hyphenated_guid};
use uuid::Uuid;

use crate::TestResult;

#[test]
fn accepts_the_hyphenated_form_in_any_hex_case() -> TestResult {
    for text in [
        "6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b",
        "6F4A1E2B-3C4D-4B6E-9C3C-0D2E0D8B6B4B",
        "6f4A1e2B-3c4D-4b6E-9c3C-0d2E0d8B6b4B",
    ] {
        // Act
        let id = parse_hyphenated_guid(text)?;

        // Assert
        assert_eq!(id, Uuid::from_u128(0x6f4a1e2b_3c4d_4b6e_9c3c_0d2e0d8b6b4b));
    }
    Ok(())
}

#[test]
fn refuses_every_other_form_with_invalid_guid_and_the_input() {
    for text in [
        "",
        "6f4a1e2b3c4d4b6e9c3c0d2e0d8b6b4b",
        "{6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b}",
        "urn:uuid:6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b",
        " 6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b",
        "6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b\n",
        "6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4",
        "6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4g",
        "6f4a1e2b3-c4d-4b6e-9c3c-0d2e0d8b6b4b",
        "6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4é",
        "../../partners",
    ] {
        // Act
        let result = parse_hyphenated_guid(text);

        // Assert
        assert_eq!(
            result,
            Err(RequestError::InvalidGuid(text.to_owned())),
            "{text:?}"
        );
    }
}

#[test]
fn the_error_keeps_64_characters_and_names_the_expected_form() {
    // Arrange
    let long = "é".repeat(100);

    // Act
    let err = parse_hyphenated_guid(&long).expect_err("not a GUID");

    // Assert
    assert_eq!(err.input(), Some("é".repeat(64).as_str()));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid GUID {:?}: expected a GUID like 00000000-0000-0000-0000-000000000000",
            "é".repeat(64)
        )
    );
}

#[test]
fn customer_id_accepts_and_refuses_exactly_what_parse_hyphenated_guid_does() {
    for text in [
        "6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b",
        "6F4A1E2B-3C4D-4B6E-9C3C-0D2E0D8B6B4B",
        "6f4a1e2b3c4d4b6e9c3c0d2e0d8b6b4b",
        "{6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b}",
        "a/b",
    ] {
        // Act
        let guid = parse_hyphenated_guid(text);
        let customer = CustomerId::parse(text);

        // Assert
        match (guid, customer) {
            (Ok(guid), Ok(customer)) => assert_eq!(customer.as_uuid(), &guid),
            (Err(_), Err(err)) => {
                assert_eq!(err, RequestError::InvalidCustomerId(text.to_owned()));
            }
            (guid, customer) => panic!("{text:?}: {guid:?} but {customer:?}"),
        }
    }
}

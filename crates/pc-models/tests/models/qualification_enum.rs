use pc_models::{CustomerQualification, RequestError};

use crate::TestResult;

/// Every value with its integer, in integer order.
const TABLE: [(CustomerQualification, u8); 5] = [
    (CustomerQualification::None, 0),
    (CustomerQualification::Education, 1),
    (CustomerQualification::Nonprofit, 2),
    (CustomerQualification::GovernmentCommunityCloud, 3),
    (CustomerQualification::StateOwnedEntity, 4),
];

#[test]
fn every_value_serializes_to_its_integer() -> TestResult {
    for (value, int) in TABLE {
        // Act
        let json = serde_json::to_string(&value)?;

        // Assert
        assert_eq!(json, int.to_string(), "{value:?}");
    }
    Ok(())
}

#[test]
fn every_integer_from_zero_to_four_deserializes_to_its_value() -> TestResult {
    for (value, int) in TABLE {
        // Arrange
        let json = int.to_string();

        // Act
        let parsed: CustomerQualification = serde_json::from_str(&json)?;

        // Assert
        assert_eq!(parsed, value, "{json}");
    }
    Ok(())
}

#[test]
fn unknown_integers_are_a_deserialization_error_not_a_fallback_variant() {
    // Pinned: the enum has no #[serde(other)] fallback by design (integers only appear in
    // requests, and a request for a value this version does not know cannot be honoured).
    for json in ["5", "-1", "255", "256", "18446744073709551616"] {
        // Act
        let result = serde_json::from_str::<CustomerQualification>(json);

        // Assert
        let err = result.expect_err(json);
        assert!(err.is_data() || err.is_syntax(), "{json}: {err}");
    }
}

#[test]
fn unknown_integer_error_names_the_value_and_the_accepted_ones() {
    // Act
    let err = serde_json::from_str::<CustomerQualification>("5").expect_err("5 is unknown");

    // Assert
    assert!(err.is_data(), "{err}");
    assert_eq!(
        err.to_string(),
        "invalid value: 5, expected one of: 0, 1, 2, 3, 4"
    );
}

#[test]
fn a_string_is_an_error_for_the_integer_form() {
    for json in [r#""1""#, r#""Education""#, r#""education""#] {
        // Act
        let result = serde_json::from_str::<CustomerQualification>(json);

        // Assert
        let err = result.expect_err(json);
        assert!(err.is_data(), "{json}: {err}");
    }
}

#[test]
fn a_float_null_or_object_is_an_error_for_the_integer_form() {
    for json in ["1.0", "null", "true", "[1]", r#"{"qualification":1}"#] {
        // Act
        let result = serde_json::from_str::<CustomerQualification>(json);

        // Assert
        assert!(result.is_err(), "{json} decoded as {result:?}");
    }
}

#[test]
fn to_int_and_from_int_agree_for_every_value() {
    for (value, int) in TABLE {
        // Act
        let to = value.to_int();
        let from = CustomerQualification::from_int(i64::from(int));

        // Assert
        assert_eq!(to, int);
        assert_eq!(from, Some(value));
    }
}

#[test]
fn from_int_outside_zero_to_four_is_none() {
    for int in [5, -1, 255, 256, i64::MAX, i64::MIN] {
        // Act
        let value = CustomerQualification::from_int(int);

        // Assert
        assert_eq!(value, None, "{int}");
    }
}

#[test]
fn all_lists_every_value_in_integer_order() {
    // Act
    let all = CustomerQualification::ALL;

    // Assert
    assert_eq!(all, TABLE.map(|(value, _)| value));
}

#[test]
fn only_education_gcc_and_state_owned_entity_are_settable() {
    // Act
    let settable: Vec<(CustomerQualification, bool)> = CustomerQualification::ALL
        .into_iter()
        .map(|q| (q, q.is_settable()))
        .collect();

    // Assert
    assert_eq!(
        settable,
        vec![
            (CustomerQualification::None, false),
            (CustomerQualification::Education, true),
            (CustomerQualification::Nonprofit, false),
            (CustomerQualification::GovernmentCommunityCloud, true),
            (CustomerQualification::StateOwnedEntity, true),
        ]
    );
}

#[test]
fn display_and_as_str_write_the_pascal_case_name() {
    // Act
    let names: Vec<(String, &str)> = CustomerQualification::ALL
        .into_iter()
        .map(|q| (q.to_string(), q.as_str()))
        .collect();

    // Assert
    assert_eq!(
        names,
        vec![
            ("None".to_owned(), "None"),
            ("Education".to_owned(), "Education"),
            ("Nonprofit".to_owned(), "Nonprofit"),
            (
                "GovernmentCommunityCloud".to_owned(),
                "GovernmentCommunityCloud"
            ),
            ("StateOwnedEntity".to_owned(), "StateOwnedEntity"),
        ]
    );
}

#[test]
fn from_str_of_an_unknown_name_is_unknown_qualification_with_the_input() {
    // Act
    let err = "Charity"
        .parse::<CustomerQualification>()
        .expect_err("Charity is not a qualification");

    // Assert
    assert_eq!(
        err,
        RequestError::UnknownQualification("Charity".to_owned())
    );
    assert_eq!(
        err.to_string(),
        r#"unknown qualification "Charity" (expected Education, GovernmentCommunityCloud, StateOwnedEntity, None or Nonprofit)"#
    );
}

#[test]
fn from_str_of_an_empty_name_is_an_error_not_none() {
    // Act
    let result = "".parse::<CustomerQualification>();

    // Assert
    assert_eq!(
        result,
        Err(RequestError::UnknownQualification(String::new()))
    );
}

#[test]
fn from_name_does_not_accept_the_integer_as_a_name() {
    for text in ["0", "1", "3"] {
        // Act
        let value = CustomerQualification::from_name(text);

        // Assert
        assert_eq!(value, None, "{text}");
    }
}

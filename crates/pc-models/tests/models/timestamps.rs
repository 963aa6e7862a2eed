use pc_models::{CustomerQualification, Qualification, VettingStatus};
use time::OffsetDateTime;
use time::macros::{datetime, offset};

use crate::{TestResult, assert_utc};

/// Decodes an Education record whose `vettingCreateDate` is `date` (raw JSON text).
fn decode_date(field: &str, date: &str) -> Result<Qualification, serde_json::Error> {
    serde_json::from_str(&format!(
        r#"{{"qualification":"Education","vettingStatus":"InReview","{field}":{date}}}"#
    ))
}

/// The Education record a decoded date should produce.
fn in_review_since(at: OffsetDateTime) -> Qualification {
    Qualification::new(CustomerQualification::Education)
        .with_vetting_status(VettingStatus::InReview)
        .with_vetting_create_date(at)
}

#[test]
fn timestamps_with_zero_one_three_seven_and_nine_fractional_digits_decode_exactly() -> TestResult {
    for (text, expected) in [
        ("2020-12-04T20:54:24Z", datetime!(2020-12-04 20:54:24 UTC)),
        (
            "2020-12-04T20:54:24.5Z",
            datetime!(2020-12-04 20:54:24.5 UTC),
        ),
        (
            "2020-12-04T20:54:24.885Z",
            datetime!(2020-12-04 20:54:24.885 UTC),
        ),
        (
            "2020-12-04T20:54:24.6832021Z",
            datetime!(2020-12-04 20:54:24.6832021 UTC),
        ),
        (
            "2020-12-04T20:54:24.123456789Z",
            datetime!(2020-12-04 20:54:24.123456789 UTC),
        ),
    ] {
        // Act
        let record = decode_date("vettingCreateDate", &format!("\"{text}\""))?;

        // Assert
        assert_eq!(record, in_review_since(expected), "{text}");
        assert_utc(record.vetting_create_date, expected);
    }
    Ok(())
}

#[test]
fn fractional_digits_keep_their_exact_nanoseconds() -> TestResult {
    for (text, nanos) in [
        ("2020-12-04T20:54:24Z", 0),
        ("2020-12-04T20:54:24.5Z", 500_000_000),
        ("2020-12-04T20:54:24.885Z", 885_000_000),
        ("2020-12-04T20:54:24.6832021Z", 683_202_100),
        ("2020-12-04T20:54:24.000000001Z", 1),
    ] {
        // Act
        let record = decode_date("vettingCreateDate", &format!("\"{text}\""))?;

        // Assert
        assert_eq!(
            record.vetting_create_date.map(|d| d.nanosecond()),
            Some(nanos),
            "{text}"
        );
    }
    Ok(())
}

#[test]
fn z_and_plus_zero_offset_decode_to_the_same_utc_instant() -> TestResult {
    // Act
    let with_z = decode_date("vettingCreateDate", r#""2021-05-06T19:59:56.6832021Z""#)?;
    let with_offset = decode_date(
        "vettingCreateDate",
        r#""2021-05-06T19:59:56.6832021+00:00""#,
    )?;

    // Assert
    let expected = datetime!(2021-05-06 19:59:56.6832021 UTC);
    assert_utc(with_z.vetting_create_date, expected);
    assert_utc(with_offset.vetting_create_date, expected);
    assert_eq!(with_z, with_offset);
    Ok(())
}

#[test]
fn another_offset_is_converted_to_utc() -> TestResult {
    for (text, expected) in [
        (
            "2020-12-04T22:54:24+02:00",
            datetime!(2020-12-04 20:54:24 UTC),
        ),
        (
            "2020-12-04T15:24:24.885-05:30",
            datetime!(2020-12-04 20:54:24.885 UTC),
        ),
        (
            "2020-12-05T01:54:24+05:00",
            datetime!(2020-12-04 20:54:24 UTC),
        ),
    ] {
        // Act
        let record = decode_date("vettingCreateDate", &format!("\"{text}\""))?;

        // Assert
        assert_eq!(record, in_review_since(expected), "{text}");
        assert_utc(record.vetting_create_date, expected);
    }
    Ok(())
}

#[test]
fn a_timestamp_without_offset_is_read_as_utc() -> TestResult {
    for (text, expected) in [
        ("2020-12-04T20:54:24", datetime!(2020-12-04 20:54:24 UTC)),
        (
            "2020-12-04T20:54:24.6832021",
            datetime!(2020-12-04 20:54:24.6832021 UTC),
        ),
    ] {
        // Act
        let record = decode_date("vettingCreateDate", &format!("\"{text}\""))?;

        // Assert
        assert_eq!(record, in_review_since(expected), "{text}");
        assert_utc(record.vetting_create_date, expected);
    }
    Ok(())
}

#[test]
fn the_vetting_created_date_spelling_decodes_like_vetting_create_date() -> TestResult {
    // Act
    let created = decode_date("vettingCreatedDate", r#""2020-12-03T10:37:38.885Z""#)?;
    let create = decode_date("vettingCreateDate", r#""2020-12-03T10:37:38.885Z""#)?;

    // Assert
    let expected = datetime!(2020-12-03 10:37:38.885 UTC);
    assert_eq!(created, in_review_since(expected));
    assert_eq!(created, create);
    assert_utc(created.vetting_create_date, expected);
    Ok(())
}

#[test]
fn an_invalid_timestamp_is_an_error_naming_the_value() {
    for text in [
        "not a date",
        "",
        "2020-12-04",
        "2020-13-04T20:54:24Z",
        "2020-12-04T25:54:24Z",
        "2020-12-04T20:54:24.Z",
        "2020-12-04T20:54:24+2",
        "04/12/2020 20:54:24",
    ] {
        // Act
        let result = decode_date("vettingCreateDate", &format!("\"{text}\""));

        // Assert
        let err = result.expect_err(text);
        assert!(
            err.to_string()
                .starts_with(&format!("invalid timestamp {text:?}")),
            "{text}: {err}"
        );
    }
}

#[test]
fn a_timestamp_that_is_not_a_string_is_an_error() {
    for json in ["1607115264", "true", "[]", "{}"] {
        // Act
        let result = decode_date("vettingCreateDate", json);

        // Assert
        assert!(result.is_err(), "{json} decoded as {result:?}");
    }
}

#[test]
fn a_null_vetting_create_date_is_absent() -> TestResult {
    for field in ["vettingCreateDate", "vettingCreatedDate"] {
        // Act
        let record = decode_date(field, "null")?;

        // Assert
        assert_eq!(
            record,
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::InReview),
            "{field}"
        );
        assert_eq!(record.vetting_create_date, None);
    }
    Ok(())
}

#[test]
fn both_date_spellings_in_one_record_decode_with_vetting_create_date_winning() -> TestResult {
    // Arrange
    let body = r#"{"qualification":"Education","vettingCreatedDate":"2020-12-03T10:37:38Z","vettingCreateDate":"2021-01-21T08:00:00Z"}"#;

    // Act
    let record = serde_json::from_str::<Qualification>(body)?;

    // Assert
    assert_eq!(
        record.vetting_create_date,
        Some(datetime!(2021-01-21 08:00:00 UTC))
    );
    Ok(())
}

#[test]
fn dates_are_written_in_utc_with_z_and_only_the_needed_fractional_digits() -> TestResult {
    for (at, expected) in [
        (datetime!(2020-12-04 20:54:24 UTC), "2020-12-04T20:54:24Z"),
        (
            datetime!(2020-12-04 20:54:24.5 UTC),
            "2020-12-04T20:54:24.5Z",
        ),
        (
            datetime!(2020-12-04 20:54:24.123456789 UTC),
            "2020-12-04T20:54:24.123456789Z",
        ),
        (
            datetime!(2020-12-04 22:54:24.885 +02:00),
            "2020-12-04T20:54:24.885Z",
        ),
    ] {
        // Arrange
        let record =
            Qualification::new(CustomerQualification::Education).with_vetting_create_date(at);

        // Act
        let json = serde_json::to_string(&record)?;

        // Assert
        assert_eq!(
            json,
            format!(r#"{{"qualification":"Education","vettingCreateDate":"{expected}"}}"#)
        );
    }
    Ok(())
}

#[test]
fn a_record_with_every_field_round_trips_through_its_encoding() -> TestResult {
    // Arrange
    let record = Qualification::new(CustomerQualification::Education)
        .with_vetting_status(VettingStatus::Denied)
        .with_vetting_reason("Not an Academic Domain")
        .with_vetting_create_date(datetime!(2021-05-06 21:59:56.6832021 +02:00));

    // Act
    let json = serde_json::to_string(&record)?;
    let back: Qualification = serde_json::from_str(&json)?;

    // Assert
    assert_eq!(
        json,
        r#"{"qualification":"Education","vettingStatus":"Denied","vettingReason":"Not an Academic Domain","vettingCreateDate":"2021-05-06T19:59:56.6832021Z"}"#
    );
    assert_eq!(back, record);
    assert_utc(
        back.vetting_create_date,
        datetime!(2021-05-06 19:59:56.6832021 UTC),
    );
    assert_eq!(
        record.vetting_create_date.map(|d| d.offset()),
        Some(offset!(+02:00))
    );
    Ok(())
}

#[test]
fn more_than_nine_fractional_digits_are_truncated_to_the_nanosecond() -> TestResult {
    // Pinned: the service sends at most seven digits; extra digits are cut, not rounded.
    let record = decode_date("vettingCreateDate", r#""2020-12-04T20:54:24.1234567899Z""#)?;

    // Assert
    assert_utc(
        record.vetting_create_date,
        datetime!(2020-12-04 20:54:24.123456789 UTC),
    );
    Ok(())
}

#[test]
fn the_first_and_last_instants_rfc3339_can_write_in_utc_decode() -> TestResult {
    for (text, expected) in [
        ("0000-01-01T00:00:00Z", datetime!(0000-01-01 00:00:00 UTC)),
        (
            "9999-12-31T23:59:59.999999999Z",
            datetime!(9999-12-31 23:59:59.999999999 UTC),
        ),
        (
            "9999-12-31T23:30:00+01:00",
            datetime!(9999-12-31 22:30:00 UTC),
        ),
        (
            "0000-01-01T00:30:00-01:00",
            datetime!(0000-01-01 01:30:00 UTC),
        ),
    ] {
        // Act
        let record = decode_date("vettingCreateDate", &format!("\"{text}\""))?;

        // Assert
        assert_utc(record.vetting_create_date, expected);
    }
    Ok(())
}

#[test]
fn a_timestamp_whose_utc_date_leaves_years_0000_to_9999_is_an_error_not_a_panic() {
    // Regression: converting 9999-12-31T23:30:00-01:00 to UTC used to panic ("local datetime out
    // of valid range"), and 0000-01-01T00:30:00+01:00 decoded to year -1, which was then written
    // back as "-62167221000", a value the decoder refuses.
    for text in [
        "9999-12-31T23:30:00-01:00",
        "9999-12-31T23:59:59.999999999-23:59",
        "0000-01-01T00:30:00+01:00",
        "-0001-01-01T00:30:00",
    ] {
        // Act
        let result = decode_date("vettingCreateDate", &format!("\"{text}\""));

        // Assert
        let err = result.expect_err(text);
        assert!(
            err.to_string()
                .starts_with(&format!("invalid timestamp {text:?}")),
            "{text}: {err}"
        );
    }
}

#[test]
fn a_date_rfc3339_cannot_write_in_utc_is_a_serialization_error_not_a_panic() {
    // Regression: serializing used to panic for the first date, and write a bare Unix timestamp
    // for the second.
    for at in [
        datetime!(9999-12-31 23:30:00 -01:00),
        datetime!(-0001-06-01 00:00:00 UTC),
    ] {
        // Arrange
        let record =
            Qualification::new(CustomerQualification::Education).with_vetting_create_date(at);

        // Act
        let result = serde_json::to_string(&record);

        // Assert
        let err = result.expect_err("not writable as RFC 3339");
        assert!(
            err.to_string()
                .ends_with("cannot be written as RFC 3339 in UTC"),
            "{err}"
        );
    }
}

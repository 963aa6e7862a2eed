//! The one integration-test binary of `pc-models`.
//!
//! Every module tests the public API only, through `pc_models::*`. Fixtures are compiled in from
//! the repository's `fixtures/` directory, so the tests never read files at run time.

use time::{OffsetDateTime, UtcOffset};

/// The result every fallible test returns, so that tests use `?` instead of `unwrap`.
type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The bytes of one file of the repository's `fixtures/` directory, compiled in.
macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/",
            $name
        ))
        .as_slice()
    };
}

/// A fixture file without its single final newline (the files are text files; the wire body is
/// everything before it). Fails the test if the file does not end with exactly one newline.
fn wire_body(file: &[u8]) -> &[u8] {
    let body = file
        .strip_suffix(b"\n")
        .expect("fixture files end with a newline");
    assert!(
        !body.ends_with(b"\n") && !body.ends_with(b"\r"),
        "fixture ends with more than one line break"
    );
    body
}

/// Asserts that `actual` is `expected` to the nanosecond, and that its offset is UTC (equality of
/// `OffsetDateTime` compares instants only, so the offset needs its own check).
fn assert_utc(actual: Option<OffsetDateTime>, expected: OffsetDateTime) {
    let actual = actual.expect("a timestamp");
    assert_eq!(actual, expected);
    assert_eq!(actual.nanosecond(), expected.nanosecond());
    assert_eq!(actual.offset(), UtcOffset::UTC);
}

// Each documented body in fixtures/ decoded with its decoder (exact values), and the three
// request-current-*.json bodies compared byte for byte with `QualificationRequest::encode`.
mod fixtures;

// `CustomerQualification`: the serde_repr integer form (including unknown integers, pinned as
// errors), `to_int`/`from_int`, `is_settable`, `Display`, `FromStr` errors.
mod qualification_enum;

// Name forms: every spelling of the spec table for `QualificationName`/`from_name`/`FromStr`,
// unknown names, `VettingStatus`, `EducationSegment`, unknown fields in records.
mod names;

// `vettingCreateDate`/`vettingCreatedDate`: fractional digits, offsets, missing offset, null,
// invalid values, and how dates are written back.
mod timestamps;

// `QualificationRequest` under `Contract::Integer`, `Contract::Object` and the legacy API: exact
// bodies, query codes, every `RequestError` and its `Display` text.
mod request_encoding;

// `ApiErrorBody::parse` on every body shape: documented, throttled, bare string, empty, HTML,
// invalid JSON, huge bodies, other JSON.
mod error_bodies;

// `CustomerId`: accepted and refused forms, `Display`, serde, `RequestError::InvalidCustomerId`.
mod customer_id;

// `ValidationCode` and `decode_validation_codes`: string or integer ids, nulls, wrapper, encoding.
mod validation_codes;

// `Secret`, and that no `Debug`/`Display` output shows a validation code.
mod secrets;

// The error types are `Send + Sync + 'static` and implement `std::error::Error`.
mod error_traits;

// `pc_models::text`: `one_line`, `snippet` and `truncate_chars` on empty text, exact and
// exceeded limits, multi-byte characters, `\r\n` and control characters.
mod text;

// `parse_hyphenated_guid`: accepted and refused forms, `RequestError::InvalidGuid`, and that
// `CustomerId::parse` agrees with it.
mod guids;

// The bare-or-wrapped list decoding shared by `decode_qualification_list` and
// `decode_validation_codes`: leading white space, error positions, empty bodies.
mod list_bodies;

// proptest properties: round trips and decoders that never panic on arbitrary input.
mod properties;

// Fuzz targets (proptest on the stable toolchain): every decoder and parser on arbitrary bytes
// and structure-aware input; `PC_FUZZ_CASES` sets the cases per target (`cargo xtask fuzz`).
mod fuzz;

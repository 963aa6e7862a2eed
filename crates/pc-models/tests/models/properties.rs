use pc_models::{
    ApiErrorBody, Contract, CustomerId, CustomerQualification, EducationSegment, Qualification,
    QualificationName, QualificationRequest, Secret, VettingStatus, decode_legacy_qualification,
    decode_qualification_list, decode_validation_codes,
};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::Value;
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// Every fixture, as mutation seeds for the decoders (the fuzz targets use them too).
pub(crate) const FIXTURES: [&[u8]; 16] = [
    fixture!("create-response-education.json"),
    fixture!("error-documented.json"),
    fixture!("error-throttled.json"),
    fixture!("legacy-get.json"),
    fixture!("legacy-put-response-gcc.json"),
    fixture!("list-approved.json"),
    fixture!("list-denied.json"),
    fixture!("list-education-soe.json"),
    fixture!("list-gcc-soe.json"),
    fixture!("list-inreview.json"),
    fixture!("list-soe.json"),
    fixture!("list-wrapped.json"),
    fixture!("request-current-education.json"),
    fixture!("request-current-gcc.json"),
    fixture!("request-current-soe.json"),
    fixture!("validation-codes.json"),
];

/// Keys the decoders look for, so that generated JSON reaches their deeper paths.
const KEYS: &[&str] = &[
    "qualification",
    "qualifications",
    "vettingStatus",
    "vettingReason",
    "vettingCreateDate",
    "vettingCreatedDate",
    "code",
    "description",
    "data",
    "source",
    "other_errors",
    "statusCode",
    "message",
    "partnerId",
    "organizationName",
    "validationId",
    "maxCreates",
    "remainingCreates",
    "eTag",
    "items",
    "unknown",
];

/// String values the decoders give meaning to.
const WORDS: &[&str] = &[
    "Education",
    "government_community_cloud",
    "none",
    "InReview",
    "Denied",
    "K12",
    "2020-12-04T20:54:24Z",
    "2021-05-06T19:59:56.6832021+00:00",
    "2020-12-04T20:54:24",
    "2020-13-04T20:54:24Z",
    "9999-12-31T23:30:00-01:00",
    "0000-01-01T00:30:00+01:00",
    "12345",
    "900118",
    "",
];

/// Seconds from 0001-01-02 to 9999-12-30: every instant the RFC 3339 form can write in any offset.
const SECONDS: std::ops::RangeInclusive<i64> = -62_135_510_400..=253_402_214_399;

fn qualification() -> impl Strategy<Value = CustomerQualification> {
    select(CustomerQualification::ALL.to_vec())
}

/// A spelling of a PascalCase name: every letter in either case, and `_`, `-` or nothing at each
/// word boundary.
fn spelling_of(name: &'static str) -> impl Strategy<Value = String> {
    let len = name.len();
    (
        prop::collection::vec(any::<bool>(), len),
        prop::collection::vec(select(vec!["", "", "_", "-"]), len),
    )
        .prop_map(move |(upper, separators)| {
            let mut out = String::new();
            for (i, c) in name.chars().enumerate() {
                if i > 0 && c.is_ascii_uppercase() {
                    out.push_str(separators[i]);
                }
                out.push(if upper[i] {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                });
            }
            out
        })
}

fn qualification_with_spelling() -> impl Strategy<Value = (CustomerQualification, String)> {
    qualification().prop_flat_map(|q| (Just(q), spelling_of(q.as_str())))
}

/// A code the encoders accept: not blank, no control characters.
fn valid_code() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{1,12}", "\\PC{1,24}"]
        .prop_filter("blank codes are refused", |code| !code.trim().is_empty())
}

fn segment() -> impl Strategy<Value = EducationSegment> {
    select(vec![
        EducationSegment::K12,
        EducationSegment::HigherEducation,
    ])
}

/// A valid request for the object contract, built with the typed constructors.
fn object_request() -> impl Strategy<Value = QualificationRequest> {
    prop_oneof![
        (segment(), proptest::option::of(any::<String>())).prop_map(|(segment, website)| {
            let request = QualificationRequest::education().with_education_segment(segment);
            match website {
                Some(website) => request.with_website(website),
                None => request,
            }
        }),
        valid_code().prop_map(QualificationRequest::government_community_cloud),
        Just(QualificationRequest::state_owned_entity()),
    ]
}

/// A valid request for the integer contract, built with the typed constructors.
fn integer_request() -> impl Strategy<Value = QualificationRequest> {
    prop_oneof![
        Just(QualificationRequest::education()),
        valid_code().prop_map(QualificationRequest::government_community_cloud),
        Just(QualificationRequest::state_owned_entity()),
    ]
}

fn utc_instant() -> impl Strategy<Value = OffsetDateTime> {
    (SECONDS, 0u32..1_000_000_000).prop_map(|(seconds, nanos)| {
        OffsetDateTime::from_unix_timestamp(seconds)
            .and_then(|at| at.replace_nanosecond(nanos))
            .expect("in range by construction")
    })
}

/// Offsets other than UTC, up to a day either way, in whole minutes.
fn offset() -> impl Strategy<Value = UtcOffset> {
    (-1439i32..=1439).prop_map(|minutes| {
        UtcOffset::from_whole_seconds(minutes * 60).expect("within a day by construction")
    })
}

fn vetting_status() -> impl Strategy<Value = VettingStatus> {
    prop_oneof![
        Just(VettingStatus::Approved),
        Just(VettingStatus::InReview),
        Just(VettingStatus::Denied),
        any::<String>().prop_map(|text| VettingStatus::parse(&text)),
    ]
}

fn record() -> impl Strategy<Value = Qualification> {
    (
        any::<String>(),
        proptest::option::of(vetting_status()),
        proptest::option::of(any::<String>()),
        proptest::option::of((utc_instant(), offset())),
    )
        .prop_map(|(name, status, reason, at)| {
            let mut record = Qualification::new(QualificationName::parse(&name));
            record.vetting_status = status;
            record.vetting_reason = reason;
            record.vetting_create_date = at.map(|(at, offset)| at.to_offset(offset));
            record
        })
}

/// Arbitrary JSON whose objects use the keys the decoders look for.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        select(WORDS).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((select(KEYS), inner), 0..6).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(key, value)| (key.to_owned(), value))
                        .collect(),
                )
            }),
        ]
    })
}

/// A fixture with a few bytes overwritten and maybe cut short.
fn mutated_fixture() -> impl Strategy<Value = Vec<u8>> {
    (
        select(FIXTURES.to_vec()),
        prop::collection::vec((any::<Index>(), any::<u8>()), 0..4),
        proptest::option::of(any::<Index>()),
    )
        .prop_map(|(fixture, edits, cut)| {
            let mut bytes = fixture.to_vec();
            for (at, byte) in edits {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            bytes
        })
}

/// Any input worth feeding to a decoder: raw bytes, generated JSON, mutated fixtures.
fn decoder_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|value| value.to_string().into_bytes()),
        mutated_fixture(),
    ]
}

/// The oracle for customer ids: 36 characters, hyphens at 8, 13, 18 and 23, hex digits elsewhere
/// (the fuzz targets use it too).
pub(crate) fn is_hyphenated_guid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

/// Strings that are GUIDs or nearly: a GUID in either case, maybe with one character replaced or
/// added.
fn guid_like() -> impl Strategy<Value = String> {
    (
        any::<u128>(),
        any::<bool>(),
        proptest::option::of((
            0usize..40,
            select(vec![
                '-', 'g', 'G', '/', '.', ' ', '{', '}', 'é', '0', 'a', 'F', ':', '\0', '_',
            ]),
        )),
    )
        .prop_map(|(n, upper, edit)| {
            let text = Uuid::from_u128(n).hyphenated().to_string();
            let mut chars: Vec<char> = if upper {
                text.to_ascii_uppercase().chars().collect()
            } else {
                text.chars().collect()
            };
            if let Some((at, c)) = edit {
                match chars.get_mut(at) {
                    Some(slot) => *slot = c,
                    None => chars.push(c),
                }
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_customer_qualification_round_trips_through_integer_and_name_forms(
        (q, spelling) in qualification_with_spelling(),
    ) {
        // Act
        let int_json = serde_json::to_string(&q).expect("serializes");
        let from_json: CustomerQualification = serde_json::from_str(&int_json).expect("deserializes");
        let from_int = CustomerQualification::from_int(i64::from(q.to_int()));
        let from_name = CustomerQualification::from_name(&spelling);
        let from_str = spelling.parse::<CustomerQualification>();
        let name = QualificationName::parse(&spelling);
        let name_json = serde_json::to_string(&name).expect("serializes");

        // Assert
        prop_assert_eq!(int_json, q.to_int().to_string());
        prop_assert_eq!(from_json, q);
        prop_assert_eq!(from_int, Some(q));
        prop_assert_eq!(from_name, Some(q));
        prop_assert_eq!(from_str, Ok(q));
        prop_assert_eq!(name, QualificationName::Known(q));
        prop_assert_eq!(name_json, format!("\"{}\"", q.as_str()));
    }

    #[test]
    fn qualification_names_of_arbitrary_strings_round_trip_and_known_ones_canonicalise(
        text in prop_oneof![
            any::<String>(),
            qualification_with_spelling().prop_map(|(_, spelling)| spelling),
        ],
    ) {
        // Arrange
        let json = serde_json::to_string(&text).expect("serializes");

        // Act
        let name: QualificationName = serde_json::from_str(&json).expect("any string decodes");
        let written = serde_json::to_string(&name).expect("serializes");
        let back: QualificationName = serde_json::from_str(&written).expect("decodes again");

        // Assert
        match CustomerQualification::from_name(&text) {
            Some(q) => {
                prop_assert_eq!(&name, &QualificationName::Known(q));
                prop_assert_eq!(&written, &format!("\"{}\"", q.as_str()));
            }
            None => {
                prop_assert_eq!(&name, &QualificationName::Unknown(text.clone()));
                prop_assert_eq!(&written, &json);
            }
        }
        prop_assert_eq!(back, name);
    }

    #[test]
    fn valid_requests_round_trip_through_the_object_encoding(request in object_request()) {
        // Act
        let encoded = request.encode(Contract::Object).expect("valid by construction");
        let body: Value = serde_json::from_slice(encoded.body()).expect("the body is JSON");

        // Assert
        let object = body.as_object().expect("the body is an object");
        let expected_keys = 1
            + usize::from(request.education_segment().is_some())
            + usize::from(request.website().is_some())
            + usize::from(request.validation_code().is_some());
        prop_assert_eq!(object.len(), expected_keys);
        prop_assert_eq!(
            object.get("qualification").and_then(Value::as_str),
            Some(request.qualification().as_str())
        );
        prop_assert_eq!(
            object.get("educationSegment").and_then(Value::as_str),
            request.education_segment().map(EducationSegment::as_str)
        );
        prop_assert_eq!(object.get("website").and_then(Value::as_str), request.website());
        prop_assert_eq!(
            object.get("validationCode").and_then(Value::as_str),
            request.validation_code().map(Secret::expose)
        );
        prop_assert!(encoded.code().is_none());
        prop_assert_eq!(request.validate(Contract::Object), Ok(()));
    }

    #[test]
    fn valid_requests_round_trip_through_the_integer_encoding(request in integer_request()) {
        // Act
        let encoded = request.encode(Contract::Integer).expect("valid by construction");
        let parsed: CustomerQualification =
            serde_json::from_slice(encoded.body()).expect("the body is the integer form");
        let text = std::str::from_utf8(encoded.body()).expect("ASCII digits");

        // Assert
        prop_assert_eq!(parsed, request.qualification());
        prop_assert_eq!(text, request.qualification().to_int().to_string());
        prop_assert_eq!(
            encoded.code().map(Secret::expose),
            request.validation_code().map(Secret::expose)
        );
        if request.qualification() == CustomerQualification::StateOwnedEntity {
            prop_assert_eq!(request.encode_legacy(), Err(pc_models::RequestError::NotOnLegacyApi));
        } else {
            prop_assert_eq!(request.encode_legacy(), Ok(encoded));
        }
    }

    #[test]
    fn records_round_trip_through_serde_with_dates_in_utc(record in record()) {
        // Act
        let json = serde_json::to_vec(&record).expect("serializes");
        let back: Qualification = serde_json::from_slice(&json).expect("decodes its own output");

        // Assert
        prop_assert_eq!(&back.qualification, &record.qualification);
        prop_assert_eq!(&back.vetting_status, &record.vetting_status);
        prop_assert_eq!(&back.vetting_reason, &record.vetting_reason);
        prop_assert_eq!(back.vetting_create_date, record.vetting_create_date);
        prop_assert_eq!(
            back.vetting_create_date.map(|at| at.nanosecond()),
            record.vetting_create_date.map(|at| at.nanosecond())
        );
        if let Some(at) = back.vetting_create_date {
            prop_assert_eq!(at.offset(), UtcOffset::UTC);
        }
    }

    #[test]
    fn timestamps_with_any_digits_and_offset_style_decode_to_the_same_utc_instant(
        at in utc_instant(),
        digits in 0u32..=9,
        offset in offset(),
        style in 0u8..4,
    ) {
        // Arrange: keep `digits` fractional digits, write the instant in the chosen style.
        let unit = 10u32.pow(9 - digits);
        let fraction = at.nanosecond() / unit;
        let expected = at.replace_nanosecond(fraction * unit).expect("in range");
        let (local, suffix) = match style {
            0 => (expected, "Z".to_owned()),
            1 => (expected, "+00:00".to_owned()),
            2 => {
                let seconds = offset.whole_seconds();
                let sign = if seconds < 0 { '-' } else { '+' };
                let minutes = seconds.abs() / 60;
                (
                    expected.to_offset(offset),
                    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60),
                )
            }
            _ => (expected, String::new()),
        };
        let fraction_text = if digits == 0 {
            String::new()
        } else {
            format!(".{fraction:0width$}", width = digits as usize)
        };
        let text = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction_text}{suffix}",
            local.year(),
            u8::from(local.month()),
            local.day(),
            local.hour(),
            local.minute(),
            local.second(),
        );
        let body = format!(r#"{{"qualification":"Education","vettingCreateDate":"{text}"}}"#);

        // Act
        let record: Qualification = serde_json::from_str(&body).expect("a valid timestamp");

        // Assert
        let decoded = record.vetting_create_date.expect("a date");
        prop_assert_eq!(decoded, expected, "{}", text);
        prop_assert_eq!(decoded.nanosecond(), expected.nanosecond());
        prop_assert_eq!(decoded.offset(), UtcOffset::UTC);
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_input(body in decoder_input()) {
        // Act: each call must return, whatever it returns.
        let list = decode_qualification_list(&body);
        let legacy = decode_legacy_qualification(&body);
        let codes = decode_validation_codes(&body);
        let record = serde_json::from_slice::<Qualification>(&body);
        let error = ApiErrorBody::parse(&body);

        // Assert: what did decode is self-consistent.
        if let Ok(list) = list {
            let json = serde_json::to_vec(&list).expect("a decoded list serializes");
            prop_assert_eq!(decode_qualification_list(&json).ok(), Some(list));
        }
        if let Ok(name) = legacy {
            prop_assert_eq!(QualificationName::parse(name.as_str()), name);
        }
        if let Ok(codes) = codes {
            let json = serde_json::to_vec(&codes).expect("decoded codes serialize");
            prop_assert_eq!(decode_validation_codes(&json).ok(), Some(codes));
        }
        if let Ok(record) = record {
            let json = serde_json::to_vec(&record).expect("a decoded record serializes");
            prop_assert_eq!(serde_json::from_slice::<Qualification>(&json).ok(), Some(record));
        }
        prop_assert_eq!(
            error == ApiErrorBody::Empty,
            body.iter().all(u8::is_ascii_whitespace)
        );
    }

    #[test]
    fn customer_id_parse_accepts_exactly_the_36_character_hyphenated_hex_form(
        text in prop_oneof![any::<String>(), guid_like()],
    ) {
        // Act
        let result = CustomerId::parse(&text);

        // Assert
        prop_assert_eq!(result.is_ok(), is_hyphenated_guid(&text), "{:?}", text);
        match result {
            Ok(id) => {
                prop_assert_eq!(id.to_string(), text.to_ascii_lowercase());
                let json = serde_json::to_string(&id).expect("serializes");
                prop_assert_eq!(serde_json::from_str::<CustomerId>(&json).ok(), Some(id));
            }
            Err(err) => {
                let kept: String = text.chars().take(64).collect();
                prop_assert_eq!(err.input(), Some(kept.as_str()));
            }
        }
    }
}

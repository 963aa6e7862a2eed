//! Lenient UTC timestamps for `vettingCreateDate`.
//!
//! Accepts RFC 3339 with `Z` or an offset and 0 to 9 fractional digits (the service sends up to 7),
//! and a timestamp with no offset, read as UTC. Always written as RFC 3339 in UTC with `Z`; an
//! instant outside years 0000 to 9999 in UTC is refused both ways (a decoding error, a
//! serialization error) rather than written in another form or panicking.

use serde::{Deserialize, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Parses a service timestamp into UTC.
pub(crate) fn parse(text: &str) -> Option<OffsetDateTime> {
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        // `to_offset` panics when the UTC date leaves the supported range (9999-12-31T23:30-01:00).
        return at.checked_to_offset(UtcOffset::UTC).filter(writable);
    }
    let naive = time::macros::format_description!(
        version = 2,
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    PrimitiveDateTime::parse(text, naive)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
        .filter(writable)
}

/// Whether RFC 3339 can write the instant in UTC (years 0000 to 9999), so that every timestamp
/// decoded can be encoded again.
fn writable(at: &OffsetDateTime) -> bool {
    (0..=9999).contains(&at.year())
}

/// Formats a timestamp as RFC 3339 in UTC (`2020-12-04T20:54:24Z`); `None` outside years 0000 to
/// 9999 in UTC, which RFC 3339 cannot write.
pub(crate) fn format(at: &OffsetDateTime) -> Option<String> {
    at.checked_to_offset(UtcOffset::UTC)?.format(&Rfc3339).ok()
}

pub(crate) fn serialize<S: Serializer>(
    at: &Option<OffsetDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => match format(at) {
            Some(text) => serializer.serialize_str(&text),
            None => Err(serde::ser::Error::custom(format_args!(
                "timestamp {at} cannot be written as RFC 3339 in UTC"
            ))),
        },
        None => serializer.serialize_none(),
    }
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    let text = Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    match text {
        None => Ok(None),
        Some(text) => parse(&text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid timestamp {text:?}"))),
    }
}

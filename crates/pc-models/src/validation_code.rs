//! Partner GCC validation codes.
//!
//! - [`ValidationCode`]: one record of `GET /v1/customers/all/validations`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Secret;
use crate::list_body::decode_list;

/// A partner's Government Community Cloud validation code.
///
/// `validationId` is documented as an integer but sent as a string: both decode, and it is kept as a
/// string in a [`Secret`] (it is what `?code=` carries), so `Debug` never shows it.
/// `maxCreates`/`remainingCreates` may be null. Serializing writes the wire form, including the id.
///
/// # Example
///
/// ```
/// let codes = pc_models::decode_validation_codes(
///     br#"[{"partnerId":"p","organizationName":"Contoso, Inc.","validationId":12345,
///           "maxCreates":5,"remainingCreates":null,"eTag":"W/1"}]"#,
/// )?;
/// assert_eq!(codes[0].validation_id.expose(), "12345");
/// assert_eq!(codes[0].remaining_creates, None);
/// assert!(!format!("{:?}", codes[0]).contains("12345"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ValidationCode {
    /// The partner's id.
    #[serde(default)]
    pub partner_id: Option<String>,
    /// The organization the code was issued to.
    #[serde(default)]
    pub organization_name: Option<String>,
    /// The code itself, as sent in `?code=` or `validationCode`.
    #[serde(
        serialize_with = "serialize_exposed",
        deserialize_with = "deserialize_int_or_string"
    )]
    pub validation_id: Secret,
    /// How many creates the code allows (null: unlimited or not reported).
    #[serde(default)]
    pub max_creates: Option<u32>,
    /// How many creates remain (null: unlimited or not reported).
    #[serde(default)]
    pub remaining_creates: Option<u32>,
    /// The record's entity tag.
    #[serde(default, rename = "eTag")]
    pub etag: Option<String>,
}

impl ValidationCode {
    /// A record for `validation_id` with every optional field empty.
    pub fn new(validation_id: impl Into<Secret>) -> Self {
        Self {
            partner_id: None,
            organization_name: None,
            validation_id: validation_id.into(),
            max_creates: None,
            remaining_creates: None,
            etag: None,
        }
    }
}

fn serialize_exposed<S: Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.expose())
}

fn deserialize_int_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Secret, D::Error> {
    struct IntOrString;

    impl serde::de::Visitor<'_> for IntOrString {
        type Value = Secret;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a validation id as a string or an integer")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secret, E> {
            Ok(Secret::new(v))
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Secret, E> {
            Ok(Secret::new(v.to_string()))
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Secret, E> {
            Ok(Secret::new(v.to_string()))
        }
    }

    deserializer.deserialize_any(IntOrString)
}

/// Decodes a `GET /v1/customers/all/validations` body (a bare array; the `{"items":[...]}`
/// collection wrapper of other Partner Center lists is accepted too).
///
/// # Errors
///
/// A `serde_json::Error` when the body is neither shape.
pub fn decode_validation_codes(body: &[u8]) -> Result<Vec<ValidationCode>, serde_json::Error> {
    #[derive(Deserialize)]
    struct Wrapped {
        items: Vec<ValidationCode>,
    }
    decode_list(body, |w: Wrapped| w.items)
}

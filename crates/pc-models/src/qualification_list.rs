//! Decoders for the list and legacy responses.
//!
//! - [`decode_qualification_list`]: a bare array or `{"qualifications":[...]}`.
//! - [`decode_legacy_qualification`]: the legacy `GET`/`PUT` bare string.

use serde::Deserialize;

use crate::list_body::decode_list;
use crate::{Qualification, QualificationName};

/// The `{"qualifications":[...]}` wrapper.
#[derive(Deserialize)]
struct Wrapped {
    qualifications: Vec<Qualification>,
}

/// Decodes a `GET .../qualifications` body: a bare array (current documentation) or the
/// `{"qualifications":[...]}` wrapper (early 2021 documentation).
///
/// # Errors
///
/// A `serde_json::Error` when the body is neither shape.
///
/// # Example
///
/// ```
/// let list = pc_models::decode_qualification_list(br#"{"qualifications":[]}"#)?;
/// assert!(list.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn decode_qualification_list(body: &[u8]) -> Result<Vec<Qualification>, serde_json::Error> {
    decode_list(body, |w: Wrapped| w.qualifications)
}

/// Decodes the legacy `GET`/`PUT .../qualification` body: a bare JSON string such as
/// `"education"`.
///
/// # Errors
///
/// A `serde_json::Error` when the body is not a JSON string.
///
/// # Example
///
/// ```
/// use pc_models::CustomerQualification;
///
/// let q = pc_models::decode_legacy_qualification(br#""governmentcommunitycloud""#)?;
/// assert_eq!(q, CustomerQualification::GovernmentCommunityCloud);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn decode_legacy_qualification(body: &[u8]) -> Result<QualificationName, serde_json::Error> {
    serde_json::from_slice(body)
}

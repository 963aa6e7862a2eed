//! List bodies that come bare or wrapped (private).
//!
//! - [`decode_list`]: decodes `[...]` or `{"<field>":[...]}`, picking the shape from the first
//!   byte that is not white space.
//!
//! # Examples
//!
//! ```text
//! #[derive(Deserialize)]
//! struct Wrapped {
//!     items: Vec<ValidationCode>,
//! }
//! decode_list(body, |w: Wrapped| w.items)
//! ```

use serde::de::DeserializeOwned;

/// Decodes a list body: the wrapper object `W` when the first non-white-space byte is `{`, a bare
/// array of `T` otherwise; `items` takes the list out of the wrapper.
///
/// Decoding straight into the shape the first byte names avoids buffering the whole body the way
/// an untagged enum does, and keeps serde's line and column in errors.
///
/// # Errors
///
/// The `serde_json::Error` of the shape the first byte picked (for an empty or white-space body,
/// the bare array's "EOF while parsing" error).
pub(crate) fn decode_list<T, W>(
    body: &[u8],
    items: impl FnOnce(W) -> Vec<T>,
) -> Result<Vec<T>, serde_json::Error>
where
    T: DeserializeOwned,
    W: DeserializeOwned,
{
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => serde_json::from_slice::<W>(body).map(items),
        _ => serde_json::from_slice(body),
    }
}

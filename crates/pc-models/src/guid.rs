//! GUIDs in the one textual form Partner Center uses.
//!
//! - [`parse_hyphenated_guid`]: accepts only `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any hex
//!   case), the check behind [`CustomerId::parse`](crate::CustomerId::parse) and the command
//!   line's `--correlation-id`.
//!
//! # Examples
//!
//! ```
//! let id = pc_models::parse_hyphenated_guid("6F4A1E2B-3C4D-4B6E-9C3C-0D2E0D8B6B4B")?;
//! assert_eq!(id.to_string(), "6f4a1e2b-3c4d-4b6e-9c3c-0d2e0d8b6b4b");
//! # Ok::<(), pc_models::RequestError>(())
//! ```

use uuid::Uuid;

use crate::RequestError;

/// How many characters of a refused input an error keeps.
const KEPT_INPUT_CHARS: usize = 64;

/// Parses a GUID in its hyphenated 36-character form, and only that form.
///
/// Hex digits may be in either case. Braces (`{...}`), the `urn:uuid:` prefix, the 32-digit form
/// without hyphens, surrounding white space and anything else are refused: what is accepted can
/// go into a URL path or a header unchanged.
///
/// # Errors
///
/// [`RequestError::InvalidGuid`] holding the first 64 characters of the input, for anything that
/// is not a hyphenated GUID.
///
/// # Example
///
/// ```
/// use pc_models::{RequestError, parse_hyphenated_guid};
///
/// let id = parse_hyphenated_guid("00000000-0000-0000-0000-00000000000a")?;
/// assert_eq!(id.as_u128(), 10);
///
/// let braced = parse_hyphenated_guid("{00000000-0000-0000-0000-00000000000a}");
/// assert_eq!(
///     braced,
///     Err(RequestError::InvalidGuid("{00000000-0000-0000-0000-00000000000a}".to_owned()))
/// );
/// assert!(parse_hyphenated_guid("0000000000000000000000000000000a").is_err());
/// # Ok::<(), RequestError>(())
/// ```
pub fn parse_hyphenated_guid(text: &str) -> Result<Uuid, RequestError> {
    // `Uuid::try_parse` also takes the simple (32), braced (38) and URN (45) forms: the length
    // leaves only the hyphenated one.
    if text.len() == 36
        && let Ok(uuid) = Uuid::try_parse(text)
    {
        return Ok(uuid);
    }
    Err(RequestError::InvalidGuid(kept_input(text)))
}

/// The part of a refused input an error keeps: its first 64 characters.
pub(crate) fn kept_input(text: &str) -> String {
    text.chars().take(KEPT_INPUT_CHARS).collect()
}

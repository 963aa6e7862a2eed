//! A string that never shows itself by accident.
//!
//! - [`Secret`]: `Debug` prints a placeholder; no `Display`, no `Serialize`.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A secret string: a validation code, an access token, a client secret, a refresh token.
///
/// `Debug` prints `Secret([redacted])`. There is no `Display` and no `Serialize`: reading the value
/// takes an explicit [`Secret::expose`].
///
/// # Example
///
/// ```
/// use pc_models::Secret;
///
/// let code = Secret::new("123456");
/// assert_eq!(format!("{code:?}"), "Secret([redacted])");
/// assert_eq!(code.expose(), "123456");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Callers must not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with every occurrence of each secret replaced by `[redacted]`.
    ///
    /// Secrets shorter than 4 characters are left alone: replacing them would garble ordinary text
    /// (a code `1` would blank out every digit one) while hiding little.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_models::Secret;
    ///
    /// let code = Secret::new("123456");
    /// assert_eq!(Secret::redact("code 123456 is invalid", [&code]), "code [redacted] is invalid");
    /// ```
    pub fn redact<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
        let mut text = text.to_owned();
        for secret in secrets {
            if secret.0.len() >= 4 {
                text = text.replace(&secret.0, "[redacted]");
            }
        }
        text
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

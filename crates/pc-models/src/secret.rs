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

    /// `text` with each secret replaced by `[redacted]`, whatever its length.
    ///
    /// - A secret of 4 characters or more is replaced wherever it occurs, even inside a longer
    ///   word.
    /// - A shorter secret (a validation code `7` or `ab3`) is replaced where it stands as a whole
    ///   token: where neither the character before it nor the one after it is a letter or a
    ///   digit (the text's ends count as boundaries). That is how services quote a value:
    ///   `code=7`, `"validationCode":"7"`, `code 7 is invalid`, `(7)`.
    /// - An empty secret is ignored. Longer secrets are replaced first.
    ///
    /// # Design
    ///
    /// Issue 10 ("Hardening ... terminal-safe output"): secrets shorter than 4 characters used to
    /// be left alone. Replacing every occurrence of them would garble ordinary text (a code `1`
    /// would blank out every digit one, in ids, dates and status codes alike) and would itself
    /// give the code away (the blanked character is the code). A whole-token match hides the
    /// code wherever it is quoted as a value and leaves words and numbers that merely contain
    /// it (`2021`, `HTTP 401`, `4b6e`) intact. A short secret glued to other letters or digits
    /// (`code7`) is not found: such text is not a quote of the value.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_models::Secret;
    ///
    /// let code = Secret::new("123456");
    /// assert_eq!(Secret::redact("code 123456 is invalid", [&code]), "code [redacted] is invalid");
    ///
    /// let short = Secret::new("7");
    /// assert_eq!(
    ///     Secret::redact("code=7: code 7 is invalid (HTTP 407)", [&short]),
    ///     "code=[redacted]: code [redacted] is invalid (HTTP 407)"
    /// );
    /// ```
    pub fn redact<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
        let mut secrets: Vec<&str> = secrets
            .into_iter()
            .map(|secret| secret.0.as_str())
            .filter(|secret| !secret.is_empty())
            .collect();
        secrets.sort_by_key(|secret| std::cmp::Reverse(secret.chars().count()));
        let mut text = text.to_owned();
        for secret in secrets {
            if secret.chars().count() >= WHOLE_TOKEN_BELOW {
                text = text.replace(secret, REDACTED);
            } else {
                text = replace_tokens(&text, secret);
            }
        }
        text
    }
}

/// What [`Secret::redact`] puts in place of a secret.
const REDACTED: &str = "[redacted]";

/// Secrets shorter than this many characters are redacted only as whole tokens.
const WHOLE_TOKEN_BELOW: usize = 4;

/// `text` with every occurrence of `secret` that stands as a whole token replaced: the
/// characters around it (if any) are neither letters nor digits.
///
/// Occurrences are looked for at every character, not only after the previous match: an
/// occurrence glued to a letter or digit must not hide an overlapping one that stands alone
/// (`1.1` in `11.1.1`, found by the fuzz target `secret_redact`).
fn replace_tokens(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(secret)) {
        let start = from + found;
        let end = start + secret.len();
        let before = text.get(..start).and_then(|head| head.chars().next_back());
        let after = text.get(end..).and_then(|tail| tail.chars().next());
        if boundary(before) && boundary(after) {
            out.push_str(text.get(copied..start).unwrap_or_default());
            out.push_str(REDACTED);
            copied = end;
            from = end;
        } else {
            let first = text.get(start..).and_then(|tail| tail.chars().next());
            from = start + first.map_or(1, char::len_utf8);
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
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

//! Text helpers for showing server-sent text on one line, safely and briefly.
//!
//! Error descriptions, raw bodies and clap messages end up in one-line error messages, logs and
//! terminals. These helpers are the one place that folds, cleans and cuts such text; `pc-client`
//! and `pc-cli` use them instead of their own copies.
//!
//! - [`one_line`]: folds every white-space run (line breaks included) into one space and replaces
//!   control characters, so the text is one terminal-safe line.
//! - [`snippet`]: [`one_line`], cut to at most `max_chars` characters, with `…` when cut.
//! - [`truncate_chars`]: only cuts to at most `max_chars` characters (never inside a character).
//! - [`REPLACEMENT`]: what a control character becomes.
//!
//! Lengths count `char`s (Unicode scalar values), never bytes, so a cut never splits a UTF-8
//! sequence.
//!
//! # Examples
//!
//! ```
//! use pc_models::text::{one_line, snippet, truncate_chars};
//!
//! let description = "The customer ID\r\n  is invalid.\u{1b}[31m";
//! assert_eq!(one_line(description), "The customer ID is invalid.\u{fffd}[31m");
//! assert_eq!(snippet(description, 15), "The customer ID…");
//! assert_eq!(truncate_chars("héllo", 2), "hé");
//! ```

/// What [`one_line`] and [`snippet`] put in place of a control character that is not white
/// space: U+FFFD REPLACEMENT CHARACTER (`�`).
pub const REPLACEMENT: char = '\u{fffd}';

/// The ellipsis [`snippet`] appends when it cuts.
const ELLIPSIS: char = '…';

/// Folds `text` onto one terminal-safe line.
///
/// - Every run of white space (Unicode `White_Space`: spaces, tabs, `\r`, `\n`, `\r\n`, U+0085,
///   U+2028, no-break spaces, ...) becomes one ASCII space; leading and trailing white space goes.
/// - Every other control character (C0 such as ESC or NUL, DEL, C1; `char::is_control`) becomes
///   [`REPLACEMENT`], so server text cannot move the cursor or recolour a terminal.
/// - Nothing is cut: see [`snippet`] for a bounded result.
///
/// # Example
///
/// ```
/// use pc_models::text::one_line;
///
/// assert_eq!(one_line("  Rate limit\r\n\texceeded.  "), "Rate limit exceeded.");
/// assert_eq!(one_line("bell\u{7}"), "bell\u{fffd}");
/// assert_eq!(one_line(" \n "), "");
/// ```
pub fn one_line(text: &str) -> String {
    fold(text, usize::MAX)
}

/// [`one_line`], cut to at most `max_chars` characters, with `…` appended when something was cut.
///
/// The count is of characters of the folded text, not bytes, and the `…` comes on top of it. A
/// space left at the cut is dropped (`"abc…"`, not `"abc …"`). A text that folds to exactly
/// `max_chars` characters is returned whole, with no `…`.
///
/// # Example
///
/// ```
/// use pc_models::text::snippet;
///
/// assert_eq!(snippet("<html>\r\n<body>Bad gateway</body>", 12), "<html> <body…");
/// assert_eq!(snippet("héhé", 4), "héhé");
/// assert_eq!(snippet("héhé", 3), "héh…");
/// assert_eq!(snippet("abc def", 4), "abc…");
/// ```
pub fn snippet(text: &str, max_chars: usize) -> String {
    fold(text, max_chars)
}

/// The first `max_chars` characters of `text` (all of it when it is not longer), borrowed.
///
/// Only cuts: no folding, no replacement, no `…`. The cut always falls between characters, so
/// the result is valid UTF-8 and never holds part of a multi-byte character.
///
/// # Example
///
/// ```
/// use pc_models::text::truncate_chars;
///
/// assert_eq!(truncate_chars("año nuevo", 3), "año");
/// assert_eq!(truncate_chars("short", 10), "short");
/// assert_eq!(truncate_chars("any", 0), "");
/// ```
pub fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => text.get(..cut).unwrap_or(text),
        None => text,
    }
}

/// Folds white space, replaces control characters and stops after `max_chars` characters.
fn fold(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_add(1)));
    let mut kept = 0_usize;
    for (index, word) in text.split_whitespace().enumerate() {
        let separator = (index > 0).then_some(' ');
        for c in separator.into_iter().chain(word.chars()) {
            if kept == max_chars {
                // More text follows: mark the cut, without a space dangling before the mark.
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push(ELLIPSIS);
                return out;
            }
            out.push(if c.is_control() { REPLACEMENT } else { c });
            kept += 1;
        }
    }
    out
}

//! JSON for a terminal: serde_json, with every control character escaped.
//!
//! - `write_pretty`: one pretty-printed document (stdout under `--output json`).
//! - `to_line`: one compact document on one line (the error object on stderr).
//!
//! Server text keeps its full content in JSON: `--output json` is for scripts, which need the
//! text as sent. serde_json already writes C0 control characters (`\u001b`, `\r`, `\n`) as
//! escapes, never raw; it writes DEL (U+007F) and the C1 controls (U+0080 to U+009F, among them
//! the 8-bit CSI U+009B that some terminals obey) as they are. These are escaped here too
//! (`\u007f`, `\u009b`), so the document stays byte for byte the same JSON value and no control
//! character reaches the terminal raw.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};

/// Writes `value` as one pretty-printed JSON document followed by a newline.
pub(crate) fn write_pretty(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer = Serializer::with_formatter(&mut *out, Escaping(PrettyFormatter::new()));
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writeln!(out)
}

/// `value` as one compact JSON document on one line.
pub(crate) fn to_line(value: &impl Serialize) -> Result<String, serde_json::Error> {
    let mut bytes = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut bytes, Escaping(CompactFormatter));
    value.serialize(&mut serializer)?;
    // serde_json writes UTF-8 only; a lossy conversion never loses anything here.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A formatter that escapes the control characters serde_json leaves raw (DEL and C1), and
/// otherwise formats as the wrapped one does.
#[derive(Debug)]
struct Escaping<F>(F);

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut plain = 0;
        for (at, c) in fragment.char_indices() {
            if c.is_control() {
                let before = fragment.get(plain..at).unwrap_or_default();
                self.0.write_string_fragment(writer, before)?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                plain = at + c.len_utf8();
            }
        }
        self.0
            .write_string_fragment(writer, fragment.get(plain..).unwrap_or_default())
    }

    // The layout is the wrapped formatter's: every method it may override is passed on.

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn every_control_character_is_escaped_and_the_value_survives()
    -> Result<(), Box<dyn std::error::Error>> {
        let text = "red\u{1b}[31m\r\n\t del\u{7f} csi\u{9b}2J nel\u{85} é…";
        let value = json!({"vettingReason": text, "list": [text]});

        let line = to_line(&value)?;
        let mut pretty = Vec::new();
        write_pretty(&mut pretty, &value)?;
        let pretty = String::from_utf8(pretty)?;

        for document in [&line, &pretty] {
            let controls: Vec<char> = document.chars().filter(|c| c.is_control()).collect();
            let expected: Vec<char> = if document == &pretty {
                document.chars().filter(|c| *c == '\n').collect()
            } else {
                Vec::new()
            };
            assert_eq!(controls, expected, "{document}");
            assert!(
                document.contains(r"red\u001b[31m\r\n\t del\u007f csi\u009b2J nel\u0085 é…"),
                "{document}"
            );
            assert_eq!(serde_json::from_str::<Value>(document)?, value);
        }
        assert!(!line.contains('\n'), "{line}");
        assert!(pretty.ends_with("}\n"), "{pretty}");
        Ok(())
    }

    #[test]
    fn the_layout_is_serde_json_s() -> Result<(), Box<dyn std::error::Error>> {
        let value = json!({"a": [1, {"b": null}], "c": {}});
        let mut pretty = Vec::new();
        write_pretty(&mut pretty, &value)?;
        assert_eq!(
            String::from_utf8(pretty)?,
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        );
        assert_eq!(to_line(&value)?, serde_json::to_string(&value)?);
        Ok(())
    }
}

//! Rendering results: aligned tables for people, one JSON document for scripts.
//!
//! - [`OutputFormat`]: `table` or `json`; the default depends on whether stdout is a terminal.
//! - `Table`: a plain aligned table (two spaces between columns).
//! - `qualifications`, `validation_codes`, `legacy`: the renderings of each result.
//! - `text`: server-sent text as a table shows it: one line, no control characters, at most
//!   [`CELL_LIMIT`] characters.
//!
//! JSON uses the wire field names, exactly as `pc-models` serializes them, and keeps server text
//! whole, every control character escaped (`crate::json`).
//!
//! # Design
//!
//! Issue 10 ("Hardening ... terminal-safe output"): every cell that holds server text (names
//! and statuses the client does not know, vetting reasons, validation-code fields) goes through
//! `text`, so a service cannot move the cursor, recolour the terminal or flood it through a
//! table; dates and counts are rendered here and need nothing.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use pc_models::text::snippet;
use pc_models::{Qualification, QualificationName, ValidationCode};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::{json as safe_json, names};

/// The most characters of server text a table cell shows; longer text ends in `…`.
pub(crate) const CELL_LIMIT: usize = 1024;

/// How results are written to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// An aligned table for people
    Table,
    /// Exactly one JSON document, wire field names (camelCase)
    Json,
}

impl OutputFormat {
    /// The format asked for, or `table` when stdout is a terminal and `json` otherwise.
    pub fn resolve(asked: Option<Self>) -> Self {
        asked.unwrap_or_else(|| {
            if io::stdout().is_terminal() {
                Self::Table
            } else {
                Self::Json
            }
        })
    }
}

/// Writes `value` as one pretty-printed JSON document followed by a newline, every control
/// character escaped.
pub(crate) fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    safe_json::write_pretty(out, value)
}

/// Server text for a table cell or a line: folded onto one line, control characters replaced
/// (U+FFFD), cut to [`CELL_LIMIT`] characters with `…`.
pub(crate) fn text(value: &str) -> String {
    snippet(value, CELL_LIMIT)
}

/// A table with a header row; columns are padded to their widest cell.
#[derive(Debug)]
pub(crate) struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(header: &[&'static str]) -> Self {
        Self {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the table, each line prefixed by `indent`.
    pub(crate) fn write(&self, out: &mut dyn Write, indent: &str) -> io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(width) = widths.get_mut(i) {
                    *width = (*width).max(cell.chars().count());
                }
            }
        }
        let header: Vec<String> = self.header.iter().map(|h| (*h).to_owned()).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::from(indent);
            for (i, cell) in row.iter().enumerate() {
                if i + 1 == row.len() {
                    line.push_str(cell);
                } else {
                    let pad = widths[i] - cell.chars().count() + 2;
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// A cell for an optional server value: `-` when absent, else its [`text`].
fn cell(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| text(&v.to_string()))
}

/// A vetting date for people: RFC 3339 in UTC, to the second.
pub(crate) fn date(at: Option<OffsetDateTime>) -> String {
    at.and_then(|at| at.replace_nanosecond(0).ok())
        .and_then(|at| at.format(&Rfc3339).ok())
        .unwrap_or_else(|| "-".to_owned())
}

/// Qualification records: a JSON array, or a table.
pub(crate) fn qualifications(
    out: &mut dyn Write,
    format: OutputFormat,
    records: &[Qualification],
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json(out, &records),
        OutputFormat::Table if records.is_empty() => writeln!(out, "no qualifications"),
        OutputFormat::Table => qualification_table(records).write(out, ""),
    }
}

/// One qualification record: a JSON object, or a one-row table.
pub(crate) fn qualification(
    out: &mut dyn Write,
    format: OutputFormat,
    record: &Qualification,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json(out, record),
        OutputFormat::Table => qualification_table(std::slice::from_ref(record)).write(out, ""),
    }
}

pub(crate) fn qualification_table(records: &[Qualification]) -> Table {
    let mut table = Table::new(&["QUALIFICATION", "VETTING STATUS", "REASON", "CREATED"]);
    for record in records {
        table.row(vec![
            text(&record.qualification.to_string()),
            cell(record.vetting_status.as_ref()),
            cell(record.vetting_reason.as_ref()),
            date(record.vetting_create_date),
        ]);
    }
    table
}

/// The legacy API's answer: the bare lower-case JSON string (`"education"`), or the name.
pub(crate) fn legacy(
    out: &mut dyn Write,
    format: OutputFormat,
    name: &QualificationName,
) -> io::Result<()> {
    let name = names::legacy_name(name);
    match format {
        OutputFormat::Json => json(out, &name),
        OutputFormat::Table => {
            let mut table = Table::new(&["QUALIFICATION"]);
            table.row(vec![text(name)]);
            table.write(out, "")
        }
    }
}

/// Validation codes: a JSON array (wire form, codes included), or a table.
pub(crate) fn validation_codes(
    out: &mut dyn Write,
    format: OutputFormat,
    codes: &[ValidationCode],
) -> io::Result<()> {
    match format {
        OutputFormat::Json => json(out, &codes),
        OutputFormat::Table if codes.is_empty() => writeln!(out, "no validation codes"),
        OutputFormat::Table => {
            let mut table = Table::new(&[
                "VALIDATION ID",
                "ORGANIZATION",
                "MAX CREATES",
                "REMAINING",
                "PARTNER ID",
            ]);
            for code in codes {
                table.row(vec![
                    text(code.validation_id.expose()),
                    cell(code.organization_name.as_ref()),
                    code.max_creates
                        .map_or_else(|| "unlimited".to_owned(), |n| n.to_string()),
                    code.remaining_creates
                        .map_or_else(|| "unlimited".to_owned(), |n| n.to_string()),
                    cell(code.partner_id.as_ref()),
                ]);
            }
            table.write(out, "")
        }
    }
}

#[cfg(test)]
mod tests {
    use pc_models::{CustomerQualification, VettingStatus};

    use super::*;

    #[test]
    fn tables_align_columns_and_trim_line_ends() -> io::Result<()> {
        let records = [
            Qualification::new(CustomerQualification::Education)
                .with_vetting_status(VettingStatus::Denied)
                .with_vetting_reason("Not an Education Customer"),
            Qualification::new(CustomerQualification::StateOwnedEntity),
        ];
        let mut out = Vec::new();
        qualifications(&mut out, OutputFormat::Table, &records)?;
        let text = String::from_utf8_lossy(&out);
        assert_eq!(
            text,
            "QUALIFICATION     VETTING STATUS  REASON                     CREATED\n\
             Education         Denied          Not an Education Customer  -\n\
             StateOwnedEntity  -               -                          -\n"
        );
        Ok(())
    }

    /// Issue 10: server text reached the terminal raw.
    #[test]
    fn table_cells_hold_server_text_on_one_line_without_control_characters() -> io::Result<()> {
        let long = "x".repeat(CELL_LIMIT + 10);
        let records = [
            Qualification::new(QualificationName::parse("Odd\u{1b}]0;title\u{7}"))
                .with_vetting_status(VettingStatus::parse("Hold\r\n\u{9b}2J"))
                .with_vetting_reason(format!("red \u{1b}[31m\r\nline {long}")),
        ];
        let mut out = Vec::new();
        qualifications(&mut out, OutputFormat::Table, &records)?;
        let text = String::from_utf8_lossy(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(!lines.concat().contains(char::is_control), "{text}");
        assert!(
            lines[1].starts_with("Odd\u{fffd}]0;title\u{fffd}  Hold \u{fffd}2J"),
            "{text}"
        );
        assert!(lines[1].contains("red \u{fffd}[31m line xxx"), "{text}");
        assert!(lines[1].ends_with("…  -"), "{text}");
        assert!(lines[1].chars().count() < CELL_LIMIT + 100, "{text}");
        Ok(())
    }

    #[test]
    fn empty_lists_say_so_in_tables_and_are_empty_arrays_in_json() -> io::Result<()> {
        let mut out = Vec::new();
        qualifications(&mut out, OutputFormat::Table, &[])?;
        assert_eq!(out, b"no qualifications\n");
        out.clear();
        qualifications(&mut out, OutputFormat::Json, &[])?;
        assert_eq!(out, b"[]\n");
        Ok(())
    }
}

//! Reading the input CSV as a stream of checked rows.
//!
//! - [`InputFile`]: the header, checked once: required columns present, unknown ones noted.
//! - [`RowReader`]: one [`InputRow`] at a time, each checked locally; memory does not grow with
//!   the file.
//! - [`InputRow`]: a row's line, content hash, customer and qualification (when they parse) and
//!   either the request to send or why it is refused.
//!
//! The format (documented for users in the crate docs): a header row, then one row per customer
//! and qualification. `customer_id` and `qualification` are required; `education_segment`,
//! `website` and `validation_code` are optional. Header names ignore case and surrounding
//! spaces, and `-` or a space may stand for `_`. Fields are trimmed. Rows whose every field is
//! empty are skipped. A row with more fields than the header is refused; missing trailing fields
//! are empty.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use csv::{ByteRecord, Trim};
use pc_client::models::text::snippet;
use pc_client::{
    Contract, CustomerId, CustomerQualification, EducationSegment, QualificationRequest,
};

use crate::fingerprint::row_hash;
use crate::{Error, Warning};

/// The required and optional column names.
const CUSTOMER_ID: &str = "customer_id";
const QUALIFICATION: &str = "qualification";
const EDUCATION_SEGMENT: &str = "education_segment";
const WEBSITE: &str = "website";
pub(crate) const VALIDATION_CODE: &str = "validation_code";

/// The read buffer of the CSV reader.
const BUFFER_BYTES: usize = 64 * 1024;

/// How many characters of a refused value a message quotes.
const QUOTE_CHARS: usize = 64;

/// Where each known column sits in a record.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    customer: usize,
    qualification: usize,
    segment: Option<usize>,
    website: Option<usize>,
    pub(crate) code: Option<usize>,
    width: usize,
    unknown: Vec<String>,
}

/// An input file whose header has been checked.
#[derive(Debug, Clone)]
pub(crate) struct InputFile {
    path: PathBuf,
    columns: Columns,
}

/// A CSV reader over `path` with the settings every pass uses.
pub(crate) fn csv_reader(path: &Path) -> Result<csv::Reader<BufReader<File>>, Error> {
    let file = File::open(path)
        .map_err(|e| Error::input(format!("cannot open input {}: {e}", path.display())))?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(Trim::All)
        .buffer_capacity(BUFFER_BYTES)
        .from_reader(BufReader::with_capacity(BUFFER_BYTES, file)))
}

/// The error for a failed read of `path`.
pub(crate) fn read_error(path: &Path, error: &csv::Error) -> Error {
    let at = error
        .position()
        .map(|p| format!(" at line {}", p.line()))
        .unwrap_or_default();
    Error::input(format!("cannot read input {}{at}: {error}", path.display()))
}

/// Whether every field of a record is empty (after trimming).
pub(crate) fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(<[u8]>::is_empty)
}

impl InputFile {
    /// Opens `path` and checks its header.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Input`](crate::ErrorKind::Input) when the file cannot be read, has no header,
    /// lacks `customer_id` or `qualification`, or names a known column twice.
    pub(crate) fn open(path: &Path) -> Result<Self, Error> {
        let mut reader = csv_reader(path)?;
        let header = reader.byte_headers().map_err(|e| read_error(path, &e))?;
        let columns = Columns::from_header(path, header)?;
        Ok(Self {
            path: path.to_owned(),
            columns,
        })
    }

    /// The path given.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The columns found.
    pub(crate) fn columns(&self) -> &Columns {
        &self.columns
    }

    /// The warnings about the header: unknown columns, once.
    pub(crate) fn warnings(&self) -> Vec<Warning> {
        if self.columns.unknown.is_empty() {
            Vec::new()
        } else {
            vec![Warning::UnknownColumns(self.columns.unknown.clone())]
        }
    }

    /// A reader of the rows, from the first after the header.
    pub(crate) fn rows(&self, contract: Contract) -> Result<RowReader, Error> {
        let mut reader = csv_reader(&self.path)?;
        // Reads past the header.
        reader
            .byte_headers()
            .map_err(|e| read_error(&self.path, &e))?;
        Ok(RowReader {
            path: self.path.clone(),
            reader,
            record: ByteRecord::new(),
            columns: self.columns.clone(),
            contract,
        })
    }
}

impl Columns {
    fn from_header(path: &Path, header: &ByteRecord) -> Result<Self, Error> {
        let mut customer = None;
        let mut qualification = None;
        let mut segment = None;
        let mut website = None;
        let mut code = None;
        let mut unknown = Vec::new();
        for (index, raw) in header.iter().enumerate() {
            let raw = if index == 0 {
                raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
            } else {
                raw
            };
            let text = String::from_utf8_lossy(raw);
            let name = normalize(&text);
            let slot = match name.as_str() {
                CUSTOMER_ID => &mut customer,
                QUALIFICATION => &mut qualification,
                EDUCATION_SEGMENT => &mut segment,
                WEBSITE => &mut website,
                VALIDATION_CODE => &mut code,
                _ => {
                    unknown.push(snippet(&text, QUOTE_CHARS));
                    continue;
                }
            };
            if slot.replace(index).is_some() {
                return Err(Error::input(format!(
                    "input {}: column {name} appears twice in the header",
                    path.display()
                )));
            }
        }
        let missing: Vec<&str> = [(CUSTOMER_ID, customer), (QUALIFICATION, qualification)]
            .into_iter()
            .filter(|(_, index)| index.is_none())
            .map(|(name, _)| name)
            .collect();
        let (Some(customer), Some(qualification)) = (customer, qualification) else {
            let found = if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
                "no header row".to_owned()
            } else {
                let names: Vec<String> = header
                    .iter()
                    .map(|f| snippet(&String::from_utf8_lossy(f), QUOTE_CHARS))
                    .collect();
                format!("found {}", names.join(", "))
            };
            let word = if missing.len() == 1 {
                "column"
            } else {
                "columns"
            };
            return Err(Error::input(format!(
                "input {}: missing required {word} {} ({found})",
                path.display(),
                missing.join(" and ")
            )));
        };
        Ok(Self {
            customer,
            qualification,
            segment,
            website,
            code,
            width: header.len(),
            unknown,
        })
    }
}

/// A header name in its canonical form: trimmed, lower case, `-` and spaces as `_`.
fn normalize(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// One row of the input, checked.
#[derive(Debug)]
pub(crate) struct InputRow {
    /// The line the row starts on (the header is line 1).
    pub(crate) line: u64,
    /// A hash of the row's content, the validation code left out.
    pub(crate) hash: String,
    /// The customer, when the id parses.
    pub(crate) customer: Option<CustomerId>,
    /// The qualification, when the name parses.
    pub(crate) qualification: Option<CustomerQualification>,
    /// The request to send, or why the row is refused (never quoting a validation code).
    pub(crate) check: Result<QualificationRequest, String>,
}

/// The rows of an input file, one at a time.
#[derive(Debug)]
pub(crate) struct RowReader {
    path: PathBuf,
    reader: csv::Reader<BufReader<File>>,
    record: ByteRecord,
    columns: Columns,
    contract: Contract,
}

impl RowReader {
    /// The next row that is not blank, checked; `None` at the end of the file.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Input`](crate::ErrorKind::Input) when the file cannot be read further.
    pub(crate) fn next_row(&mut self) -> Result<Option<InputRow>, Error> {
        loop {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| read_error(&self.path, &e))?;
            if !more {
                return Ok(None);
            }
            if is_blank(&self.record) {
                continue;
            }
            return Ok(Some(self.check()));
        }
    }

    /// The field of the current record at `index`; empty when absent.
    fn raw(&self, index: Option<usize>) -> &[u8] {
        index.and_then(|i| self.record.get(i)).unwrap_or(b"")
    }

    /// Checks the current record.
    fn check(&self) -> InputRow {
        let line = self.record.position().map_or(0, csv::Position::line);
        let columns = &self.columns;
        let raw = |index: Option<usize>| self.raw(index);
        let hash = row_hash(&[
            raw(Some(columns.customer)),
            raw(Some(columns.qualification)),
            raw(columns.segment),
            raw(columns.website),
            if raw(columns.code).is_empty() {
                b"-"
            } else {
                b"code"
            },
        ]);
        let customer = text(raw(Some(columns.customer)), CUSTOMER_ID)
            .and_then(|t| t.ok_or_else(|| format!("missing {CUSTOMER_ID}")))
            .and_then(|t| CustomerId::parse(t).map_err(|e| e.to_string()));
        let qualification = text(raw(Some(columns.qualification)), QUALIFICATION)
            .and_then(|t| t.ok_or_else(|| format!("missing {QUALIFICATION}")))
            .and_then(|t| {
                CustomerQualification::from_operator_name(t).ok_or_else(|| {
                    format!(
                        "unknown qualification {:?} (expected {})",
                        snippet(t, QUOTE_CHARS),
                        CustomerQualification::OPERATOR_NAMES
                    )
                })
            });
        let check = self.request(&customer, &qualification);
        InputRow {
            line,
            hash,
            customer: customer.ok(),
            qualification: qualification.ok(),
            check,
        }
    }

    /// The request of the current record, or the first reason to refuse it.
    fn request(
        &self,
        customer: &Result<CustomerId, String>,
        qualification: &Result<CustomerQualification, String>,
    ) -> Result<QualificationRequest, String> {
        let columns = &self.columns;
        let raw = |index: Option<usize>| self.raw(index);
        if self.record.len() > columns.width {
            return Err(format!(
                "the row has {} fields, the header {}",
                self.record.len(),
                columns.width
            ));
        }
        customer.as_ref().map_err(Clone::clone)?;
        let mut request = QualificationRequest::new(*qualification.as_ref().map_err(Clone::clone)?);
        if let Some(segment) = text(raw(columns.segment), EDUCATION_SEGMENT)? {
            let parsed = EducationSegment::from_name(segment).ok_or_else(|| {
                format!(
                    "unknown {EDUCATION_SEGMENT} {:?} (expected K12 or HigherEducation)",
                    snippet(segment, QUOTE_CHARS)
                )
            })?;
            request = request.with_education_segment(parsed);
        }
        if let Some(website) = text(raw(columns.website), WEBSITE)? {
            request = request.with_website(website);
        }
        if let Some(code) = text(raw(columns.code), VALIDATION_CODE)? {
            request = request.with_validation_code(code);
        }
        request.validate(self.contract).map_err(|e| e.to_string())?;
        Ok(request)
    }
}

/// A field as text: `None` when empty.
fn text<'a>(raw: &'a [u8], column: &str) -> Result<Option<&'a str>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    std::str::from_utf8(raw)
        .map(Some)
        .map_err(|_| format!("{column} is not valid UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_normalized() {
        assert_eq!(normalize(" Customer-ID "), "customer_id");
        assert_eq!(normalize("Validation Code"), "validation_code");
    }
}

//! Content hashes: of the whole input file (to recognise it on a rerun) and of each row.
//!
//! - [`Fingerprint`]: the input file's SHA-256 fingerprint and its number of rows, computed in
//!   one streaming pass.
//! - [`row_hash`]: a short hash of one row's fields.
//!
//! # Design
//!
//! Neither hash covers a validation code. The ledger must hold no secret, and a hash of a
//! six-digit code next to the rest of a row (customer, qualification, line) could be reversed by
//! trying every code. So the file fingerprint is SHA-256 over the parsed records (header, then
//! each row's line number and trimmed fields, length-prefixed) with the value of the
//! `validation_code` column replaced by whether it is empty; a row hash covers the customer,
//! qualification, segment and website and whether a code was given. Two files that differ only in
//! quoting or surrounding spaces have the same fingerprint: they make the same requests. See
//! issue 9.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::Error;
use crate::input::{InputFile, csv_reader, is_blank, read_error};

/// The domain tag hashed first, so the fingerprint format can change without confusion.
const FORMAT: &[u8] = b"pc-bulk input fingerprint v1\n";

/// How many bytes of SHA-256 a row hash keeps.
const ROW_HASH_BYTES: usize = 16;

/// An input file's fingerprint and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    /// SHA-256, lower-case hex.
    pub(crate) hex: String,
    /// Rows that are not blank.
    pub(crate) rows: u64,
}

impl Fingerprint {
    /// Reads the whole file once.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Input`](crate::ErrorKind::Input) when the file cannot be read.
    pub(crate) fn of(input: &InputFile) -> Result<Self, Error> {
        let path: &Path = input.path();
        let code = input.columns().code;
        let mut reader = csv_reader(path)?;
        let mut hasher = Sha256::new();
        hasher.update(FORMAT);
        let header = reader.byte_headers().map_err(|e| read_error(path, &e))?;
        hash_fields(&mut hasher, header.iter(), None);
        let mut record = csv::ByteRecord::new();
        let mut rows = 0u64;
        while reader
            .read_byte_record(&mut record)
            .map_err(|e| read_error(path, &e))?
        {
            if is_blank(&record) {
                continue;
            }
            rows += 1;
            let line = record.position().map_or(0, csv::Position::line);
            hasher.update(line.to_le_bytes());
            hash_fields(&mut hasher, record.iter(), code);
        }
        Ok(Self {
            hex: hex(&hasher.finalize()),
            rows,
        })
    }
}

/// Hashes a record's fields, length-prefixed; the field at `secret` only as empty or not.
fn hash_fields<'a>(
    hasher: &mut Sha256,
    fields: impl ExactSizeIterator<Item = &'a [u8]>,
    secret: Option<usize>,
) {
    hasher.update((fields.len() as u64).to_le_bytes());
    for (index, field) in fields.enumerate() {
        if Some(index) == secret {
            hasher.update([0xFF, u8::from(!field.is_empty())]);
        } else {
            hasher.update([0x00]);
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field);
        }
    }
}

/// A short hash (128 bits of SHA-256, hex) of a row's fields, length-prefixed. Callers leave the
/// validation code out.
pub(crate) fn row_hash(fields: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field);
    }
    let digest = hasher.finalize();
    hex(&digest[..ROW_HASH_BYTES])
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0F)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_hash_is_length_prefixed() {
        assert_ne!(row_hash(&[b"ab", b"c"]), row_hash(&[b"a", b"bc"]));
        assert_eq!(row_hash(&[b"x"]).len(), 32);
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0x00, 0xAB, 0x7f]), "00ab7f");
    }
}

//! Reading a ledger back: its status, and a report of every row.
//!
//! - [`status`] and [`LedgerStatus`]: what the ledger was made from and how many rows are in each
//!   state ([`StateCounts`]) and vetting status ([`VettingCounts`]); serde-serializable for
//!   `--output json`.
//! - [`write_report`], [`ReportFormat`] and [`ReportRow`]: one line per input row, as CSV or
//!   JSON, streamed (memory does not grow with the ledger).
//!
//! # Examples
//!
//! ```no_run
//! use pc_bulk::{ReportFormat, status, write_report};
//!
//! # fn main() -> Result<(), pc_bulk::Error> {
//! let status = status("customers.db")?;
//! println!("{} of {} rows done", status.counts.done(), status.input_rows);
//! write_report("customers.db", ReportFormat::Csv, std::io::stdout().lock())?;
//! # Ok(()) }
//! ```

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::ledger::Ledger;
use crate::{Error, RowState, StateCounts};

/// Vetting statuses of the rows whose qualification is in place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VettingCounts {
    /// `InReview`: `pc bulk wait` polls these.
    pub in_review: u64,
    /// `Approved`.
    pub approved: u64,
    /// `Denied` (see each row's vetting reason).
    pub denied: u64,
    /// Statuses this version does not know.
    pub other: u64,
}

/// What a ledger holds: its origin and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LedgerStatus {
    /// The input file the ledger was made from, as given to the first run.
    pub input_path: String,
    /// The input's fingerprint (SHA-256, hex; validation codes left out).
    pub input_fingerprint: String,
    /// Rows in the input (blank rows not counted).
    pub input_rows: u64,
    /// The request contract: `integer` or `object`.
    pub contract: String,
    /// When the ledger was made (RFC 3339, UTC).
    pub created_at: String,
    /// Rows per state.
    pub counts: StateCounts,
    /// Vetting statuses of created and already-held rows.
    pub vetting: VettingCounts,
    /// Whether every input row is recorded and none is `pending`, `sent` or `failed`.
    pub complete: bool,
}

/// Reads the status of the ledger at `path`.
///
/// # Errors
///
/// [`ErrorKind::Ledger`](crate::ErrorKind::Ledger) when there is no ledger there or it cannot be
/// read.
pub fn status(path: impl AsRef<Path>) -> Result<LedgerStatus, Error> {
    let ledger = Ledger::open_existing(path.as_ref())?;
    let meta = ledger.meta()?;
    let reader = ledger.reader();
    let counts = reader.counts()?;
    let vetting = reader.vetting_counts()?;
    Ok(LedgerStatus {
        complete: counts.total() == meta.input_rows
            && counts.unfinished() == 0
            && counts.failed == 0,
        input_path: meta.input_path,
        input_fingerprint: meta.fingerprint,
        input_rows: meta.input_rows,
        contract: meta.contract.as_str().to_owned(),
        created_at: meta.created_at,
        counts,
        vetting,
    })
}

/// The format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ReportFormat {
    /// CSV with a header row, snake_case column names, absent values empty. The default.
    #[default]
    Csv,
    /// One JSON array of camelCase objects, one per line, absent values `null`.
    Json,
}

/// One input row as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ReportRow {
    /// The line the row starts on in the input.
    pub line: u64,
    /// The customer id, when it parsed.
    pub customer_id: Option<String>,
    /// The qualification's wire name, when it parsed.
    pub qualification: Option<String>,
    /// The row's state.
    pub state: RowState,
    /// The HTTP status of the last answer.
    pub http_status: Option<u16>,
    /// The service's error code.
    pub error_code: Option<String>,
    /// The service's description, or why the row was refused locally or failed.
    pub error_description: Option<String>,
    /// The row's `MS-RequestId`.
    pub request_id: Option<String>,
    /// The row's `MS-CorrelationId`.
    pub correlation_id: Option<String>,
    /// Attempts made.
    pub attempts: u32,
    /// The last vetting status seen.
    pub vetting_status: Option<String>,
    /// The vetting reason, when denied.
    pub vetting_reason: Option<String>,
}

/// The CSV header of a report.
const CSV_HEADER: [&str; 12] = [
    "line",
    "customer_id",
    "qualification",
    "state",
    "http_status",
    "error_code",
    "error_description",
    "request_id",
    "correlation_id",
    "attempts",
    "vetting_status",
    "vetting_reason",
];

/// Writes a report of every row of the ledger at `path` to `out`, in line order, and returns
/// how many rows it wrote.
///
/// CSV: the header `line,customer_id,qualification,state,http_status,error_code,
/// error_description,request_id,correlation_id,attempts,vetting_status,vetting_reason`, then one
/// record per row. JSON: `[`, one object per line (`{"line":2,"customerId":"…",…}`) separated
/// by commas, `]`.
///
/// # Errors
///
/// [`ErrorKind::Ledger`](crate::ErrorKind::Ledger) when the ledger cannot be read;
/// [`ErrorKind::Output`](crate::ErrorKind::Output) when writing fails.
pub fn write_report(
    path: impl AsRef<Path>,
    format: ReportFormat,
    out: impl Write,
) -> Result<u64, Error> {
    let ledger = Ledger::open_existing(path.as_ref())?;
    match format {
        ReportFormat::Csv => write_csv(&ledger, out),
        ReportFormat::Json => write_json(&ledger, out),
    }
}

fn write_csv(ledger: &Ledger, out: impl Write) -> Result<u64, Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(CSV_HEADER).map_err(Error::output)?;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let count = ledger.reader().for_each_row(|row| {
        writer
            .write_record([
                row.line.to_string(),
                text(&row.customer_id),
                text(&row.qualification),
                row.state.as_str().to_owned(),
                row.http_status.map(|s| s.to_string()).unwrap_or_default(),
                text(&row.error_code),
                text(&row.error_description),
                text(&row.request_id),
                text(&row.correlation_id),
                row.attempts.to_string(),
                text(&row.vetting_status),
                text(&row.vetting_reason),
            ])
            .map_err(Error::output)
    })?;
    writer.flush().map_err(Error::output)?;
    Ok(count)
}

fn write_json(ledger: &Ledger, mut out: impl Write) -> Result<u64, Error> {
    out.write_all(b"[").map_err(Error::output)?;
    let mut first = true;
    let count = ledger.reader().for_each_row(|row| {
        out.write_all(if first { b"\n" } else { b",\n" })
            .map_err(Error::output)?;
        first = false;
        serde_json::to_writer(&mut out, &row).map_err(Error::output)
    })?;
    let end: &[u8] = if count == 0 { b"]\n" } else { b"\n]\n" };
    out.write_all(end).map_err(Error::output)?;
    out.flush().map_err(Error::output)?;
    Ok(count)
}

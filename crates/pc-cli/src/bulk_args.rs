//! The flags of `pc bulk`, declared with clap derive: the doc comments are the help text.
//!
//! - [`BulkCommand`]: `create`, `status`, `wait`, `report`.
//! - [`BulkCreateArgs`], [`LedgerArgs`], [`BulkWaitArgs`], [`BulkReportArgs`]: their flags.
//! - [`ReportFormatArg`]: `--format csv|json`.
//!
//! # Example
//!
//! ```
//! use clap::Parser;
//! use pc_cli::{BulkCommand, Cli, Command};
//!
//! let cli = Cli::try_parse_from([
//!     "pc", "bulk", "create", "--input", "customers.csv", "--ledger", "customers.db",
//! ])?;
//! assert!(matches!(cli.command, Command::Bulk(BulkCommand::Create(_))));
//! # Ok::<(), clap::Error>(())
//! ```

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use crate::cli::{WaitTimingArgs, poll_interval};

/// `pc bulk ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum BulkCommand {
    /// Create the qualification of every row of a CSV file; rerun the same command to resume
    ///
    /// The CSV has a header row: customer_id and qualification are required; education_segment
    /// (K12, HigherEducation), website and validation_code (GCC) are optional; other columns are
    /// ignored with a warning. Every row is checked locally first (a malformed row is reported
    /// with its line and never sent), recorded in the SQLite ledger with its MS-RequestId and
    /// MS-CorrelationId, then sent. Rerunning with the same --input and --ledger resumes: done
    /// rows are skipped, rows cut off by a crash or Ctrl-C and failed rows are sent again with
    /// their stored ids, so the service replays a create instead of applying it twice. A ledger
    /// made from another input file (or under another --contract) is refused.
    ///
    /// Progress goes to stderr (a bar on a terminal, a line every 2 seconds otherwise), then a
    /// summary naming the first problem rows; --output json prints the summary on stdout.
    /// Ctrl-C stops sending, lets the rows in flight finish (--grace-period), saves the ledger
    /// and prints the command that resumes; a second Ctrl-C quits at once (still resumable).
    ///
    /// Exit codes: 0 every row created or already held; 2 a bad input file or ledger (nothing
    /// sent), or only invalid rows; 3 the service could not be used (every row sent failed on
    /// the transport or the credentials); 4 some rows refused, failed or invalid; 130
    /// interrupted.
    Create(BulkCreateArgs),

    /// Count a ledger's rows per state and vetting status
    ///
    /// Sends nothing and needs no credentials. --output json prints one JSON object.
    Status(LedgerArgs),

    /// Wait until the vetting of a ledger's rows settles (Approved or Denied)
    ///
    /// Polls the customers whose created or already-held qualification is still under review
    /// (Education) and records each verdict in the ledger; the first wait is --interval, doubling
    /// after each pass up to 60 seconds. Exit codes: 0 every row settled; 3 --wait-timeout
    /// passed first; 130 interrupted (rerun to resume: the ledger holds what was found).
    Wait(BulkWaitArgs),

    /// Print one line per input row to stdout: its state, the service's answer, its ids
    ///
    /// Columns: line, customer_id, qualification, state, http_status, error_code,
    /// error_description, request_id, correlation_id, attempts, vetting_status, vetting_reason.
    /// Sends nothing and needs no credentials; validation codes are never in it.
    Report(BulkReportArgs),
}

/// `pc bulk create`.
#[derive(Debug, Clone, Args)]
pub struct BulkCreateArgs {
    /// The CSV file of rows to create
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,

    /// The SQLite ledger recording every row (created if missing, resumed if made from the same
    /// input); not needed with --dry-run
    #[arg(long, value_name = "FILE", required_unless_present = "dry_run")]
    pub ledger: Option<PathBuf>,

    /// How many rows are sent at once (1 to 1024)
    #[arg(
        long,
        value_name = "N",
        default_value_t = 16,
        value_parser = clap::value_parser!(u32).range(1..=1024)
    )]
    pub concurrency: u32,

    /// The most requests per second, never exceeded [default: start at 50 and adapt to the
    /// service's throttling]
    ///
    /// Partner Center throttles per partner: a 429's Retry-After pauses every worker, and the
    /// rate backs off, then grows again while answers come without 429.
    #[arg(long, value_name = "N", value_parser = rate)]
    pub rate: Option<f64>,

    /// Check every row and count, without sending anything or writing the ledger (no
    /// credentials needed)
    #[arg(long)]
    pub dry_run: bool,

    /// After Ctrl-C, how long the rows in flight may take to finish, in seconds (at most 3600);
    /// rows still in flight then are sent again, with the same ids, by the rerun
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "30",
        value_parser = poll_interval,
        allow_negative_numbers = true
    )]
    pub grace_period: Duration,
}

/// A command on one ledger.
#[derive(Debug, Clone, Args)]
pub struct LedgerArgs {
    /// The SQLite ledger of a `pc bulk create`
    #[arg(long, value_name = "FILE")]
    pub ledger: PathBuf,
}

/// `pc bulk wait`.
#[derive(Debug, Clone, Args)]
pub struct BulkWaitArgs {
    /// The SQLite ledger of a `pc bulk create`
    #[arg(long, value_name = "FILE")]
    pub ledger: PathBuf,

    /// How long to wait and how often to pass over the rows under review.
    #[command(flatten)]
    pub timing: WaitTimingArgs,

    /// How many polls are sent at once (1 to 1024)
    #[arg(
        long,
        value_name = "N",
        default_value_t = 16,
        value_parser = clap::value_parser!(u32).range(1..=1024)
    )]
    pub concurrency: u32,

    /// The most polls per second [default: adapt to the service's throttling]
    #[arg(long, value_name = "N", value_parser = rate)]
    pub rate: Option<f64>,
}

/// `pc bulk report`.
#[derive(Debug, Clone, Args)]
pub struct BulkReportArgs {
    /// The SQLite ledger of a `pc bulk create`
    #[arg(long, value_name = "FILE")]
    pub ledger: PathBuf,

    /// The report's format (independent of --output)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormatArg::Csv)]
    pub format: ReportFormatArg,
}

/// `--format` of `pc bulk report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    /// A header row, then one record per input row; absent values empty
    Csv,
    /// One JSON array, one camelCase object per input row on its own line; absent values null
    Json,
}

impl From<ReportFormatArg> for pc_bulk::ReportFormat {
    fn from(value: ReportFormatArg) -> Self {
        match value {
            ReportFormatArg::Csv => pc_bulk::ReportFormat::Csv,
            ReportFormatArg::Json => pc_bulk::ReportFormat::Json,
        }
    }
}

/// The largest `--rate`.
const MAX_RATE: f64 = 1_000_000.0;

/// Parses `--rate`: a positive number of requests per second, at most a million.
fn rate(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of requests per second"))?;
    if !value.is_finite() || value <= 0.0 {
        return Err(format!("{text:?} must be more than 0 requests per second"));
    }
    if value > MAX_RATE {
        return Err(format!(
            "{text:?} is more than the {MAX_RATE} requests per second allowed"
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_positive_and_bounded() {
        assert_eq!(rate("20"), Ok(20.0));
        assert_eq!(rate(" 0.5 "), Ok(0.5));
        for bad in ["0", "-1", "abc", "", "NaN", "inf", "1000001"] {
            assert!(rate(bad).is_err(), "{bad:?}");
        }
    }
}

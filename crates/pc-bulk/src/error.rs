//! The crate's one error type: what stopped a whole run (a row's failure is an outcome, not an
//! error).
//!
//! - [`Error`]: the failing input (file, ledger, setting) and why.
//! - [`ErrorKind`]: the classification, for `match` and for exit codes.
//!
//! # Examples
//!
//! ```
//! use pc_bulk::{BulkRun, ErrorKind};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let run = BulkRun::new("no-such-file.csv", "run.db").dry_run(true);
//! let error = run.run().await.err();
//! assert_eq!(error.map(|e| e.kind()), Some(ErrorKind::Input));
//! # }
//! ```

use std::fmt;

/// What kind of failure stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input file could not be read, or its header lacks a required column. When the header
    /// was at fault, nothing was sent and no ledger was written.
    Input,
    /// The ledger could not be created, opened, read or written.
    Ledger,
    /// The ledger was made from another input file or under another contract.
    LedgerMismatch,
    /// A setting of the run is unusable (no client, zero concurrency, a rate that is not a
    /// positive number, a contract that differs from the client's).
    Config,
    /// Writing a report failed.
    Output,
}

/// A failure of a whole bulk operation.
///
/// `Display` is one lowercase line naming the failing input (a path, a column, a setting) and the
/// cause, which is printed there rather than returned by [`source`](std::error::Error::source).
/// Validation codes never appear in it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Input, message)
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub(crate) fn mismatch(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::LedgerMismatch, message)
    }

    /// A ledger failure: `what` was being done to the ledger at `path` when SQLite said `cause`.
    pub(crate) fn ledger(what: &str, path: &str, cause: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Ledger, format!("{what} ledger {path}: {cause}"))
    }

    pub(crate) fn output(cause: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::Output,
            format!("cannot write the report: {cause}"),
        )
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Whether the input file was at fault.
    pub fn is_input(&self) -> bool {
        self.kind == ErrorKind::Input
    }

    /// Whether the ledger could not be used.
    pub fn is_ledger(&self) -> bool {
        self.kind == ErrorKind::Ledger
    }

    /// Whether the ledger belongs to another input file or contract.
    pub fn is_ledger_mismatch(&self) -> bool {
        self.kind == ErrorKind::LedgerMismatch
    }

    /// Whether a setting was unusable.
    pub fn is_config(&self) -> bool {
        self.kind == ErrorKind::Config
    }

    /// The message without the kind, as `Display` prints it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_and_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn display_is_the_message() {
        let e = Error::ledger("cannot open", "run.db", "disk I/O error");
        assert_eq!(e.to_string(), "cannot open ledger run.db: disk I/O error");
        assert!(e.is_ledger());
    }
}

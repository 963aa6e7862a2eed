//! `pc bulk status` and `pc bulk report`: a ledger read back; no credentials, nothing sent.
//!
//! - `status`: counts per state and vetting status: a table, or one JSON object (pc-bulk's
//!   `LedgerStatus`, camelCase) under `--output json`.
//! - `report`: one line per input row on stdout, CSV or JSON (`--format`), streamed.

use std::io::{self, Write};

use pc_bulk::{LedgerStatus, RowState};

use crate::output::{self, OutputFormat, Table};
use crate::{BulkReportArgs, CliError, LedgerArgs};

/// Runs `pc bulk status`.
pub(super) fn status(
    format: OutputFormat,
    args: &LedgerArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let status = pc_bulk::status(&args.ledger)?;
    match format {
        OutputFormat::Json => output::json(out, &status)?,
        OutputFormat::Table => write_table(out, &status)?,
    }
    Ok(())
}

fn write_table(out: &mut dyn Write, status: &LedgerStatus) -> io::Result<()> {
    let input = format!(
        "{} ({} rows)",
        output::text(&status.input_path),
        status.input_rows
    );
    let complete = if status.complete { "yes" } else { "no" };
    for (name, value) in [
        ("input", input.as_str()),
        ("contract", status.contract.as_str()),
        ("created", status.created_at.as_str()),
        ("complete", complete),
    ] {
        writeln!(out, "{name:<10}{value}")?;
    }
    writeln!(out)?;
    let mut states = Table::new(&["STATE", "ROWS"]);
    for state in RowState::ALL {
        states.row(vec![
            state.as_str().to_owned(),
            status.counts.get(state).to_string(),
        ]);
    }
    states.write(out, "")?;
    writeln!(out)?;
    let vetting = &status.vetting;
    let mut vetted = Table::new(&["VETTING", "ROWS"]);
    for (name, rows) in [
        ("in review", vetting.in_review),
        ("approved", vetting.approved),
        ("denied", vetting.denied),
        ("other", vetting.other),
    ] {
        vetted.row(vec![name.to_owned(), rows.to_string()]);
    }
    vetted.write(out, "")
}

/// Runs `pc bulk report`.
pub(super) fn report(args: &BulkReportArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut watched = Watched {
        inner: out,
        broken_pipe: false,
    };
    match pc_bulk::write_report(&args.ledger, args.format.into(), &mut watched) {
        Ok(_) => Ok(()),
        // The reader left: not a failure (exit code 0).
        Err(_) if watched.broken_pipe => Err(CliError::Output(io::ErrorKind::BrokenPipe.into())),
        Err(error) => Err(error.into()),
    }
}

/// A writer that remembers a broken pipe, which pc-bulk's error reports only as text.
struct Watched<'a> {
    inner: &'a mut dyn Write,
    broken_pipe: bool,
}

impl Watched<'_> {
    fn watch<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(error) = &result
            && error.kind() == io::ErrorKind::BrokenPipe
        {
            self.broken_pipe = true;
        }
        result
    }
}

impl Write for Watched<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(bytes);
        self.watch(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.watch(result)
    }
}

//! `pc bulk`: many customers from a CSV file, through pc-bulk's engine and its SQLite ledger.
//!
//! - `create`: the run, its progress on stderr, its summary, its exit code.
//! - `wait`: polls the rows under review until their vetting settles.
//! - `ledger`: `status` and `report`, the ledger read back (no credentials, nothing sent).
//! - `progress`: what stderr shows while a run goes (a bar on a terminal, lines otherwise), and
//!   the breaker that stops a run the service cannot serve.
//! - `signals`: Ctrl-C (and SIGTERM) stop gracefully, a second one at once.
//! - `resume`: the command line that resumes a run or a wait, secrets left out.
//!
//! # Exit codes
//!
//! 0 every row created or already held (a wait: every row settled); 2 a bad input file, ledger
//! or setting, nothing sent (a dry run: invalid rows); 3 the service could not be used (every
//! row sent failed on the transport or the credentials; a wait: `--wait-timeout` passed); 4 some
//! rows refused, failed or invalid; 130 interrupted by Ctrl-C (rerun to resume).

mod create;
mod ledger;
mod progress;
mod resume;
mod signals;
mod wait;

use std::io::Write;

use crate::{BulkCommand, CliError, GlobalArgs, OutputFormat};

/// Runs one `pc bulk` command.
pub(crate) async fn run(
    global: &GlobalArgs,
    format: OutputFormat,
    command: &BulkCommand,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        BulkCommand::Create(args) => create::create(global, format, args, out).await,
        BulkCommand::Status(args) => ledger::status(format, args, out),
        BulkCommand::Wait(args) => wait::wait(global, format, args, out).await,
        BulkCommand::Report(args) => ledger::report(args, out),
    }
}

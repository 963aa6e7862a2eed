//! The `pc` command line for Microsoft Partner Center's customer-qualification API.
//!
//! - [`Cli`]: the command line (clap derive); its doc comments are the help text.
//! - [`main`]: parse, run, report; returns the documented [`ExitCode`](std::process::ExitCode).
//! - [`run`]: run a parsed command line, writing its output to any writer.
//! - [`CliError`]: every failure, with its exit code and its one-line and JSON renderings.
//! - [`OutputFormat`]: `table` for people, `json` (one document, wire field names) for scripts.
//!
//! # Exit codes
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (also when stdout is closed early: a broken pipe) |
//! | 1 | the service refused (HTTP error status), or another failure such as a port in use |
//! | 2 | invalid input or usage: nothing was sent |
//! | 3 | transport failure, timeout, or an undecodable or oversized response |
//! | 4 | reserved: some items of a bulk run failed |
//!
//! # Example: run a command line in-process
//!
//! ```no_run
//! use clap::Parser;
//! use pc_cli::Cli;
//!
//! # async fn demo() -> Result<(), pc_cli::CliError> {
//! let cli = Cli::parse_from(["pc", "--output", "json", "demo"]);
//! let mut out = Vec::new();
//! pc_cli::run(cli, &mut out).await?;
//! # Ok(()) }
//! ```
//!
//! # Crate features
//!
//! None.
#![deny(missing_docs)]

mod app;
mod cli;
mod commands;
mod demo;
mod error;
mod names;
mod output;
mod session;

pub use app::{main, run};
pub use cli::{
    Cli, Command, ContractArg, CreateArgs, CustomerArgs, EmulatorArgs, GlobalArgs,
    QualificationCommand, QualificationsCommand, SegmentArg, SetArgs, ValidationCodesCommand,
};
pub use error::CliError;
pub use output::OutputFormat;

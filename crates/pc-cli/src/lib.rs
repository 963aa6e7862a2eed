//! The `pc` command line for Microsoft Partner Center's customer-qualification API.
//!
//! - [`Cli`]: the command line (clap derive); its doc comments are the help text.
//! - [`main`]: parse, run, report; returns the documented [`ExitCode`](std::process::ExitCode).
//! - [`run`]: run a parsed command line, writing its output to any writer.
//! - [`CliError`]: every failure, with its exit code and its one-line and JSON renderings.
//! - [`OutputFormat`]: `table` for people, `json` (one document, wire field names) for scripts.
//! - [`command()`]: the clap command, for shell completions (`pc completions <shell>`) and the
//!   man pages (`cargo xtask man`).
//!
//! # Exit codes
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (also when stdout is closed early: a broken pipe) |
//! | 1 | the service refused (HTTP error status, after the retries of `--max-attempts`), the token endpoint refused the credentials, `qualifications wait` found no such qualification to wait for, or another failure such as a port in use |
//! | 2 | invalid input or usage (including missing credentials and `demo --output json`): nothing was sent |
//! | 3 | transport failure (the token endpoint's too: unreachable, 429 or 5xx), timeout (`--timeout`), an undecodable or oversized response, or vetting not finished before `--wait-timeout`; after a `create` or `set` the message names the `--request-id` to rerun with, so that the service replays it instead of applying it twice |
//! | 4 | some rows of a bulk run were refused, failed or invalid (the summary on stderr lists the first, `pc bulk report` all of them) |
//! | 130 | a bulk run or wait interrupted by Ctrl-C: the error line gives the command that resumes it |
//!
//! `pc bulk create` exits 2 for a bad input file or ledger (a ledger made from another input file
//! included) and when every row is invalid, nothing sent; 3 when the service could not be used
//! (every row sent failed on the transport or the credentials: the run stops after the first few).
//!
//! `pc qualifications wait` and `create --wait` exit 0 when vetting is final, `Approved` or
//! `Denied` alike: the printed record says which.
//!
//! # Credentials
//!
//! An access token (`--access-token`, `PC_ACCESS_TOKEN`) is sent as given. Without one, `pc`
//! asks Microsoft Entra ID for a token (see [`AuthArgs`]): `PC_TENANT_ID` and `PC_CLIENT_ID` with
//! `PC_REFRESH_TOKEN` (App+User; `PC_CLIENT_SECRET` optional) or `PC_CLIENT_SECRET` alone
//! (App-only). The authority is `PC_AUTHORITY`, else the public or China cloud's for those
//! endpoints; a custom `--endpoint` needs `PC_AUTHORITY` (for the emulator, its own URL): the
//! authority is never inferred from it, so secrets only go where the operator said.
//!
//! A validation code (`create`, `set`) comes from `--validation-code`, else
//! `PC_VALIDATION_CODE`; the value `-` (of either) reads it from the first line of stdin, so
//! that it never shows in the process list. Secrets are never printed: every one is redacted
//! from what `pc` prints, one shorter than 4 characters wherever it stands as a whole token
//! ([`Secret::redact`](pc_models::Secret::redact)).
//!
//! # Server text
//!
//! Tables and error lines show text from the service on one line, control characters (ESC
//! included) replaced by U+FFFD and each text cut to 1,024 characters with `…`; an error line is
//! at most 4,096 characters. `--output json` keeps the text whole, every control character
//! escaped (`\u001b`). Without `-v` or `RUST_LOG`, nothing but `pc`'s own messages reaches
//! stderr: other crates' logs are off at every level.
//!
//! # Colors
//!
//! `pc` colors nothing of its own. Clap's help and usage text and the `-v` log lines are colored
//! only when they go to a terminal, and never when `NO_COLOR` is set to a non-empty value
//! (<https://no-color.org>). Error lines are always plain.
//!
//! # Shell completions and man pages
//!
//! `pc completions bash|zsh|fish|powershell|elvish` prints a completion script to stdout.
//! `cargo xtask man` writes the man pages, `pc.1` and one page per subcommand
//! (`pc-qualifications-create.1`, ...), to `target/man/`; both are generated from [`command()`].
//!
//! # Example: run a command line in-process
//!
//! ```no_run
//! use clap::Parser;
//! use pc_cli::Cli;
//!
//! # async fn demo() -> Result<(), pc_cli::CliError> {
//! let cli = Cli::parse_from(["pc", "demo"]);
//! let mut out = Vec::new();
//! pc_cli::run(cli, &mut out).await?;
//! # Ok(()) }
//! ```
//!
//! # Crate features
//!
//! None.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod app;
mod bulk_args;
mod cli;
mod commands;
mod demo;
mod error;
mod json;
mod names;
mod output;
mod session;
mod validation_code;

pub use app::{main, run};
pub use bulk_args::{
    BulkCommand, BulkCreateArgs, BulkReportArgs, BulkWaitArgs, LedgerArgs, ReportFormatArg,
};
pub use cli::{
    AuthArgs, Cli, Command, CompletionsArgs, ContractArg, CreateArgs, CustomerArgs, EmulatorArgs,
    GlobalArgs, QualificationCommand, QualificationsCommand, SegmentArg, SetArgs,
    ValidationCodesCommand, WaitArgs, WaitTimingArgs, command,
};
pub use error::CliError;
pub use output::OutputFormat;

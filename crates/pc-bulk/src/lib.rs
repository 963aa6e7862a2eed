//! The bulk engine of partner-center-rs: qualify customers by the hundred thousand from a CSV
//! file, survive throttling, and resume after a crash without skipping or repeating a row.
//!
//! - [`BulkRun`]: reads the CSV as a stream, checks each row locally, records it in a SQLite
//!   ledger, sends it with bounded concurrency through one adaptive [`RateLimiter`], and reports
//!   each row's [`RowOutcome`] and periodic [`Progress`] as [`Event`]s; returns a [`Summary`]
//!   ([`ExitClass`] for exit codes). `dry_run` checks the whole file and sends nothing.
//! - [`BulkWait`]: polls the rows whose vetting is under review until they settle, recording
//!   each verdict ([`WaitSummary`], [`WaitEvent`]).
//! - [`status`] ([`LedgerStatus`], [`StateCounts`], [`VettingCounts`]) and [`write_report`]
//!   ([`ReportFormat`], [`ReportRow`]): a ledger read back, for `pc bulk status` and
//!   `pc bulk report`.
//! - [`RowState`]: `pending`, `sent`, `created`, `already_held`, `refused`, `failed`, `invalid`.
//! - [`RateLimiter`], [`Permit`], [`Observation`], [`RateStats`]: pacing, the shared pause after
//!   a `429`, additive increase and multiplicative decrease.
//! - [`Error`] and [`ErrorKind`]: what stops a whole run (a row's failure is its outcome).
//! - [`CancellationToken`]: stops a run or a wait gracefully (re-exported from `tokio-util`).
//!
//! # Input
//!
//! A CSV file with a header row:
//!
//! ```text
//! customer_id,qualification,education_segment,website,validation_code
//! c0a5c0a5-0000-4000-8000-acade0000002,education,HigherEducation,contoso.edu,
//! c1770000-0000-4000-8000-00000000c17d,gcc,,,123456
//! 0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d,soe,,,
//! ```
//!
//! - `customer_id` (a GUID) and `qualification` are required; `education_segment` (`K12`,
//!   `HigherEducation`), `website` and `validation_code` (for GCC) are optional.
//! - Qualifications are spelled as on the command line: the wire names in any case with `_` or
//!   `-` ignored (`Education`, `government_community_cloud`) or `edu`, `gcc`, `soe`.
//! - Header names ignore case; fields are trimmed; blank rows are skipped. Unknown columns are
//!   reported once ([`Warning::UnknownColumns`]) and ignored.
//! - A malformed row is refused locally with its line number and never sent: a bad GUID, an
//!   unknown or impossible qualification (`None`, `Nonprofit`), GCC without a code, a field the
//!   contract cannot carry (a segment or website under the integer contract), more fields than
//!   the header, or the same customer and qualification as an earlier row.
//! - A missing required column or an unreadable file stops the run before anything is sent.
//!
//! # The ledger
//!
//! One SQLite file (WAL, `synchronous = NORMAL`), one row per input row; its schema is in the
//! `ledger` module's docs. A row's `MS-RequestId` and `MS-CorrelationId` are committed, with the
//! state `sent`, before its request leaves. Rerunning with the same ledger resumes: finished rows
//! are skipped; rows left `sent` (in flight at a crash), `pending` (not reached) or `failed` are
//! sent again with their stored ids, so the service replays a create it already applied instead
//! of applying it twice. A ledger made from another input file (its fingerprint differs) or
//! contract is refused. The ledger holds no secret: validation codes stay in the input file and
//! are read from it again on a rerun.
//!
//! # Outcomes
//!
//! `created` (`200`/`201`); `already_held` (a `409`, and the customer's list shows it holds the
//! qualification: done, not failed); `refused` (other `4xx`, with the service's status, code and
//! description); `failed` (retries exhausted on `429`/`5xx`, transport failures, timeouts, and
//! `401`/`403`: the credentials were refused, not the row); `invalid` (refused locally). Retries resend the same `MS-RequestId`.
//!
//! # Example: bulk-create from a CSV
//!
//! ```no_run
//! use pc_bulk::{BulkRun, CancellationToken, Event};
//! use pc_client::{Contract, PartnerCenterClient};
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = PartnerCenterClient::builder()
//!     .access_token("eyJ0eXAi...")
//!     .contract(Contract::Object)
//!     .build()?;
//! let cancel = CancellationToken::new();
//! let on_ctrl_c = cancel.clone();
//! tokio::spawn(async move {
//!     if tokio::signal::ctrl_c().await.is_ok() {
//!         on_ctrl_c.cancel();
//!     }
//! });
//! let summary = BulkRun::new("customers.csv", "customers.db")
//!     .client(client)
//!     .concurrency(16)
//!     .max_rate(20.0)
//!     .cancel_token(cancel)
//!     .on_event(|event: &Event| {
//!         if let Event::Progress(p) = event {
//!             eprint!("\r{}/{} rows, {:.1}/s, {} throttled", p.done, p.total, p.rate, p.throttled_429s);
//!         }
//!     })
//!     .run()
//!     .await?;
//! println!(
//!     "{} created, {} already held, {} refused, {} failed, {} invalid",
//!     summary.ledger.created,
//!     summary.ledger.already_held,
//!     summary.ledger.refused,
//!     summary.ledger.failed,
//!     summary.ledger.invalid,
//! );
//! for problem in &summary.problems {
//!     println!("line {}: {}", problem.line, problem.description.as_deref().unwrap_or(""));
//! }
//! if summary.interrupted {
//!     println!("interrupted: run the same command again to resume");
//! }
//! # Ok(()) }
//! ```
//!
//! # Example: check a file first
//!
//! ```no_run
//! use pc_bulk::{BulkRun, ExitClass};
//!
//! # async fn check() -> Result<(), pc_bulk::Error> {
//! let summary = BulkRun::new("customers.csv", "unused.db").dry_run(true).run().await?;
//! if summary.exit_class() == ExitClass::InvalidInput {
//!     for problem in &summary.problems {
//!         eprintln!("line {}: {}", problem.line, problem.description.as_deref().unwrap_or(""));
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Design
//!
//! Each concern has its own module: the input stream and its fingerprint, the ledger and its
//! writer thread (batched commits, off the critical path), the rate limiter, the per-call retry
//! loop, the worker's outcome classes, the engine's coordinator, the wait, the reports. The
//! engine retries each call itself so that every attempt passes the rate limiter (see
//! [`RateLimiter`]). See issue 9.
//!
//! # Crate features
//!
//! None. SQLite is compiled in (`rusqlite`'s `bundled` feature); the caller brings the client
//! and its transport.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod call;
mod counts;
mod engine;
mod error;
mod event;
mod fingerprint;
mod input;
mod ledger;
mod outcome;
mod progress;
mod rate;
mod report;
mod row_state;
mod summary;
mod wait;
mod warning;
mod worker;
mod writer;

pub use counts::StateCounts;
pub use engine::BulkRun;
pub use error::{Error, ErrorKind};
pub use event::{Event, Progress};
pub use outcome::RowOutcome;
pub use rate::{Observation, Permit, RateLimiter, RateStats};
pub use report::{LedgerStatus, ReportFormat, ReportRow, VettingCounts, status, write_report};
pub use row_state::RowState;
pub use summary::{ExitClass, Problem, Summary};
pub use tokio_util::sync::CancellationToken;
pub use wait::{BulkWait, Verdict, WaitEvent, WaitExit, WaitProgress, WaitSummary};
pub use warning::Warning;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

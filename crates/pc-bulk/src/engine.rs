//! The bulk create: CSV rows in, creates out, every step in the ledger.
//!
//! - [`BulkRun`]: the settings of a run (a builder) and [`BulkRun::run`].
//!
//! # Design
//!
//! One coordinator reads the input in chunks, checks each row, and hands the chunk to the ledger
//! writer, which records every row (new rows `sent` with fresh ids, invalid rows and duplicates
//! `invalid`, rows of an earlier run as they were) and commits before answering. Only then are
//! the chunk's rows released to the workers: no request leaves before its ids are committed.
//! Workers (at most `concurrency` tasks) send through the shared [`RateLimiter`] and return their
//! outcomes to the coordinator, which queues them for the writer and reports them. Memory holds
//! one chunk and the rows in flight, whatever the file's size.
//!
//! Cancelling (the [`CancellationToken`]) stops reading and releasing rows; rows in flight get
//! the grace period to finish; rows released but not started go back to `pending`; the ledger is
//! committed and the summary says it was interrupted. If the run's future is dropped instead (a
//! crash, in effect), in-flight rows stay `sent` and a rerun sends them again with their ids.

use std::collections::VecDeque;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use pc_client::{Contract, PartnerCenterClient};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::call::{Caller, Counters};
use crate::fingerprint::Fingerprint;
use crate::input::{InputFile, InputRow, RowReader};
use crate::ledger::{self, Admitted, Finished, Incoming, Ledger, Meta};
use crate::progress::Meter;
use crate::worker::{Done, Job, process};
use crate::writer::Writer;
use crate::{Error, Event, RateLimiter, RowOutcome, RowState, StateCounts, Summary};

/// The default number of rows in flight.
const DEFAULT_CONCURRENCY: usize = 16;
/// The default attempt cap per call.
const DEFAULT_MAX_ATTEMPTS: u32 = 8;
/// The default grace period for rows in flight after a cancel.
const DEFAULT_GRACE: Duration = Duration::from_secs(30);
/// The default interval between progress events.
const DEFAULT_PROGRESS_INTERVAL: Duration = Duration::from_millis(500);
/// The default number of problem rows in a summary.
const DEFAULT_PROBLEMS: usize = 100;
/// Rows read, checked and committed together.
const CHUNK: usize = 256;

/// The callback of [`BulkRun::on_event`].
type EventSink = Box<dyn FnMut(&Event) + Send>;

/// A bulk create of qualifications from a CSV file, recorded in a ledger.
///
/// Build it with [`BulkRun::new`] and the setters (each states its default), then
/// [`run`](Self::run) it. Rerunning with the same input and ledger resumes: finished rows are
/// skipped, rows left `sent` or `pending` (and `failed` ones, by default) are sent again with
/// their stored `MS-RequestId`. The run's future is `Send`.
///
/// `Debug` shows the settings, never a credential.
///
/// # Example
///
/// ```no_run
/// use std::time::Duration;
/// use pc_bulk::{BulkRun, CancellationToken};
///
/// # async fn run(client: pc_client::PartnerCenterClient) -> Result<(), pc_bulk::Error> {
/// let cancel = CancellationToken::new();
/// let summary = BulkRun::new("customers.csv", "customers.db")
///     .client(client)
///     .concurrency(32)
///     .max_rate(50.0)
///     .cancel_token(cancel.clone())
///     .grace_period(Duration::from_secs(10))
///     .run()
///     .await?;
/// println!("{} created, {} problems", summary.ledger.created, summary.ledger.problems());
/// # Ok(()) }
/// ```
#[must_use]
pub struct BulkRun {
    input: PathBuf,
    ledger: PathBuf,
    client: Option<PartnerCenterClient>,
    contract: Option<Contract>,
    concurrency: usize,
    max_rate: Option<f64>,
    limiter: Option<RateLimiter>,
    max_attempts: u32,
    dry_run: bool,
    retry_failed: bool,
    cancel: CancellationToken,
    grace: Duration,
    progress_interval: Duration,
    problems: usize,
    on_event: Option<EventSink>,
}

impl fmt::Debug for BulkRun {
    /// The input and ledger, then only the settings that differ from the defaults (the client by
    /// its base URL; never a credential).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("BulkRun");
        d.field("input", &self.input).field("ledger", &self.ledger);
        if let Some(client) = &self.client {
            d.field("client", &client.base_url());
        }
        if let Some(contract) = self.contract {
            d.field("contract", &contract);
        }
        if self.concurrency != DEFAULT_CONCURRENCY {
            d.field("concurrency", &self.concurrency);
        }
        if let Some(rate) = self.max_rate {
            d.field("max_rate", &rate);
        }
        if let Some(limiter) = &self.limiter {
            d.field("rate_limiter", limiter);
        }
        if self.max_attempts != DEFAULT_MAX_ATTEMPTS {
            d.field("max_attempts", &self.max_attempts);
        }
        if self.dry_run {
            d.field("dry_run", &true);
        }
        if !self.retry_failed {
            d.field("retry_failed", &false);
        }
        if self.grace != DEFAULT_GRACE {
            d.field("grace", &self.grace);
        }
        if self.progress_interval != DEFAULT_PROGRESS_INTERVAL {
            d.field("progress_interval", &self.progress_interval);
        }
        if self.problems != DEFAULT_PROBLEMS {
            d.field("problem_limit", &self.problems);
        }
        if self.on_event.is_some() {
            d.field("on_event", &"..");
        }
        d.finish()
    }
}

impl BulkRun {
    /// A run of the rows of the CSV file `input`, recorded in the SQLite ledger `ledger`
    /// (created if missing, resumed if made from the same input).
    pub fn new(input: impl Into<PathBuf>, ledger: impl Into<PathBuf>) -> Self {
        Self {
            input: input.into(),
            ledger: ledger.into(),
            client: None,
            contract: None,
            concurrency: DEFAULT_CONCURRENCY,
            max_rate: None,
            limiter: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            dry_run: false,
            retry_failed: true,
            cancel: CancellationToken::new(),
            grace: DEFAULT_GRACE,
            progress_interval: DEFAULT_PROGRESS_INTERVAL,
            problems: DEFAULT_PROBLEMS,
            on_event: None,
        }
    }

    /// The client that sends the creates. Required unless [`dry_run`](Self::dry_run).
    /// Its request contract is the run's unless [`contract`](Self::contract) is set (and then
    /// they must agree). Its retry policy is not used: the engine retries (see
    /// [`max_attempts`](Self::max_attempts)).
    pub fn client(mut self, client: PartnerCenterClient) -> Self {
        self.client = Some(client);
        self
    }

    /// The request contract rows are checked against (fields it cannot carry make a row
    /// invalid). Default: the client's contract, or [`Contract::Integer`] in a dry run without a
    /// client.
    pub fn contract(mut self, contract: Contract) -> Self {
        self.contract = Some(contract);
        self
    }

    /// How many rows are sent at once. Default: 16. Zero is refused by [`run`](Self::run).
    pub fn concurrency(mut self, rows: usize) -> Self {
        self.concurrency = rows;
        self
    }

    /// The most requests per second (`--rate N`): the starting rate, never exceeded. Default:
    /// none (start at 50 per second and adapt). Ignored when
    /// [`rate_limiter`](Self::rate_limiter) is given. A value that is not a positive number is
    /// refused by [`run`](Self::run).
    pub fn max_rate(mut self, per_second: f64) -> Self {
        self.max_rate = Some(per_second);
        self
    }

    /// A rate limiter shared with other work of the same partner (a later
    /// [`BulkWait`](crate::BulkWait), say). Default: a new one, capped by
    /// [`max_rate`](Self::max_rate).
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// Attempts per call (a row's create, a `409` check), retries of `429`, `5xx`, transport
    /// failures and timeouts included, each with the same `MS-RequestId`. Default: 8. Zero is
    /// read as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Checks the whole file (every local rule, duplicates included) and counts, without
    /// sending anything or writing the ledger. Default: `false`.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Whether a rerun sends `failed` rows again (with their stored ids). Default: `true`.
    pub fn retry_failed(mut self, retry: bool) -> Self {
        self.retry_failed = retry;
        self
    }

    /// A token that stops the run gracefully when cancelled (on Ctrl-C, say). Default: a token
    /// nobody cancels.
    pub fn cancel_token(mut self, token: CancellationToken) -> Self {
        self.cancel = token;
        self
    }

    /// How long rows in flight may take to finish after a cancel; those still running are then
    /// abandoned (left `sent`, resent by a rerun). Default: 30 seconds.
    pub fn grace_period(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }

    /// How often an [`Event::Progress`] is reported. Default: 500 ms (and once at the end).
    pub fn progress_interval(mut self, interval: Duration) -> Self {
        self.progress_interval = interval.max(Duration::from_millis(1));
        self
    }

    /// How many problem rows the [`Summary`] lists. Default: 100.
    pub fn problem_limit(mut self, rows: usize) -> Self {
        self.problems = rows;
        self
    }

    /// Called with every [`Event`]: the input's warnings, each row's outcome as it completes,
    /// progress snapshots. It runs on the run's task: keep it quick. Default: none.
    pub fn on_event(mut self, sink: impl FnMut(&Event) + Send + 'static) -> Self {
        self.on_event = Some(Box::new(sink));
        self
    }

    /// Runs: checks the header, fingerprints the input, opens the ledger, then streams the rows.
    ///
    /// # Errors
    ///
    /// - [`ErrorKind::Config`](crate::ErrorKind::Config): no client (and not a dry run), zero
    ///   concurrency, a bad maximum rate, a contract that differs from the client's.
    /// - [`ErrorKind::Input`](crate::ErrorKind::Input): the input cannot be opened or read, or
    ///   its header lacks `customer_id` or `qualification` (then nothing is sent and no ledger is
    ///   written).
    /// - [`ErrorKind::LedgerMismatch`](crate::ErrorKind::LedgerMismatch): the ledger was made
    ///   from another input file or contract.
    /// - [`ErrorKind::Ledger`](crate::ErrorKind::Ledger): SQLite failed.
    ///
    /// A row's failure is not an error: it is the row's outcome, in the [`Summary`].
    pub async fn run(mut self) -> Result<Summary, Error> {
        let started = Instant::now();
        let contract = self.resolve_contract()?;
        if self.concurrency == 0 {
            return Err(Error::config("the concurrency must be at least 1"));
        }
        let limiter = match self.limiter.take() {
            Some(limiter) => limiter,
            None => RateLimiter::new(self.max_rate)?,
        };
        let caller = match (&self.client, self.dry_run) {
            (Some(client), _) => Some(Arc::new(Caller {
                client: client.clone(),
                limiter: limiter.clone(),
                max_attempts: self.max_attempts,
                counters: Arc::new(Counters::default()),
            })),
            (None, true) => None,
            (None, false) => {
                return Err(Error::config(
                    "no client: a bulk run needs one to send (or set dry_run)",
                ));
            }
        };
        let input = InputFile::open(&self.input)?;
        let warnings = input.warnings();
        for warning in &warnings {
            self.emit(&Event::Warning(warning.clone()));
        }
        let fingerprint = Fingerprint::of(&input)?;
        let meta = Meta {
            fingerprint: fingerprint.hex.clone(),
            input_path: self.input.display().to_string(),
            input_rows: fingerprint.rows,
            contract,
            created_at: ledger::now(),
        };
        let (ledger, resumed) = if self.dry_run {
            (Ledger::temporary(&meta)?, false)
        } else {
            Ledger::open_for_run(&self.ledger, &meta)?
        };
        tracing::info!(
            input = %self.input.display(),
            ledger = %self.ledger.display(),
            rows = fingerprint.rows,
            resumed,
            dry_run = self.dry_run,
            "pc-bulk run"
        );
        let writer = Writer::spawn(ledger)?;
        let rows = input.rows(contract)?;
        let mut engine = Engine {
            writer,
            caller,
            limiter,
            concurrency: self.concurrency,
            dry_run: self.dry_run,
            retry_failed: self.retry_failed,
            cancel: self.cancel.clone(),
            grace: self.grace,
            progress_interval: self.progress_interval,
            sink: self.on_event.take(),
            meter: Meter::new(fingerprint.rows),
            counts: StateCounts::default(),
            skipped: 0,
            in_flight: 0,
            interrupted: false,
        };
        let driven = engine.drive(rows).await;
        let closing = engine.writer.clone().close(self.problems).await;
        driven?;
        let closing = closing?;
        engine.emit_progress();
        let (requests, throttled) = engine.requests();
        Ok(Summary {
            dry_run: self.dry_run,
            resumed,
            interrupted: engine.interrupted,
            total: fingerprint.rows,
            this_run: engine.counts,
            skipped: engine.skipped,
            ledger: closing.counts,
            requests,
            throttled,
            elapsed: started.elapsed(),
            more_problems: closing
                .problem_total
                .saturating_sub(closing.problems.len() as u64),
            problems: closing.problems,
            warnings,
        })
    }

    /// The contract rows are checked against.
    fn resolve_contract(&self) -> Result<Contract, Error> {
        match (self.contract, &self.client) {
            (Some(ours), Some(client)) if ours != client.contract() => Err(Error::config(format!(
                "the run's contract ({}) differs from the client's ({}): set one on the client",
                ours.as_str(),
                client.contract().as_str()
            ))),
            (Some(ours), _) => Ok(ours),
            (None, Some(client)) => Ok(client.contract()),
            (None, None) => Ok(Contract::default()),
        }
    }

    fn emit(&mut self, event: &Event) {
        if let Some(sink) = &mut self.on_event {
            sink(event);
        }
    }
}

/// A run in progress.
struct Engine {
    writer: Writer,
    caller: Option<Arc<Caller>>,
    limiter: RateLimiter,
    concurrency: usize,
    dry_run: bool,
    retry_failed: bool,
    cancel: CancellationToken,
    grace: Duration,
    progress_interval: Duration,
    sink: Option<EventSink>,
    meter: Meter,
    counts: StateCounts,
    skipped: u64,
    in_flight: u64,
    interrupted: bool,
}

impl Engine {
    /// Reads, records and sends every row, or until cancelled.
    async fn drive(&mut self, mut rows: RowReader) -> Result<(), Error> {
        let mut queue: VecDeque<Job> = VecDeque::new();
        let mut tasks: JoinSet<Done> = JoinSet::new();
        let mut eof = false;
        let mut stopping = false;
        let mut grace_end: Option<Instant> = None;
        let mut last_progress = Instant::now();
        let mut ticker = tokio::time::interval(self.progress_interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            if !stopping && self.cancel.is_cancelled() {
                stopping = true;
                self.interrupted = true;
                grace_end = Some(Instant::now() + self.grace);
                tracing::info!(in_flight = tasks.len(), "pc-bulk run cancelled");
            }
            if !stopping && !eof && queue.len() < self.concurrency {
                eof = self.admit_chunk(&mut rows, &mut queue).await?;
                // A dry run (or a resume skipping finished rows) reads without waiting on
                // workers: report progress from here too.
                if Instant::now() >= last_progress + self.progress_interval {
                    last_progress = Instant::now();
                    self.emit_progress();
                }
                continue;
            }
            if !stopping && let Some(caller) = &self.caller {
                while tasks.len() < self.concurrency {
                    let Some(job) = queue.pop_front() else { break };
                    tasks.spawn(process(Arc::clone(caller), job));
                }
            }
            self.in_flight = tasks.len() as u64;
            if tasks.is_empty() {
                if stopping || (eof && queue.is_empty()) {
                    break;
                }
                continue;
            }
            let grace = async {
                match grace_end {
                    Some(end) => tokio::time::sleep_until(end).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                joined = tasks.join_next() => match joined {
                    Some(Ok(done)) => self.record(done).await?,
                    Some(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                    // Aborted after the grace period: the row stays `sent`.
                    Some(Err(_)) | None => {}
                },
                () = self.cancel.cancelled(), if !stopping => {}
                () = grace => {
                    tracing::warn!(abandoned = tasks.len(), "pc-bulk grace period over");
                    tasks.abort_all();
                    grace_end = None;
                }
                _ = ticker.tick() => {
                    last_progress = Instant::now();
                    self.emit_progress();
                }
            }
        }
        if !queue.is_empty() {
            let lines = queue.iter().map(|job| job.line).collect();
            self.writer.revert(lines).await?;
        }
        Ok(())
    }

    /// Reads up to a chunk of rows, records them and queues those to send. Returns whether the
    /// input is exhausted.
    async fn admit_chunk(
        &mut self,
        rows: &mut RowReader,
        queue: &mut VecDeque<Job>,
    ) -> Result<bool, Error> {
        let mut read: Vec<InputRow> = Vec::with_capacity(CHUNK);
        let mut eof = false;
        while read.len() < CHUNK {
            match rows.next_row()? {
                Some(row) => read.push(row),
                None => {
                    eof = true;
                    break;
                }
            }
        }
        if read.is_empty() {
            return Ok(eof);
        }
        let incoming = read
            .iter_mut()
            .map(|row| Incoming {
                line: row.line,
                // Not read again: moved, not copied.
                hash: std::mem::take(&mut row.hash),
                customer: row.customer,
                qualification: row.qualification,
                invalid: row.check.as_ref().err().cloned(),
            })
            .collect();
        let admitted = self
            .writer
            .admit(incoming, !self.dry_run, self.retry_failed)
            .await?;
        for (row, admitted) in read.into_iter().zip(admitted) {
            match admitted {
                Admitted::Send { ids, attempts } => match (row.check, row.customer) {
                    _ if self.dry_run => {
                        self.counts.add(RowState::Pending, 1);
                        self.meter.finished();
                    }
                    (Ok(request), Some(customer)) => queue.push_back(Job {
                        line: row.line,
                        customer,
                        request,
                        ids,
                        prior_attempts: attempts,
                    }),
                    // Recorded by an earlier run, refused by this version's checks.
                    (check, _) => {
                        let reason = check
                            .err()
                            .unwrap_or_else(|| "missing customer_id".to_owned());
                        self.invalid_after_all(row.line, row.customer, row.qualification, reason)
                            .await?;
                    }
                },
                Admitted::Skip(_) => {
                    self.skipped += 1;
                    self.meter.skipped();
                }
                Admitted::Invalid(reason) => {
                    self.counts.add(RowState::Invalid, 1);
                    self.meter.finished();
                    let outcome =
                        invalid_outcome(row.line, row.customer, row.qualification, reason);
                    self.emit(&Event::Row(outcome));
                }
            }
        }
        Ok(eof)
    }

    /// Records as invalid a row the ledger had admitted.
    async fn invalid_after_all(
        &mut self,
        line: u64,
        customer: Option<pc_client::CustomerId>,
        qualification: Option<pc_client::CustomerQualification>,
        reason: String,
    ) -> Result<(), Error> {
        self.writer
            .finish(Finished {
                line,
                state: RowState::Invalid,
                status: None,
                code: None,
                description: Some(reason.clone()),
                attempts: 0,
                vetting_status: None,
                vetting_reason: None,
            })
            .await?;
        self.counts.add(RowState::Invalid, 1);
        self.meter.finished();
        self.emit(&Event::Row(invalid_outcome(
            line,
            customer,
            qualification,
            reason,
        )));
        Ok(())
    }

    /// Records a worker's outcome and reports it.
    async fn record(&mut self, done: Done) -> Result<(), Error> {
        let state = done.finished.state;
        self.writer.finish(done.finished).await?;
        self.counts.add(state, 1);
        self.meter.finished();
        self.emit(&Event::Row(done.outcome));
        Ok(())
    }

    fn requests(&self) -> (u64, u64) {
        self.caller.as_ref().map_or((0, 0), |caller| {
            (
                caller.counters.requests.load(Ordering::Relaxed),
                caller.counters.throttled.load(Ordering::Relaxed),
            )
        })
    }

    fn emit_progress(&mut self) {
        let (requests, throttled) = self.requests();
        let progress = self.meter.progress(
            &self.counts,
            self.skipped,
            self.in_flight,
            self.limiter.stats().rate,
            requests,
            throttled,
        );
        self.emit(&Event::Progress(progress));
    }

    fn emit(&mut self, event: &Event) {
        if let Some(sink) = &mut self.sink {
            sink(event);
        }
    }
}

/// The outcome of a row refused locally.
fn invalid_outcome(
    line: u64,
    customer: Option<pc_client::CustomerId>,
    qualification: Option<pc_client::CustomerQualification>,
    reason: String,
) -> RowOutcome {
    RowOutcome {
        line,
        customer,
        qualification,
        state: RowState::Invalid,
        status: None,
        code: None,
        description: Some(reason),
        request_id: None,
        correlation_id: None,
        attempts: 0,
        vetting_status: None,
        vetting_reason: None,
    }
}

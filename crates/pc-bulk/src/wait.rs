//! Waiting for the vetting of a bulk run's rows.
//!
//! - [`BulkWait`]: polls every row whose vetting is under review until each settles or the
//!   deadline passes, writing each verdict to the ledger.
//! - [`WaitEvent`], [`Verdict`], [`WaitProgress`]: what it reports as it goes.
//! - [`WaitSummary`]: what it found, and how it ended ([`WaitExit`]).
//!
//! # Design
//!
//! The ledger is the queue: each pass reads the unsettled rows (created or already held, vetting
//! status neither `Approved` nor `Denied`) page by page in line order, polls each customer's
//! qualifications once (at most `concurrency` at a time, every poll through the shared
//! [`RateLimiter`]), records what it saw, then sleeps until the next pass. The interval between
//! pass starts doubles from the initial interval up to the maximum. Memory holds a page, not
//! the rows. Interrupted (cancelled, deadline, crash), a rerun starts from what the ledger holds.
//!
//! # Examples
//!
//! ```no_run
//! use std::time::Duration;
//! use pc_bulk::BulkWait;
//!
//! # async fn run(client: pc_client::PartnerCenterClient) -> Result<(), pc_bulk::Error> {
//! let summary = BulkWait::new("customers.db")
//!     .client(client)
//!     .timeout(Duration::from_secs(600))
//!     .run()
//!     .await?;
//! println!("{} approved, {} denied, {} still in review",
//!     summary.approved, summary.denied, summary.still_in_review);
//! # Ok(()) }
//! ```

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use pc_client::models::text::one_line;
use pc_client::uuid::Uuid;
use pc_client::{CallOptions, CustomerId, PartnerCenterClient};
use serde::{Serialize, Serializer};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::call::{Caller, Counters};
use crate::ledger::{Ledger, Unsettled, Vetted};
use crate::writer::Writer;
use crate::{Error, RateLimiter};

/// Rows read from the ledger at a time.
const PAGE: usize = 256;

/// Something a wait reports as it goes, to the callback of [`BulkWait::on_event`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "event")]
#[non_exhaustive]
pub enum WaitEvent {
    /// A row's vetting settled.
    Verdict(Verdict),
    /// A snapshot, after every pass.
    Progress(WaitProgress),
}

/// A row's settled vetting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Verdict {
    /// The row's line in the input.
    pub line: u64,
    /// The customer.
    pub customer: CustomerId,
    /// The qualification's wire name.
    pub qualification: String,
    /// `Approved`, `Denied`, or empty when the record no longer carries a status.
    pub status: String,
    /// The reason, when denied.
    pub reason: Option<String>,
}

/// The counts of a wait so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WaitProgress {
    /// Passes over the unsettled rows so far.
    pub passes: u32,
    /// Rows found approved.
    pub approved: u64,
    /// Rows found denied.
    pub denied: u64,
    /// Rows still under review after the last pass.
    pub still_in_review: u64,
    /// Polls that failed (retries exhausted); their rows stay under review.
    pub poll_errors: u64,
}

/// How a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WaitExit {
    /// Every row settled. Code 0.
    Settled,
    /// The deadline passed with rows still under review. Code 3, as for any timeout.
    TimedOut,
    /// Cancelled; rerun to resume. Code 130.
    Interrupted,
}

impl WaitExit {
    /// The command line's exit code: 0, 3 or 130.
    pub fn code(self) -> i32 {
        match self {
            Self::Settled => 0,
            Self::TimedOut => 3,
            Self::Interrupted => 130,
        }
    }
}

/// What a wait found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WaitSummary {
    /// How it ended.
    pub exit: WaitExit,
    /// Rows under review when it started.
    pub unsettled_at_start: u64,
    /// Rows found approved.
    pub approved: u64,
    /// Rows found denied.
    pub denied: u64,
    /// Rows still under review.
    pub still_in_review: u64,
    /// Polls sent (retries included).
    pub polls: u64,
    /// Polls that failed after their retries.
    pub poll_errors: u64,
    /// The last poll error, on one line.
    pub last_error: Option<String>,
    /// How long it took.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

/// A duration as seconds.
fn seconds<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(value.as_secs_f64())
}

/// The callback of [`BulkWait::on_event`].
type WaitSink = Box<dyn FnMut(&WaitEvent) + Send>;

/// A wait for the vetting of a ledger's rows. Build it with [`BulkWait::new`] and the setters
/// (each states its default), then [`run`](Self::run) it. Its future is `Send`.
#[must_use]
pub struct BulkWait {
    ledger: PathBuf,
    client: Option<PartnerCenterClient>,
    limiter: Option<RateLimiter>,
    timeout: Duration,
    initial_interval: Duration,
    max_interval: Duration,
    concurrency: usize,
    max_attempts: u32,
    cancel: CancellationToken,
    on_event: Option<WaitSink>,
}

impl fmt::Debug for BulkWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkWait")
            .field("ledger", &self.ledger)
            .field("timeout", &self.timeout)
            .field("initial_interval", &self.initial_interval)
            .field("max_interval", &self.max_interval)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

impl BulkWait {
    /// A wait over the ledger at `ledger`.
    pub fn new(ledger: impl Into<PathBuf>) -> Self {
        Self {
            ledger: ledger.into(),
            client: None,
            limiter: None,
            timeout: Duration::from_secs(30 * 60),
            initial_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(60),
            concurrency: 16,
            max_attempts: 8,
            cancel: CancellationToken::new(),
            on_event: None,
        }
    }

    /// The client that polls. Required.
    pub fn client(mut self, client: PartnerCenterClient) -> Self {
        self.client = Some(client);
        self
    }

    /// The partner's rate limiter, shared with other work. Default: a new, uncapped one.
    pub fn rate_limiter(mut self, limiter: RateLimiter) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// The overall deadline (`--wait-timeout`). Default: 30 minutes.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The interval between the first two passes; it doubles after each. Default: 2 seconds.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest interval between passes. Default: 60 seconds.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How many polls run at once. Default: 16. Zero is refused by [`run`](Self::run).
    pub fn concurrency(mut self, polls: usize) -> Self {
        self.concurrency = polls;
        self
    }

    /// Attempts per poll. Default: 8. Zero is read as 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// A token that stops the wait when cancelled. Default: a token nobody cancels.
    pub fn cancel_token(mut self, token: CancellationToken) -> Self {
        self.cancel = token;
        self
    }

    /// Called with every [`WaitEvent`]. Default: none.
    pub fn on_event(mut self, sink: impl FnMut(&WaitEvent) + Send + 'static) -> Self {
        self.on_event = Some(Box::new(sink));
        self
    }

    /// Polls until every row settles, the deadline passes, or the token is cancelled.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) without a client or with zero
    /// concurrency; [`ErrorKind::Ledger`](crate::ErrorKind::Ledger) when the ledger cannot be
    /// opened, read or written. A failed poll is not an error: its row stays under review.
    pub async fn run(mut self) -> Result<WaitSummary, Error> {
        let started = Instant::now();
        let Some(client) = self.client.take() else {
            return Err(Error::config("no client: a bulk wait needs one to poll"));
        };
        if self.concurrency == 0 {
            return Err(Error::config("the concurrency must be at least 1"));
        }
        let ledger = Ledger::open_existing(&self.ledger)?;
        let unsettled_at_start = ledger
            .reader()
            .vetting_counts()
            .map(|v| v.in_review + v.other)?;
        let writer = Writer::spawn(ledger)?;
        let caller = Arc::new(Caller {
            client,
            limiter: self.limiter.take().unwrap_or_default(),
            max_attempts: self.max_attempts,
            counters: Arc::new(Counters::default()),
        });
        let mut waiter = Waiter {
            writer: writer.clone(),
            caller: Arc::clone(&caller),
            concurrency: self.concurrency,
            sink: self.on_event.take(),
            progress: WaitProgress::default(),
            last_error: None,
        };
        let deadline = started + self.timeout;
        let cancel = self.cancel.clone();
        let passes = waiter.passes(self.initial_interval, self.max_interval, deadline);
        let exit = tokio::select! {
            result = passes => {
                result?;
                if waiter.progress.still_in_review == 0 { WaitExit::Settled } else { WaitExit::TimedOut }
            }
            () = tokio::time::sleep_until(deadline) => WaitExit::TimedOut,
            () = cancel.cancelled() => WaitExit::Interrupted,
        };
        let closing = writer.close(0).await?;
        let still_in_review = closing.vetting.in_review + closing.vetting.other;
        let exit = match exit {
            WaitExit::TimedOut if still_in_review == 0 => WaitExit::Settled,
            other => other,
        };
        waiter.progress.still_in_review = still_in_review;
        let progress = waiter.progress;
        waiter.emit(&WaitEvent::Progress(progress));
        Ok(WaitSummary {
            exit,
            unsettled_at_start,
            approved: progress.approved,
            denied: progress.denied,
            still_in_review,
            polls: caller.counters.requests.load(Ordering::Relaxed),
            poll_errors: progress.poll_errors,
            last_error: waiter.last_error,
            elapsed: started.elapsed(),
        })
    }
}

/// What one poll found.
enum Seen {
    Settled(Verdict),
    Pending(Option<String>),
    Error(String),
}

/// A wait in progress.
struct Waiter {
    writer: Writer,
    caller: Arc<Caller>,
    concurrency: usize,
    sink: Option<WaitSink>,
    progress: WaitProgress,
    last_error: Option<String>,
}

impl Waiter {
    /// Pass after pass until nothing is unsettled or the next pass would start after the
    /// deadline.
    async fn passes(
        &mut self,
        initial: Duration,
        max: Duration,
        deadline: Instant,
    ) -> Result<(), Error> {
        let mut interval = initial.max(Duration::from_millis(1));
        loop {
            let pass_start = Instant::now();
            let unsettled = self.pass().await?;
            self.progress.passes += 1;
            self.progress.still_in_review = unsettled;
            let snapshot = self.progress;
            self.emit(&WaitEvent::Progress(snapshot));
            if unsettled == 0 {
                return Ok(());
            }
            let next = pass_start + interval;
            if next >= deadline {
                return Ok(());
            }
            tokio::time::sleep_until(next).await;
            interval = interval.saturating_mul(2).min(max.max(interval));
        }
    }

    /// Polls every unsettled row once; returns how many stay unsettled.
    async fn pass(&mut self) -> Result<u64, Error> {
        let mut tasks: JoinSet<(Unsettled, Seen)> = JoinSet::new();
        let mut after = 0;
        let mut unsettled = 0;
        loop {
            let page = self.writer.unsettled(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.line;
            for row in page {
                while tasks.len() >= self.concurrency {
                    if let Some(joined) = tasks.join_next().await {
                        unsettled += self.seen(joined).await?;
                    }
                }
                tasks.spawn(poll(Arc::clone(&self.caller), row));
            }
        }
        while let Some(joined) = tasks.join_next().await {
            unsettled += self.seen(joined).await?;
        }
        Ok(unsettled)
    }

    /// Records a poll's result; returns 1 when the row stays unsettled.
    async fn seen(
        &mut self,
        joined: Result<(Unsettled, Seen), tokio::task::JoinError>,
    ) -> Result<u64, Error> {
        let (row, seen) = match joined {
            Ok(done) => done,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => return Ok(1),
        };
        match seen {
            Seen::Settled(verdict) => {
                match verdict.status.as_str() {
                    "Approved" => self.progress.approved += 1,
                    "Denied" => self.progress.denied += 1,
                    _ => {}
                }
                self.writer
                    .vetted(Vetted {
                        line: row.line,
                        status: (!verdict.status.is_empty()).then(|| verdict.status.clone()),
                        reason: verdict.reason.clone(),
                    })
                    .await?;
                self.emit(&WaitEvent::Verdict(verdict));
                Ok(0)
            }
            Seen::Pending(status) => {
                if let Some(status) = status {
                    self.writer
                        .vetted(Vetted {
                            line: row.line,
                            status: Some(status),
                            reason: None,
                        })
                        .await?;
                }
                Ok(1)
            }
            Seen::Error(message) => {
                self.progress.poll_errors += 1;
                self.last_error = Some(message);
                Ok(1)
            }
        }
    }

    fn emit(&mut self, event: &WaitEvent) {
        if let Some(sink) = &mut self.sink {
            sink(event);
        }
    }
}

/// Polls one row's customer.
async fn poll(caller: Arc<Caller>, row: Unsettled) -> (Unsettled, Seen) {
    let qualifications = caller.client.customer(row.customer).qualifications();
    let options = CallOptions::default()
        .request_id(Uuid::new_v4())
        .correlation_id(row.correlation_id.unwrap_or_else(Uuid::new_v4));
    let listed = caller.call(|| qualifications.list(), &options).await;
    let seen = match listed.result {
        Ok(reply) => match reply.value.into_iter().find(|q| q.is(row.qualification)) {
            Some(record) if record.is_settled() => Seen::Settled(Verdict {
                line: row.line,
                customer: row.customer,
                qualification: row.qualification.as_str().to_owned(),
                status: record
                    .vetting_status
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                reason: record.vetting_reason,
            }),
            Some(record) => Seen::Pending(record.vetting_status.map(|s| s.to_string())),
            None => Seen::Pending(None),
        },
        Err(error) => Seen::Error(format!(
            "line {}: {}",
            row.line,
            one_line(&error.to_string())
        )),
    };
    (row, seen)
}

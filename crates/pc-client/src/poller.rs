//! Following vetting until it settles.
//!
//! - [`VettingPoller`]: polls a customer's qualifications, yielding every observation, until the
//!   qualification is settled or the wait's deadline passes; `.await` it for the settled record.
//! - [`VettingObservation`]: what one poll saw.

use std::fmt;
use std::future::IntoFuture;
use std::time::Duration;

use pc_models::{CustomerQualification, Qualification};
use tokio::time::Instant;
use uuid::Uuid;

use crate::pipeline::MAX_TIMEOUT;
use crate::request_builder::BoxFuture;
use crate::{CallOptions, Error, Qualifications, WaitOptions};

/// What one poll of a [`VettingPoller`] saw.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VettingObservation {
    /// Which poll this was (1 for the first).
    pub poll: u32,
    /// The customer's record of the awaited qualification, or `None` when it is absent.
    pub record: Option<Qualification>,
    /// The `MS-RequestId` of the poll.
    pub request_id: Uuid,
    /// Time since the first poll started.
    pub elapsed: Duration,
}

impl VettingObservation {
    /// Whether the record is present and settled ([`Qualification::is_settled`]).
    pub fn is_settled(&self) -> bool {
        self.record.as_ref().is_some_and(Qualification::is_settled)
    }
}

/// Polls a customer's qualifications until one qualification is settled.
///
/// Made by [`Qualifications::wait_for_vetting`]. Each poll is an ordinary `list` call with new
/// ids (throttling honoured by the retry policy), bounded by what is left of the wait. Polls are
/// spaced by [`WaitOptions`]' interval, doubling up to its maximum. The deadline starts with the
/// first poll.
///
/// - [`next`](Self::next) yields each [`VettingObservation`] (an absent record too), then `None`
///   after the settled one or after an error.
/// - `.await` runs it to the end and gives the settled record.
///
/// # Errors
///
/// [`ErrorKind::VettingTimeout`](crate::ErrorKind::VettingTimeout) when the deadline passes (or
/// leaves no time for another poll) before the record settles; the message gives the last status
/// seen. Otherwise any [`Error`] of a poll, which ends the polling.
///
/// # Example: print every poll
///
/// ```no_run
/// use std::time::Duration;
/// use pc_client::{CustomerQualification, WaitOptions};
///
/// # async fn run(client: pc_client::PartnerCenterClient, id: pc_client::CustomerId) -> Result<(), pc_client::Error> {
/// let options = WaitOptions::default().timeout(Duration::from_secs(600));
/// let mut poller = client
///     .customer(id)
///     .qualifications()
///     .wait_for_vetting(CustomerQualification::Education, options);
/// while let Some(observation) = poller.next().await {
///     let observation = observation?;
///     println!("poll {}: {:?}", observation.poll, observation.record);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a poller does nothing until polled or awaited"]
pub struct VettingPoller {
    qualifications: Qualifications,
    qualification: CustomerQualification,
    options: CallOptions,
    timeout: Duration,
    interval: Duration,
    max_interval: Duration,
    started: Option<Instant>,
    polls: u32,
    last_seen: String,
    done: bool,
}

impl fmt::Debug for VettingPoller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VettingPoller")
            .field("customer", &self.qualifications.customer_id())
            .field("qualification", &self.qualification)
            .field("polls", &self.polls)
            .field("last_seen", &self.last_seen)
            .field("done", &self.done)
            .finish()
    }
}

impl VettingPoller {
    pub(crate) fn new(
        qualifications: Qualifications,
        qualification: CustomerQualification,
        options: WaitOptions,
    ) -> Self {
        let interval = options.initial_interval.max(Duration::from_millis(1));
        Self {
            qualifications,
            qualification,
            options: CallOptions::default(),
            timeout: options.timeout.min(MAX_TIMEOUT),
            interval,
            max_interval: options.max_interval.max(interval),
            started: None,
            polls: 0,
            last_seen: "unseen (no poll answered)".to_owned(),
            done: false,
        }
    }

    /// Uses `options` for every poll (correlation id, locale, retry policy, per-poll deadline); a
    /// pinned request id is ignored, since each poll is a new call. Default: the client's settings.
    pub fn options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    /// Polls once (after the interval, except for the first poll) and says what it saw; `None`
    /// once the record has settled or an error was returned.
    ///
    /// # Errors
    ///
    /// As described on [`VettingPoller`].
    pub async fn next(&mut self) -> Option<Result<VettingObservation, Error>> {
        if self.done {
            return None;
        }
        let result = self.poll().await;
        if result.as_ref().is_ok_and(VettingObservation::is_settled) || result.is_err() {
            self.done = true;
        }
        Some(result)
    }

    async fn poll(&mut self) -> Result<VettingObservation, Error> {
        let started = *self.started.get_or_insert_with(Instant::now);
        let deadline = started + self.timeout;
        if self.polls > 0 {
            if self.interval > deadline.saturating_duration_since(Instant::now()) {
                return Err(self.timed_out());
            }
            tokio::time::sleep(self.interval).await;
            self.interval = self.interval.saturating_mul(2).min(self.max_interval);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(self.timed_out());
        }
        self.polls += 1;
        let list = self.qualifications.list();
        let per_call = self.options.timeout.unwrap_or(list.default_timeout());
        let cut_short = left < per_call;
        let mut poll_options = self.options.clone().timeout(per_call.min(left));
        poll_options.request_id = None;
        let list = list.options(poll_options);
        let policy = list.retry_policy();
        let reply = match list.reply().await {
            Ok(reply) => reply,
            // The wait's deadline, not the poll's own, ended this poll (or left no time to retry).
            Err(e) if cut_short && (e.is_timeout() || policy.classify(&e).is_retry()) => {
                return Err(self.timed_out());
            }
            Err(e) => return Err(e),
        };
        let record = reply.value.into_iter().find(|q| q.is(self.qualification));
        self.last_seen = match &record {
            Some(record) => match &record.vetting_status {
                Some(status) => status.to_string(),
                None => "not vetted".to_owned(),
            },
            None => "absent".to_owned(),
        };
        tracing::debug!(polls = self.polls, last_seen = %self.last_seen, "pc.wait_for_vetting");
        Ok(VettingObservation {
            poll: self.polls,
            record,
            request_id: reply.request_id,
            elapsed: started.elapsed(),
        })
    }

    fn timed_out(&self) -> Error {
        Error::vetting_timeout(
            self.qualification,
            self.timeout,
            self.polls,
            &self.last_seen,
        )
    }
}

impl IntoFuture for VettingPoller {
    type Output = Result<Qualification, Error>;
    type IntoFuture = BoxFuture<Result<Qualification, Error>>;

    fn into_future(mut self) -> Self::IntoFuture {
        Box::pin(async move {
            while let Some(observation) = self.next().await {
                let observation = observation?;
                if observation.is_settled()
                    && let Some(record) = observation.record
                {
                    return Ok(record);
                }
            }
            Err(self.timed_out())
        })
    }
}

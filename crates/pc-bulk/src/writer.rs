//! The ledger's writer: one thread owns the SQLite connection and commits in batches.
//!
//! - [`Writer`]: the async handle the engine and the wait talk to.
//! - [`Closing`]: what the ledger holds when the writer stops.
//!
//! # Design
//!
//! SQLite stays off the critical path: senders queue messages on a bounded channel and never
//! wait for a commit, except [`Writer::admit`], which returns only once the rows' ids (and the
//! state `sent`) are committed, since a row may leave only after that (issue 9). The thread takes
//! the first queued message, then everything else already queued (up to [`MAX_BATCH`]), applies
//! it all in one transaction and commits: under load the batches grow, at rest each message
//! commits at once. Replies are sent after the commit.
//!
//! If a write fails, the writer remembers the error and answers every later request with it, so
//! the run stops at its next admission or at its close.

use std::thread;

use tokio::sync::{mpsc, oneshot};

use crate::ledger::{Admitted, Batch, Finished, Incoming, Ledger, Unsettled, Vetted};
use crate::{Error, Problem, StateCounts, VettingCounts};

/// The most messages applied in one transaction.
const MAX_BATCH: usize = 4096;

/// The channel's capacity: senders wait when the writer is this far behind.
const QUEUE: usize = 8192;

/// What the ledger holds when a writer closes.
#[derive(Debug, Clone)]
pub(crate) struct Closing {
    pub(crate) counts: StateCounts,
    pub(crate) vetting: VettingCounts,
    pub(crate) problems: Vec<Problem>,
    pub(crate) problem_total: u64,
}

enum Message {
    Admit {
        rows: Vec<Incoming>,
        dispatch: bool,
        retry_failed: bool,
        reply: oneshot::Sender<Result<Vec<Admitted>, Error>>,
    },
    Finish(Finished),
    Revert(Vec<u64>),
    Vetted(Vetted),
    Unsettled {
        after: u64,
        limit: usize,
        reply: oneshot::Sender<Result<Vec<Unsettled>, Error>>,
    },
    Close {
        problems: usize,
        reply: oneshot::Sender<Result<Closing, Error>>,
    },
}

/// A reply to send once the batch is committed.
enum Reply {
    Admit(oneshot::Sender<Result<Vec<Admitted>, Error>>, Vec<Admitted>),
    Unsettled(
        oneshot::Sender<Result<Vec<Unsettled>, Error>>,
        Vec<Unsettled>,
    ),
}

impl Reply {
    fn send(self, failure: Option<&Error>) {
        // A receiver that went away (an abandoned run) needs no answer.
        match (self, failure) {
            (Self::Admit(tx, value), None) => drop(tx.send(Ok(value))),
            (Self::Admit(tx, _), Some(e)) => drop(tx.send(Err(e.clone()))),
            (Self::Unsettled(tx, value), None) => drop(tx.send(Ok(value))),
            (Self::Unsettled(tx, _), Some(e)) => drop(tx.send(Err(e.clone()))),
        }
    }
}

/// The handle of a ledger's writer thread. Dropping every handle lets the thread commit what is
/// queued and stop.
#[derive(Debug, Clone)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Message>,
    name: String,
}

impl Writer {
    /// Starts the writer thread, which owns `ledger` from now on.
    pub(crate) fn spawn(ledger: Ledger) -> Result<Self, Error> {
        let name = ledger.name().to_owned();
        let (tx, rx) = mpsc::channel(QUEUE);
        thread::Builder::new()
            .name("pc-bulk-ledger".to_owned())
            .spawn(move || run(ledger, rx))
            .map_err(|e| Error::ledger("cannot start the writer of", &name, e))?;
        Ok(Self { tx, name })
    }

    fn stopped(&self) -> Error {
        Error::ledger("cannot write", &self.name, "the ledger writer stopped")
    }

    async fn send(&self, message: Message) -> Result<(), Error> {
        self.tx.send(message).await.map_err(|_| self.stopped())
    }

    /// Records a chunk of incoming rows in one committed transaction and says what to do with
    /// each, in order.
    pub(crate) async fn admit(
        &self,
        rows: Vec<Incoming>,
        dispatch: bool,
        retry_failed: bool,
    ) -> Result<Vec<Admitted>, Error> {
        let (reply, answer) = oneshot::channel();
        self.send(Message::Admit {
            rows,
            dispatch,
            retry_failed,
            reply,
        })
        .await?;
        answer.await.map_err(|_| self.stopped())?
    }

    /// Queues a row's outcome.
    pub(crate) async fn finish(&self, row: Finished) -> Result<(), Error> {
        self.send(Message::Finish(row)).await
    }

    /// Queues rows to put back to `pending`.
    pub(crate) async fn revert(&self, lines: Vec<u64>) -> Result<(), Error> {
        self.send(Message::Revert(lines)).await
    }

    /// Queues a vetting status.
    pub(crate) async fn vetted(&self, row: Vetted) -> Result<(), Error> {
        self.send(Message::Vetted(row)).await
    }

    /// Up to `limit` unsettled rows after line `after`, every earlier message applied.
    pub(crate) async fn unsettled(
        &self,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Unsettled>, Error> {
        let (reply, answer) = oneshot::channel();
        self.send(Message::Unsettled {
            after,
            limit,
            reply,
        })
        .await?;
        answer.await.map_err(|_| self.stopped())?
    }

    /// Commits everything queued, reads the totals and stops the writer.
    pub(crate) async fn close(self, problems: usize) -> Result<Closing, Error> {
        let (reply, answer) = oneshot::channel();
        self.send(Message::Close { problems, reply }).await?;
        answer.await.map_err(|_| self.stopped())?
    }
}

/// The writer thread.
fn run(mut ledger: Ledger, mut rx: mpsc::Receiver<Message>) {
    let mut failure: Option<Error> = None;
    while let Some(first) = rx.blocking_recv() {
        let mut messages = vec![first];
        while messages.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(message) => messages.push(message),
                Err(_) => break,
            }
        }
        let mut close = None;
        let mut replies = Vec::new();
        if let Err(e) = apply(
            &mut ledger,
            messages,
            &mut replies,
            &mut close,
            failure.is_some(),
        ) {
            tracing::error!(error = %e, "pc-bulk ledger write failed");
            failure.get_or_insert(e);
        }
        for reply in replies {
            reply.send(failure.as_ref());
        }
        if let Some((problems, reply)) = close {
            let closing = match &failure {
                Some(e) => Err(e.clone()),
                None => totals(&ledger, problems),
            };
            drop(reply.send(closing));
            return;
        }
    }
}

/// Applies a batch of messages in one transaction; a `Close` ends the batch.
fn apply(
    ledger: &mut Ledger,
    messages: Vec<Message>,
    replies: &mut Vec<Reply>,
    close: &mut Option<(usize, oneshot::Sender<Result<Closing, Error>>)>,
    failed: bool,
) -> Result<(), Error> {
    let batch = if failed { None } else { Some(ledger.batch()?) };
    let mut outcome = Ok(());
    for message in messages {
        match message {
            Message::Admit {
                rows,
                dispatch,
                retry_failed,
                reply,
            } => {
                let admitted = match (&batch, &outcome) {
                    (Some(batch), Ok(())) => rows
                        .iter()
                        .map(|row| batch.admit(row, dispatch, retry_failed))
                        .collect::<Result<Vec<_>, _>>(),
                    _ => Ok(Vec::new()),
                };
                match admitted {
                    Ok(admitted) => replies.push(Reply::Admit(reply, admitted)),
                    Err(e) => {
                        replies.push(Reply::Admit(reply, Vec::new()));
                        outcome = Err(e);
                    }
                }
            }
            Message::Unsettled {
                after,
                limit,
                reply,
            } => {
                // Reads see the writes queued before them: they go through the transaction.
                let found = match (&batch, &outcome) {
                    (Some(batch), Ok(())) => batch.reader().unsettled(after, limit),
                    _ => Ok(Vec::new()),
                };
                match found {
                    Ok(rows) => replies.push(Reply::Unsettled(reply, rows)),
                    Err(e) => {
                        replies.push(Reply::Unsettled(reply, Vec::new()));
                        outcome = Err(e);
                    }
                }
            }
            Message::Close { problems, reply } => {
                *close = Some((problems, reply));
            }
            other => {
                if let (Some(batch), Ok(())) = (&batch, &outcome) {
                    outcome = write(batch, other);
                }
            }
        }
    }
    if let Some(batch) = batch
        && outcome.is_ok()
    {
        outcome = batch.commit();
    }
    outcome
}

/// Applies one write message.
fn write(batch: &Batch<'_>, message: Message) -> Result<(), Error> {
    match message {
        Message::Finish(row) => batch.finish(&row),
        Message::Revert(lines) => lines.into_iter().try_for_each(|line| batch.revert(line)),
        Message::Vetted(row) => batch.vetted(&row),
        Message::Admit { .. } | Message::Unsettled { .. } | Message::Close { .. } => Ok(()),
    }
}

/// The totals a closing writer reports.
fn totals(ledger: &Ledger, problems: usize) -> Result<Closing, Error> {
    let reader = ledger.reader();
    let counts = reader.counts()?;
    let vetting = reader.vetting_counts()?;
    let (problems, problem_total) = reader.problems(problems)?;
    Ok(Closing {
        counts,
        vetting,
        problems,
        problem_total,
    })
}

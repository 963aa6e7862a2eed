//! Sending one row and classifying what came back.
//!
//! - [`Job`]: a row ready to send: customer, request, ids committed in the ledger.
//! - [`process`]: creates the qualification and decides the row's state.
//!
//! # Outcome classes
//!
//! | answer | state |
//! |---|---|
//! | `200`, `201` (also an undecodable `2xx` body: the change was made) | `created` |
//! | `409`, and listing the customer's qualifications shows it holds this one | `already_held` |
//! | `409` for a customer who does not hold it (Education with GCC, a reused request id) | `refused` |
//! | any other `4xx` (`401`, `403`, `408` and `429` excepted) | `refused` |
//! | `401` or `403` (the credentials were refused, not the row), `408`, `429`, `5xx` after the last attempt, transport failure, timeout, auth failure, or a `409` whose check could not list | `failed` |

use std::sync::Arc;

use pc_client::models::text::one_line;
use pc_client::uuid::Uuid;
use pc_client::{CallOptions, CustomerId, Error as ClientError, QualificationRequest, Secret};

use crate::call::Caller;
use crate::ledger::{Finished, Ids};
use crate::{RowOutcome, RowState};

/// A row to send.
#[derive(Debug)]
pub(crate) struct Job {
    pub(crate) line: u64,
    pub(crate) customer: CustomerId,
    pub(crate) request: QualificationRequest,
    pub(crate) ids: Ids,
    /// Attempts recorded by earlier runs.
    pub(crate) prior_attempts: u32,
}

/// A row's outcome, for the ledger and for the caller.
#[derive(Debug)]
pub(crate) struct Done {
    pub(crate) finished: Finished,
    pub(crate) outcome: RowOutcome,
}

/// The verdict before it is dressed as [`Done`].
struct Verdict {
    state: RowState,
    status: Option<u16>,
    code: Option<String>,
    description: Option<String>,
    vetting_status: Option<String>,
    vetting_reason: Option<String>,
}

impl Verdict {
    fn from_error(state: RowState, error: &ClientError) -> Self {
        Self {
            state,
            status: error.status().map(|s| s.as_u16()),
            code: error.code().map(str::to_owned),
            description: Some(describe(error)),
            vetting_status: None,
            vetting_reason: None,
        }
    }
}

/// What to say about a failed call: the service's description, else the whole error.
fn describe(error: &ClientError) -> String {
    match error.description() {
        Some(description) => one_line(description),
        None => one_line(&error.to_string()),
    }
}

/// Sends a row (retries and the `409` check included) and classifies the answer.
pub(crate) async fn process(caller: Arc<Caller>, job: Job) -> Done {
    let qualifications = caller.client.customer(job.customer).qualifications();
    let options = CallOptions::default()
        .request_id(job.ids.request_id)
        .correlation_id(job.ids.correlation_id);
    let attempted = caller
        .call(|| qualifications.create(job.request.clone()), &options)
        .await;
    let verdict = match attempted.result {
        Ok(reply) => Verdict {
            state: RowState::Created,
            status: Some(reply.status.as_u16()),
            code: None,
            description: None,
            vetting_status: reply.value.vetting_status.map(|s| s.to_string()),
            vetting_reason: reply.value.vetting_reason,
        },
        Err(error) => classify(&caller, &job, error).await,
    };
    let code = job.request.validation_code();
    let redact = |text: Option<String>| text.map(|t| Secret::redact(&t, code));
    let finished = Finished {
        line: job.line,
        state: verdict.state,
        status: verdict.status,
        code: redact(verdict.code),
        description: redact(verdict.description),
        attempts: job.prior_attempts.saturating_add(attempted.attempts),
        vetting_status: verdict.vetting_status,
        vetting_reason: verdict.vetting_reason,
    };
    let outcome = RowOutcome {
        line: job.line,
        customer: Some(job.customer),
        qualification: Some(job.request.qualification()),
        state: finished.state,
        status: finished.status,
        code: finished.code.clone(),
        description: finished.description.clone(),
        request_id: Some(job.ids.request_id),
        correlation_id: Some(job.ids.correlation_id),
        attempts: finished.attempts,
        vetting_status: finished.vetting_status.clone(),
        vetting_reason: finished.vetting_reason.clone(),
    };
    Done { finished, outcome }
}

/// The state of a row whose create ended in `error`.
async fn classify(caller: &Caller, job: &Job, error: ClientError) -> Verdict {
    let status = error.status().map(|s| s.as_u16());
    match status {
        Some(409) => check_held(caller, job, &error).await,
        // The change was made; only its answer did not decode.
        Some(200..=299) => Verdict::from_error(RowState::Created, &error),
        Some(408 | 429) => Verdict::from_error(RowState::Failed, &error),
        // The credentials were refused, not the row: a rerun with a good token sends it again.
        Some(401 | 403) => Verdict::from_error(RowState::Failed, &error),
        Some(400..=499) => Verdict::from_error(RowState::Refused, &error),
        _ if error.is_invalid_input() => Verdict::from_error(RowState::Invalid, &error),
        _ => Verdict::from_error(RowState::Failed, &error),
    }
}

/// After a `409`: does the customer hold the qualification? Lists its qualifications (through
/// the limiter, with the row's correlation id) to decide between `already_held` and `refused`.
async fn check_held(caller: &Caller, job: &Job, conflict: &ClientError) -> Verdict {
    let qualification = job.request.qualification();
    let qualifications = caller.client.customer(job.customer).qualifications();
    let options = CallOptions::default()
        .request_id(Uuid::new_v4())
        .correlation_id(job.ids.correlation_id);
    let listed = caller.call(|| qualifications.list(), &options).await;
    match listed.result {
        Ok(reply) => match reply.value.into_iter().find(|q| q.is(qualification)) {
            Some(record) => Verdict {
                vetting_status: record.vetting_status.map(|s| s.to_string()),
                vetting_reason: record.vetting_reason,
                ..Verdict::from_error(RowState::AlreadyHeld, conflict)
            },
            None => Verdict::from_error(RowState::Refused, conflict),
        },
        Err(list_error) => Verdict {
            description: Some(format!(
                "{}; could not check whether the customer holds {qualification}: {}",
                describe(conflict),
                one_line(&list_error.to_string())
            )),
            ..Verdict::from_error(RowState::Failed, conflict)
        },
    }
}

//! `pc qualifications list`, `create` (alias `update`, optionally `--wait`) and `wait`.
//!
//! Waiting is the client's [`VettingPoller`](pc_client::VettingPoller); the create and every
//! poll of one run share one `MS-CorrelationId` (the pinned one, else a new one), so the service
//! can tie them together. Approved and Denied both end the wait successfully: the record says
//! which.
//!
//! `qualifications wait` looks at the poller's first observation: a qualification the customer
//! does not hold at the first poll fails at once (exit code 1), as nothing is being vetted.
//! After `create --wait` the record may take a moment to appear in the list, so absence is
//! waited out there (the poller's own rule). When a wait after a successful create fails, the
//! error carries the created record.
//!
//! The client checks a create request against the contract when it is awaited, and refuses it
//! with nothing sent (exit code 2).

use std::io::Write;
use std::time::Duration;

use pc_client::WaitOptions;
use pc_models::{CustomerQualification, QualificationRequest};
use uuid::Uuid;

use crate::cli::{DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT};
use crate::session::Session;
use crate::{
    CliError, CreateArgs, CustomerArgs, GlobalArgs, OutputFormat, WaitArgs, names, output,
};

/// The longest wait between polls, unless `--interval` is longer.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);

/// `GET /v1/customers/{id}/qualifications`: prints the records.
pub(crate) async fn list(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &CustomerArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let session = Session::new(global, format)?;
    let records = session
        .client
        .customer(customer)
        .qualifications()
        .list()
        .options(session.options.clone())
        .await?;
    output::qualifications(out, session.format, &records)?;
    Ok(())
}

/// The request `create` sends, as the flags spell it; the client checks it against the contract.
fn request(args: &CreateArgs) -> Result<QualificationRequest, CliError> {
    let qualification = names::qualification(&args.qualification)?;
    let mut request = QualificationRequest::new(qualification);
    if let Some(segment) = args.education_segment {
        request = request.with_education_segment(segment.into());
    }
    if let Some(website) = &args.website {
        request = request.with_website(website.as_str());
    }
    if let Some(code) = &args.validation_code {
        request = request.with_validation_code(code.clone());
    }
    Ok(request)
}

/// `POST /v1/customers/{id}/qualifications`: prints the created record, or with `--wait` the
/// record once vetting is final.
///
/// The create goes out under `--request-id` (else a new GUID chosen here), so that a failure
/// whose outcome is unknown can name the id to rerun with ([`CliError::Unconfirmed`]); the polls
/// of `--wait` get their own request ids.
pub(crate) async fn create(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &CreateArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let request = request(args)?;
    let request_id = request_id(args.request_id.as_deref())?;
    let session = Session::new(global, format)?;
    let options = if args.wait {
        one_correlation_id(global, &session)
    } else {
        session.options.clone()
    };
    let qualifications = session.client.customer(customer).qualifications();
    // The name asked for: the one to wait for.
    let qualification = request.qualification();
    let created = qualifications
        .create(request)
        .options(options.clone().request_id(request_id))
        .reply()
        .await
        .map_err(|error| CliError::of_write("create", request_id, error))?;
    let record = if args.wait && !created.value.is_settled() {
        let wait = wait_options(
            args.wait_timeout.unwrap_or(DEFAULT_WAIT_TIMEOUT),
            args.interval.unwrap_or(DEFAULT_POLL_INTERVAL),
        );
        let poller = qualifications
            .wait_for_vetting(qualification, wait)
            .options(options);
        match poller.await {
            Ok(record) => record,
            Err(error) => {
                return Err(CliError::WaitFailed {
                    created: Box::new(created),
                    error,
                });
            }
        }
    } else {
        created.value
    };
    output::qualification(out, session.format, &record)?;
    Ok(())
}

/// `pc qualifications wait`: polls until vetting is final, then prints the record.
pub(crate) async fn wait(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &WaitArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let qualification = names::qualification(&args.qualification)?;
    if qualification == CustomerQualification::None {
        return Err(CliError::invalid_input(
            "qualification None is never vetted: there is nothing to wait for",
        ));
    }
    let session = Session::new(global, format)?;
    let mut poller = session
        .client
        .customer(customer)
        .qualifications()
        .wait_for_vetting(
            qualification,
            wait_options(args.timing.wait_timeout, args.timing.interval),
        )
        .options(one_correlation_id(global, &session));
    // The first poll: is there anything to wait for? (A new poller always polls once.)
    let first = poller.next().await.transpose()?;
    let record = match first.map(|observation| observation.record) {
        Some(None) => {
            return Err(CliError::NotFound(format!(
                "customer {customer} holds no {qualification} qualification to wait for"
            )));
        }
        Some(Some(record)) if record.is_settled() => record,
        // In review: the same poller goes on, under what is left of --wait-timeout.
        _ => poller.await?,
    };
    output::qualification(out, session.format, &record)?;
    Ok(())
}

/// The `--request-id` of a write, else a new GUID.
pub(crate) fn request_id(text: Option<&str>) -> Result<Uuid, CliError> {
    text.map_or_else(|| Ok(Uuid::new_v4()), names::request_id)
}

/// The session's call options with a correlation id shared by every call of the run.
fn one_correlation_id(global: &GlobalArgs, session: &Session) -> pc_client::CallOptions {
    if global.correlation_id.is_some() {
        session.options.clone()
    } else {
        session.options.clone().correlation_id(Uuid::new_v4())
    }
}

/// `--wait-timeout` and `--interval` as the client's wait options: the interval doubles after
/// each poll, up to a minute (or the interval itself, if longer).
fn wait_options(timeout: Duration, interval: Duration) -> WaitOptions {
    WaitOptions::default()
        .timeout(timeout)
        .initial_interval(interval)
        .max_interval(interval.max(MAX_POLL_INTERVAL))
}

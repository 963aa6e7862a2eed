//! `pc qualifications list`, `create` (alias `update`, optionally `--wait`) and `wait`.
//!
//! Waiting polls `list` through the client's `wait_for_vetting`; the create and every poll of one
//! run share one `MS-CorrelationId` (the pinned one, else a new one), so the service can tie them
//! together. Approved and Denied both end the wait successfully: the record says which.
//!
//! `qualifications wait` looks first: a qualification the customer does not hold at the first
//! poll fails at once (exit code 1), as nothing is being vetted. After `create --wait` the
//! record may take a moment to appear in the list, so absence is waited out there. When a wait
//! after a successful create fails, the error carries the created record.

use std::io::Write;
use std::time::{Duration, Instant};

use pc_client::WaitOptions;
use pc_models::{CustomerQualification, Qualification, QualificationRequest};
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
    let reply = session
        .client
        .customer(customer)
        .qualifications()
        .with_options(session.options.clone())
        .list_reply()
        .await?;
    output::qualifications(out, session.format, &reply.value)?;
    Ok(())
}

/// The request `create` sends, checked against the chosen contract (nothing is sent when it fails).
pub(crate) fn request(
    global: &GlobalArgs,
    args: &CreateArgs,
) -> Result<QualificationRequest, CliError> {
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
    request.validate(global.contract.into())?;
    Ok(request)
}

/// `POST /v1/customers/{id}/qualifications`: prints the created record, or with `--wait` the
/// record once vetting is final.
pub(crate) async fn create(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &CreateArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let request = request(global, args)?;
    let session = Session::new(global, format)?;
    let options = if args.wait {
        one_correlation_id(global, &session)
    } else {
        session.options.clone()
    };
    let qualifications = session
        .client
        .customer(customer)
        .qualifications()
        .with_options(options);
    // The name `request` accepted: the one to wait for.
    let qualification = request.qualification();
    let created = qualifications.create_reply(request).await?;
    let record = if args.wait && !is_settled(&created.value) {
        let options = wait_options(
            args.wait_timeout.unwrap_or(DEFAULT_WAIT_TIMEOUT),
            args.interval.unwrap_or(DEFAULT_POLL_INTERVAL),
        );
        match qualifications
            .wait_for_vetting(qualification, options)
            .await
        {
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
    let options = one_correlation_id(global, &session);
    let qualifications = session.client.customer(customer).qualifications();
    let started = Instant::now();
    // The first poll, bounded by the wait too: is there anything to wait for?
    let first = qualifications
        .clone()
        .with_options(
            options
                .clone()
                .timeout(global.timeout.min(args.wait_timeout)),
        )
        .list_reply()
        .await?
        .value;
    let Some(record) = first.into_iter().find(|q| q.is(qualification)) else {
        return Err(CliError::NotFound(format!(
            "customer {customer} holds no {qualification} qualification to wait for"
        )));
    };
    let record = if is_settled(&record) {
        record
    } else {
        // The rest of the wait, as if the client had made the first poll.
        let left = args.wait_timeout.saturating_sub(started.elapsed());
        let max_interval = args.interval.max(MAX_POLL_INTERVAL);
        let rest = if args.interval < left {
            tokio::time::sleep(args.interval).await;
            WaitOptions::default()
                .timeout(left - args.interval)
                .initial_interval(args.interval.saturating_mul(2).min(max_interval))
                .max_interval(max_interval)
        } else {
            // Less than one interval left: one last look, then the vetting deadline.
            wait_options(left, args.interval)
        };
        qualifications
            .with_options(options)
            .wait_for_vetting(qualification, rest)
            .await?
    };
    output::qualification(out, session.format, &record)?;
    Ok(())
}

/// Whether a record needs no waiting: vetting is final, or it is never vetted (no status).
fn is_settled(record: &Qualification) -> bool {
    record
        .vetting_status
        .as_ref()
        .is_none_or(|status| status.is_final())
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

//! `pc bulk wait`: polls the rows under review until their vetting settles.
//!
//! stderr gets one line per pass (`bulk wait: pass 3: 12 approved, 2 denied, 40 still in
//! review`) and a closing line; stdout the summary as one JSON document under `--output json`
//! (pc-bulk's `WaitSummary`). Ctrl-C stops at once (the ledger keeps every verdict found) and
//! prints the command that resumes.

use std::io::Write;

use pc_bulk::{BulkWait, CancellationToken, RateLimiter, WaitEvent, WaitExit};

use super::progress::say;
use super::resume;
use super::signals::Interrupts;
use crate::output::{self, OutputFormat};
use crate::session::Session;
use crate::{BulkWaitArgs, CliError, GlobalArgs};

/// Runs `pc bulk wait`.
pub(super) async fn wait(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &BulkWaitArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if global.correlation_id.is_some() {
        return Err(CliError::invalid_input(
            "--correlation-id does not apply to pc bulk: each row has its own MS-CorrelationId, \
             kept in the ledger",
        ));
    }
    // The ledger first: a missing one is reported before any credential is needed.
    pc_bulk::status(&args.ledger)?;
    let session = Session::new(global, format)?;
    let limiter = RateLimiter::new(args.rate)?;
    let cancel = CancellationToken::new();
    let interrupts = Interrupts::install(cancel.clone(), "stopping the wait".to_owned())?;
    let resume = resume::wait_command(global, args);
    // The closing snapshot repeats the last pass: one line per pass.
    let mut shown_passes = 0;
    let wait = BulkWait::new(&args.ledger)
        .client(session.client)
        .rate_limiter(limiter)
        .timeout(args.timing.wait_timeout)
        .initial_interval(args.timing.interval)
        .concurrency(args.concurrency as usize)
        .max_attempts(global.max_attempts)
        .cancel_token(cancel)
        .on_event(move |event: &WaitEvent| {
            if let WaitEvent::Progress(p) = event
                && p.passes > shown_passes
            {
                shown_passes = p.passes;
                say(&format!(
                    "bulk wait: pass {}: {} approved, {} denied, {} still in review",
                    p.passes, p.approved, p.denied, p.still_in_review
                ));
            }
        });

    let result = tokio::select! {
        result = wait.run() => Some(result),
        () = interrupts.abandoned() => None,
    };

    let Some(result) = result else {
        return Err(interrupted(&resume));
    };
    let summary = result?;
    say(&format!(
        "bulk wait: {} approved, {} denied, {} still in review ({} polls, {} failed, {:.1} s)",
        summary.approved,
        summary.denied,
        summary.still_in_review,
        summary.polls,
        summary.poll_errors,
        summary.elapsed.as_secs_f64()
    ));
    if let Some(error) = &summary.last_error {
        say(&format!(
            "bulk wait: last failed poll: {}",
            output::text(error)
        ));
    }
    if format == OutputFormat::Json {
        output::json(out, &summary)?;
    }
    match summary.exit {
        WaitExit::Settled => Ok(()),
        WaitExit::TimedOut => Err(CliError::Bulk {
            code: 3,
            kind: "vetting_timeout",
            message: format!(
                "vetting not finished before --wait-timeout: {} rows still in review; rerun to \
                 keep waiting: {resume}",
                summary.still_in_review
            ),
        }),
        _ => Err(interrupted(&resume)),
    }
}

fn interrupted(resume: &str) -> CliError {
    CliError::Bulk {
        code: 130,
        kind: "interrupted",
        message: format!("interrupted: rerun to resume the wait: {resume}"),
    }
}

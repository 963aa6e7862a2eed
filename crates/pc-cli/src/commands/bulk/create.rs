//! `pc bulk create`: the run, its progress and summary on stderr, its exit code.
//!
//! stdout holds the summary as one JSON document under `--output json` (pc-bulk's `Summary`,
//! camelCase), nothing otherwise. stderr holds the progress, the warnings, the summary for
//! people (counts, the first problem rows with their lines and reasons) and, when the run did
//! not finish every row, one `error:` line saying what to do next (under `--output json`, the
//! `{"error":{...}}` object).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use pc_bulk::{BulkRun, CancellationToken, Event, ExitClass, Summary};

use super::progress::{Reporter, say};
use super::resume;
use super::signals::Interrupts;
use crate::output::{self, OutputFormat};
use crate::session::Session;
use crate::{BulkCreateArgs, CliError, GlobalArgs};

/// How many problem rows the summary on stderr lists (`pc bulk report` has them all).
const SHOWN_PROBLEMS: usize = 20;
/// How often the engine reports progress (the plain lines are rarer).
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

/// Runs `pc bulk create`.
pub(super) async fn create(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &BulkCreateArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if global.correlation_id.is_some() {
        return Err(CliError::invalid_input(
            "--correlation-id does not apply to pc bulk: each row has its own MS-CorrelationId, \
             kept in the ledger",
        ));
    }
    let ledger = args.ledger.clone().unwrap_or_else(|| PathBuf::from(""));
    let mut run = BulkRun::new(&args.input, &ledger)
        .concurrency(args.concurrency as usize)
        .max_attempts(global.max_attempts)
        .grace_period(args.grace_period)
        .progress_interval(PROGRESS_EVERY)
        .dry_run(args.dry_run);
    if let Some(rate) = args.rate {
        run = run.max_rate(rate);
    }
    if args.dry_run {
        // No credentials needed: nothing is sent.
        run = run.contract(global.contract.into());
    } else {
        run = run.client(Session::new(global, format)?.client);
    }
    let resume = resume::create_command(global, args, &ledger);
    let cancel = CancellationToken::new();
    let reporter = Arc::new(Mutex::new(Reporter::new(
        args.dry_run,
        args.concurrency,
        cancel.clone(),
    )));
    let sink = Arc::clone(&reporter);
    run = run
        .cancel_token(cancel.clone())
        .on_event(move |event: &Event| {
            sink.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .on_event(event);
        });
    let stopping = format!(
        "stopping: no new rows are sent; rows in flight get {} s to finish",
        args.grace_period.as_secs_f64()
    );
    let interrupts = Interrupts::install(cancel, stopping)?;

    let result = tokio::select! {
        result = run.run() => Some(result),
        () = interrupts.abandoned() => None,
    };

    let mut reporter = reporter.lock().unwrap_or_else(PoisonError::into_inner);
    reporter.finish();
    let Some(result) = result else {
        return Err(CliError::Bulk {
            code: 130,
            kind: "interrupted",
            message: format!(
                "interrupted: rows in flight were abandoned and are sent again, with the same \
                 ids, by the rerun; rerun to resume: {resume}"
            ),
        });
    };
    let summary = result?;
    write_summary(&summary, &args.input, args.ledger.as_deref());
    if format == OutputFormat::Json {
        output::json(out, &summary)?;
    }
    let breaker = reporter.breaker();
    let unfinished = not_sent(&summary) + summary.ledger.failed;
    if interrupts.received() && summary.interrupted {
        return Err(CliError::Bulk {
            code: 130,
            kind: "interrupted",
            message: format!(
                "interrupted: {} still to send; rerun to resume: {resume}",
                rows(unfinished)
            ),
        });
    }
    if !summary.dry_run && breaker.service_unusable() {
        let last = breaker
            .last_failure
            .as_deref()
            .map(|l| format!(" (last: {l})"))
            .unwrap_or_default();
        return Err(CliError::Bulk {
            code: 3,
            kind: "unavailable",
            message: format!(
                "the service could not be used: the {} rows sent all failed on the transport or \
                 the credentials{last}; check --endpoint and the credentials, then rerun to \
                 resume: {resume}",
                breaker.unanswered
            ),
        });
    }
    match summary.exit_class() {
        ExitClass::Success => Ok(()),
        ExitClass::InvalidInput => Err(CliError::invalid_input(format!(
            "{} of {} rows are invalid (lines listed above); nothing was sent",
            summary.ledger.invalid, summary.total
        ))),
        ExitClass::Interrupted => Err(CliError::Bulk {
            code: 130,
            kind: "interrupted",
            message: format!(
                "interrupted: {} still to send; rerun to resume: {resume}",
                rows(unfinished)
            ),
        }),
        _ => {
            let ledger = &summary.ledger;
            let rerun = if unfinished > 0 {
                format!("; a rerun sends the {unfinished} failed or unsent again: {resume}")
            } else {
                String::new()
            };
            Err(CliError::Bulk {
                code: 4,
                kind: "items_failed",
                message: format!(
                    "{} of {} rows were not created: {} refused, {} failed, {} invalid, {} not \
                     sent (lines listed above; all of them: pc bulk report --ledger {}){rerun}",
                    ledger.problems() + not_sent(&summary),
                    summary.total,
                    ledger.refused,
                    ledger.failed,
                    ledger.invalid,
                    not_sent(&summary),
                    args.ledger
                        .as_deref()
                        .map_or_else(String::new, |p| p.display().to_string()),
                ),
            })
        }
    }
}

/// The summary for people, on stderr: counts, this run's pace, the first problem rows, and the
/// rows to wait for.
fn write_summary(summary: &Summary, input: &Path, ledger: Option<&Path>) {
    let counts = &summary.ledger;
    if summary.dry_run {
        say(&format!(
            "bulk: dry run of {}: {}, {} valid, {} invalid; nothing sent, no ledger written",
            input.display(),
            rows(summary.total),
            counts.pending,
            counts.invalid
        ));
    } else {
        let elapsed = summary.elapsed.as_secs_f64();
        let finished = summary.this_run.total();
        say(&format!(
            "bulk: {}: {} created, {} already held, {} refused, {} failed, {} invalid, {} not \
             sent yet",
            rows(summary.total),
            counts.created,
            counts.already_held,
            counts.refused,
            counts.failed,
            counts.invalid,
            not_sent(summary),
        ));
        say(&format!(
            "bulk: this run: {} in {elapsed:.1} s ({:.1}/s), {} skipped as done before, {} \
             requests, {} throttled (429){}",
            rows(finished),
            if elapsed > 0.0 {
                finished as f64 / elapsed
            } else {
                0.0
            },
            summary.skipped,
            summary.requests,
            summary.throttled,
            if summary.resumed { ", resumed" } else { "" },
        ));
    }
    for problem in summary.problems.iter().take(SHOWN_PROBLEMS) {
        let mut answer = String::new();
        if let Some(status) = problem.status {
            answer.push_str(&format!(" HTTP {status}"));
        }
        if let Some(code) = &problem.code {
            answer.push_str(&format!(" code {}", output::text(code)));
        }
        let what = match (&problem.customer, &problem.qualification) {
            (Some(customer), Some(qualification)) => {
                format!(" ({customer}, {})", output::text(qualification))
            }
            (Some(customer), None) => format!(" ({customer})"),
            _ => String::new(),
        };
        say(&format!(
            "  line {}: {}{answer}: {}{what}",
            problem.line,
            problem.state,
            problem
                .description
                .as_deref()
                .map(output::text)
                .unwrap_or_default(),
        ));
    }
    let more =
        (summary.problems.len().saturating_sub(SHOWN_PROBLEMS) as u64) + summary.more_problems;
    if more > 0 {
        let report = ledger.map_or_else(
            || format!("pc bulk create --input {} --dry-run", input.display()),
            |l| format!("pc bulk report --ledger {}", l.display()),
        );
        say(&format!("  ... and {more} more: {report}"));
    }
    if let Some(ledger) = ledger.filter(|_| !summary.dry_run)
        && let Ok(status) = pc_bulk::status(ledger)
        && status.vetting.in_review > 0
    {
        say(&format!(
            "bulk: {} in review (Education vetting): pc bulk wait --ledger {}",
            rows(status.vetting.in_review),
            ledger.display()
        ));
    }
}

/// Rows with no outcome yet: recorded `pending` or `sent`, or not reached (not in the ledger).
fn not_sent(summary: &Summary) -> u64 {
    let ledger = &summary.ledger;
    ledger.unfinished() + summary.total.saturating_sub(ledger.total())
}

/// `1 row`, `2 rows`.
fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

//! The entry point: parse, set up logging and the runtime, run, report.
//!
//! - [`main`]: what the `pc` binary calls; returns the documented exit code.
//! - [`run`]: one parsed command line, output written to any writer.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use pc_models::Secret;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::error::Redactor;
use crate::{
    Cli, CliError, Command, OutputFormat, QualificationCommand, QualificationsCommand,
    ValidationCodesCommand, commands, demo,
};

/// Parses the process's arguments, runs the command and returns its exit code.
///
/// Usage errors are reported by clap (exit code 2; `--help` and `--version` exit 0). Other
/// errors go to stderr as one line, `error: <message>`, or under `--output json` as one JSON
/// object `{"error":{...}}`. A broken pipe on stdout ends the run quietly with exit code 0.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Printing help to a closed pipe is not worth reporting.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    init_tracing(cli.global.verbose);
    let format = OutputFormat::resolve(cli.global.output);
    let redactor = redactor(&cli);
    let result = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Other(anyhow::Error::new(e).context("could not start tokio")))
        .and_then(|runtime| {
            let mut out = io::stdout().lock();
            runtime.block_on(run(cli, &mut out))?;
            out.flush().map_err(CliError::from)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            report(&error, format, &redactor);
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs a parsed command line, writing results to `out`.
///
/// # Errors
///
/// A [`CliError`] whose [`exit_code`](CliError::exit_code) is the process's.
pub async fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    let format = OutputFormat::resolve(cli.global.output);
    let global = &cli.global;
    match &cli.command {
        Command::Demo => demo::run(out).await,
        Command::Emulator(args) => commands::emulator::serve(args, format, out).await,
        Command::Qualifications(QualificationsCommand::List(args)) => {
            commands::qualifications::list(global, format, args, out).await
        }
        Command::Qualifications(QualificationsCommand::Create(args)) => {
            commands::qualifications::create(global, format, args, out).await
        }
        Command::Qualifications(QualificationsCommand::Wait(args)) => {
            commands::qualifications::wait(global, format, args, out).await
        }
        Command::Qualification(QualificationCommand::Get(args)) => {
            commands::qualification::get(global, format, args, out).await
        }
        Command::Qualification(QualificationCommand::Set(args)) => {
            commands::qualification::set(global, format, args, out).await
        }
        Command::ValidationCodes(ValidationCodesCommand::List) => {
            commands::validation_codes::list(global, format, out).await
        }
    }
}

/// The secrets of this command line, never to be printed.
fn redactor(cli: &Cli) -> Redactor {
    let mut redactor = Redactor::default();
    redactor.add(cli.global.access_token.as_ref().map(Secret::expose));
    let auth = &cli.global.auth;
    redactor.add(auth.client_secret.as_ref().map(Secret::expose));
    redactor.add(auth.refresh_token.as_ref().map(Secret::expose));
    let code = match &cli.command {
        Command::Qualifications(QualificationsCommand::Create(args)) => &args.validation_code,
        Command::Qualification(QualificationCommand::Set(args)) => &args.validation_code,
        _ => &None,
    };
    redactor.add(code.as_deref());
    redactor
}

/// Writes the error to stderr: one line, or one JSON object under `--output json`.
fn report(error: &CliError, format: OutputFormat, redactor: &Redactor) {
    let text = match format {
        OutputFormat::Json => error.to_json(redactor),
        OutputFormat::Table => error.to_line(redactor),
    };
    // Nowhere left to report a failure to write to stderr.
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Logs to stderr: `-v` info for our crates, `-vv` debug, `-vvv` trace for everything; without
/// `-v`, `RUST_LOG` if set, else warnings only. Flags win over `RUST_LOG`.
fn init_tracing(verbose: u8) {
    const OURS: [&str; 4] = ["pc_cli", "pc_client", "pc_transport", "pc_emulator"];
    let ours = |level: &str| {
        OURS.iter()
            .map(|krate| format!("{krate}={level}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let directives = match verbose {
        0 => match std::env::var("RUST_LOG") {
            Ok(value) if !value.trim().is_empty() => value,
            _ => "warn".to_owned(),
        },
        1 => format!("warn,{}", ours("info")),
        2 => format!("info,{}", ours("debug")),
        _ => "trace".to_owned(),
    };
    let spans = if verbose > 0 || std::env::var_os("RUST_LOG").is_some() {
        FmtSpan::CLOSE
    } else {
        FmtSpan::NONE
    };
    // A second initialization (never in the binary) is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(directives))
        .with_span_events(spans)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .try_init();
}

//! The entry point: parse, set up logging and the runtime, run, report.
//!
//! - [`main`]: what the `pc` binary calls; returns the documented exit code.
//! - [`run`]: one parsed command line, output written to any writer.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::error::ErrorKind as ClapErrorKind;
use clap::{CommandFactory, Parser};
use pc_models::Secret;
use pc_models::text::one_line;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::{
    Cli, CliError, Command, OutputFormat, QualificationCommand, QualificationsCommand,
    ValidationCodesCommand, commands, demo,
};

/// The message of `pc demo --output json`.
const DEMO_IS_FOR_PEOPLE: &str =
    "pc demo prints a walkthrough for people; --output json is not supported";

/// Parses the process's arguments, runs the command and returns its exit code.
///
/// Every error goes to stderr as one line, `error: <message>`, or under `--output json` as one
/// JSON object `{"error":{...}}`; usage errors caught by clap too (exit code 2, kind
/// `invalid_input`, clap's message folded onto one line). `--help` and `--version` print clap's
/// text and exit 0. A broken pipe on stdout ends the run quietly with exit code 0.
pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error, &args),
    };
    init_tracing(cli.global.verbose);
    let format = OutputFormat::resolve(cli.global.output);
    let secrets = secrets(&cli);
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
            report(&error, format, &secrets);
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
        // The walkthrough is text for people; piped without --output it is still that text.
        Command::Demo if global.output == Some(OutputFormat::Json) => {
            Err(CliError::Usage(DEMO_IS_FOR_PEOPLE.to_owned()))
        }
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
fn secrets(cli: &Cli) -> Vec<Secret> {
    let auth = &cli.global.auth;
    let code = match &cli.command {
        Command::Qualifications(QualificationsCommand::Create(args)) => &args.validation_code,
        Command::Qualification(QualificationCommand::Set(args)) => &args.validation_code,
        _ => &None,
    };
    [
        &cli.global.access_token,
        &auth.client_secret,
        &auth.refresh_token,
        code,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect()
}

/// The flags whose values are secrets, for a command line clap could not parse.
const SECRET_FLAGS: [&str; 4] = [
    "--access-token",
    "--client-secret",
    "--refresh-token",
    "--validation-code",
];

/// The variables whose values are secrets.
const SECRET_VARIABLES: [&str; 3] = ["PC_ACCESS_TOKEN", "PC_CLIENT_SECRET", "PC_REFRESH_TOKEN"];

/// Reports a command line clap refused (exit code 2), or prints the help or version clap asked
/// for (exit code 0).
fn usage_error(error: &clap::Error, args: &[OsString]) -> ExitCode {
    if matches!(
        error.kind(),
        ClapErrorKind::DisplayHelp | ClapErrorKind::DisplayVersion
    ) {
        // Printing help to a closed pipe is not worth reporting.
        let _ = error.print();
        return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(0));
    }
    let error = CliError::Usage(usage_message(error, args));
    report(&error, format_in(args), &secrets_in(args));
    ExitCode::from(error.exit_code())
}

/// Clap's message on one line: its first paragraph (the `Usage:` block and the `--help` hint
/// dropped), plus any `tip:`. For a missing subcommand, for which clap prints the whole help,
/// the message clap gives when help is not asked for: "'pc qualifications' requires a
/// subcommand but one was not provided [subcommands: ...]".
fn usage_message(error: &clap::Error, args: &[OsString]) -> String {
    if error.kind() == ClapErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        && let Err(plain) = no_help_on_missing(Cli::command()).try_get_matches_from(args)
        && plain.kind() != ClapErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        return usage_message(&plain, args);
    }
    let text = error.render().to_string();
    let mut paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let first = paragraphs.next().unwrap_or("invalid usage");
    let mut message = one_line(first.strip_prefix("error:").unwrap_or(first));
    for tip in paragraphs.filter(|p| p.starts_with("tip:")) {
        message.push_str(&format!(" ({})", one_line(tip)));
    }
    message
}

/// `command` and its subcommands without `arg_required_else_help`.
fn no_help_on_missing(command: clap::Command) -> clap::Command {
    command
        .arg_required_else_help(false)
        .mut_subcommands(no_help_on_missing)
}

/// The output format of a command line clap could not parse: the last `--output table|json`
/// (or `--output=...`) before any `--`, else the default (table on a terminal, json otherwise).
fn format_in(args: &[OsString]) -> OutputFormat {
    let mut asked = None;
    let mut args = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--output" {
            args.next().map(|value| value.into_owned())
        } else {
            arg.strip_prefix("--output=").map(str::to_owned)
        };
        match value.as_deref() {
            Some("json") => asked = Some(OutputFormat::Json),
            Some("table") => asked = Some(OutputFormat::Table),
            _ => {}
        }
    }
    OutputFormat::resolve(asked)
}

/// The secrets of a command line clap could not parse: the values of the secret flags and
/// variables, in case clap's message quotes one.
fn secrets_in(args: &[OsString]) -> Vec<Secret> {
    let mut secrets: Vec<Secret> = SECRET_VARIABLES
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(Secret::new)
        .collect();
    let mut args = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    while let Some(arg) = args.next() {
        for flag in SECRET_FLAGS {
            if arg == flag {
                if let Some(value) = args.next() {
                    secrets.push(Secret::new(value.into_owned()));
                }
            } else if let Some(value) = arg
                .strip_prefix(flag)
                .and_then(|rest| rest.strip_prefix('='))
            {
                secrets.push(Secret::new(value));
            }
        }
    }
    secrets
}

/// Writes the error to stderr: one line, or one JSON object under `--output json`.
fn report(error: &CliError, format: OutputFormat, secrets: &[Secret]) {
    let text = match format {
        OutputFormat::Json => error.to_json(secrets),
        OutputFormat::Table => error.to_line(secrets),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &[&str]) -> Vec<OsString> {
        std::iter::once("pc")
            .chain(line.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_format_of_an_unparsed_command_line_is_the_last_valid_output_flag() {
        let json = OutputFormat::Json;
        let table = OutputFormat::Table;
        assert_eq!(format_in(&args(&["--output", "json", "x"])), json);
        assert_eq!(format_in(&args(&["--output=json", "x"])), json);
        assert_eq!(
            format_in(&args(&["--output=json", "--output", "table"])),
            table
        );
        assert_eq!(
            format_in(&args(&["--output", "table", "--output", "yaml"])),
            table
        );
        assert_eq!(
            format_in(&args(&["--output", "table", "--", "--output=json"])),
            table
        );
    }

    #[test]
    fn the_secrets_of_an_unparsed_command_line_are_the_secret_flags_values() {
        let found = secrets_in(&args(&[
            "--access-token",
            "token-1234",
            "--validation-code=987654",
            "--customer",
            "c",
        ]));
        let text = Secret::redact("token-1234 987654 c", &found);
        assert_eq!(text, "[redacted] [redacted] c");
    }

    #[test]
    fn clap_messages_are_folded_onto_one_line_with_their_tips() {
        let message = |line: &[&str]| {
            Cli::try_parse_from(args(line))
                .err()
                .map(|e| usage_message(&e, &args(line)))
                .unwrap_or_default()
        };
        assert_eq!(
            message(&["qualifications", "list"]),
            "the following required arguments were not provided: --customer <GUID>"
        );
        let typo = message(&["qualifications", "list", "--custmer", "x"]);
        assert!(
            typo.starts_with("unexpected argument '--custmer' found (tip: "),
            "{typo}"
        );
        assert!(typo.contains("'--customer'"), "{typo}");
        let missing = message(&["qualifications"]);
        assert!(
            missing.starts_with(
                "'pc qualifications' requires a subcommand but one was not provided \
                 [subcommands: list, create"
            ),
            "{missing}"
        );
        assert!(
            message(&[]).starts_with("'pc' requires a subcommand but one was not provided"),
            "{}",
            message(&[])
        );
        assert!(!missing.contains('\n'), "{missing}");
    }
}

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
    ValidationCodesCommand, commands, demo, validation_code,
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
    // `--validation-code -`: read before the secrets are listed, so that the code is among them.
    let cli = match validation_code::resolve(cli, &mut io::stdin().lock()) {
        Ok(cli) => cli,
        Err(error) => {
            report(&error, format, &secrets_in(&args));
            return ExitCode::from(error.exit_code());
        }
    };
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
/// A validation code of `-` (`--validation-code -` or `PC_VALIDATION_CODE=-`) is read from the
/// first line of the process's stdin first, blocking ([`main`] has read it already).
///
/// # Errors
///
/// A [`CliError`] whose [`exit_code`](CliError::exit_code) is the process's.
pub async fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    let cli = validation_code::resolve(cli, &mut io::stdin().lock())?;
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
        Command::Completions(args) => commands::completions::print(args, out),
        Command::Bulk(command) => commands::bulk::run(global, format, command, out).await,
    }
}

/// The secrets of this command line, never to be printed (a validation code of `-`, still to be
/// read from stdin, is not one).
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
    .filter(|secret| !validation_code::is_from_stdin(secret))
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
const SECRET_VARIABLES: [&str; 4] = [
    "PC_ACCESS_TOKEN",
    "PC_CLIENT_SECRET",
    "PC_REFRESH_TOKEN",
    "PC_VALIDATION_CODE",
];

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

/// The secrets of a command line clap could not parse (or whose stdin could not be read): the
/// values of the secret flags and variables, in case a message quotes one (`-`, which asks for
/// stdin, is not a secret).
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
    secrets.retain(|secret| !validation_code::is_from_stdin(secret));
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
/// `-v`, `RUST_LOG` if set, else only our crates' warnings and errors. Flags win over `RUST_LOG`.
///
/// # Design
///
/// Issue 10: without `-v`, a dependency's log line (`ERROR rustls_platform_verifier::...
/// UnknownIssuer`) came before pc's own one-line error, which already says what failed. So the
/// default shows nothing of other crates, at any level; `-v` and `RUST_LOG` show them as before.
fn init_tracing(verbose: u8) {
    let rust_log = std::env::var("RUST_LOG").ok();
    let spans = if verbose > 0 || rust_log.is_some() {
        FmtSpan::CLOSE
    } else {
        FmtSpan::NONE
    };
    // A second initialization (never in the binary) is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(log_directives(verbose, rust_log)))
        .with_span_events(spans)
        .with_writer(io::stderr)
        .with_ansi(ansi_allowed(
            io::stderr().is_terminal(),
            std::env::var_os("NO_COLOR"),
        ))
        .try_init();
}

/// Whether log lines may carry ANSI colors: only on a terminal, and never when `NO_COLOR` is set
/// to a non-empty value (<https://no-color.org>). Clap's help follows the same rule by itself.
fn ansi_allowed(stderr_is_terminal: bool, no_color: Option<OsString>) -> bool {
    stderr_is_terminal && no_color.is_none_or(|value| value.is_empty())
}

/// The log filter of `-v` (`verbose` times) and `RUST_LOG` (`rust_log`): see `init_tracing`.
fn log_directives(verbose: u8, rust_log: Option<String>) -> String {
    const OURS: [&str; 6] = [
        "pc_cli",
        "pc_client",
        "pc_transport",
        "pc_emulator",
        "pc_models",
        "pc_bulk",
    ];
    let ours = |level: &str| {
        OURS.iter()
            .map(|krate| format!("{krate}={level}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    match verbose {
        0 => match rust_log {
            Some(value) if !value.trim().is_empty() => value,
            // Everything else off, at every level.
            _ => format!("off,{}", ours("warn")),
        },
        1 => format!("warn,{}", ours("info")),
        2 => format!("info,{}", ours("debug")),
        _ => "trace".to_owned(),
    }
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

    /// What a subscriber with `directives` writes for a dependency's error and pc's warning.
    fn logged_with(directives: String) -> String {
        use std::sync::{Arc, Mutex};

        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl Write for Buffer {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                if let Ok(mut buffer) = self.0.lock() {
                    buffer.extend_from_slice(bytes);
                }
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }

        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(EnvFilter::new(directives))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::error!(
                target: "rustls_platform_verifier::verification",
                "UnknownIssuer"
            );
            tracing::warn!(target: "hyper_util::client", "dependency warning");
            tracing::info!(target: "pc_client::pipeline", "pc.call");
            tracing::warn!(target: "pc_emulator::server", "emulator accept failed");
        });
        let bytes = buffer.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Issue 10: without `-v`, `ERROR rustls_platform_verifier::... UnknownIssuer` came before
    /// pc's own one-line error.
    #[test]
    fn without_v_or_rust_log_only_pc_s_own_warnings_are_logged() {
        let quiet = logged_with(log_directives(0, None));
        assert!(!quiet.contains("UnknownIssuer"), "{quiet}");
        assert!(!quiet.contains("dependency warning"), "{quiet}");
        assert!(!quiet.contains("pc.call"), "{quiet}");
        assert!(quiet.contains("emulator accept failed"), "{quiet}");
        assert_eq!(log_directives(0, Some(" ".into())), log_directives(0, None));

        let verbose = logged_with(log_directives(1, None));
        assert!(verbose.contains("UnknownIssuer"), "{verbose}");
        assert!(verbose.contains("pc.call"), "{verbose}");
        let rust_log = logged_with(log_directives(0, Some("error".into())));
        assert!(rust_log.contains("UnknownIssuer"), "{rust_log}");
        assert!(!rust_log.contains("emulator accept failed"), "{rust_log}");
    }

    #[test]
    fn log_colors_need_a_terminal_and_no_non_empty_no_color() {
        assert!(ansi_allowed(true, None));
        assert!(ansi_allowed(true, Some(OsString::new())));
        assert!(!ansi_allowed(true, Some(OsString::from("1"))));
        assert!(!ansi_allowed(true, Some(OsString::from("false"))));
        assert!(!ansi_allowed(false, None));
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

//! Where the validation code of `create` and `set` comes from: `--validation-code`, else
//! `PC_VALIDATION_CODE` (clap), and `-` for the first line of stdin.
//!
//! - `FROM_STDIN`: the value (`-`, from the flag or the variable) that asks for stdin.
//! - `resolve`: a parsed command line with that value replaced by the code read, and an empty
//!   code (`PC_VALIDATION_CODE=`) dropped.
//!
//! # Design
//!
//! Issue 10: a validation code given as an argument is visible to other local users (`ps`).
//! `PC_VALIDATION_CODE` and stdin keep it off the command line. The code is read once, before
//! the command runs, so that the run's list of secrets to redact holds the code itself and not
//! `-`. The code read is never echoed, not even in the errors of this module. An empty or blank
//! code counts as none, as an empty `PC_ACCESS_TOKEN` does: an exported but empty variable must
//! not make an Education create fail for carrying a code.

use std::io::{BufRead, Read};

use pc_models::Secret;

use crate::{Cli, CliError, Command, QualificationCommand, QualificationsCommand};

/// The validation code that means "read it from stdin".
pub(crate) const FROM_STDIN: &str = "-";

/// The longest line read, in bytes (validation codes are a few characters).
const MAX_LINE: usize = 1024;

/// Whether `code` asks for the code to be read from stdin.
pub(crate) fn is_from_stdin(code: &Secret) -> bool {
    code.expose() == FROM_STDIN
}

/// `cli` with a validation code of `-` replaced by the first line of `input`, trimmed, and a
/// blank code dropped. Reads nothing when no command of `cli` asks for it.
///
/// # Errors
///
/// Invalid input (exit code 2, nothing sent) when `input` cannot be read, holds no line with a
/// code, or a line longer than 1,024 bytes.
pub(crate) fn resolve(mut cli: Cli, input: &mut dyn BufRead) -> Result<Cli, CliError> {
    let slot = match &mut cli.command {
        Command::Qualifications(QualificationsCommand::Create(args)) => &mut args.validation_code,
        Command::Qualification(QualificationCommand::Set(args)) => &mut args.validation_code,
        _ => return Ok(cli),
    };
    if slot.as_ref().is_some_and(is_from_stdin) {
        *slot = Some(read(input)?);
    } else if slot
        .as_ref()
        .is_some_and(|code| code.expose().trim().is_empty())
    {
        *slot = None;
    }
    Ok(cli)
}

/// The first line of `input`, trimmed.
fn read(input: &mut dyn BufRead) -> Result<Secret, CliError> {
    let refused = |why: &str| {
        CliError::invalid_input(format!(
            "--validation-code -: {why} (the code is read from the first line of stdin)"
        ))
    };
    let mut line = String::new();
    let limit = u64::try_from(MAX_LINE + 1).unwrap_or(u64::MAX);
    // The error never quotes the input (io errors name their kind only).
    Read::take(input, limit)
        .read_line(&mut line)
        .map_err(|error| refused(&format!("could not read stdin: {error}")))?;
    if line.len() > MAX_LINE {
        return Err(refused(&format!(
            "the line is longer than {MAX_LINE} bytes"
        )));
    }
    let code = line.trim();
    // A `-` read would ask for stdin again.
    if code.is_empty() || code == FROM_STDIN {
        return Err(refused("stdin held no validation code"));
    }
    Ok(Secret::new(code))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    const CUSTOMER: &str = "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d";

    fn set(code: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from([
            "pc",
            "qualification",
            "set",
            "--customer",
            CUSTOMER,
            "--qualification",
            "gcc",
            "--validation-code",
            code,
        ])
    }

    fn code_of(cli: &Cli) -> Option<&str> {
        match &cli.command {
            Command::Qualification(QualificationCommand::Set(args)) => {
                args.validation_code.as_ref().map(Secret::expose)
            }
            _ => None,
        }
    }

    #[test]
    fn a_dash_is_replaced_by_the_first_line_trimmed() -> Result<(), Box<dyn std::error::Error>> {
        let cli = resolve(set("-")?, &mut "  123456 \r\nsecond\n".as_bytes())?;
        assert_eq!(code_of(&cli), Some("123456"));
        let cli = resolve(set("-")?, &mut "7".as_bytes())?;
        assert_eq!(code_of(&cli), Some("7"));
        Ok(())
    }

    #[test]
    fn other_codes_and_commands_read_nothing() -> Result<(), Box<dyn std::error::Error>> {
        let mut input = "unread\n".as_bytes();
        let cli = resolve(set("123456")?, &mut input)?;
        assert_eq!(code_of(&cli), Some("123456"));
        let list = Cli::try_parse_from(["pc", "qualifications", "list", "--customer", CUSTOMER])?;
        resolve(list, &mut input)?;
        assert_eq!(input, b"unread\n");
        Ok(())
    }

    #[test]
    fn a_blank_code_counts_as_none() -> Result<(), Box<dyn std::error::Error>> {
        let cli = resolve(set(" ")?, &mut "unread\n".as_bytes())?;
        assert_eq!(code_of(&cli), None);
        Ok(())
    }

    #[test]
    fn empty_overlong_or_unreadable_input_is_invalid_input() -> Result<(), clap::Error> {
        let long = format!("{}\n", "9".repeat(MAX_LINE + 1));
        let cases: [&[u8]; 5] = [b"", b" \n123456\n", b"-\n", long.as_bytes(), b"\xff\xfe\n"];
        for input in cases {
            let error = resolve(set("-")?, &mut { input }).err();
            assert_eq!(
                error.as_ref().map(CliError::exit_code),
                Some(2),
                "{input:?}"
            );
            let message = error.map(|e| e.message()).unwrap_or_default();
            assert!(
                message.starts_with("invalid input: --validation-code -: "),
                "{message}"
            );
            assert!(
                !message.contains("999") && !message.contains("123456"),
                "{message}"
            );
        }
        Ok(())
    }
}

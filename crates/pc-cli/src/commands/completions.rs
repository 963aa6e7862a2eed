//! `pc completions <shell>`: a completion script generated from the clap command.

use std::io::Write;

use crate::{CliError, CompletionsArgs};

/// Writes the completion script of `args.shell` to `out`.
///
/// The script is generated in memory first: clap_complete panics on a failed write, and a
/// closed pipe (`pc completions bash | head`) must end the run quietly instead.
pub(crate) fn print(args: &CompletionsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut crate::command(), "pc", &mut script);
    out.write_all(&script)?;
    Ok(())
}

//! `pc validation-codes list`.

use std::io::Write;

use crate::session::Session;
use crate::{CliError, GlobalArgs, OutputFormat, output};

/// `GET /v1/customers/all/validations`: prints the partner's codes.
pub(crate) async fn list(
    global: &GlobalArgs,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let session = Session::new(global, format)?;
    let codes = session
        .client
        .validation_codes()
        .list()
        .options(session.options.clone())
        .await?;
    output::validation_codes(out, session.format, &codes)?;
    Ok(())
}

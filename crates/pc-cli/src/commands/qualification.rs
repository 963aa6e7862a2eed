//! `pc qualification get` and `pc qualification set`: the legacy synchronous API.
//!
//! The client checks a `set` request (`encode_legacy`) when it is awaited and refuses it with
//! nothing sent, before a token is looked at: exit code 2.

use std::io::Write;

use super::qualifications;
use crate::session::Session;
use crate::{CliError, CustomerArgs, GlobalArgs, OutputFormat, SetArgs, names, output};

/// `GET /v1/customers/{id}/qualification`: prints the bare lower-case name.
pub(crate) async fn get(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &CustomerArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let session = Session::new(global, format)?;
    let name = session
        .client
        .customer(customer)
        .legacy_qualification()
        .get()
        .options(session.options.clone())
        .await?;
    output::legacy(out, session.format, &name)?;
    Ok(())
}

/// `PUT /v1/customers/{id}/qualification`: prints the new name. Sent under `--request-id`
/// (else a new GUID chosen here), as `qualifications create` is.
pub(crate) async fn set(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &SetArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let qualification = names::qualification(&args.qualification)?;
    let request_id = qualifications::request_id(args.request_id.as_deref())?;
    let session = Session::new(global, format)?;
    let name = session
        .client
        .customer(customer)
        .legacy_qualification()
        .update(qualification, args.validation_code.clone())
        .options(session.options.clone().request_id(request_id))
        .await
        .map_err(|error| CliError::of_write("set", request_id, error))?;
    output::legacy(out, session.format, &name)?;
    Ok(())
}

//! `pc qualification get` and `pc qualification set`: the legacy synchronous API.

use std::io::Write;

use pc_models::QualificationRequest;

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
    let reply = session
        .client
        .customer(customer)
        .qualification()
        .with_options(session.options.clone())
        .get_reply()
        .await?;
    output::legacy(out, session.format, &reply.value)?;
    Ok(())
}

/// `PUT /v1/customers/{id}/qualification`: prints the new name.
pub(crate) async fn set(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &SetArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let qualification = names::qualification(&args.qualification)?;
    let code = args.validation_code.clone();
    // The same checks the client makes, before a token is even looked at.
    let mut request = QualificationRequest::new(qualification);
    if let Some(code) = &code {
        request = request.with_validation_code(code.clone());
    }
    request.encode_legacy()?;
    let session = Session::new(global, format)?;
    let reply = session
        .client
        .customer(customer)
        .qualification()
        .with_options(session.options.clone())
        .update_reply(qualification, code)
        .await?;
    output::legacy(out, session.format, &reply.value)?;
    Ok(())
}

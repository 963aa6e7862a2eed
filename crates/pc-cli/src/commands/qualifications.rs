//! `pc qualifications list` and `pc qualifications create` (alias `update`).

use std::io::Write;

use pc_models::QualificationRequest;

use crate::session::Session;
use crate::{CliError, CreateArgs, CustomerArgs, GlobalArgs, OutputFormat, names, output};

/// `GET /v1/customers/{id}/qualifications`: prints the records.
pub(crate) async fn list(
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
        .qualifications()
        .with_options(session.options.clone())
        .list_reply()
        .await?;
    output::qualifications(out, session.format, &reply.value)?;
    Ok(())
}

/// The request `create` sends, checked against the chosen contract (nothing is sent when it fails).
pub(crate) fn request(
    global: &GlobalArgs,
    args: &CreateArgs,
) -> Result<QualificationRequest, CliError> {
    let qualification = names::qualification(&args.qualification)?;
    let mut request = QualificationRequest::new(qualification);
    if let Some(segment) = args.education_segment {
        request = request.with_education_segment(segment.into());
    }
    if let Some(website) = &args.website {
        request = request.with_website(website.as_str());
    }
    if let Some(code) = &args.validation_code {
        request = request.with_validation_code(code.as_str());
    }
    request.validate(global.contract.into())?;
    Ok(request)
}

/// `POST /v1/customers/{id}/qualifications`: prints the created record.
pub(crate) async fn create(
    global: &GlobalArgs,
    format: OutputFormat,
    args: &CreateArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let customer = names::customer(&args.customer)?;
    let request = request(global, args)?;
    let session = Session::new(global, format)?;
    let reply = session
        .client
        .customer(customer)
        .qualifications()
        .with_options(session.options.clone())
        .create_reply(request)
        .await?;
    output::qualification(out, session.format, &reply.value)?;
    Ok(())
}

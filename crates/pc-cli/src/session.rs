//! What the commands that call Partner Center share: the client, the per-call options, the format.
//!
//! - `Session`: built from the global flags; refuses a missing or unusable access token.

use http::HeaderValue;
use pc_client::{CallOptions, PartnerCenterClient};

use crate::{CliError, GlobalArgs, OutputFormat, names};

/// The client and settings of one command run.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) client: PartnerCenterClient,
    pub(crate) options: CallOptions,
    pub(crate) format: OutputFormat,
}

impl Session {
    /// Builds the client from the global flags.
    ///
    /// # Errors
    ///
    /// Invalid input (exit code 2) when no access token was given or it cannot be sent in a
    /// header, the correlation id is not a GUID, or the client refuses a setting (endpoint URL,
    /// locale, application name).
    pub(crate) fn new(global: &GlobalArgs, format: OutputFormat) -> Result<Self, CliError> {
        let mut options = CallOptions::default();
        if let Some(text) = &global.correlation_id {
            options = options.correlation_id(names::correlation_id(text)?);
        }
        let token = global
            .access_token
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| {
                CliError::invalid_input(
                    "no access token: pass --access-token TOKEN or set PC_ACCESS_TOKEN",
                )
            })?;
        if HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
            return Err(CliError::invalid_input(
                "the access token holds characters an HTTP header cannot carry",
            ));
        }
        let mut builder = PartnerCenterClient::builder()
            .access_token(token)
            .contract(global.contract.into());
        if let Some(endpoint) = &global.endpoint {
            builder = builder.endpoint(endpoint.as_str());
        }
        if let Some(locale) = &global.locale {
            builder = builder.locale(locale.as_str());
        }
        if let Some(application) = &global.application {
            builder = builder.application_name(application.as_str());
        }
        Ok(Self {
            client: builder.build()?,
            options,
            format,
        })
    }
}

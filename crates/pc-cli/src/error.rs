//! Failures of a command, their exit codes and their renderings.
//!
//! - [`CliError`]: a usage error or invalid input (nothing sent), a client error, a create whose
//!   wait failed, nothing to wait for, a write error, anything else.
//!
//! The renderings take the run's secrets and pass every printed text through
//! [`Secret::redact`]: the client never prints them; this is the second lock on the door.
//!
//! # Example
//!
//! ```
//! use pc_cli::CliError;
//!
//! let error = CliError::invalid_input("invalid customer id \"42\"");
//! assert_eq!(error.exit_code(), 2);
//! assert_eq!(error.message(), "invalid input: invalid customer id \"42\"");
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::io;

use pc_client::{ErrorKind, Reply};
use pc_models::text::one_line;
use pc_models::{Qualification, Secret};
use serde::Serialize;

/// Why a command failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum CliError {
    /// The command line could not be parsed (clap's message on one line; exit code 2, nothing
    /// sent). Reported with the kind `invalid_input`, like every other local refusal.
    Usage(String),
    /// The command line was refused before anything was sent (exit code 2).
    InvalidInput(String),
    /// The client failed; the exit code follows its [`ErrorKind`].
    Client(pc_client::Error),
    /// `create --wait`: the create succeeded (`created`: the record, status and ids), then
    /// waiting for vetting failed (`error`, whose exit code this is).
    WaitFailed {
        /// The create's reply: the record as created, its status and ids.
        created: Box<Reply<Qualification>>,
        /// Why the wait failed.
        error: pc_client::Error,
    },
    /// `qualifications wait`: the first poll shows the customer does not hold the
    /// qualification (exit code 1).
    NotFound(String),
    /// Writing the output failed (a broken pipe is not reported: exit code 0).
    Output(io::Error),
    /// Anything else, such as a port already in use (exit code 1).
    Other(anyhow::Error),
}

impl CliError {
    /// Invalid input: exit code 2, nothing sent.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// The process exit code: 1 refused by the service (or another failure), 2 invalid input,
    /// 3 transport failure, timeout or unusable response; 0 for a broken pipe on stdout.
    ///
    /// An authentication failure is 1 when the token endpoint refused the credentials
    /// (`invalid_grant`, `invalid_client`) and 3 when it could not be reached or answered
    /// transiently (a transport failure, 429 or 5xx), like any other transport failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::InvalidInput(_) => 2,
            Self::Client(error) | Self::WaitFailed { error, .. } => client_exit_code(error),
            Self::Output(error) if error.kind() == io::ErrorKind::BrokenPipe => 0,
            Self::NotFound(_) | Self::Output(_) | Self::Other(_) => 1,
        }
    }

    /// Whether this is a broken pipe on stdout: the reader left, which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// A short name of the failure for scripts: `invalid_input` (usage errors too), `service`,
    /// `transport`, `not_found`, ... (a failed `create --wait`: the wait failure's).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Usage(_) | Self::InvalidInput(_) => "invalid_input",
            Self::Client(error) | Self::WaitFailed { error, .. } => match error.kind() {
                ErrorKind::InvalidInput => "invalid_input",
                ErrorKind::Config => "config",
                ErrorKind::Service => "service",
                ErrorKind::Transport => "transport",
                ErrorKind::Timeout => "timeout",
                ErrorKind::Decode => "decode",
                ErrorKind::ResponseTooLarge => "response_too_large",
                ErrorKind::Auth => "auth",
                ErrorKind::VettingTimeout => "vetting_timeout",
                _ => "other",
            },
            Self::NotFound(_) => "not_found",
            Self::Output(_) => "output",
            Self::Other(_) => "other",
        }
    }

    /// The error and its causes on one line, joined by `": "`, folded by
    /// [`pc_models::text::one_line`] (white space runs become one space, control characters
    /// U+FFFD).
    pub fn message(&self) -> String {
        let text = match self {
            Self::Usage(message) | Self::NotFound(message) => message.clone(),
            Self::InvalidInput(message) => format!("invalid input: {message}"),
            Self::Client(error) => chain(error),
            Self::WaitFailed { created, error } => format!(
                "created ({}, MS-RequestId {}) but waiting failed: {}",
                created.status,
                created.request_id,
                chain(error)
            ),
            Self::Output(error) => format!("could not write the output: {}", chain(error)),
            Self::Other(error) => format!("{error:#}"),
        };
        one_line(&text)
    }

    /// The JSON object printed on stderr under `--output json`:
    /// `{"error":{"kind":..,"status":..,"code":..,"description":..,"correlationId":..,"requestId":..,"message":..}}`.
    ///
    /// After a failed `create --wait`, `"created"` holds the created record as on the wire.
    pub(crate) fn to_json(&self, secrets: &[Secret]) -> String {
        let redact = |text: &str| Secret::redact(text, secrets);
        let (client, created) = match self {
            Self::Client(error) => (Some(error), None),
            Self::WaitFailed { created, error } => (Some(error), Some(&created.value)),
            _ => (None, None),
        };
        let body = ErrorJson {
            kind: self.kind_name(),
            status: client
                .and_then(pc_client::Error::status)
                .map(|s| s.as_u16()),
            code: client.and_then(|e| e.code()).map(redact),
            description: client
                .and_then(|e| e.description())
                .map(|d| redact(&one_line(d))),
            correlation_id: client
                .and_then(|e| e.correlation_id())
                .map(|id| id.to_string()),
            request_id: client.and_then(|e| e.request_id()).map(|id| id.to_string()),
            message: redact(&self.message()),
            created,
        };
        #[derive(Serialize)]
        struct Envelope<'a> {
            error: ErrorJson<'a>,
        }
        serde_json::to_string(&Envelope { error: body })
            .unwrap_or_else(|_| format!("{{\"error\":{{\"kind\":\"{}\"}}}}", self.kind_name()))
    }

    /// The line printed on stderr in table mode: `error: <message>`.
    pub(crate) fn to_line(&self, secrets: &[Secret]) -> String {
        format!("error: {}", Secret::redact(&self.message(), secrets))
    }
}

/// The exit code of a client failure: 2 refused locally, 1 refused by the service (or the token
/// endpoint), 3 transport failure, timeout, unusable response, unfinished vetting.
fn client_exit_code(error: &pc_client::Error) -> u8 {
    match error.kind() {
        ErrorKind::InvalidInput | ErrorKind::Config => 2,
        // The token endpoint was unreachable, busy or throttled: a transport failure.
        ErrorKind::Auth if error.is_transient() => 3,
        ErrorKind::Service | ErrorKind::Auth => 1,
        ErrorKind::Transport
        | ErrorKind::Timeout
        | ErrorKind::Decode
        | ErrorKind::ResponseTooLarge
        | ErrorKind::VettingTimeout => 3,
        _ => 1,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorJson<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    correlation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<String>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<&'a Qualification>,
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl StdError for CliError {}

impl From<pc_client::Error> for CliError {
    fn from(value: pc_client::Error) -> Self {
        Self::Client(value)
    }
}

impl From<pc_models::RequestError> for CliError {
    fn from(value: pc_models::RequestError) -> Self {
        Self::InvalidInput(value.to_string())
    }
}

impl From<io::Error> for CliError {
    fn from(value: io::Error) -> Self {
        Self::Output(value)
    }
}

/// `Display` of an error followed by each cause's, joined by `": "`.
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Some libraries repeat their cause in their own message; print it once.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<CliError>();
    }

    #[test]
    fn broken_pipe_exits_zero_and_other_write_errors_exit_one() {
        let pipe = CliError::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(pipe.is_broken_pipe());
        assert_eq!(pipe.exit_code(), 0);
        let full = CliError::from(io::Error::other("disk full"));
        assert_eq!(full.exit_code(), 1);
        assert_eq!(full.message(), "could not write the output: disk full");
    }

    #[test]
    fn renderings_redact_every_secret_but_ignore_short_ones() {
        let secrets = [Secret::new("s3cret-token"), Secret::new("abc")];
        let error = CliError::invalid_input("a s3cret-token b abc");
        assert_eq!(
            error.to_line(&secrets),
            "error: invalid input: a [redacted] b abc"
        );
        assert!(error.to_json(&secrets).contains("a [redacted] b abc"));
    }

    #[test]
    fn usage_errors_and_absent_qualifications_have_their_own_codes() {
        let usage = CliError::Usage("unexpected argument '--x' found".into());
        assert_eq!(usage.exit_code(), 2);
        assert_eq!(usage.kind_name(), "invalid_input");
        assert_eq!(usage.to_line(&[]), "error: unexpected argument '--x' found");
        let absent = CliError::NotFound("customer c holds no Education qualification".into());
        assert_eq!(absent.exit_code(), 1);
        assert_eq!(absent.kind_name(), "not_found");
    }

    #[test]
    fn auth_failures_exit_3_when_transient_and_1_when_refused() {
        let refused = CliError::from(pc_client::Error::auth("invalid_grant"));
        assert_eq!(refused.exit_code(), 1);
        let unreachable = CliError::from(pc_client::Error::auth("unreachable").transient());
        assert_eq!(unreachable.exit_code(), 3);
        assert_eq!(unreachable.kind_name(), "auth");
    }

    #[test]
    fn message_folds_line_breaks() {
        let error = CliError::Other(anyhow::anyhow!("first\nsecond").context("outer"));
        assert_eq!(error.message(), "outer: first second");
    }

    #[test]
    fn message_replaces_control_characters() {
        let error = CliError::Other(anyhow::anyhow!("red\u{1b}[31m\r\n bell\u{7}"));
        assert_eq!(error.message(), "red\u{fffd}[31m bell\u{fffd}");
    }
}

//! Failures of a command, their exit codes and their renderings.
//!
//! - [`CliError`]: invalid input (nothing sent), a client error, a write error, anything else.
//! - `Redactor`: removes the access token and validation code from anything printed.
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

use pc_client::ErrorKind;
use serde::Serialize;

/// Why a command failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum CliError {
    /// The command line was refused before anything was sent (exit code 2).
    InvalidInput(String),
    /// The client failed; the exit code follows its [`ErrorKind`].
    Client(pc_client::Error),
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
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::InvalidInput(_) => 2,
            Self::Client(error) => match error.kind() {
                ErrorKind::InvalidInput | ErrorKind::Config => 2,
                ErrorKind::Service | ErrorKind::Auth => 1,
                ErrorKind::Transport
                | ErrorKind::Timeout
                | ErrorKind::Decode
                | ErrorKind::ResponseTooLarge
                | ErrorKind::VettingTimeout => 3,
                _ => 1,
            },
            Self::Output(error) if error.kind() == io::ErrorKind::BrokenPipe => 0,
            Self::Output(_) | Self::Other(_) => 1,
        }
    }

    /// Whether this is a broken pipe on stdout: the reader left, which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// A short name of the failure for scripts: `invalid_input`, `service`, `transport`, ...
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::InvalidInput(_) => "invalid_input",
            Self::Client(error) => match error.kind() {
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
            Self::Output(_) => "output",
            Self::Other(_) => "other",
        }
    }

    /// The error and its causes on one line, joined by `": "`.
    pub fn message(&self) -> String {
        let text = match self {
            Self::InvalidInput(message) => format!("invalid input: {message}"),
            Self::Client(error) => chain(error),
            Self::Output(error) => format!("could not write the output: {}", chain(error)),
            Self::Other(error) => format!("{error:#}"),
        };
        one_line(&text)
    }

    /// The JSON object printed on stderr under `--output json`:
    /// `{"error":{"kind":..,"status":..,"code":..,"description":..,"correlationId":..,"requestId":..,"message":..}}`.
    pub(crate) fn to_json(&self, redactor: &Redactor) -> String {
        let client = match self {
            Self::Client(error) => Some(error),
            _ => None,
        };
        let body = ErrorJson {
            kind: self.kind_name(),
            status: client
                .and_then(pc_client::Error::status)
                .map(|s| s.as_u16()),
            code: client.and_then(|e| e.code()).map(|c| redactor.apply(c)),
            description: client
                .and_then(|e| e.description())
                .map(|d| redactor.apply(&one_line(d))),
            correlation_id: client
                .and_then(|e| e.correlation_id())
                .map(|id| id.to_string()),
            request_id: client.and_then(|e| e.request_id()).map(|id| id.to_string()),
            message: redactor.apply(&self.message()),
        };
        #[derive(Serialize)]
        struct Envelope {
            error: ErrorJson,
        }
        serde_json::to_string(&Envelope { error: body })
            .unwrap_or_else(|_| format!("{{\"error\":{{\"kind\":\"{}\"}}}}", self.kind_name()))
    }

    /// The line printed on stderr in table mode: `error: <message>`.
    pub(crate) fn to_line(&self, redactor: &Redactor) -> String {
        format!("error: {}", redactor.apply(&self.message()))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorJson {
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

/// Folds every run of whitespace (line breaks included) into one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces the secrets of a command line (access token, validation code) by `[redacted]` in
/// anything printed. The client never prints them; this is the second lock on the door.
#[derive(Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// Adds a secret; values shorter than 4 characters are ignored (they would mangle output).
    pub(crate) fn add(&mut self, secret: Option<&str>) {
        if let Some(secret) = secret.filter(|s| s.len() >= 4) {
            self.secrets.push(secret.to_owned());
        }
    }

    /// `text` with every secret replaced.
    pub(crate) fn apply(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            text = text.replace(secret.as_str(), "[redacted]");
        }
        text
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("secrets", &self.secrets.len())
            .finish()
    }
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
    fn redactor_replaces_every_secret_but_ignores_short_ones() {
        let mut redactor = Redactor::default();
        redactor.add(Some("s3cret-token"));
        redactor.add(Some("abc"));
        redactor.add(None);
        assert_eq!(redactor.apply("a s3cret-token b abc"), "a [redacted] b abc");
    }

    #[test]
    fn message_folds_line_breaks() {
        let error = CliError::Other(anyhow::anyhow!("first\nsecond").context("outer"));
        assert_eq!(error.message(), "outer: first second");
    }
}

//! Failures of a command, their exit codes and their renderings.
//!
//! - [`CliError`]: a usage error or invalid input (nothing sent), a client error, a create or set
//!   whose outcome is unknown, a create whose wait failed, nothing to wait for, a write error,
//!   a bulk run or wait that did not finish every row (exit code 3, 4 or 130), anything else.
//!
//! The renderings take the run's secrets and pass every printed text through
//! [`Secret::redact`]: the client never prints them; this is the second lock on the door.
//!
//! # Design
//!
//! Issue 10 ("Hardening ... terminal-safe output"): the line of table mode is one line of at
//! most [`MESSAGE_LIMIT`] characters with no control character, whatever the service sent (the
//! client's `Display` already cuts the description to 1,024 characters; each cause is cut to
//! [`CAUSE_LIMIT`] here). The JSON object of `--output json` is for scripts: its `code` and
//! `description` are the service's text whole (secrets redacted), every control character
//! escaped by `crate::json`, so nothing is unescaped to the terminal.
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
use pc_models::text::snippet;
use pc_models::{Qualification, Secret};
use serde::Serialize;
use uuid::Uuid;

use crate::json;

/// The most characters of the one-line message; longer messages end in `…`.
pub(crate) const MESSAGE_LIMIT: usize = 4096;

/// The most characters of each cause in the message (the service's text is cut shorter by the
/// client: its description to 1,024 characters).
pub(crate) const CAUSE_LIMIT: usize = 1024;

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
    /// A create or set (`operation`) whose outcome is unknown: it timed out or its connection
    /// broke after it may have reached the service, or its answer could not be read (exit code
    /// 3). The message says how to resend it safely: rerun with `--request-id <request_id>`, so
    /// that the service answers with the stored result instead of applying it twice.
    Unconfirmed {
        /// `create` or `set`.
        operation: &'static str,
        /// The `MS-RequestId` the write was sent with.
        request_id: Uuid,
        /// Why it failed.
        error: pc_client::Error,
    },
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
    /// A bulk run or wait that ended without every row done; its summary is already on stderr.
    Bulk {
        /// The exit code: 3 (the service could not be used, or vetting not finished before
        /// `--wait-timeout`), 4 (some rows refused, failed or invalid) or 130 (interrupted).
        code: u8,
        /// A short name for scripts: `unavailable`, `vetting_timeout`, `items_failed` or
        /// `interrupted`.
        kind: &'static str,
        /// What happened and what to do next, on one line.
        message: String,
    },
}

impl CliError {
    /// Invalid input: exit code 2, nothing sent.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// The failure of a write (`operation`: `create` or `set`) sent with `request_id`:
    /// [`CliError::Unconfirmed`] when it exits 3 (a transport failure, a timeout, an unreadable
    /// answer: the write may have been applied), else [`CliError::Client`].
    ///
    /// Only a single attempt that surely never reached the service (its connection was refused,
    /// or no token could be had) is not unconfirmed: after several attempts the error is the
    /// last one's, and an earlier attempt may have reached the service.
    pub(crate) fn of_write(
        operation: &'static str,
        request_id: Uuid,
        error: pc_client::Error,
    ) -> Self {
        let never_sent = error.attempts() <= 1
            && (error.kind() == ErrorKind::Auth
                || error
                    .transport_error()
                    .is_some_and(|transport| !transport.may_have_been_processed()));
        if client_exit_code(&error) == 3 && !never_sent {
            Self::Unconfirmed {
                operation,
                request_id,
                error,
            }
        } else {
            Self::Client(error)
        }
    }

    /// The process exit code: 1 refused by the service (or another failure), 2 invalid input,
    /// 3 transport failure, timeout or unusable response; 0 for a broken pipe on stdout; a
    /// bulk run's own code (3, 4 or 130).
    ///
    /// An authentication failure is 1 when the token endpoint refused the credentials
    /// (`invalid_grant`, `invalid_client`) and 3 when it could not be reached or answered
    /// transiently (a transport failure, 429 or 5xx), like any other transport failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::InvalidInput(_) => 2,
            Self::Client(error)
            | Self::Unconfirmed { error, .. }
            | Self::WaitFailed { error, .. } => client_exit_code(error),
            Self::Output(error) if error.kind() == io::ErrorKind::BrokenPipe => 0,
            Self::NotFound(_) | Self::Output(_) | Self::Other(_) => 1,
            Self::Bulk { code, .. } => *code,
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
            Self::Client(error)
            | Self::Unconfirmed { error, .. }
            | Self::WaitFailed { error, .. } => match error.kind() {
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
            Self::Bulk { kind, .. } => kind,
        }
    }

    /// The error and its causes on one line, joined by `": "`, folded by
    /// [`pc_models::text::snippet`] (white space runs become one space, control characters
    /// U+FFFD) and cut to 4,096 characters with `…` (each cause to 1,024).
    pub fn message(&self) -> String {
        let text = match self {
            Self::Usage(message) | Self::NotFound(message) | Self::Bulk { message, .. } => {
                message.clone()
            }
            Self::InvalidInput(message) => format!("invalid input: {message}"),
            Self::Client(error) => chain(error),
            Self::Unconfirmed {
                operation,
                request_id,
                error,
            } => format!(
                // The cause is cut first, so that the hint always shows.
                "{}; the {operation} may have been applied: rerun with --request-id {request_id} \
                 to replay it safely",
                snippet(&chain(error), MESSAGE_LIMIT - 200)
            ),
            Self::WaitFailed { created, error } => format!(
                "created ({}, MS-RequestId {}) but waiting failed: {}",
                created.status,
                created.request_id,
                chain(error)
            ),
            Self::Output(error) => format!("could not write the output: {}", chain(error)),
            Self::Other(error) => snippet(&format!("{error:#}"), CAUSE_LIMIT),
        };
        snippet(&text, MESSAGE_LIMIT)
    }

    /// The JSON object printed on stderr under `--output json`:
    /// `{"error":{"kind":..,"status":..,"code":..,"description":..,"correlationId":..,"requestId":..,"message":..}}`.
    ///
    /// `code` and `description` are the service's text whole (secrets redacted); every control
    /// character in the object is escaped. After a failed `create --wait`, `"created"` holds the
    /// created record as on the wire.
    pub(crate) fn to_json(&self, secrets: &[Secret]) -> String {
        let redact = |text: &str| Secret::redact(text, secrets);
        let (client, created) = match self {
            Self::Client(error) | Self::Unconfirmed { error, .. } => (Some(error), None),
            Self::WaitFailed { created, error } => (Some(error), Some(&created.value)),
            _ => (None, None),
        };
        let body = ErrorJson {
            kind: self.kind_name(),
            status: client
                .and_then(pc_client::Error::status)
                .map(|s| s.as_u16()),
            code: client.and_then(|e| e.code()).map(redact),
            description: client.and_then(|e| e.description()).map(redact),
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
        json::to_line(&Envelope { error: body })
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

impl From<pc_bulk::Error> for CliError {
    /// A bad input file, ledger or setting (nothing sent) is invalid input, exit code 2; a
    /// report that could not be written is an output failure, exit code 1.
    fn from(value: pc_bulk::Error) -> Self {
        match value.kind() {
            pc_bulk::ErrorKind::Output => Self::Other(anyhow::Error::new(value)),
            _ => Self::InvalidInput(value.to_string()),
        }
    }
}

impl From<io::Error> for CliError {
    fn from(value: io::Error) -> Self {
        Self::Output(value)
    }
}

/// `Display` of an error followed by each cause's, joined by `": "`; each cause is cut to
/// [`CAUSE_LIMIT`] characters (a decode error's cause may quote a whole server value). The
/// error's own `Display` is kept whole: the client's ends with the ids and cuts the service's
/// text itself.
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = snippet(&cause.to_string(), CAUSE_LIMIT);
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

    /// Issue 10: secrets shorter than 4 characters were never redacted.
    #[test]
    fn renderings_redact_every_secret_short_ones_as_whole_tokens() {
        let secrets = [
            Secret::new("s3cret-token"),
            Secret::new("abc"),
            Secret::new("7"),
        ];
        let error = CliError::invalid_input("a s3cret-token b abc, code=7, 17 abcd");
        let expected = "a [redacted] b [redacted], code=[redacted], 17 abcd";
        assert_eq!(
            error.to_line(&secrets),
            format!("error: invalid input: {expected}")
        );
        assert!(error.to_json(&secrets).contains(expected));
    }

    /// Issue 10: a 16 MiB description became a 16 MiB line.
    #[test]
    fn the_message_is_one_bounded_line() {
        let huge = format!("start\u{1b}[31m\r\n{}", "x".repeat(3 * MESSAGE_LIMIT));
        let error = CliError::Other(anyhow::anyhow!(huge.clone()).context("outer"));
        let message = error.message();
        assert!(
            message.starts_with("outer: start\u{fffd}[31m xxx"),
            "{message}"
        );
        assert!(message.ends_with('…'), "{message}");
        assert!(
            message.chars().count() <= CAUSE_LIMIT + 1,
            "{}",
            message.len()
        );
        assert!(!message.contains(char::is_control));
        let io = CliError::Output(io::Error::other(huge)).message();
        assert!(io.ends_with('…'), "{io}");
        assert!(io.chars().count() <= MESSAGE_LIMIT + 1, "{}", io.len());
    }

    #[test]
    fn json_keeps_the_service_text_whole_and_escaped() -> Result<(), serde_json::Error> {
        let error = CliError::invalid_input("red\u{1b}[31m \u{9b}2J");
        let text = error.to_json(&[]);
        assert!(!text.contains(char::is_control), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text)?;
        // The message is the one-line form: control characters replaced.
        assert_eq!(
            value["error"]["message"],
            "invalid input: red\u{fffd}[31m \u{fffd}2J"
        );
        Ok(())
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

//! Error bodies.
//!
//! - [`ApiErrorBody`]: documented, throttled, bare string, empty, or anything else kept raw.
//! - [`DocumentedError`]: the documented `code`/`description`/`data`/`source` body.
//! - [`ThrottledError`]: the `statusCode`/`message` body of a `429`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How much of an unrecognised body [`ApiErrorBody::Raw`] keeps, in bytes.
const RAW_LIMIT: usize = 2048;

/// The documented Partner Center error body.
///
/// `code` arrives as a string or a number and is kept as a string; `data` as an array or (older
/// services) an object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DocumentedError {
    /// The error code (`"900118"`).
    #[serde(default, deserialize_with = "code_as_string")]
    pub code: Option<String>,
    /// The description (at most 1024 characters, says the documentation).
    #[serde(default)]
    pub description: Option<String>,
    /// Extra data: an array, or an object on older services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// The service component that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The symbolic name of the error some services add (`errorName`), when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_name: Option<String>,
    /// Further errors (older services).
    #[serde(
        default,
        rename = "other_errors",
        skip_serializing_if = "Option::is_none"
    )]
    pub other_errors: Option<Value>,
}

impl DocumentedError {
    /// A documented error with a code and description.
    pub fn new(code: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            code: Some(code.into()),
            description: Some(description.into()),
            data: Some(Value::Array(Vec::new())),
            source: None,
            error_name: None,
            other_errors: None,
        }
    }

    /// Sets the source component.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// The body of a throttled (`429`) response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ThrottledError {
    /// The HTTP status the body repeats (`429`).
    #[serde(default)]
    pub status_code: Option<u16>,
    /// The message ("Rate limit is exceeded. Try again in 57 seconds.").
    pub message: String,
}

impl ThrottledError {
    /// A throttle body.
    pub fn new(status_code: u16, message: impl Into<String>) -> Self {
        Self {
            status_code: Some(status_code),
            message: message.into(),
        }
    }
}

fn code_as_string<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// Every error body shape Partner Center and its gateways have been documented to send.
///
/// # Example
///
/// ```
/// use pc_models::ApiErrorBody;
///
/// let body = ApiErrorBody::parse(
///     br#"{"code":900118,"description":"The customer ID is invalid.","data":[],"source":"PartnerFD"}"#,
/// );
/// assert_eq!(body.code(), Some("900118"));
/// assert_eq!(body.description(), Some("The customer ID is invalid."));
///
/// assert_eq!(ApiErrorBody::parse(b"<html>bad gateway</html>").code(), None);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ApiErrorBody {
    /// The documented `{code, description, data, source}` body.
    Documented(DocumentedError),
    /// The throttle body `{statusCode, message}`.
    Throttled(ThrottledError),
    /// A bare JSON string.
    Message(String),
    /// No body at all (or only white space).
    Empty,
    /// Anything else (HTML, invalid JSON, other JSON), kept as lossy UTF-8, cut to 2 KiB.
    Raw(String),
}

impl ApiErrorBody {
    /// Classifies a body. Never fails.
    pub fn parse(body: &[u8]) -> Self {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Self::Empty;
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::String(message)) => Self::Message(message),
            Ok(value @ Value::Object(_)) => Self::from_object(value, body),
            _ => Self::raw(body),
        }
    }

    fn from_object(value: Value, body: &[u8]) -> Self {
        let has = |key: &str| value.get(key).is_some();
        if (has("code") || has("description"))
            && let Ok(documented) = serde_json::from_value::<DocumentedError>(value.clone())
        {
            return Self::Documented(documented);
        }
        if has("message")
            && let Ok(throttled) = serde_json::from_value::<ThrottledError>(value)
        {
            return Self::Throttled(throttled);
        }
        Self::raw(body)
    }

    fn raw(body: &[u8]) -> Self {
        let cut = &body[..body.len().min(RAW_LIMIT)];
        Self::Raw(String::from_utf8_lossy(cut).into_owned())
    }

    /// The error code, for the documented shape.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Documented(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// The human-readable text: the description, the throttle message or the bare string.
    pub fn description(&self) -> Option<&str> {
        match self {
            Self::Documented(e) => e.description.as_deref(),
            Self::Throttled(e) => Some(&e.message),
            Self::Message(m) => Some(m),
            Self::Empty | Self::Raw(_) => None,
        }
    }

    /// The `errorName` of the documented shape, when the service sent one.
    pub fn error_name(&self) -> Option<&str> {
        match self {
            Self::Documented(e) => e.error_name.as_deref(),
            _ => None,
        }
    }

    /// The documented `source`.
    pub fn source(&self) -> Option<&str> {
        match self {
            Self::Documented(e) => e.source.as_deref(),
            _ => None,
        }
    }

    /// The documented `data`.
    pub fn data(&self) -> Option<&Value> {
        match self {
            Self::Documented(e) => e.data.as_ref(),
            _ => None,
        }
    }
}

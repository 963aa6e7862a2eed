//! The token endpoint's answer.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use serde_json::Value;

/// A successful token response (`expires_in`/`expires_on` as strings or numbers).
#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    pub(crate) access_token: String,
    #[serde(default)]
    pub(crate) refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<Value>,
    #[serde(default)]
    expires_on: Option<Value>,
}

/// An error response: `{"error":"invalid_grant","error_description":"..."}`.
#[derive(Deserialize)]
pub(crate) struct TokenError {
    pub(crate) error: String,
    #[serde(default)]
    pub(crate) error_description: Option<String>,
}

fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl TokenResponse {
    /// How long the token lives from `now`: `expires_in` if given (immune to clock skew), else
    /// `expires_on` minus `now`.
    pub(crate) fn lifetime(&self, now: SystemTime) -> Option<Duration> {
        if let Some(secs) = self.expires_in.as_ref().and_then(as_u64) {
            return Some(Duration::from_secs(secs));
        }
        let on = self.expires_on.as_ref().and_then(as_u64)?;
        let at = UNIX_EPOCH.checked_add(Duration::from_secs(on))?;
        Some(at.duration_since(now).unwrap_or(Duration::ZERO))
    }
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenResponse([redacted])")
    }
}

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
    /// When the token expires: `expires_on` if given, else now + `expires_in`.
    pub(crate) fn expires_at(&self, now: SystemTime) -> Option<SystemTime> {
        if let Some(on) = self.expires_on.as_ref().and_then(as_u64) {
            return UNIX_EPOCH.checked_add(Duration::from_secs(on));
        }
        let secs = self.expires_in.as_ref().and_then(as_u64)?;
        now.checked_add(Duration::from_secs(secs))
    }
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenResponse([redacted])")
    }
}

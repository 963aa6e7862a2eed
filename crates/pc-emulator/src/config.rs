//! Emulator settings.
//!
//! - [`EmulatorConfig`]: vetting delay, random seed, token lifetime, demo token, OAuth clients,
//!   refresh tokens and faults.

use std::fmt;
use std::time::Duration;

use pc_models::Secret;

use crate::{Faults, demo};

/// How an emulator behaves. Build it from [`Default`] with the setters, which take and return
/// `self` and never fail.
///
/// `Debug` shows only the settings that differ from the defaults, and never a secret (the demo
/// token, client secrets and refresh tokens).
///
/// # Example
///
/// ```
/// use std::time::Duration;
///
/// use pc_emulator::{EmulatorConfig, Faults};
///
/// let config = EmulatorConfig::default()
///     .vetting_delay(Duration::from_millis(50))
///     .seed(7)
///     .client("my-app", "my-secret")
///     .faults(Faults { latency_ms: 10, ..Faults::default() });
/// let shown = format!("{config:?}");
/// assert!(shown.contains("my-app") && !shown.contains("my-secret"));
/// ```
#[derive(Clone)]
#[must_use]
pub struct EmulatorConfig {
    pub(crate) vetting_delay: Duration,
    pub(crate) seed: u64,
    pub(crate) token_lifetime: Duration,
    pub(crate) demo_token: Option<Secret>,
    pub(crate) faults: Faults,
    pub(crate) clients: Vec<(String, Secret)>,
    pub(crate) refresh_tokens: Vec<Secret>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            vetting_delay: Duration::from_secs(1),
            seed: 0,
            token_lifetime: Duration::from_secs(3600),
            demo_token: Some(Secret::new(demo::DEMO_TOKEN)),
            faults: Faults::default(),
            clients: vec![(demo::CLIENT_ID.to_owned(), Secret::new(demo::CLIENT_SECRET))],
            refresh_tokens: vec![Secret::new(demo::REFRESH_TOKEN)],
        }
    }
}

impl EmulatorConfig {
    /// How long an Education qualification stays `InReview` before the vetting rule decides it.
    /// Default: 1 second.
    pub fn vetting_delay(mut self, delay: Duration) -> Self {
        self.vetting_delay = delay;
        self
    }

    /// The seed of the random generator behind the fault rates, so runs are repeatable.
    /// Default: `0`.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How long access tokens from the token endpoint stay valid (`expires_in`).
    /// Default: 3600 seconds.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// A static App+User bearer token accepted on `/v1/*` without the token endpoint (demo
    /// mode); it never expires. `None` accepts only issued tokens.
    /// Default: `Some("emulator-demo-token")` ([`demo::DEMO_TOKEN`]).
    pub fn demo_token(mut self, token: Option<String>) -> Self {
        self.demo_token = token.map(Secret::new);
        self
    }

    /// The faults injected from the start (and again after a reset). Default: none.
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Registers an OAuth client for the token endpoint, replacing one with the same id.
    /// Default: one client, [`demo::CLIENT_ID`] with [`demo::CLIENT_SECRET`].
    pub fn client(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        let id = id.into();
        self.clients.retain(|(known, _)| *known != id);
        self.clients.push((id, Secret::new(secret)));
        self
    }

    /// Registers a refresh token any registered client may redeem once (it rotates).
    /// Default: one, [`demo::REFRESH_TOKEN`].
    pub fn refresh_token(mut self, token: impl Into<String>) -> Self {
        self.refresh_tokens.push(Secret::new(token));
        self
    }
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default = Self::default();
        let mut out = f.debug_struct("EmulatorConfig");
        if self.vetting_delay != default.vetting_delay {
            out.field("vetting_delay", &self.vetting_delay);
        }
        if self.seed != default.seed {
            out.field("seed", &self.seed);
        }
        if self.token_lifetime != default.token_lifetime {
            out.field("token_lifetime", &self.token_lifetime);
        }
        if self.demo_token != default.demo_token {
            out.field(
                "demo_token",
                &self.demo_token.as_ref().map(|_| "[redacted]"),
            );
        }
        if self.faults != default.faults {
            out.field("faults", &self.faults);
        }
        if self.clients != default.clients {
            let ids: Vec<&str> = self.clients.iter().map(|(id, _)| id.as_str()).collect();
            out.field("clients", &ids);
        }
        if self.refresh_tokens != default.refresh_tokens {
            out.field("refresh_tokens", &self.refresh_tokens.len());
        }
        out.finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_the_default_shows_no_field() {
        assert_eq!(
            format!("{:?}", EmulatorConfig::default()),
            "EmulatorConfig { .. }"
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let config = EmulatorConfig::default()
            .demo_token(Some("top-demo".to_owned()))
            .client("app", "top-secret")
            .refresh_token("top-refresh");
        let shown = format!("{config:?}");
        for secret in ["top-demo", "top-secret", "top-refresh"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("app"), "{shown}");
    }
}

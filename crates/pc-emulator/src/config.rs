//! Emulator settings.
//!
//! - [`EmulatorConfig`]: vetting delay, random seed, token lifetime, demo token, OAuth clients,
//!   refresh tokens and faults; the limits on what it stores and on its connections; the admin
//!   token.
//!
//! The limits are documented together in the crate docs, under "Limits".

use std::fmt;
use std::time::Duration;

use pc_models::Secret;

use crate::{Faults, demo};

/// The smallest read buffer hyper accepts: [`EmulatorConfig::max_header_bytes`] is raised to it.
pub(crate) const MIN_HEADER_BYTES: usize = 8 * 1024;

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
    pub(crate) max_customers: usize,
    pub(crate) max_applied_changes: usize,
    pub(crate) max_stored_replies: usize,
    pub(crate) max_logged_requests: usize,
    pub(crate) max_log_bytes: usize,
    pub(crate) log_field_bytes: usize,
    pub(crate) max_header_bytes: usize,
    pub(crate) header_read_timeout: Duration,
    pub(crate) body_read_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) admin_token: Option<Secret>,
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
            max_customers: 200_000,
            max_applied_changes: 200_000,
            max_stored_replies: 200_000,
            max_logged_requests: 10_000,
            max_log_bytes: 4 * 1024 * 1024,
            log_field_bytes: 256,
            max_header_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 512,
            admin_token: None,
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

    /// How many customers may hold qualifications (the demo customer that starts with one
    /// counts). Beyond it, a create for another customer is refused with `507` / `800003` and
    /// not stored for replay; customers already held keep working. Default: 200,000 (a bulk run
    /// of 100,000 customers fits twice). A `0` is taken as `1`.
    pub fn max_customers(mut self, max: usize) -> Self {
        self.max_customers = max.max(1);
        self
    }

    /// How many [`AppliedChange`](crate::AppliedChange)s are kept for
    /// [`Emulator::applied_changes`](crate::Emulator::applied_changes); beyond it the oldest is
    /// forgotten (the change itself stays applied). Default: 200,000. A `0` is taken as `1`.
    pub fn max_applied_changes(mut self, max: usize) -> Self {
        self.max_applied_changes = max.max(1);
        self
    }

    /// How many `POST`/`PUT` answers are stored for repeats of their `MS-RequestId`; beyond it
    /// the oldest stored is forgotten (a repeat of it is processed afresh). Default: 200,000.
    /// A `0` is taken as `1`.
    pub fn max_stored_replies(mut self, max: usize) -> Self {
        self.max_stored_replies = max.max(1);
        self
    }

    /// How many requests the request log keeps; beyond it the oldest is forgotten.
    /// Default: 10,000. A `0` is taken as `1`.
    pub fn max_logged_requests(mut self, max: usize) -> Self {
        self.max_logged_requests = max.max(1);
        self
    }

    /// How many bytes the request log may hold (each entry counted as its fixed size plus its
    /// text); beyond it the oldest entries are forgotten. The newest entry is always kept.
    /// Default: 4 MiB.
    pub fn max_log_bytes(mut self, max: usize) -> Self {
        self.max_log_bytes = max;
        self
    }

    /// The longest text kept in each field of a logged request (method, path, query, ids),
    /// in bytes; a longer one is cut at a character boundary and ends with `…`. Default: 256.
    /// Values below 8 are taken as 8.
    pub fn log_field_bytes(mut self, max: usize) -> Self {
        self.log_field_bytes = max.max(8);
        self
    }

    /// The largest request head (request line and headers) a connection reads, in bytes; a
    /// larger one is answered `431 Request Header Fields Too Large` by hyper, which then closes
    /// the connection. It also caps each connection's read buffer. Default: 64 KiB. Values below
    /// 8 KiB (hyper's minimum) are taken as 8 KiB.
    pub fn max_header_bytes(mut self, max: usize) -> Self {
        self.max_header_bytes = max.max(MIN_HEADER_BYTES);
        self
    }

    /// How long a connection may take to send a whole request head, counted from when it is
    /// ready for one: accepted, or done with its previous request. So it also closes a kept-alive
    /// connection that sends no new request. Over TCP only. Default: 10 seconds.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a request may take to send its whole body once its head is read. Past it the
    /// request is answered `408` / `800002` and the connection closed. Default: 10 seconds.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// How long a connection may go without a byte read or written while none of its requests
    /// is being processed (for example a client that stops reading its answer); it is then
    /// closed. Over TCP only. Default: 30 seconds.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// How many connections are served at once. Over the cap, a new connection is accepted and
    /// waits for a free slot, at most [`header_read_timeout`](Self::header_read_timeout), then is
    /// closed; at most as many again wait, and any more are closed at once. Default: 512. A `0`
    /// is taken as `1`.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// A token the admin API (`/_emulator/*`) requires as `Authorization: Bearer <token>`.
    ///
    /// With a token, the `Host` check of the admin API is off: the token protects it instead.
    /// Serving on an address that is not loopback needs one ([`Emulator::bind`] and
    /// [`Emulator::serve`] refuse otherwise). `pc emulator --allow-remote` sets a
    /// [`random_admin_token`]. Default: `None` (no token; the admin API
    /// answers only requests whose `Host` is a loopback name).
    ///
    /// [`Emulator::bind`]: crate::Emulator::bind
    /// [`Emulator::serve`]: crate::Emulator::serve
    pub fn admin_token(mut self, token: Option<String>) -> Self {
        self.admin_token = token.map(Secret::new);
        self
    }
}

/// A fresh random admin token: 64 hexadecimal digits (256 bits from the thread-local
/// cryptographic generator), for [`EmulatorConfig::admin_token`].
///
/// # Example
///
/// ```
/// let token = pc_emulator::random_admin_token();
/// assert_eq!(token.len(), 64);
/// assert_ne!(token, pc_emulator::random_admin_token());
/// ```
pub fn random_admin_token() -> String {
    use rand::Rng as _;
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
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
        let limits = [
            ("max_customers", self.max_customers, default.max_customers),
            (
                "max_applied_changes",
                self.max_applied_changes,
                default.max_applied_changes,
            ),
            (
                "max_stored_replies",
                self.max_stored_replies,
                default.max_stored_replies,
            ),
            (
                "max_logged_requests",
                self.max_logged_requests,
                default.max_logged_requests,
            ),
            ("max_log_bytes", self.max_log_bytes, default.max_log_bytes),
            (
                "log_field_bytes",
                self.log_field_bytes,
                default.log_field_bytes,
            ),
            (
                "max_header_bytes",
                self.max_header_bytes,
                default.max_header_bytes,
            ),
            (
                "max_connections",
                self.max_connections,
                default.max_connections,
            ),
        ];
        for (name, value, default) in limits {
            if value != default {
                out.field(name, &value);
            }
        }
        let timeouts = [
            (
                "header_read_timeout",
                self.header_read_timeout,
                default.header_read_timeout,
            ),
            (
                "body_read_timeout",
                self.body_read_timeout,
                default.body_read_timeout,
            ),
            ("idle_timeout", self.idle_timeout, default.idle_timeout),
        ];
        for (name, value, default) in timeouts {
            if value != default {
                out.field(name, &value);
            }
        }
        if self.admin_token.is_some() {
            out.field("admin_token", &"[redacted]");
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
    fn defaults_are_the_documented_ones_and_fit_a_bulk_run() {
        let config = EmulatorConfig::default();
        assert_eq!(config.max_customers, 200_000);
        assert_eq!(config.max_applied_changes, 200_000);
        assert_eq!(config.max_stored_replies, 200_000);
        assert_eq!(config.max_logged_requests, 10_000);
        assert_eq!(config.max_log_bytes, 4 * 1024 * 1024);
        assert_eq!(config.log_field_bytes, 256);
        assert_eq!(config.max_header_bytes, 64 * 1024);
        assert_eq!(config.header_read_timeout, Duration::from_secs(10));
        assert_eq!(config.body_read_timeout, Duration::from_secs(10));
        assert_eq!(config.idle_timeout, Duration::from_secs(30));
        assert_eq!(config.max_connections, 512);
        assert!(config.admin_token.is_none());
    }

    #[test]
    fn limits_below_their_minimum_are_raised_to_it() {
        let config = EmulatorConfig::default()
            .max_customers(0)
            .max_header_bytes(10)
            .log_field_bytes(0)
            .max_connections(0);
        assert_eq!(config.max_customers, 1);
        assert_eq!(config.max_header_bytes, MIN_HEADER_BYTES);
        assert_eq!(config.log_field_bytes, 8);
        assert_eq!(config.max_connections, 1);
    }

    #[test]
    fn random_admin_tokens_are_hex_and_differ() {
        let token = random_admin_token();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        assert_ne!(token, random_admin_token());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let config = EmulatorConfig::default()
            .demo_token(Some("top-demo".to_owned()))
            .client("app", "top-secret")
            .refresh_token("top-refresh")
            .admin_token(Some("top-admin".to_owned()))
            .max_customers(5);
        let shown = format!("{config:?}");
        assert!(shown.contains("max_customers: 5"), "{shown}");
        for secret in ["top-demo", "top-secret", "top-refresh", "top-admin"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("app"), "{shown}");
    }
}

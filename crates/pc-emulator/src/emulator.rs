//! The emulator as a service, without a socket.
//!
//! - [`Emulator`]: answers `http::Request`s and exposes its state to tests.

use std::fmt;
use std::sync::{Arc, MutexGuard};

use bytes::Bytes;
use http::{Request, Response};
use hyper::body::Body;
use pc_models::{CustomerId, Qualification};

use crate::applied::AppliedChange;
use crate::clock::Now;
use crate::config::EmulatorConfig;
use crate::dropped::ConnectionDropped;
use crate::faults::Faults;
use crate::log::LoggedRequest;
use crate::reply::Outcome;
use crate::request::RequestInfo;
use crate::router::{self, Route};
use crate::state::{State, World};
use crate::{admin, api, token_endpoint};

/// The emulator: its HTTP service and its state, without a socket.
///
/// [`Emulator::start`] binds a port and serves it (see [`EmulatorHandle`](crate::EmulatorHandle));
/// [`Emulator::call`] answers one request in-process. Cloning is cheap and shares the state.
///
/// # Example
///
/// ```
/// use pc_emulator::{Emulator, EmulatorConfig, demo};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let emulator = Emulator::new(EmulatorConfig::default());
/// let request = http::Request::get(format!("/v1/customers/{}/qualification", demo::TAILSPIN_UNIVERSITY))
///     .header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN))
///     .body(String::new())?;
/// let response = emulator.call(request).await?;
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.body().as_ref(), br#""education""#);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Emulator {
    state: Arc<State>,
}

impl Emulator {
    /// An emulator in its initial state: the demo customers, the demo validation codes, the
    /// configured clients and refresh tokens, the configured faults.
    pub fn new(config: EmulatorConfig) -> Self {
        Self {
            state: Arc::new(State::new(config)),
        }
    }

    /// The configuration it was built with.
    pub fn config(&self) -> &EmulatorConfig {
        self.state.config()
    }

    /// Answers one request, as the server does for each request it reads.
    ///
    /// The body may be any `http_body::Body` of `Bytes`: a `String`, an
    /// `http_body_util::Full<Bytes>`, hyper's `Incoming`.
    ///
    /// # Errors
    ///
    /// [`ConnectionDropped`] when the answer is to close the connection (an injected drop, or a
    /// body that could not be read).
    pub async fn call<B>(&self, request: Request<B>) -> Result<Response<Bytes>, ConnectionDropped>
    where
        B: Body,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (parts, body) = request.into_parts();
        let info = RequestInfo::new(&parts);
        let outcome = match router::route(&parts.method, &info.path) {
            Route::Admin(operation) => {
                let reply = admin::respond(&self.state, operation, &parts.headers, body).await;
                return Ok(info.response(reply));
            }
            Route::Token(operation) => token_endpoint::respond(&self.state, operation, body).await,
            Route::Api(route) => {
                api::respond(&self.state, &info, &parts.headers, route, body).await
            }
            Route::Other(error) => Outcome::from(error),
        };
        let status = outcome
            .reply
            .as_ref()
            .map_or(0, |reply| reply.status.as_u16());
        let fault = outcome.fault.map(|fault| fault.as_str());
        tracing::debug!(method = %info.method, path = %info.path, status, fault, "answered");
        let entry = info.logged(status, outcome.fault, self.config().log_field_bytes);
        self.world().log.push(entry);
        match outcome.reply {
            Some(reply) => Ok(info.response(reply)),
            None => Err(ConnectionDropped::new(fault)),
        }
    }

    /// The requests received, oldest first; `/_emulator/*` excluded. Only the most recent are
    /// kept: at most [`EmulatorConfig::max_logged_requests`] (10,000 by default) holding at most
    /// [`EmulatorConfig::max_log_bytes`] (4 MiB by default).
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        let snapshot = self.world().log.snapshot();
        snapshot.iter().map(|entry| (**entry).clone()).collect()
    }

    /// The changes applied to the state, oldest first: the most recent
    /// [`EmulatorConfig::max_applied_changes`] (200,000 by default).
    pub fn applied_changes(&self) -> Vec<AppliedChange> {
        self.world().applied.to_vec()
    }

    /// An estimate of the bytes the emulator's stores hold: the request log, the stored replies,
    /// the applied changes and the customers' qualifications. Each store counts its slots (its
    /// capacity times the entry size) and the text its entries own, leaving out the allocator's
    /// overhead, so the figure is deterministic. Issued tokens are not counted (at most 100,000,
    /// and only for callers that hold a client secret).
    ///
    /// Every store is bounded (see "Limits" in the crate docs), so this figure is too, whatever
    /// clients send.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_emulator::{Emulator, EmulatorConfig};
    ///
    /// let emulator = Emulator::new(EmulatorConfig::default());
    /// assert!(emulator.stored_bytes() < 64 * 1024);
    /// ```
    pub fn stored_bytes(&self) -> usize {
        self.world().stored_bytes()
    }

    /// How many times the token endpoint was called.
    pub fn token_requests(&self) -> usize {
        self.world().tokens.requests()
    }

    /// How many access tokens from the token endpoint the emulator holds. Expired ones are
    /// dropped when presented and whenever a token is issued; at most the 100,000 most recently
    /// issued are kept, the oldest forgotten (and refused) first.
    pub fn issued_tokens(&self) -> usize {
        self.world().tokens.issued()
    }

    /// How many `POST`/`PUT` answers are stored for repeats of their `MS-RequestId`: at most the
    /// [`EmulatorConfig::max_stored_replies`] most recent (200,000 by default), the oldest
    /// forgotten first (a repeat of a forgotten one is processed afresh).
    pub fn stored_replies(&self) -> usize {
        self.world().replies.len()
    }

    /// A customer's qualifications as `GET .../qualifications` would answer now.
    pub fn qualifications(&self, customer: &CustomerId) -> Vec<Qualification> {
        let delay = self.config().vetting_delay;
        self.world()
            .customers
            .to_wire(customer, delay, Now::read().instant)
    }

    /// The remaining creates of a validation code: `None` for an unknown code, `Some(None)` for
    /// one with no limit.
    pub fn validation_code_remaining(&self, code: &str) -> Option<Option<u32>> {
        self.world().codes.remaining(code)
    }

    /// The faults in force.
    pub fn faults(&self) -> Faults {
        self.world().injector.faults().clone()
    }

    /// Replaces the faults. Their state restarts: the throttle bucket is full again and the
    /// random sequence starts over from the seed.
    pub fn set_faults(&self, faults: Faults) {
        self.state.set_faults(faults);
    }

    /// Puts everything back as [`Emulator::new`] left it: qualifications, validation codes,
    /// applied changes, stored replies, issued tokens, the token-request count, the request log
    /// and the configured faults.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// The state, locked.
    fn world(&self) -> MutexGuard<'_, World> {
        self.state.world()
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("config", self.config())
            .finish_non_exhaustive()
    }
}

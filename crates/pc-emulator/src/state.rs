//! Everything the emulator remembers, behind one lock.
//!
//! - [`State`]: the configuration and the [`World`], shared by the handlers of every request.
//! - [`World`]: customers, validation codes, applied changes, stored replies, tokens, the request
//!   log and the fault injector.

use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::time::Instant;

use crate::applied::AppliedChanges;
use crate::codes::ValidationCodes;
use crate::config::EmulatorConfig;
use crate::customers::Customers;
use crate::faults::Faults;
use crate::idempotency::Replies;
use crate::injector::Injector;
use crate::log::RequestLog;
use crate::token_store::TokenStore;

/// The emulator's state. One lock guards it all, so a change, its stored reply and its record in
/// the applied changes happen together; the lock is never held across an `.await`.
pub(crate) struct World {
    pub(crate) customers: Customers,
    pub(crate) codes: ValidationCodes,
    pub(crate) applied: AppliedChanges,
    pub(crate) replies: Replies,
    pub(crate) tokens: TokenStore,
    pub(crate) log: RequestLog,
    pub(crate) injector: Injector,
}

impl World {
    /// The state of a freshly started emulator.
    pub(crate) fn new(config: &EmulatorConfig, now: Instant) -> Self {
        Self {
            customers: Customers::initial(config.max_customers),
            codes: ValidationCodes::initial(),
            applied: AppliedChanges::with_capacity(config.max_applied_changes),
            replies: Replies::with_capacity(config.max_stored_replies),
            tokens: TokenStore::new(config),
            log: RequestLog::new(config.max_logged_requests, config.max_log_bytes),
            injector: Injector::new(config.faults.clone(), config.seed, now),
        }
    }

    /// The bytes the stores hold: the request log, the stored replies, the applied changes and
    /// the customers.
    pub(crate) fn stored_bytes(&self) -> usize {
        self.log.stored_bytes()
            + self.replies.stored_bytes()
            + self.applied.stored_bytes()
            + self.customers.stored_bytes()
    }
}

/// The configuration and the [`World`] behind its lock: what every handler works on.
///
/// No `Debug`: the world holds tokens.
pub(crate) struct State {
    config: EmulatorConfig,
    world: Mutex<World>,
}

impl State {
    /// The state of a freshly started emulator with this configuration.
    pub(crate) fn new(config: EmulatorConfig) -> Self {
        let world = World::new(&config, Instant::now());
        Self {
            config,
            world: Mutex::new(world),
        }
    }

    /// The configuration.
    pub(crate) fn config(&self) -> &EmulatorConfig {
        &self.config
    }

    /// The world, locked. A poisoned lock is taken over: no code path leaves the world
    /// half-changed.
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the faults and restarts their state (full throttle bucket, random sequence from
    /// the seed).
    pub(crate) fn set_faults(&self, faults: Faults) {
        self.world().injector.replace(faults, Instant::now());
    }

    /// Puts the world back as [`State::new`] left it.
    pub(crate) fn reset(&self) {
        let fresh = World::new(&self.config, Instant::now());
        let old = std::mem::replace(&mut *self.world(), fresh);
        // Dropped after the lock is released: freeing large stores takes a while.
        drop(old);
    }
}

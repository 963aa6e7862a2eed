//! Everything the emulator remembers, behind one lock.
//!
//! - [`World`]: customers, validation codes, applied changes, stored replies, tokens, the request
//!   log and the fault injector.

use tokio::time::Instant;

use crate::EmulatorConfig;
use crate::applied::AppliedChange;
use crate::codes::ValidationCodes;
use crate::customers::Customers;
use crate::idempotency::Replies;
use crate::injector::Injector;
use crate::log::RequestLog;
use crate::token_store::TokenStore;

/// The emulator's state. One lock guards it all, so a change, its stored reply and its record in
/// the applied changes happen together; the lock is never held across an `.await`.
pub(crate) struct World {
    pub(crate) customers: Customers,
    pub(crate) codes: ValidationCodes,
    pub(crate) applied: Vec<AppliedChange>,
    pub(crate) replies: Replies,
    pub(crate) tokens: TokenStore,
    pub(crate) log: RequestLog,
    pub(crate) injector: Injector,
}

impl World {
    /// The state of a freshly started emulator.
    pub(crate) fn new(config: &EmulatorConfig, now: Instant) -> Self {
        Self {
            customers: Customers::initial(),
            codes: ValidationCodes::initial(),
            applied: Vec::new(),
            replies: Replies::default(),
            tokens: TokenStore::new(config),
            log: RequestLog::default(),
            injector: Injector::new(config.faults.clone(), config.seed, now),
        }
    }
}

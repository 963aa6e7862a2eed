//! A running emulator.
//!
//! - [`EmulatorHandle`]: its address, its state, and stopping it (explicitly or on drop).

use std::fmt;
use std::net::SocketAddr;

use pc_models::{CustomerId, Qualification};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::{AppliedChange, Emulator, Faults, LoggedRequest};

/// A running emulator, from [`Emulator::start`], [`Emulator::bind`] or [`Emulator::serve`].
///
/// Dropping it stops the server: the listener closes and open connections are cut.
/// [`shutdown`](Self::shutdown) does the same and waits until it is done.
///
/// # Example
///
/// ```
/// use pc_emulator::{Emulator, EmulatorConfig};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let handle = Emulator::start(EmulatorConfig::default()).await?;
/// assert!(handle.base_url().starts_with("http://127.0.0.1:"));
/// handle.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub struct EmulatorHandle {
    emulator: Emulator,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    pub(crate) fn new(
        emulator: Emulator,
        addr: SocketAddr,
        stop: oneshot::Sender<()>,
        task: JoinHandle<()>,
    ) -> Self {
        Self {
            emulator,
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The base URL, `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The emulator being served.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops the server and waits until the listener and every connection are closed.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            // An error means the server task has already ended.
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take()
            && let Err(error) = task.await
            && error.is_panic()
        {
            tracing::error!(%error, "the emulator server task panicked");
        }
    }

    /// The faults in force; see [`Emulator::faults`].
    pub fn faults(&self) -> Faults {
        self.emulator.faults()
    }

    /// Replaces the faults; see [`Emulator::set_faults`].
    pub fn set_faults(&self, faults: Faults) {
        self.emulator.set_faults(faults);
    }

    /// The requests received; see [`Emulator::request_log`].
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.emulator.request_log()
    }

    /// The changes applied; see [`Emulator::applied_changes`].
    pub fn applied_changes(&self) -> Vec<AppliedChange> {
        self.emulator.applied_changes()
    }

    /// The token-endpoint calls; see [`Emulator::token_requests`].
    pub fn token_requests(&self) -> usize {
        self.emulator.token_requests()
    }

    /// The access tokens held; see [`Emulator::issued_tokens`].
    pub fn issued_tokens(&self) -> usize {
        self.emulator.issued_tokens()
    }

    /// The answers stored for repeats; see [`Emulator::stored_replies`].
    pub fn stored_replies(&self) -> usize {
        self.emulator.stored_replies()
    }

    /// The bytes the stores hold; see [`Emulator::stored_bytes`].
    pub fn stored_bytes(&self) -> usize {
        self.emulator.stored_bytes()
    }

    /// A customer's qualifications now; see [`Emulator::qualifications`].
    pub fn qualifications(&self, customer: &CustomerId) -> Vec<Qualification> {
        self.emulator.qualifications(customer)
    }

    /// A validation code's remaining creates; see [`Emulator::validation_code_remaining`].
    pub fn validation_code_remaining(&self, code: &str) -> Option<Option<u32>> {
        self.emulator.validation_code_remaining(code)
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl fmt::Debug for EmulatorHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorHandle")
            .field("addr", &self.addr)
            .field("emulator", &self.emulator)
            .finish_non_exhaustive()
    }
}

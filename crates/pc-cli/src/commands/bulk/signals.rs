//! Ctrl-C during a bulk run or wait: the first stops gracefully, a second at once.
//!
//! - `Interrupts`: listens from its creation on; the first Ctrl-C (or SIGTERM on Unix) cancels
//!   the run's token (stop sending, let rows in flight finish, commit), a second one asks to
//!   abandon the run (its future is dropped: rows in flight stay `sent`, and the rerun sends
//!   them again with their stored ids, so nothing is applied twice).

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pc_bulk::CancellationToken;
use tokio::task::JoinHandle;

use crate::CliError;

/// The signal handlers of one run.
#[derive(Debug)]
pub(super) struct Interrupts {
    received: Arc<AtomicBool>,
    abandon: CancellationToken,
    task: JoinHandle<()>,
}

impl Interrupts {
    /// Installs the handlers: a signal from now on cancels `cancel`; `stopping` is printed on
    /// stderr then.
    ///
    /// # Errors
    ///
    /// When the handlers cannot be installed (exit code 1).
    pub(super) fn install(cancel: CancellationToken, stopping: String) -> Result<Self, CliError> {
        let mut signals = Signals::install()?;
        let received = Arc::new(AtomicBool::new(false));
        let abandon = CancellationToken::new();
        let task = tokio::spawn({
            let received = Arc::clone(&received);
            let abandon = abandon.clone();
            async move {
                let name = signals.next().await;
                received.store(true, Ordering::SeqCst);
                // A closed stderr must not stop the graceful stop.
                let _ = writeln!(
                    io::stderr(),
                    "bulk: {name}: {stopping}; press Ctrl-C again to quit at once"
                );
                cancel.cancel();
                let name = signals.next().await;
                let _ = writeln!(io::stderr(), "bulk: {name} again: quitting at once");
                abandon.cancel();
            }
        });
        Ok(Self {
            received,
            abandon,
            task,
        })
    }

    /// Whether a signal was received.
    pub(super) fn received(&self) -> bool {
        self.received.load(Ordering::SeqCst)
    }

    /// Resolves on the second signal.
    pub(super) async fn abandoned(&self) {
        self.abandon.cancelled().await;
    }
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The signals listened to.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> Result<Self, CliError> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let failed =
                |e| CliError::Other(anyhow::Error::new(e).context("could not listen for Ctrl-C"));
            Ok(Self {
                interrupt: signal(SignalKind::interrupt()).map_err(failed)?,
                terminate: signal(SignalKind::terminate()).map_err(failed)?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// The next signal's name.
    async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "Ctrl-C",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => "Ctrl-C",
                // No handler: never resolves, as if no Ctrl-C ever came.
                Err(_) => std::future::pending().await,
            }
        }
    }
}

//! Serving an [`Emulator`] over TCP with hyper (HTTP/1.1).
//!
//! - [`Emulator::start`]: bind `127.0.0.1:0` and serve.
//! - [`Emulator::bind`]: bind a given address and serve.
//! - [`Emulator::serve`]: serve a listener already bound.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use http::Request;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::{Emulator, EmulatorConfig, EmulatorHandle};

/// How long to pause after a failed `accept` (for example when out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

impl Emulator {
    /// Starts an emulator on `127.0.0.1` with a port the system picks.
    ///
    /// # Errors
    ///
    /// An `io::Error` when the port cannot be bound, or when called outside a tokio runtime.
    pub async fn start(config: EmulatorConfig) -> io::Result<EmulatorHandle> {
        Self::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config).await
    }

    /// Starts an emulator on `addr` (as `pc emulator --listen` does).
    ///
    /// # Errors
    ///
    /// An `io::Error` when the address cannot be bound, or when called outside a tokio runtime.
    pub async fn bind(addr: SocketAddr, config: EmulatorConfig) -> io::Result<EmulatorHandle> {
        let listener = TcpListener::bind(addr).await?;
        Self::new(config).serve(listener)
    }

    /// Serves this emulator on a bound listener, on a task of the current tokio runtime.
    ///
    /// The server stops when the returned handle is shut down or dropped.
    ///
    /// # Errors
    ///
    /// An `io::Error` when the listener has no local address, or when called outside a tokio
    /// runtime.
    pub fn serve(self, listener: TcpListener) -> io::Result<EmulatorHandle> {
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Handle::try_current().map_err(io::Error::other)?;
        let (stop, stopped) = oneshot::channel();
        let task = runtime.spawn(accept_loop(self.clone(), listener, stopped));
        tracing::debug!(%addr, "emulator listening");
        Ok(EmulatorHandle::new(self, addr, stop, task))
    }
}

/// Accepts connections until told to stop (or the handle is gone), then closes them all.
async fn accept_loop(emulator: Emulator, listener: TcpListener, mut stop: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(emulator.clone(), stream));
                }
                Err(error) => {
                    tracing::warn!(%error, "emulator accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            Some(joined) = connections.join_next() => {
                if let Err(error) = joined
                    && error.is_panic()
                {
                    tracing::error!(%error, "an emulator connection task panicked");
                }
            }
        }
    }
    connections.shutdown().await;
}

/// Serves one connection. A request answered by [`ConnectionDropped`](crate::ConnectionDropped)
/// makes hyper close the connection with no response.
async fn serve_connection(emulator: Emulator, stream: TcpStream) {
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "cannot set TCP_NODELAY");
    }
    let service = service_fn(move |request: Request<Incoming>| {
        let emulator = emulator.clone();
        async move { emulator.call(request).await.map(|r| r.map(Full::new)) }
    });
    if let Err(error) = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await
    {
        tracing::debug!(%error, "emulator connection closed");
    }
}

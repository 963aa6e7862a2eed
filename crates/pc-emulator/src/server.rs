//! Serving an [`Emulator`] over TCP with hyper (HTTP/1.1), with limits a hostile client cannot
//! get around.
//!
//! - [`Emulator::start`]: bind `127.0.0.1:0` and serve.
//! - [`Emulator::bind`]: bind a given address and serve.
//! - [`Emulator::serve`]: serve a listener already bound.
//!
//! Each connection is served with the limits of its [`EmulatorConfig`]: the request head must
//! arrive within [`header_read_timeout`](EmulatorConfig::header_read_timeout) (hyper's timer,
//! which also closes a kept-alive connection that sends no new request) and fit in
//! [`max_header_bytes`](EmulatorConfig::max_header_bytes); the body must arrive within
//! [`body_read_timeout`](EmulatorConfig::body_read_timeout) (checked by the service); a
//! connection that makes no progress for [`idle_timeout`](EmulatorConfig::idle_timeout) while
//! none of its requests is being processed is closed by a watchdog; and at most
//! [`max_connections`](EmulatorConfig::max_connections) are served at once.
//!
//! Connections are always accepted at once, so the system's listen backlog never fills (a full
//! backlog leaves clients with half-open connections the server never sees, and so never
//! closes). One accepted over the cap waits in a waiting room of `max_connections` places for
//! at most `header_read_timeout`, and is served as soon as a slot frees, else closed; one
//! accepted when the waiting room is full too is closed at once.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use http::Request;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::{Emulator, EmulatorConfig, EmulatorHandle};

/// How long to pause after a failed `accept` (for example when out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The listen backlog asked for by [`Emulator::bind`] (the system may cap it).
const LISTEN_BACKLOG: u32 = 1024;

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
    /// An `io::Error` of kind `InvalidInput`, before binding, when `addr` is not a loopback
    /// address and no [`admin_token`](EmulatorConfig::admin_token) is configured (other
    /// machines could reset the emulator); an `io::Error` when the address cannot be bound, or
    /// when called outside a tokio runtime.
    pub async fn bind(addr: SocketAddr, config: EmulatorConfig) -> io::Result<EmulatorHandle> {
        check_exposure(addr, &config)?;
        let socket = if addr.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        // As std's `TcpListener::bind` does on Unix: a restarted emulator may take its port back
        // while old connections linger in TIME_WAIT.
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        socket.bind(addr)?;
        let listener = socket.listen(LISTEN_BACKLOG)?;
        Self::new(config).serve(listener)
    }

    /// Serves this emulator on a bound listener, on a task of the current tokio runtime.
    ///
    /// The server stops when the returned handle is shut down or dropped.
    ///
    /// # Errors
    ///
    /// An `io::Error` of kind `InvalidInput` when the listener is not on a loopback address and
    /// no [`admin_token`](EmulatorConfig::admin_token) is configured; an `io::Error` when the
    /// listener has no local address, or when called outside a tokio runtime.
    pub fn serve(self, listener: TcpListener) -> io::Result<EmulatorHandle> {
        let addr = listener.local_addr()?;
        check_exposure(addr, self.config())?;
        let runtime = tokio::runtime::Handle::try_current().map_err(io::Error::other)?;
        let (stop, stopped) = oneshot::channel();
        let task = runtime.spawn(accept_loop(self.clone(), listener, stopped));
        tracing::debug!(%addr, "emulator listening");
        Ok(EmulatorHandle::new(self, addr, stop, task))
    }
}

/// Refuses an address other machines can reach unless the admin API needs a token.
///
/// # Errors
///
/// `InvalidInput` for a non-loopback address (`0.0.0.0` included) without an admin token.
fn check_exposure(addr: SocketAddr, config: &EmulatorConfig) -> io::Result<()> {
    if addr.ip().to_canonical().is_loopback() || config.admin_token.is_some() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "refusing to serve the emulator on {addr}, which is not a loopback address, without \
             an admin token (EmulatorConfig::admin_token)"
        ),
    ))
}

/// Accepts connections until told to stop (or the handle is gone), then closes them all. At most
/// `max_connections` are served at once; over the cap, up to as many again wait for a slot (at
/// most `header_read_timeout`), and any more are closed at once.
async fn accept_loop(emulator: Emulator, listener: TcpListener, mut stop: oneshot::Receiver<()>) {
    let max = emulator
        .config()
        .max_connections
        .min(Semaphore::MAX_PERMITS);
    let wait_limit = emulator.config().header_read_timeout;
    let slots = Arc::new(Semaphore::new(max));
    let waiting_room = Arc::new(Semaphore::new(max));
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    if let Ok(slot) = Arc::clone(&slots).try_acquire_owned() {
                        connections.spawn(serve_connection(emulator.clone(), stream, slot));
                    } else if let Ok(place) = Arc::clone(&waiting_room).try_acquire_owned() {
                        let slots = Arc::clone(&slots);
                        let emulator = emulator.clone();
                        connections.spawn(async move {
                            let slot = tokio::time::timeout(wait_limit, slots.acquire_owned()).await;
                            drop(place);
                            match slot {
                                Ok(Ok(slot)) => serve_connection(emulator, stream, slot).await,
                                _ => tracing::debug!("no free connection slot in time: closing"),
                            }
                        });
                    } else {
                        tracing::debug!("connection cap and waiting room full: closing");
                        drop(stream);
                    }
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

/// Serves one connection, holding its slot until it closes. A request answered by
/// [`ConnectionDropped`](crate::ConnectionDropped) makes hyper close the connection with no
/// response.
async fn serve_connection(emulator: Emulator, stream: TcpStream, _slot: OwnedSemaphorePermit) {
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "cannot set TCP_NODELAY");
    }
    let config = emulator.config();
    let idle_timeout = config.idle_timeout;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .max_buf_size(config.max_header_bytes)
        .max_header_size(config.max_header_bytes);
    let activity = Arc::new(Activity::new());
    let service = {
        let activity = Arc::clone(&activity);
        service_fn(move |request: Request<Incoming>| {
            let emulator = emulator.clone();
            let busy = Busy::enter(Arc::clone(&activity));
            async move {
                let _busy = busy;
                emulator.call(request).await.map(|r| r.map(Full::new))
            }
        })
    };
    let io = TokioIo::new(Tracked {
        stream,
        activity: Arc::clone(&activity),
    });
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    loop {
        let deadline = activity.last() + idle_timeout;
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "emulator connection closed");
                }
                return;
            }
            () = tokio::time::sleep_until(deadline) => {
                if activity.is_busy() {
                    // A request is being processed: its own limits apply, not this one.
                    activity.touch();
                } else if Instant::now() >= activity.last() + idle_timeout {
                    tracing::debug!("closing an idle emulator connection");
                    return;
                }
            }
        }
    }
}

/// When a connection last made progress, and how many of its requests are being processed.
#[derive(Debug)]
struct Activity {
    origin: Instant,
    /// Milliseconds from `origin` to the last progress.
    last_ms: AtomicU64,
    busy: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Self {
            origin: Instant::now(),
            last_ms: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
        }
    }

    /// Records progress now.
    fn touch(&self) {
        let elapsed = Instant::now().saturating_duration_since(self.origin);
        let ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// When the connection last made progress.
    fn last(&self) -> Instant {
        self.origin + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }

    fn is_busy(&self) -> bool {
        self.busy.load(Ordering::Relaxed) > 0
    }
}

/// A request being processed; progress is recorded when it ends.
#[derive(Debug)]
struct Busy(Arc<Activity>);

impl Busy {
    fn enter(activity: Arc<Activity>) -> Self {
        activity.busy.fetch_add(1, Ordering::Relaxed);
        activity.touch();
        Self(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// A TCP stream that records progress: every read or write that moves bytes.
#[derive(Debug)]
struct Tracked {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv6Addr;

    use super::*;

    #[test]
    fn only_loopback_addresses_are_served_without_an_admin_token() {
        let config = EmulatorConfig::default();
        let addr = |ip: std::net::IpAddr| SocketAddr::new(ip, 8080);
        assert!(check_exposure(addr(Ipv4Addr::LOCALHOST.into()), &config).is_ok());
        assert!(check_exposure(addr(Ipv6Addr::LOCALHOST.into()), &config).is_ok());
        let mapped = Ipv4Addr::LOCALHOST.to_ipv6_mapped();
        assert!(check_exposure(addr(mapped.into()), &config).is_ok());
        for ip in [
            std::net::IpAddr::from(Ipv4Addr::UNSPECIFIED),
            Ipv6Addr::UNSPECIFIED.into(),
            Ipv4Addr::new(192, 168, 1, 2).into(),
        ] {
            let refused = check_exposure(addr(ip), &config);
            assert_eq!(
                refused.map_err(|e| e.kind()),
                Err(io::ErrorKind::InvalidInput),
                "{ip}"
            );
        }
        let with_token = EmulatorConfig::default().admin_token(Some("t".to_owned()));
        assert!(check_exposure(addr(Ipv4Addr::UNSPECIFIED.into()), &with_token).is_ok());
    }
}

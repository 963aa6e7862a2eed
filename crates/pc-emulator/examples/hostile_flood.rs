//! A hostile flood against an in-process emulator with its default limits: how much memory it
//! keeps, and how long stalled connections live (issue 10).
//!
//! Run it in release mode (it sends about 13 GB over loopback):
//!
//! ```text
//! cargo run --release -p pc-emulator --example hostile_flood -- [REQUESTS] [CONCURRENCY] [STALLED]
//! ```
//!
//! Defaults: 100,000 requests over 64 keep-alive connections, then 1,000 stalled connections.
//! It needs nothing but loopback; it binds `127.0.0.1` on a port the system picks. Linux only
//! for the memory figures (`/proc/self/status`); elsewhere they print as unknown.
//!
//! The requests, in turn:
//! - half are authenticated creates for a new customer each, with a unique `MS-RequestId`, a
//!   junk header filling the request head to just under the 64 KiB head limit and a body of
//!   exactly 64 KiB (an Education create with a huge website);
//! - a quarter carry an `MS-RequestId` of about 63 KiB (unique, not a GUID) and a 64 KiB body;
//! - a quarter carry no token, a 32 KiB path and a 30 KiB query.
//!
//! Then `STALLED` connections each send a request head promising a 64 KiB body and nothing
//! more; it prints how long the longest lived. Finally the process's resident memory (VmRSS)
//! and its peak (VmHWM).

use std::collections::BTreeMap;
use std::error::Error;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pc_emulator::{Emulator, EmulatorConfig, demo};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use uuid::Uuid;

/// The request head limit of the default configuration.
const HEAD_LIMIT: usize = 64 * 1024;
/// The body limit.
const BODY_LIMIT: usize = 64 * 1024;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let requests: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let concurrency: usize = args.next().map_or(Ok(64), |a| a.parse())?;
    let stalled: usize = args.next().map_or(Ok(1_000), |a| a.parse())?;

    println!("before start: {}", memory());
    let handle = Emulator::start(EmulatorConfig::default()).await?;
    let addr = handle.local_addr();
    println!("emulator on {addr}: {}", memory());

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let next = Arc::clone(&next);
        workers.spawn(async move { worker(addr, next, requests).await });
    }
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(done) = workers.join_next().await {
        for (status, count) in done?? {
            *statuses.entry(status).or_default() += count;
        }
    }
    let elapsed = started.elapsed();
    let sent: usize = statuses.values().sum();
    println!(
        "{sent} hostile requests in {:.1} s ({:.0}/s): {statuses:?}",
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64()
    );
    println!(
        "stores: {} bytes (stored replies {}, applied changes {}, log entries {})",
        handle.stored_bytes(),
        handle.stored_replies(),
        handle.applied_changes().len(),
        handle.request_log().len()
    );
    println!("after the flood: {}", memory());

    let (longest, all) = stall(addr, stalled).await?;
    println!(
        "{stalled} stalled connections (head promising a 64 KiB body, then nothing): the longest \
         lived {:.1} s; all closed after {:.1} s",
        longest.as_secs_f64(),
        all.as_secs_f64()
    );
    println!("at the end: {}", memory());
    handle.shutdown().await;
    Ok(())
}

/// Sends requests numbered from the shared counter until `total` are taken, on one keep-alive
/// connection (a new one whenever the server closes it). Returns the count per status.
async fn worker(
    addr: SocketAddr,
    next: Arc<AtomicUsize>,
    total: usize,
) -> Result<BTreeMap<String, usize>, std::io::Error> {
    let mut statuses = BTreeMap::new();
    let mut connection: Option<BufReader<TcpStream>> = None;
    loop {
        let n = next.fetch_add(1, Ordering::Relaxed);
        if n >= total {
            return Ok(statuses);
        }
        let request = hostile_request(n);
        let stream = match connection.take() {
            Some(stream) => stream,
            None => BufReader::new(TcpStream::connect(addr).await?),
        };
        let (status, reusable, stream) = exchange(stream, &request).await;
        *statuses.entry(status).or_default() += 1;
        if reusable {
            connection = Some(stream);
        }
    }
}

/// Sends one request and reads one answer. Returns the status (or what went wrong), whether the
/// connection may be reused, and the connection.
async fn exchange(
    mut stream: BufReader<TcpStream>,
    request: &[u8],
) -> (String, bool, BufReader<TcpStream>) {
    if stream.get_mut().write_all(request).await.is_err() {
        return ("write failed".to_owned(), false, stream);
    }
    let mut status = String::new();
    let mut length = 0usize;
    let mut close = false;
    let mut line = String::new();
    loop {
        line.clear();
        match stream.read_line(&mut line).await {
            Ok(0) | Err(_) => return ("closed".to_owned(), false, stream),
            Ok(_) => {}
        }
        let text = line.trim_end();
        if text.is_empty() {
            break;
        }
        if status.is_empty() {
            status = text.split(' ').nth(1).unwrap_or("?").to_owned();
        } else if let Some((name, value)) = text.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.trim().eq_ignore_ascii_case("close");
            }
        }
    }
    let mut body = vec![0u8; length];
    if stream.read_exact(&mut body).await.is_err() {
        return (status, false, stream);
    }
    (status, !close, stream)
}

/// Request `n` of the flood.
fn hostile_request(n: usize) -> Vec<u8> {
    let unique = Uuid::from_u128(n as u128 + (0x1000 << 64));
    match n % 4 {
        0 | 1 => {
            let body = padded_body();
            let head = format!(
                "POST /v1/customers/{unique}/qualifications HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                 Authorization: Bearer {}\r\nMS-RequestId: {unique}\r\n\
                 MS-CorrelationId: {}\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\n",
                demo::DEMO_TOKEN,
                Uuid::new_v4(),
                body.len()
            );
            let junk = "j".repeat(HEAD_LIMIT - 1024 - head.len());
            [head.as_bytes(), b"X-Junk: ", junk.as_bytes(), b"\r\n\r\n", body.as_bytes()].concat()
        }
        2 => {
            let id = format!("{unique}{}", "i".repeat(HEAD_LIMIT - 1024));
            let body = padded_body();
            format!(
                "POST /v1/customers/{unique}/qualifications HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                 Authorization: Bearer {}\r\nMS-RequestId: {id}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                demo::DEMO_TOKEN,
                body.len()
            )
            .into_bytes()
        }
        _ => format!(
            "GET /v1/{unique}/{}?code={} HTTP/1.1\r\nHost: 127.0.0.1\r\nMS-RequestId: {unique}\r\n\r\n",
            "p".repeat(32 * 1024),
            "q".repeat(30 * 1024)
        )
        .into_bytes(),
    }
}

/// An Education create of exactly [`BODY_LIMIT`] bytes.
fn padded_body() -> String {
    let frame = r#"{"qualification":"Education","educationSegment":"K12","website":".edu"}"#;
    let website = "w".repeat(BODY_LIMIT - frame.len());
    format!(r#"{{"qualification":"Education","educationSegment":"K12","website":"{website}.edu"}}"#)
}

/// Opens `count` connections that each send a head promising a 64 KiB body and nothing more;
/// returns how long the longest lived and when the last closed.
async fn stall(addr: SocketAddr, count: usize) -> Result<(Duration, Duration), Box<dyn Error>> {
    let started = Instant::now();
    let mut stalls = tokio::task::JoinSet::new();
    for _ in 0..count {
        let head = format!(
            "POST /v1/customers/{}/qualifications HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Authorization: Bearer {}\r\nMS-RequestId: {}\r\n\
             Content-Type: application/json\r\nContent-Length: {BODY_LIMIT}\r\n\r\n",
            Uuid::new_v4(),
            demo::DEMO_TOKEN,
            Uuid::new_v4()
        );
        stalls.spawn(async move {
            let mut stream = TcpStream::connect(addr).await?;
            let opened = Instant::now();
            stream.write_all(head.as_bytes()).await?;
            let mut sink = Vec::new();
            // Until the server closes: end of stream or a reset. Give up after a minute.
            let _ =
                tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut sink)).await;
            Ok::<_, std::io::Error>(opened.elapsed())
        });
    }
    let mut longest = Duration::ZERO;
    let mut seconds: BTreeMap<u64, usize> = BTreeMap::new();
    while let Some(lived) = stalls.join_next().await {
        let lived = lived??;
        *seconds.entry(lived.as_secs()).or_default() += 1;
        longest = longest.max(lived);
    }
    println!("stalled connections by whole seconds lived: {seconds:?}");
    Ok((longest, started.elapsed()))
}

/// `VmRSS` and `VmHWM` from `/proc/self/status`.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map_or_else(|| "unknown".to_owned(), |value| value.trim().to_owned())
    };
    format!(
        "VmRSS {}, VmHWM (peak) {}",
        field("VmRSS:"),
        field("VmHWM:")
    )
}

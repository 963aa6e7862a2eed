//! Shared helpers: temporary files, customers, clients on the in-process emulator, transports
//! that hang or record, and an event collector.
//!
//! - [`input_and_ledger`] and [`run`]: the usual arrangement, an `in.csv` and a `run.db` in a
//!   fresh directory, and a plain run of them against an emulator.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pc_bulk::{BulkRun, Event, Summary};
use pc_client::{
    Contract, CustomerId, PartnerCenterClient, Request, Response, Transport, TransportError,
    async_trait,
};
use pc_emulator::{Emulator, EmulatorConfig, demo};
use tokio::sync::Notify;
use tokio::time::Instant;

/// A test's error type.
pub(crate) type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A fresh temporary directory.
pub(crate) fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Writes `text` to `dir/name` and returns the path.
pub(crate) fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the input file is written");
    path
}

/// A fresh temporary directory holding `in.csv` with `text`, the path of that input, and the path
/// of a ledger `run.db` beside it (not created). Keep the directory alive while the files are used.
pub(crate) fn input_and_ledger(text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = dir();
    let input = file(dir.path(), "in.csv", text);
    let ledger = dir.path().join("run.db");
    (dir, input, ledger)
}

/// Runs `input` into `ledger` against `emulator` with the default settings.
pub(crate) async fn run(
    input: &Path,
    ledger: &Path,
    emulator: &Emulator,
) -> Result<Summary, pc_bulk::Error> {
    BulkRun::new(input, ledger)
        .client(client(emulator))
        .run()
        .await
}

/// A deterministic customer id for test `tag`, number `i` (its last hex digit is `i`'s).
pub(crate) fn customer(tag: u32, i: u64) -> CustomerId {
    CustomerId::parse(&format!("{tag:08x}-0000-4000-8000-{i:012x}")).expect("a GUID")
}

/// A CSV of `n` rows of `qualification` for test `tag`'s customers 0..n.
pub(crate) fn csv_of(tag: u32, n: u64, qualification: &str) -> String {
    let mut text = String::from("customer_id,qualification\n");
    for i in 0..n {
        text.push_str(&format!("{},{qualification}\n", customer(tag, i)));
    }
    text
}

/// An emulator with `config`.
pub(crate) fn emulator(config: EmulatorConfig) -> Emulator {
    Emulator::new(config)
}

/// A client of `emulator` through its in-process transport, integer contract.
pub(crate) fn client(emulator: &Emulator) -> PartnerCenterClient {
    client_on(emulator.transport(), Contract::Integer)
}

/// A client sending through `transport` under `contract`.
pub(crate) fn client_on(
    transport: impl Transport + 'static,
    contract: Contract,
) -> PartnerCenterClient {
    PartnerCenterClient::builder()
        .endpoint("http://127.0.0.1")
        .access_token(demo::DEMO_TOKEN)
        .transport(transport)
        .contract(contract)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a client")
}

/// Collects every event of a run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Events(Arc<Mutex<Vec<Event>>>);

impl Events {
    /// The callback to give `BulkRun::on_event`.
    pub(crate) fn sink(&self) -> impl FnMut(&Event) + Send + 'static {
        let events = Arc::clone(&self.0);
        move |event: &Event| events.lock().expect("events").push(event.clone())
    }

    /// Every event so far.
    pub(crate) fn all(&self) -> Vec<Event> {
        self.0.lock().expect("events").clone()
    }

    /// The row outcomes so far, in the order reported.
    pub(crate) fn rows(&self) -> Vec<pc_bulk::RowOutcome> {
        self.all()
            .into_iter()
            .filter_map(|e| match e {
                Event::Row(row) => Some(row),
                _ => None,
            })
            .collect()
    }
}

/// A transport that answers the first `open_for` requests, then lets the emulator apply each
/// later one but never returns its answer (a process that dies mid-request, in effect).
#[derive(Debug, Clone)]
pub(crate) struct Hang {
    inner: pc_emulator::EmulatorTransport,
    open_for: usize,
    seen: Arc<AtomicUsize>,
    held: Arc<AtomicUsize>,
    notify: Arc<Notify>,
}

impl Hang {
    /// Hangs after the first `open_for` answers of `emulator`.
    pub(crate) fn new(emulator: &Emulator, open_for: usize) -> Self {
        Self {
            inner: emulator.transport(),
            open_for,
            seen: Arc::default(),
            held: Arc::default(),
            notify: Arc::default(),
        }
    }

    /// Waits until `n` requests are held.
    pub(crate) async fn held(&self, n: usize) {
        loop {
            let notified = self.notify.notified();
            if self.held.load(Ordering::SeqCst) >= n {
                return;
            }
            notified.await;
        }
    }
}

#[async_trait]
impl Transport for Hang {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let answer = self.inner.send(request).await;
        if self.seen.fetch_add(1, Ordering::SeqCst) >= self.open_for {
            self.held.fetch_add(1, Ordering::SeqCst);
            self.notify.notify_waiters();
            std::future::pending::<()>().await;
        }
        answer
    }
}

/// One exchange a [`Recorder`] saw.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    pub(crate) sent: Instant,
    pub(crate) answered: Instant,
    pub(crate) status: u16,
    pub(crate) retry_after: Option<u64>,
}

/// A transport that records when each request was sent and how it was answered.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    inner: pc_emulator::EmulatorTransport,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl Recorder {
    /// Records the exchanges with `emulator`.
    pub(crate) fn new(emulator: &Emulator) -> Self {
        Self {
            inner: emulator.transport(),
            log: Arc::default(),
        }
    }

    /// Every exchange so far, in the order answered.
    pub(crate) fn exchanges(&self) -> Vec<Exchange> {
        self.log.lock().expect("log").clone()
    }
}

#[async_trait]
impl Transport for Recorder {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let sent = Instant::now();
        let answer = self.inner.send(request).await;
        if let Ok(response) = &answer {
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok());
            self.log.lock().expect("log").push(Exchange {
                sent,
                answered: Instant::now(),
                status: response.status().as_u16(),
                retry_after,
            });
        }
        answer
    }
}

/// A transport that, before each create leaves, reads the ledger and records whether the row
/// with that `MS-RequestId` is already committed as `sent`.
#[derive(Debug, Clone)]
pub(crate) struct LedgerCheck {
    inner: pc_emulator::EmulatorTransport,
    ledger: PathBuf,
    seen: Arc<Mutex<Vec<(String, bool)>>>,
}

impl LedgerCheck {
    /// Checks `ledger` before each create sent to `emulator`.
    pub(crate) fn new(emulator: &Emulator, ledger: &Path) -> Self {
        Self {
            inner: emulator.transport(),
            ledger: ledger.to_owned(),
            seen: Arc::default(),
        }
    }

    /// Each create's request id and whether it was committed `sent` when it left.
    pub(crate) fn seen(&self) -> Vec<(String, bool)> {
        self.seen.lock().expect("seen").clone()
    }
}

#[async_trait]
impl Transport for LedgerCheck {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        if request.method() == "POST" {
            let id = request
                .headers()
                .get("MS-RequestId")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let mut report = Vec::new();
            let committed =
                pc_bulk::write_report(&self.ledger, pc_bulk::ReportFormat::Csv, &mut report)
                    .is_ok()
                    && String::from_utf8_lossy(&report)
                        .lines()
                        .any(|line| line.contains(&id) && line.contains(",sent,"));
            self.seen.lock().expect("seen").push((id, committed));
        }
        self.inner.send(request).await
    }
}

//! Throughput of pc-client, as ratios against baselines measured in the same run.
//!
//! Run with `cargo xtask bench`. Two measurements:
//! - decode: `decode_qualification_list` on a 1,000-record body vs `serde_json::Value` parsing of
//!   the same bytes (the cost of typed, tolerant decoding).
//! - round trip: `client.customer(id).qualifications().list()` against the in-process emulator vs
//!   the same request sent directly through `ReqwestTransport` (the cost of the client layer:
//!   ids, headers, token, retry loop, decoding).
//!
//! - memory: bytes allocated by one decode of the same body, typed vs `serde_json::Value`, counted
//!   by a counting global allocator in this benchmark binary.
//! - spawned: the same calls as owned futures (`list().into_future()`) on 16 spawned tasks vs one
//!   after the other (what sharing one client across a service's tasks gives).
//!
//! Timings vary with the machine; the ratios are what to compare between runs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use std::future::IntoFuture;

use pc_client::bytes::Bytes;
use pc_client::{CustomerId, PartnerCenterClient, Transport, http, models};
use pc_emulator::{Emulator, EmulatorConfig, demo};
// Through the dev-dependency, so the bench builds whatever pc-client's features are.
use pc_transport::ReqwestTransport;

/// Counts the bytes this benchmark binary allocates.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated while `f` runs.
fn allocated_by(f: impl FnOnce()) -> usize {
    let before = ALLOCATED.load(Ordering::Relaxed);
    f();
    ALLOCATED.load(Ordering::Relaxed) - before
}

/// Runs `f` `iterations` times and returns the median of `rounds` rounds.
fn measure(rounds: usize, iterations: usize, mut f: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..iterations {
                f();
            }
            started.elapsed()
        })
        .collect();
    samples.sort();
    samples[rounds / 2]
}

fn list_body(records: usize) -> Vec<u8> {
    let one = r#"{"qualification":"Education","vettingStatus":"Denied","vettingReason":"Not an Education Customer","vettingCreatedDate":"2021-05-06T19:59:56.6832021+00:00"}"#;
    let mut body = String::from("[");
    for i in 0..records {
        if i > 0 {
            body.push(',');
        }
        body.push_str(one);
    }
    body.push(']');
    body.into_bytes()
}

fn bench_decode() {
    let body = list_body(1_000);
    let baseline = measure(7, 50, || {
        let value: serde_json::Value = serde_json::from_slice(black_box(&body)).expect("json");
        black_box(value);
    });
    let typed = measure(7, 50, || {
        let list = models::decode_qualification_list(black_box(&body)).expect("list");
        black_box(list);
    });
    let value_bytes = allocated_by(|| {
        let value: serde_json::Value = serde_json::from_slice(&body).expect("json");
        black_box(value);
    });
    let typed_bytes = allocated_by(|| {
        let list = models::decode_qualification_list(&body).expect("list");
        black_box(list);
    });
    println!(
        "decode 1000 records, memory: serde_json::Value {value_bytes} bytes allocated, \
         decode_qualification_list {typed_bytes} bytes, ratio {:.2}",
        typed_bytes as f64 / value_bytes as f64
    );
    println!(
        "decode 1000 records: serde_json::Value {:?}/iter, decode_qualification_list {:?}/iter, ratio {:.2}",
        baseline / 50,
        typed / 50,
        typed.as_secs_f64() / baseline.as_secs_f64()
    );
}

async fn bench_round_trip() {
    const CALLS: u32 = 300;
    let handle = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let customer: CustomerId = demo::TAILSPIN_UNIVERSITY.parse().expect("id");
    let url = format!(
        "{}/v1/customers/{customer}/qualifications",
        handle.base_url()
    );
    let transport = ReqwestTransport::new().expect("transport");
    let client = PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .access_token(demo::DEMO_TOKEN)
        .transport(transport.clone())
        .build()
        .expect("client");
    // Warm the connection pool.
    for _ in 0..20 {
        client
            .customer(customer)
            .qualifications()
            .list()
            .await
            .expect("warm");
    }
    let mut baseline = Vec::new();
    let mut layered = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        for _ in 0..CALLS {
            let request = http::Request::get(&url)
                .header("authorization", format!("Bearer {}", demo::DEMO_TOKEN))
                .header("accept", "application/json")
                .body(Bytes::new())
                .expect("request");
            let response = transport.send(request).await.expect("send");
            black_box(response);
        }
        baseline.push(started.elapsed());
        let started = Instant::now();
        for _ in 0..CALLS {
            let list = client
                .customer(customer)
                .qualifications()
                .list()
                .await
                .expect("list");
            black_box(list);
        }
        layered.push(started.elapsed());
    }
    baseline.sort();
    layered.sort();
    let (baseline, layered) = (baseline[2], layered[2]);
    println!(
        "list round trip x{CALLS}: raw ReqwestTransport {:?}/call, PartnerCenterClient {:?}/call, ratio {:.2}",
        baseline / CALLS,
        layered / CALLS,
        layered.as_secs_f64() / baseline.as_secs_f64()
    );
    bench_spawned(&client, customer, layered, CALLS).await;
}

/// `calls` lists as owned futures spread over 16 spawned tasks, against `sequential` (the same
/// number of calls awaited one after the other).
async fn bench_spawned(
    client: &PartnerCenterClient,
    customer: CustomerId,
    sequential: Duration,
    calls: u32,
) {
    const TASKS: u32 = 16;
    let mut rounds = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let qualifications = client.customer(customer).qualifications();
                tokio::spawn(async move {
                    for _ in 0..calls / TASKS {
                        let list = qualifications.list().into_future().await.expect("list");
                        black_box(list);
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("task");
        }
        rounds.push(started.elapsed());
    }
    rounds.sort();
    let spawned = rounds[2];
    let done = calls / TASKS * TASKS;
    let (spawned, sequential) = (spawned / done, sequential / calls);
    println!(
        "list x{done} on {TASKS} spawned tasks: {spawned:?}/call, one after the other {sequential:?}/call, ratio {:.2}",
        spawned.as_secs_f64() / sequential.as_secs_f64()
    );
}

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent; keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("throughput: run with `cargo xtask bench`");
        return;
    }
    bench_decode();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(bench_round_trip());
}

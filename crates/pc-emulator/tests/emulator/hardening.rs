//! Issue 10, "Hardening: an emulator that survives hostile clients": id headers, bounded stores,
//! connection timeouts and cap, and the admin API's defences. Every test binds `127.0.0.1` only
//! and is bounded in time and count.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use pc_emulator::{Emulator, EmulatorConfig, Faults, demo};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::support::{Api, EVEN_CUSTOMER, client, documented, qualifications};

/// The description of the 400 for an id header that is not a GUID.
fn not_a_guid(name: &str) -> String {
    format!(
        "The {name} header must be a GUID in the hyphenated form \
         (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
    )
}

/// Sends raw bytes on a new connection and reads until the server closes it (at most 5 seconds).
/// Returns the text read and how long until the close.
async fn exchange(addr: SocketAddr, request: &[u8]) -> (String, Duration) {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    stream.write_all(request).await.expect("sends");
    let started = Instant::now();
    let text = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    (text, started.elapsed())
}

/// Reads until the peer closes (end of stream or reset), at most `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> String {
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut chunk = [0u8; 8192];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the connection was still open after {limit:?}"
    );
    String::from_utf8_lossy(&received).into_owned()
}

/// A raw request with `Connection: close`.
fn raw(method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut text = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    text.into_bytes()
}

/// The status of a raw answer.
fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:.200}"))
}

/// The JSON body of a raw answer.
fn body(answer: &str) -> Value {
    let (_, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body:.200}"))
}

// --- Id headers -------------------------------------------------------------------------------

#[tokio::test]
async fn ids_that_are_not_hyphenated_guids_are_refused_with_400_before_anything_else() {
    let api = Api::start_with(EmulatorConfig::default().faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    let url = format!("{}{}", api.handle.base_url(), qualifications(EVEN_CUSTOMER));
    let cases = [
        ("MS-RequestId", "abc".to_owned()),
        (
            "MS-RequestId",
            "6c6c4dd41c524bd09d8c4e1f0a8a7e31".to_owned(),
        ),
        (
            "MS-RequestId",
            "{6c6c4dd4-1c52-4bd0-9d8c-4e1f0a8a7e31}".to_owned(),
        ),
        ("MS-RequestId", "x".repeat(30_000)),
        ("MS-CorrelationId", "42".to_owned()),
    ];

    for (name, value) in cases {
        // No token, and every request would be a 500: the id check comes first.
        let response = client()
            .post(&url)
            .header(name, &value)
            .header("Content-Type", "application/json")
            .body("4")
            .send()
            .await
            .expect("the emulator answers");

        assert_eq!(response.status(), 400, "{name}: {value:.40}");
        assert!(response.headers().get(name).is_none(), "not echoed");
        let bytes = response.bytes().await.expect("a body");
        let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(answer, documented("800002", &not_a_guid(name)));
    }
    assert!(api.handle.applied_changes().is_empty());
    assert_eq!(api.handle.stored_replies(), 0);
    let logged = api.handle.request_log();
    assert_eq!(logged.len(), 5);
    assert!(logged.iter().all(|entry| entry.status == 400));
    // The 30,000-byte id is logged cut to 256 bytes.
    let long = logged[3].request_id.as_deref().unwrap_or_default();
    assert!(long.len() <= 256 && long.ends_with('…'), "{}", long.len());
}

#[tokio::test]
async fn requests_without_ids_are_served_as_before() {
    let api = Api::start().await;
    let url = format!("{}{}", api.handle.base_url(), qualifications(EVEN_CUSTOMER));

    let response = client()
        .post(&url)
        .bearer_auth(demo::DEMO_TOKEN)
        .header("Content-Type", "application/json")
        .body("4")
        .send()
        .await
        .expect("the emulator answers");

    assert_eq!(response.status(), 201);
    assert!(response.headers().get("ms-requestid").is_none());
    let applied = api.handle.applied_changes();
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].request_id, None);
}

#[tokio::test]
async fn unknown_v1_paths_need_a_valid_token_before_their_404() {
    let api = Api::start().await;

    let anonymous = api.get("/v1/nothing/here").no_token().send().await;
    let authenticated = api.get("/v1/nothing/here").send().await;

    anonymous.assert_error(401, "800001", "Partner token missing");
    authenticated.assert_error(404, "1000", "The resource /v1/nothing/here was not found.");
}

// --- Bounded stores ---------------------------------------------------------------------------

/// The most bytes one create may add to the stores besides the log: a customer, a stored reply
/// and an applied change with their slots (the collections may hold twice the slots they use).
const PER_CREATE: usize = 2 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_hostile_requests_keeps_the_stores_under_a_computed_bound() {
    const WORKERS: usize = 8;
    // 2,048 requests in all: half creates, a quarter bad ids, a quarter anonymous.
    const PER_WORKER: usize = 256;
    const LOG_BYTES: usize = 256 * 1024;
    let api = Api::start_with(EmulatorConfig::default().max_log_bytes(LOG_BYTES)).await;
    let base = api.handle.base_url();
    // Close to the 64 KiB head limit, and a body close to the 64 KiB body limit.
    let junk = "j".repeat(60 * 1024);
    let website = format!("{}.edu", "w".repeat(60 * 1024));
    let body = json!({"qualification": "Education", "educationSegment": "K12", "website": website})
        .to_string();

    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..WORKERS {
        let (base, junk, body) = (base.clone(), junk.clone(), body.clone());
        workers.spawn(async move {
            let client = client();
            let mut statuses = Vec::new();
            for n in 0..PER_WORKER {
                let unique = Uuid::from_u128(((worker * PER_WORKER + n) as u128) << 8 | 0x10);
                let request = match n % 4 {
                    // An authenticated create for a new customer, unique ids, junk header.
                    0 | 1 => client
                        .post(format!("{base}{}", qualifications(&unique.to_string())))
                        .bearer_auth(demo::DEMO_TOKEN)
                        .header("MS-RequestId", unique.to_string())
                        .header("MS-CorrelationId", Uuid::new_v4().to_string())
                        .header("X-Junk", &junk)
                        .header("Content-Type", "application/json")
                        .body(body.clone()),
                    // A huge id, unique too.
                    2 => client
                        .post(format!("{base}{}", qualifications(EVEN_CUSTOMER)))
                        .bearer_auth(demo::DEMO_TOKEN)
                        .header("MS-RequestId", format!("{unique}{junk}"))
                        .body(body.clone()),
                    // No token, a long path and query.
                    _ => client.get(format!(
                        "{base}/v1/{}?code={}",
                        &junk[..30_000],
                        &junk[..20_000]
                    )),
                };
                let response = request.send().await.expect("the emulator answers");
                statuses.push(response.status().as_u16());
            }
            statuses
        });
    }
    let mut statuses = Vec::new();
    while let Some(done) = workers.join_next().await {
        statuses.extend(done.expect("a worker finished"));
    }

    let creates = WORKERS * PER_WORKER / 2;
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), creates);
    assert_eq!(statuses.iter().filter(|s| **s == 400).count(), creates / 2);
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), creates / 2);
    assert_eq!(api.handle.stored_replies(), creates);
    assert_eq!(api.handle.applied_changes().len(), creates);
    let bound = creates * PER_CREATE + LOG_BYTES + 64 * 1024;
    let stored = api.handle.stored_bytes();
    assert!(stored <= bound, "{stored} bytes stored, bound {bound}");
    // Without the limits, the ids alone would have been stored 1,000 times at 60 KiB each.
    let log = api.handle.request_log();
    assert!(log.len() < WORKERS * PER_WORKER, "{} entries", log.len());
    for entry in &log {
        for field in [
            Some(&entry.path),
            entry.query.as_ref(),
            entry.request_id.as_ref(),
        ] {
            assert!(field.is_none_or(|text| text.len() <= 256), "{entry:?}");
        }
    }
}

#[tokio::test]
async fn customers_beyond_the_cap_are_refused_with_507_and_not_stored() {
    // The demo customer that starts with a qualification counts: room for one more.
    let api = Api::start_with(EmulatorConfig::default().max_customers(2)).await;
    let (first, second) = (
        "0a000000-0000-4000-8000-000000000002",
        "0b000000-0000-4000-8000-000000000002",
    );
    assert_eq!(
        api.post(qualifications(first), "4").send().await.status,
        201
    );

    let refused = api
        .post(qualifications(second), "4")
        .request_id(first)
        .send()
        .await;
    let held = api
        .post(qualifications(demo::TAILSPIN_UNIVERSITY), "4")
        .send()
        .await;

    refused.assert_error(
        507,
        "800003",
        "The emulator holds its maximum of 2 customers; reset it (POST /_emulator/reset) or \
         raise EmulatorConfig::max_customers.",
    );
    assert_eq!(held.status, 201);
    assert_eq!(api.handle.stored_replies(), 2);
    assert!(api.state(second).is_empty());
}

#[tokio::test]
async fn applied_changes_and_the_log_keep_only_the_most_recent() {
    let api = Api::start_with(
        EmulatorConfig::default()
            .max_applied_changes(2)
            .max_logged_requests(3),
    )
    .await;
    let customers: Vec<String> = (1..=4)
        .map(|n| Uuid::from_u128(n << 8).to_string())
        .collect();

    for customer in &customers {
        assert_eq!(
            api.post(qualifications(customer), "4").send().await.status,
            201
        );
    }

    let applied: Vec<String> = api
        .handle
        .applied_changes()
        .iter()
        .map(|change| change.customer.to_string())
        .collect();
    assert_eq!(applied, customers[2..]);
    let logged: Vec<String> = api
        .handle
        .request_log()
        .into_iter()
        .map(|entry| entry.path)
        .collect();
    let expected: Vec<String> = customers[1..].iter().map(|c| qualifications(c)).collect();
    assert_eq!(logged, expected);
    // Every change is still applied.
    assert_eq!(api.state(&customers[0]).len(), 1);
}

// --- Connections ------------------------------------------------------------------------------

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_its_connection_closed_within_the_timeout() {
    let timeout = Duration::from_millis(300);
    let handle = Emulator::start(EmulatorConfig::default().body_read_timeout(timeout))
        .await
        .expect("emulator starts");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         MS-RequestId: {}\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n\r\n",
        qualifications(EVEN_CUSTOMER),
        demo::DEMO_TOKEN,
        Uuid::new_v4()
    );

    let (answer, lived) = exchange(handle.local_addr(), head.as_bytes()).await;

    assert_eq!(status(&answer), 408, "{answer}");
    assert_eq!(
        body(&answer),
        documented("800002", "The request body was not received within 300 ms.")
    );
    assert!(
        lived >= timeout && lived < Duration::from_secs(3),
        "{lived:?}"
    );
    assert!(handle.applied_changes().is_empty());
    assert_eq!(handle.stored_replies(), 0);
}

#[tokio::test]
async fn a_stalled_head_is_closed_within_the_header_timeout() {
    let timeout = Duration::from_millis(300);
    let handle = Emulator::start(EmulatorConfig::default().header_read_timeout(timeout))
        .await
        .expect("emulator starts");

    let (_, lived) = exchange(
        handle.local_addr(),
        b"GET /v1/customers/all/validations HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    )
    .await;

    assert!(lived < Duration::from_secs(3), "{lived:?}");
    assert!(handle.request_log().is_empty());
}

#[tokio::test]
async fn a_kept_alive_connection_that_sends_nothing_more_is_closed() {
    let handle =
        Emulator::start(EmulatorConfig::default().header_read_timeout(Duration::from_millis(300)))
            .await
            .expect("emulator starts");
    let mut stream = TcpStream::connect(handle.local_addr())
        .await
        .expect("connects");
    let request = format!(
        "GET /v1/customers/all/validations HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Authorization: Bearer {}\r\n\r\n",
        demo::DEMO_TOKEN
    );
    stream.write_all(request.as_bytes()).await.expect("sends");
    let started = Instant::now();

    let answer = read_until_closed(&mut stream, Duration::from_secs(5)).await;

    assert_eq!(status(&answer), 200);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_connection_idle_past_the_idle_timeout_is_closed() {
    let handle = Emulator::start(
        EmulatorConfig::default()
            .header_read_timeout(Duration::from_secs(30))
            .idle_timeout(Duration::from_millis(300)),
    )
    .await
    .expect("emulator starts");

    // Nothing sent: the idle watchdog closes it long before the header timeout.
    let (answer, lived) = exchange(handle.local_addr(), b"").await;

    assert_eq!(answer, "");
    assert!(lived < Duration::from_secs(3), "{lived:?}");
}

#[tokio::test]
async fn a_slow_request_is_not_cut_by_the_idle_timeout() {
    let api = Api::start_with(
        EmulatorConfig::default()
            .idle_timeout(Duration::from_millis(100))
            .faults(Faults {
                latency_ms: 400,
                ..Faults::default()
            }),
    )
    .await;

    let answer = api.get(qualifications(EVEN_CUSTOMER)).send().await;

    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn connections_over_the_cap_wait_until_one_closes() {
    let handle = Emulator::start(
        EmulatorConfig::default()
            .max_connections(2)
            .header_read_timeout(Duration::from_secs(30))
            .idle_timeout(Duration::from_secs(30)),
    )
    .await
    .expect("emulator starts");
    let addr = handle.local_addr();
    let first = TcpStream::connect(addr).await.expect("connects");
    let _second = TcpStream::connect(addr).await.expect("connects");
    // Let the server accept both before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(addr)
        .await
        .expect("the backlog takes it");
    let request = raw(
        "GET",
        "/v1/customers/all/validations",
        &[
            ("Host", "127.0.0.1"),
            ("Authorization", &format!("Bearer {}", demo::DEMO_TOKEN)),
        ],
        "",
    );
    third.write_all(&request).await.expect("sends");

    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut byte)).await;
    assert!(early.is_err(), "served over the cap: {early:?}");
    drop(first);
    let answer = read_until_closed(&mut third, Duration::from_secs(5)).await;

    assert_eq!(status(&format!("{}{answer}", byte[0] as char)), 200);
}

#[tokio::test]
async fn over_the_cap_a_connection_waits_at_most_the_header_timeout_and_beyond_the_waiting_room_none()
 {
    let header_timeout = Duration::from_millis(400);
    let handle = Emulator::start(
        EmulatorConfig::default()
            .max_connections(1)
            .header_read_timeout(header_timeout)
            .body_read_timeout(Duration::from_secs(10)),
    )
    .await
    .expect("emulator starts");
    let addr = handle.local_addr();
    // The one slot: a request whose body never comes holds it for 10 seconds.
    let mut served = TcpStream::connect(addr).await.expect("connects");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         Content-Length: 10\r\n\r\n",
        qualifications(EVEN_CUSTOMER),
        demo::DEMO_TOKEN
    );
    served.write_all(head.as_bytes()).await.expect("sends");
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The one place in the waiting room.
    let mut waiting = TcpStream::connect(addr).await.expect("connects");
    let waiting_since = Instant::now();
    tokio::time::sleep(Duration::from_millis(100)).await;

    // Waiting room full: closed at once.
    let (turned_away, lived) = exchange(addr, b"GET / HTTP/1.1\r\n").await;
    let waited = read_until_closed(&mut waiting, Duration::from_secs(5)).await;

    assert_eq!(turned_away, "");
    assert!(lived < header_timeout, "{lived:?}");
    assert_eq!(waited, "", "closed without an answer");
    let waited_for = waiting_since.elapsed();
    assert!(
        waited_for >= header_timeout && waited_for < Duration::from_secs(3),
        "{waited_for:?}"
    );
}

// --- Admin API ----------------------------------------------------------------------------------

#[tokio::test]
async fn the_admin_api_answers_only_loopback_host_names() {
    let handle = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator starts");
    let addr = handle.local_addr();
    let port = addr.port().to_string();

    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "[::1]".to_owned(),
        "LocalHost".to_owned(),
    ] {
        let (answer, _) = exchange(
            addr,
            &raw("GET", "/_emulator/faults", &[("Host", &host)], ""),
        )
        .await;
        assert_eq!(status(&answer), 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1.nip.io".to_owned(),
    ] {
        let (answer, _) = exchange(
            addr,
            &raw(
                "POST",
                "/_emulator/reset",
                &[("Host", &host), ("Content-Type", "application/json")],
                "{}",
            ),
        )
        .await;
        assert_eq!(status(&answer), 403, "{host}");
        assert_eq!(
            body(&answer),
            documented(
                "800002",
                "The admin API answers only requests to 127.0.0.1, localhost or [::1]."
            )
        );
    }
}

#[tokio::test]
async fn admin_writes_need_a_json_content_type() {
    let api = Api::start().await;
    assert_eq!(
        api.post(qualifications(EVEN_CUSTOMER), "4")
            .send()
            .await
            .status,
        201
    );
    let addr = api.handle.local_addr();
    let host = [("Host", "127.0.0.1")];

    // What a web page can send without a CORS preflight.
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let headers = [host[0], ("Content-Type", content_type)];
        let (reset, _) = exchange(addr, &raw("POST", "/_emulator/reset", &headers, "")).await;
        let (faults, _) = exchange(
            addr,
            &raw("PUT", "/_emulator/faults", &headers, r#"{"errorRate":1}"#),
        )
        .await;
        for answer in [reset, faults] {
            assert_eq!(status(&answer), 415, "{content_type}");
            assert_eq!(
                body(&answer),
                documented(
                    "800002",
                    "The admin API takes Content-Type: application/json."
                )
            );
        }
    }
    let (no_type, _) = exchange(addr, &raw("POST", "/_emulator/reset", &host, "")).await;
    assert_eq!(status(&no_type), 415);
    assert_eq!(api.handle.applied_changes().len(), 1, "nothing was reset");
    assert_eq!(api.handle.faults(), Faults::default());

    let headers = [host[0], ("Content-Type", "application/json; charset=utf-8")];
    let (reset, _) = exchange(addr, &raw("POST", "/_emulator/reset", &headers, "")).await;
    assert_eq!(status(&reset), 200);
    assert!(api.handle.applied_changes().is_empty());
}

#[tokio::test]
async fn fault_values_out_of_range_are_refused_naming_the_field() {
    let api = Api::start().await;
    let cases = [
        (
            r#"{"latencyMs":60000}"#,
            "latencyMs must be at most 10000, got 60000",
        ),
        (
            r#"{"dropAfterApplyRate":-1}"#,
            "dropAfterApplyRate must lie between 0 and 1, got -1",
        ),
        (
            r#"{"throttle":{"capacity":0,"refillPerSecond":1}}"#,
            "throttle.capacity must lie between 1 and 1000000, got 0",
        ),
        (
            r#"{"throttle":{"capacity":1,"refillPerSecond":1e9}}"#,
            "throttle.refillPerSecond must lie between 0 and 1000000, got 1000000000",
        ),
    ];

    for (faults, problem) in cases {
        api.put("/_emulator/faults", faults)
            .send()
            .await
            .assert_error(400, "800002", &format!("Invalid faults: {problem}."));
    }
    assert_eq!(api.handle.faults(), Faults::default());
    let largest = api
        .put("/_emulator/faults", r#"{"latencyMs":10000}"#)
        .send()
        .await;
    assert_eq!(largest.status, 200);
}

#[tokio::test]
async fn the_admin_api_needs_the_admin_token_when_one_is_configured() {
    let handle = Emulator::start(EmulatorConfig::default().admin_token(Some("s3cret".to_owned())))
        .await
        .expect("emulator starts");
    let addr = handle.local_addr();
    let get = |auth: Option<&'static str>| {
        let mut headers = vec![("Host", "other-machine:8080")];
        if let Some(auth) = auth {
            headers.push(("Authorization", auth));
        }
        raw("GET", "/_emulator/requests", &headers, "")
    };

    let (missing, _) = exchange(addr, &get(None)).await;
    let (wrong, _) = exchange(addr, &get(Some("Bearer s3cre"))).await;
    let (api_token, _) = exchange(addr, &get(Some("Bearer emulator-demo-token"))).await;
    let (right, _) = exchange(addr, &get(Some("Bearer s3cret"))).await;

    for refused in [missing, wrong, api_token] {
        assert_eq!(status(&refused), 401);
        assert_eq!(
            body(&refused),
            documented(
                "800001",
                "The admin API needs Authorization: Bearer <admin token>."
            )
        );
    }
    // With a token, any Host is fine: the token protects the API.
    assert_eq!(status(&right), 200);
    assert_eq!(body(&right), json!([]));
}

#[tokio::test]
async fn the_request_log_endpoint_serves_the_kept_entries_with_cut_fields() {
    let api = Api::start_with(EmulatorConfig::default().log_field_bytes(32)).await;
    let long = format!("/v1/{}", "p".repeat(1000));
    assert_eq!(api.get(&long).send().await.status, 404);

    let log = api.get("/_emulator/requests").send().await.json();

    let path = log[0]["path"].as_str().unwrap_or_default();
    assert!(
        path.len() <= 32 && path.starts_with("/v1/ppp") && path.ends_with('…'),
        "{path}"
    );
    assert_eq!(log[0]["status"], 404);
}

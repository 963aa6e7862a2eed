//! Against the emulator's faults and token endpoint: exactly-once creates, real tokens, the soak.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use pc_client::{
    CallOptions, CustomerId, EntraCredential, ErrorKind, PartnerCenterClient, QualificationRequest,
    RetryPolicy, Transport, TransportError,
};
use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Faults, Throttle, demo};
use pc_transport::{Request, ReqwestTransport, Response};

fn client(handle: &EmulatorHandle, policy: RetryPolicy) -> PartnerCenterClient {
    PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .access_token(demo::DEMO_TOKEN)
        .retry_policy(policy)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(100))
}

/// Sends through reqwest; after the first failure, clears the emulator's faults through its admin
/// endpoint, as an operator fixing the network would.
#[derive(Debug)]
struct HealAfterFirstFailure {
    inner: ReqwestTransport,
    faults_url: String,
    healed: AtomicBool,
}

#[async_trait]
impl Transport for HealAfterFirstFailure {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let result = self.inner.send(request).await;
        if result.is_err() && !self.healed.swap(true, Ordering::SeqCst) {
            let heal = http::Request::put(&self.faults_url)
                .header("content-type", "application/json")
                .body(bytes::Bytes::from_static(b"{}"))
                .map_err(TransportError::invalid_request)?;
            let answer = self.inner.send(heal).await?;
            assert!(
                answer.status().is_success(),
                "faults reset: {}",
                answer.status()
            );
        }
        result
    }
}

#[tokio::test]
async fn a_create_whose_connection_drops_after_apply_is_retried_and_applied_once() {
    let faults = Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    };
    let handle = Emulator::start(EmulatorConfig::default().faults(faults))
        .await
        .expect("emulator");
    let transport = HealAfterFirstFailure {
        inner: ReqwestTransport::new().expect("reqwest"),
        faults_url: format!("{}/_emulator/faults", handle.base_url()),
        healed: AtomicBool::new(false),
    };
    let client = PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .access_token(demo::DEMO_TOKEN)
        .transport(transport)
        .retry_policy(fast_retries(4))
        .build()
        .expect("client");
    let customer: CustomerId = "0f0e0d0c-0b0a-4908-8706-050403020100".parse().expect("id");

    let reply = client
        .customer(customer)
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .reply()
        .await
        .expect("the retry gets the stored 201");

    assert_eq!(reply.status.as_u16(), 201);
    let applied = handle.applied_changes();
    assert_eq!(applied.len(), 1, "{applied:?}");
    assert_eq!(
        applied[0].request_id.as_deref(),
        Some(reply.request_id.to_string().as_str())
    );
    let log = handle.request_log();
    let posts: Vec<_> = log.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 2, "{log:?}");
    assert_eq!(posts[0].fault.as_deref(), Some("drop-after-apply"));
    assert_eq!(posts[1].fault.as_deref(), Some("replayed"));
    assert_eq!(posts[1].status, 201);
}

#[tokio::test]
async fn server_errors_then_success_apply_the_change_once() {
    let faults = Faults {
        error_rate: 1.0,
        ..Faults::default()
    };
    let handle = Emulator::start(EmulatorConfig::default().faults(faults))
        .await
        .expect("emulator");
    let client = client(&handle, fast_retries(3));
    let customer: CustomerId = "1f0e0d0c-0b0a-4908-8706-050403020100".parse().expect("id");

    let err = client
        .customer(customer)
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect_err("every attempt fails");

    assert_eq!(err.attempts(), 3);
    assert!(matches!(err.status().map(|s| s.as_u16()), Some(500 | 503)));
    assert!(handle.applied_changes().is_empty());
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn throttling_is_waited_out_and_the_gap_matches_retry_after() {
    let faults = Faults {
        throttle: Some(Throttle::new(1, 1.0)),
        ..Faults::default()
    };
    let handle = Emulator::start(EmulatorConfig::default().faults(faults))
        .await
        .expect("emulator");
    let client = client(&handle, fast_retries(4));
    let customer: CustomerId = demo::CONTOSO_ACADEMY.parse().expect("id");
    client
        .customer(customer)
        .qualifications()
        .list()
        .await
        .expect("first call uses the bucket");
    let started = Instant::now();

    client
        .customer(customer)
        .qualifications()
        .list()
        .await
        .expect("second call waits");

    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    let throttled = handle
        .request_log()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    assert_eq!(throttled, 1);
}

#[tokio::test]
async fn refresh_token_grant_against_the_emulator_rotates_and_creates() {
    let handle = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let credential = EntraCredential::refresh_token(
        "contoso.onmicrosoft.com",
        demo::CLIENT_ID,
        demo::REFRESH_TOKEN,
    )
    .client_secret(demo::CLIENT_SECRET)
    .authority(handle.base_url())
    .build()
    .expect("credential");
    let credential = Arc::new(credential);
    let client = PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .credential_arc(credential.clone())
        .build()
        .expect("client");
    let customer: CustomerId = "2f0e0d0c-0b0a-4908-8706-050403020100".parse().expect("id");

    let created = client
        .customer(customer)
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect("App+User may create");

    assert_eq!(created.qualification.as_str(), "StateOwnedEntity");
    let rotated = credential.current_refresh_token().await.expect("rotated");
    assert_ne!(rotated.expose(), demo::REFRESH_TOKEN);
    // The old refresh token is dead; the rotated one works.
    let reuse = EntraCredential::refresh_token(
        "contoso.onmicrosoft.com",
        demo::CLIENT_ID,
        demo::REFRESH_TOKEN,
    )
    .client_secret(demo::CLIENT_SECRET)
    .authority(handle.base_url())
    .build()
    .expect("credential");
    assert!(
        pc_client::TokenProvider::token(&reuse)
            .await
            .expect_err("old token")
            .is_auth()
    );
    let next = EntraCredential::refresh_token("contoso.onmicrosoft.com", demo::CLIENT_ID, rotated)
        .client_secret(demo::CLIENT_SECRET)
        .authority(handle.base_url())
        .build()
        .expect("credential");
    assert!(pc_client::TokenProvider::token(&next).await.is_ok());
}

#[tokio::test]
async fn app_only_tokens_may_list_but_not_create() {
    let handle = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let credential = EntraCredential::client_credentials("t", demo::CLIENT_ID, demo::CLIENT_SECRET)
        .authority(handle.base_url())
        .build()
        .expect("credential");
    let client = PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .credential(credential)
        .retry_policy(fast_retries(4))
        .build()
        .expect("client");
    let customer: CustomerId = demo::CONTOSO_ACADEMY.parse().expect("id");

    client
        .customer(customer)
        .qualifications()
        .list()
        .await
        .expect("App-only may list");
    let err = client
        .customer(customer)
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect_err("App-only may not create");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(err.code(), Some("900329"));
    assert_eq!(err.attempts(), 1, "403 is not retried");
    assert_eq!(handle.token_requests(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_make_one_token_request_to_the_emulator() {
    let handle = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let credential = EntraCredential::refresh_token("t", demo::CLIENT_ID, demo::REFRESH_TOKEN)
        .client_secret(demo::CLIENT_SECRET)
        .authority(handle.base_url())
        .build()
        .expect("credential");
    let client = PartnerCenterClient::builder()
        .endpoint(handle.base_url())
        .credential(credential)
        .build()
        .expect("client");
    let customer: CustomerId = demo::CONTOSO_ACADEMY.parse().expect("id");

    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.customer(customer).qualifications().list().await })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        if task.await.expect("joined").is_ok() {
            ok += 1;
        }
    }

    assert_eq!(ok, 100);
    assert_eq!(handle.token_requests(), 1);
}

/// The soak: 1,000 creates, concurrency 16, 20% 5xx, 5% drops after apply, throttling.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_a_thousand_creates_under_faults_apply_each_change_exactly_once() {
    const CALLS: usize = 1_000;
    const CONCURRENCY: usize = 16;
    let faults = Faults {
        throttle: Some(Throttle::new(100, 500.0)),
        error_rate: 0.20,
        drop_after_apply_rate: 0.05,
        ..Faults::default()
    };
    let handle = Emulator::start(EmulatorConfig::default().seed(7).faults(faults))
        .await
        .expect("emulator");
    let client = client(&handle, fast_retries(10));
    let customers: Vec<CustomerId> = (0..CALLS)
        .map(|i| {
            format!("5000{i:04x}-0000-4000-8000-000000000000")
                .parse()
                .expect("id")
        })
        .collect();
    let started = Instant::now();

    let semaphore = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let tasks: Vec<_> = customers
        .iter()
        .map(|customer| {
            let client = client.clone();
            let semaphore = semaphore.clone();
            let customer = *customer;
            tokio::spawn(async move {
                let _permit = semaphore.acquire_owned().await.expect("semaphore");
                client
                    .customer(customer)
                    .qualifications()
                    .create(QualificationRequest::state_owned_entity())
                    .options(CallOptions::default().timeout(Duration::from_secs(30)))
                    .await
            })
        })
        .collect();
    let mut succeeded = 0usize;
    let mut definitive = HashMap::<ErrorKind, usize>::new();
    for task in tasks {
        match task.await.expect("joined") {
            Ok(_) => succeeded += 1,
            Err(e) => *definitive.entry(e.kind()).or_default() += 1,
        }
    }
    let elapsed = started.elapsed();

    let log = handle.request_log();
    let attempts = log.iter().filter(|r| r.method == "POST").count();
    let throttled = log.iter().filter(|r| r.status == 429).count();
    let server_errors = log.iter().filter(|r| r.status >= 500).count();
    let dropped = log
        .iter()
        .filter(|r| r.fault.as_deref() == Some("drop-after-apply"))
        .count();
    let replayed = log
        .iter()
        .filter(|r| r.fault.as_deref() == Some("replayed"))
        .count();
    let applied = handle.applied_changes();
    let mut per_customer = HashMap::<CustomerId, usize>::new();
    for change in &applied {
        *per_customer.entry(change.customer).or_default() += 1;
    }
    let duplicates = per_customer.values().filter(|n| **n > 1).count();
    println!(
        "soak: calls={CALLS} succeeded={succeeded} definitive_errors={definitive:?} attempts={attempts} \
         429s={throttled} 5xx={server_errors} dropped_after_apply={dropped} replayed={replayed} \
         applied={} duplicates={duplicates} elapsed={elapsed:?}",
        applied.len()
    );
    assert_eq!(succeeded + definitive.values().sum::<usize>(), CALLS);
    assert_eq!(duplicates, 0);
    assert!(succeeded >= CALLS * 99 / 100, "succeeded {succeeded}");
    assert!(applied.len() >= succeeded, "every success was applied");
    assert!(applied.len() <= CALLS);
    assert!(
        throttled > 0 && server_errors > 0 && dropped > 0,
        "every fault fired"
    );
    for customer in &customers {
        assert!(per_customer.get(customer).copied().unwrap_or(0) <= 1);
    }
}

use std::net::SocketAddr;
use std::time::Duration;

use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, Faults, demo};
use tokio::net::TcpStream;

use crate::support::{Api, EVEN_CUSTOMER, client, qualifications};

/// Whether a TCP connection to `addr` is refused within 2 seconds of trying.
async fn refused_within_two_seconds(addr: SocketAddr) -> bool {
    for _ in 0..100 {
        let attempt =
            tokio::time::timeout(Duration::from_millis(200), TcpStream::connect(addr)).await;
        if matches!(attempt, Ok(Err(_))) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let api = Api::start().await;
    assert_eq!(
        api.get(qualifications(EVEN_CUSTOMER)).send().await.status,
        200
    );
    let addr = api.handle.local_addr();

    drop(api);

    assert!(refused_within_two_seconds(addr).await);
}

#[tokio::test]
async fn shutdown_stops_the_server_and_cuts_open_connections() {
    let handle = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator starts");
    let addr = handle.local_addr();
    let open = TcpStream::connect(addr).await.expect("connects");

    tokio::time::timeout(Duration::from_secs(5), handle.shutdown())
        .await
        .expect("shutdown finishes");

    assert!(refused_within_two_seconds(addr).await);
    drop(open);
}

#[tokio::test]
async fn bind_serves_on_the_given_address() {
    let handle = Emulator::bind(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        EmulatorConfig::default(),
    )
    .await
    .expect("emulator binds");

    let url = format!(
        "{}/v1/customers/{}/qualification",
        handle.base_url(),
        demo::TAILSPIN_UNIVERSITY
    );
    let response = client()
        .get(url)
        .bearer_auth(demo::DEMO_TOKEN)
        .send()
        .await
        .expect("answers");

    assert_eq!(response.status(), 200);
    assert_eq!(handle.base_url(), format!("http://{}", handle.local_addr()));
    assert!(!handle.base_url().ends_with('/'));
}

#[tokio::test]
async fn call_answers_in_process_and_reports_drops() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let request = |body: &'static str| {
        http::Request::post(format!("/v1/customers/{EVEN_CUSTOMER}/qualifications"))
            .header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN))
            .body(body.to_owned())
            .expect("request builds")
    };

    let created = emulator.call(request("4")).await.expect("answered");
    emulator.set_faults(Faults {
        drop_before_apply_rate: 1.0,
        ..Faults::default()
    });
    let dropped = emulator.call(request("1")).await;

    assert_eq!(created.status(), 201);
    assert_eq!(
        created.body().as_ref(),
        br#"{"qualification":"StateOwnedEntity"}"#
    );
    let dropped = dropped.expect_err("connection dropped");
    assert_eq!(dropped.fault(), Some("drop-before-apply"));
    assert_eq!(emulator.applied_changes().len(), 1);
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    fn assert_send<T: Send>(_: &T) {}
    assert_send_sync::<Emulator>();
    assert_send_sync::<EmulatorHandle>();
    assert_send_sync::<EmulatorConfig>();
    assert_send(&Emulator::start(EmulatorConfig::default()));
    let emulator = Emulator::new(EmulatorConfig::default());
    assert_send(&emulator.call(http::Request::new(String::new())));
}

#[test]
fn serving_outside_a_runtime_is_an_error_not_a_panic() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime builds");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("binds");

    let served = Emulator::new(EmulatorConfig::default()).serve(listener);

    assert!(served.is_err());
}

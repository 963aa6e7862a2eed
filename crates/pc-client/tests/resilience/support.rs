//! Shared builders for the resilience suite.

use std::time::Duration;

use pc_client::{CustomerId, PartnerCenterClient, RetryPolicy};
use pc_emulator::Emulator;
use pc_transport::MockTransport;

/// A fixed customer id.
pub(crate) fn customer() -> CustomerId {
    CustomerId::parse("4a1e9c32-5b7d-4f1a-8c2e-0d3b6a9f7e10").expect("valid GUID")
}

/// A client on a MockTransport with `attempts` attempts and a 100 ms initial backoff.
pub(crate) fn mock_client(mock: &MockTransport, attempts: u32) -> PartnerCenterClient {
    mock_client_with(
        mock,
        RetryPolicy::default()
            .max_attempts(attempts)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(2)),
    )
}

/// A client on a MockTransport with `policy` and a 600 s deadline.
pub(crate) fn mock_client_with(mock: &MockTransport, policy: RetryPolicy) -> PartnerCenterClient {
    PartnerCenterClient::builder()
        .endpoint("https://pc.test")
        .access_token("test-token-0123456789")
        .transport(mock.clone())
        .retry_policy(policy)
        .timeout(Duration::from_secs(600))
        .build()
        .expect("client builds")
}

/// A client pointed at `base_url` with a short backoff.
pub(crate) fn http_client(base_url: &str, attempts: u32) -> PartnerCenterClient {
    PartnerCenterClient::builder()
        .endpoint(base_url)
        .access_token("test-token-0123456789")
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(attempts)
                .initial_backoff(Duration::from_millis(20))
                .max_backoff(Duration::from_millis(200)),
        )
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client builds")
}

/// A header of a recorded request as text.
pub(crate) fn header<'a>(request: &'a wiremock::Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// A client of an in-process emulator (no socket, so a test on paused tokio time drives the
/// emulator's clock too), authenticated with the demo token, one attempt per call.
pub(crate) fn in_process_client(emulator: &Emulator) -> PartnerCenterClient {
    PartnerCenterClient::builder()
        .endpoint("http://127.0.0.1")
        .access_token(pc_emulator::demo::DEMO_TOKEN)
        .transport(emulator.transport())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

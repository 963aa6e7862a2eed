//! Per-call settings: pins `MS-CorrelationId`, overrides the locale and the retry policy of one
//! call, and reads the ids back from a `Reply`.
//!
//! Run: `cargo run -p pc-client --example call_options` (offline, against the emulator).

use std::time::Duration;

use pc_client::uuid::Uuid;
use pc_client::{CallOptions, PartnerCenterClient, RetryPolicy};
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .locale("en-US")
        .application_name("examples")
        .build()?;

    let batch = Uuid::new_v4();
    let options = CallOptions::default()
        .correlation_id(batch)
        .locale("de-DE")
        .retry_policy(RetryPolicy::default().max_attempts(2))
        .timeout(Duration::from_secs(10));
    let reply = client
        .customer(demo::CONTOSO_ACADEMY.parse()?)
        .qualifications()
        .list()
        .options(options)
        .reply()
        .await?;
    assert_eq!(reply.correlation_id, batch);
    println!(
        "{} records, status {}, MS-CorrelationId {}, MS-RequestId {}",
        reply.value.len(),
        reply.status,
        reply.correlation_id,
        reply.request_id
    );
    Ok(())
}

//! Pins the ids of a call and reads them back.
//!
//! Run: `cargo run -p pc-client --example call_options` (offline, against the emulator).

use pc_client::{CallOptions, PartnerCenterClient};
use pc_emulator::{Emulator, EmulatorConfig, demo};
use uuid::Uuid;

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
    let reply = client
        .customer(demo::CONTOSO_ACADEMY.parse()?)
        .qualifications()
        .with_options(CallOptions::default().correlation_id(batch).locale("de-DE"))
        .list_reply()
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

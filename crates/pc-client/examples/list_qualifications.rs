//! Lists a customer's qualifications.
//!
//! Run: `cargo run -p pc-client --example list_qualifications` (offline, against the emulator).

use pc_client::PartnerCenterClient;
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .build()?;

    let customer = demo::TAILSPIN_UNIVERSITY.parse()?;
    for record in client.customer(customer).qualifications().list().await? {
        println!(
            "{} vetting={:?} created={:?}",
            record.qualification, record.vetting_status, record.vetting_create_date
        );
    }
    Ok(())
}

//! The legacy synchronous API: `GET`/`PUT .../qualification`.
//!
//! Run: `cargo run -p pc-client --example legacy` (offline, against the emulator).

use pc_client::{CustomerQualification, PartnerCenterClient, Secret};
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .build()?;
    let customer = client.customer(demo::WOODGROVE_MUNICIPALITY.parse()?);

    println!("before: {}", customer.qualification().get().await?);
    let after = customer
        .qualification()
        .update(
            CustomerQualification::GovernmentCommunityCloud,
            Some(Secret::new(demo::VALIDATION_CODE)),
        )
        .await?;
    println!("after: {after}");
    Ok(())
}

//! The deprecated synchronous API: `GET`/`PUT .../qualification` (singular), through
//! `customer(id).legacy_qualification()`.
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
    let legacy = client
        .customer(demo::WOODGROVE_MUNICIPALITY.parse()?)
        .legacy_qualification();

    println!("before: {}", legacy.get().await?);
    let after = legacy
        .update(
            CustomerQualification::GovernmentCommunityCloud,
            Some(Secret::new(demo::VALIDATION_CODE)),
        )
        .await?;
    println!("after: {after}");
    Ok(())
}

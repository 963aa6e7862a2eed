//! Lists the partner's validation codes and sets Government Community Cloud with one.
//!
//! Run: `cargo run -p pc-client --example create_gcc` (offline, against the emulator).

use pc_client::{PartnerCenterClient, QualificationRequest};
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .build()?;

    let codes = client.validation_codes().list().await?;
    let usable = codes
        .into_iter()
        .find(|c| c.remaining_creates != Some(0))
        .ok_or("no validation code has creates left")?;
    println!(
        "using a code of {:?} ({:?} creates left)",
        usable.organization_name, usable.remaining_creates
    );

    let municipality = demo::WOODGROVE_MUNICIPALITY.parse()?;
    let created = client
        .customer(municipality)
        .qualifications()
        .create(QualificationRequest::government_community_cloud(
            usable.validation_id,
        ))
        .await?;
    println!("{} is {:?}", created.qualification, created.vetting_status);
    Ok(())
}

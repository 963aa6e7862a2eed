//! Sets Education on a customer under both request contracts and waits for vetting: poll by poll
//! with `VettingPoller::next`, or for the settled record by awaiting the poller.
//!
//! Run: `cargo run -p pc-client --example create_education` (offline, against the emulator).

use std::time::Duration;

use pc_client::{
    Contract, CustomerQualification, EducationSegment, PartnerCenterClient, QualificationRequest,
    WaitOptions,
};
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator =
        Emulator::start(EmulatorConfig::default().vetting_delay(Duration::from_millis(500)))
            .await?;

    // The integer contract of the December 2020 documentation: the body is `1`.
    let integer = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .build()?;
    let academy = demo::CONTOSO_ACADEMY.parse()?;
    let created = integer
        .customer(academy)
        .qualifications()
        .create(QualificationRequest::education())
        .await?;
    println!(
        "integer contract: {} is {:?}",
        created.qualification, created.vetting_status
    );

    // The object contract production requires since 2023: the segment is mandatory.
    let object = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .contract(Contract::Object)
        .build()?;
    let trading = demo::FABRIKAM_TRADING.parse()?;
    object
        .customer(trading)
        .qualifications()
        .create(
            QualificationRequest::education()
                .with_education_segment(EducationSegment::K12)
                .with_website("fabrikam.com"),
        )
        .await?;

    let options = WaitOptions::default()
        .timeout(Duration::from_secs(10))
        .initial_interval(Duration::from_millis(200));

    // Every poll, as it happens.
    let mut poller = integer
        .customer(academy)
        .qualifications()
        .wait_for_vetting(CustomerQualification::Education, options);
    while let Some(observation) = poller.next().await {
        let observation = observation?;
        let status = observation.record.and_then(|r| r.vetting_status);
        println!(
            "{academy} poll {} after {:?}: {status:?}",
            observation.poll, observation.elapsed
        );
    }

    // Only the settled record: await the poller.
    let vetted = integer
        .customer(trading)
        .qualifications()
        .wait_for_vetting(CustomerQualification::Education, options)
        .await?;
    println!(
        "{trading}: {:?} {}",
        vetted.vetting_status,
        vetted.vetting_reason.unwrap_or_default()
    );
    Ok(())
}

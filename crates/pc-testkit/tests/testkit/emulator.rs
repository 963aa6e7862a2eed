//! `pc_testkit::emulator` is the emulator: a consumer reaches it through the kit alone.

use pc_client::{CustomerQualification, PartnerCenterClient, QualificationRequest, VettingStatus};
use pc_testkit::emulator::{Emulator, EmulatorConfig, demo};
use pc_testkit::test_retry_policy;

#[tokio::test]
async fn the_re_exported_emulator_serves_the_client() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .retry_policy(test_retry_policy())
        .build()?;
    let customer = demo::contoso_academy();

    let created = client
        .customer(customer)
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await?;
    let held = client
        .customer(demo::tailspin_university())
        .qualifications()
        .list()
        .await?;

    assert_eq!(
        created.qualification,
        CustomerQualification::StateOwnedEntity
    );
    assert_eq!(held[0].vetting_status, Some(VettingStatus::Approved));
    assert_eq!(emulator.applied_changes().len(), 1);
    emulator.shutdown().await;
    Ok(())
}

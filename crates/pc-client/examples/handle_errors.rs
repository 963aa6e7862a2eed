//! What errors look like: a local refusal (nothing sent) and a service error with its details.
//!
//! Run: `cargo run -p pc-client --example handle_errors` (offline, against the emulator).

use pc_client::{CustomerQualification, ErrorKind, PartnerCenterClient, QualificationRequest};
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .build()?;
    let customer = client.customer(demo::TAILSPIN_UNIVERSITY.parse()?);

    // None can never be set: refused before anything is sent.
    let refused = customer
        .qualifications()
        .create(QualificationRequest::new(CustomerQualification::None))
        .await
        .err()
        .ok_or("None was accepted")?;
    assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    println!("local: {refused}");

    // The customer already holds Education: the service answers 409.
    let conflict = customer
        .qualifications()
        .create(QualificationRequest::education())
        .await
        .err()
        .ok_or("duplicate was accepted")?;
    println!("service: {conflict}");
    println!(
        "status={:?} code={:?} request id={:?} retryable={}",
        conflict.status(),
        conflict.code(),
        conflict.request_id(),
        conflict.is_retryable()
    );
    Ok(())
}

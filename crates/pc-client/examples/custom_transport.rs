//! Plugs a transport of your own under the client: here, one that counts requests and delegates
//! to reqwest. Everything it needs comes from `pc_client` (`Transport`, `Request`, `Response`,
//! `TransportError`, `async_trait`): no other crate to depend on.
//!
//! Run: `cargo run -p pc-client --example custom_transport` (offline, against the emulator;
//! needs the default `reqwest` feature).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pc_client::{
    PartnerCenterClient, Request, ReqwestTransport, Response, Transport, TransportError,
    async_trait,
};
use pc_emulator::{Emulator, EmulatorConfig, demo};

#[derive(Debug)]
struct Counting {
    inner: ReqwestTransport,
    sent: AtomicUsize,
}

#[async_trait]
impl Transport for Counting {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        self.inner.send(request).await
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let transport = Arc::new(Counting {
        inner: ReqwestTransport::new()?,
        sent: AtomicUsize::new(0),
    });
    let client = PartnerCenterClient::builder()
        .endpoint(emulator.base_url())
        .access_token(demo::DEMO_TOKEN)
        .transport_arc(transport.clone())
        .build()?;

    client.validation_codes().list().await?;
    client
        .customer(demo::CONTOSO_ACADEMY.parse()?)
        .qualifications()
        .list()
        .await?;
    println!(
        "{} requests went through the custom transport",
        transport.sent.load(Ordering::Relaxed)
    );
    Ok(())
}

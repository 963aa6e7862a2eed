//! A typed async client for Microsoft Partner Center's customer-qualification API.
//!
//! - [`PartnerCenterClient`]: cheap to clone; built by [`ClientBuilder`].
//! - [`Qualifications`]: `list` and `create` (`GET`/`POST .../qualifications`), the core operations.
//! - [`LegacyQualification`]: the deprecated synchronous `GET`/`PUT .../qualification`.
//! - [`ValidationCodes`]: the partner's GCC validation codes.
//! - [`WaitOptions`]: how `wait_for_vetting` polls until vetting is final.
//! - [`CallOptions`]: per-call correlation id, request id and locale.
//! - [`Reply`]: a decoded value with the status and ids of the exchange.
//! - [`RetryPolicy`]: attempts, backoff and `Retry-After`; the same `MS-RequestId` on every retry.
//! - [`TokenProvider`] and [`StaticToken`]: where bearer tokens come from.
//! - [`EntraCredential`]: App+User (refresh token) or App-only tokens from Microsoft Entra ID.
//! - [`Error`] and [`ErrorKind`]: one error type for every failure.
//!
//! Every request carries `Authorization: Bearer`, `Accept: application/json`, a fresh
//! `MS-RequestId` and `MS-CorrelationId` (unless pinned), `MS-Contract-Version: v1`,
//! `User-Agent: pc-client/<version>`, `Content-Type: application/json` on bodies, and `X-Locale` /
//! `MS-PartnerCenter-Application` when configured. Requests the service would refuse (`None`,
//! `Nonprofit`, GCC without a code, ...) fail locally with [`ErrorKind::InvalidInput`] and send
//! nothing.
//!
//! # Example: set Education on a customer
//!
//! ```no_run
//! use pc_client::{Contract, EducationSegment, PartnerCenterClient, QualificationRequest};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = PartnerCenterClient::builder()
//!     .access_token("eyJ0eXAi...")
//!     .contract(Contract::Object)
//!     .build()?;
//! let customer = "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d".parse()?;
//! let created = client
//!     .customer(customer)
//!     .qualifications()
//!     .create(
//!         QualificationRequest::education()
//!             .with_education_segment(EducationSegment::HigherEducation)
//!             .with_website("contoso.edu"),
//!     )
//!     .await?;
//! println!("{} is {:?}", created.qualification, created.vetting_status);
//! # Ok(()) }
//! ```
//!
//! # Example: test your code without a network
//!
//! ```
//! # #[cfg(feature = "test-util")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use pc_client::{MockTransport, PartnerCenterClient};
//!
//! let mock = MockTransport::new();
//! mock.push_json(200, r#"[{"qualification":"StateOwnedEntity"}]"#);
//! let client = PartnerCenterClient::builder()
//!     .endpoint("https://pc.test")
//!     .access_token("token")
//!     .transport(mock.clone())
//!     .build()?;
//! let list = client.customer("0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d".parse()?).qualifications().list().await?;
//! assert_eq!(list.len(), 1);
//! assert_eq!(mock.requests()[0].uri.path(), "/v1/customers/0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d/qualifications");
//! # Ok(()) }
//! ```
//!
//! # Crate features
//!
//! - `reqwest` (default): use [`pc_transport::ReqwestTransport`] when no transport is given.
//! - `test-util`: re-export [`pc_transport::MockTransport`] for consumers' tests.
#![deny(missing_docs)]

mod auth;
mod builder;
mod call_options;
mod client;
mod cloud;
mod credential;
mod error;
mod operations;
mod pipeline;
mod reply;
mod request;
mod response;
mod retry;
mod wait;

pub use auth::{EntraCredential, EntraCredentialBuilder};
pub use builder::ClientBuilder;
pub use call_options::CallOptions;
pub use client::{Customer, PartnerCenterClient};
pub use cloud::Cloud;
pub use credential::{AccessToken, StaticToken, TokenProvider};
pub use error::{Error, ErrorKind};
pub use operations::{LegacyQualification, Qualifications, ValidationCodes};
pub use reply::Reply;
pub use retry::RetryPolicy;
pub use wait::WaitOptions;

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

pub use pc_models::{
    ApiErrorBody, Contract, CustomerId, CustomerQualification, EducationSegment, Qualification,
    QualificationName, QualificationRequest, Secret, ValidationCode, VettingStatus,
};
#[cfg(feature = "test-util")]
pub use pc_transport::{MockTransport, RecordedRequest};
pub use pc_transport::{Transport, TransportError};

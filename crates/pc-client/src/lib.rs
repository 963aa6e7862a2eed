//! A typed async client for Microsoft Partner Center's customer-qualification API.
//!
//! - [`PartnerCenterClient`]: cheap to clone; built by [`ClientBuilder`].
//! - [`Customer`], [`Qualifications`], [`LegacyQualification`], [`ValidationCodes`]: owned
//!   handles (`Clone + Send + Sync + 'static`) with one method per operation.
//! - [`RequestBuilder`]: what every operation returns; `.await` it for the value, set
//!   `.options(CallOptions)` for this call, or take `.reply()` for the status and ids. Its futures
//!   are `Send + 'static`, so they can be spawned.
//! - [`VettingPoller`]: follows vetting poll by poll ([`WaitOptions`]).
//! - [`CallOptions`]: per-call correlation id, request id, locale, retry policy and deadline.
//! - [`Reply`]: a decoded value with the status and ids of the exchange.
//! - [`RetryPolicy`], [`ClassifyRetry`], [`RetryAction`]: attempts, backoff and open retry rules;
//!   the same `MS-RequestId` on every retry.
//! - [`TokenProvider`] and [`StaticToken`]: where bearer tokens come from.
//! - [`EntraCredential`]: App+User (refresh token) or App-only tokens from Microsoft Entra ID.
//! - [`Error`] and [`ErrorKind`]: one error type for every failure.
//! - [`Transport`], [`Request`], [`Response`], [`TransportError`],
//!   [`async_trait`](macro@async_trait): everything a custom transport needs, re-exported with the
//!   wire types ([`models`]) and the crates the API names ([`http`], [`uuid`], [`time`],
//!   [`bytes`]): a consumer depends on this crate alone.
//! - [`ENDPOINTS`]: the endpoint table every request is built from.
//!
//! Every request carries `Authorization: Bearer`, `Accept: application/json`, a fresh
//! `MS-RequestId` and `MS-CorrelationId` (unless pinned), `MS-Contract-Version: v1`,
//! `User-Agent: pc-client/<version>`, `Content-Type: application/json` on bodies, and `X-Locale` /
//! `MS-PartnerCenter-Application` when configured. Requests the service would refuse (`None`,
//! `Nonprofit`, GCC without a code, ...) fail locally with [`ErrorKind::InvalidInput`] and send
//! nothing.
//!
//! Tokens and secrets never travel in clear: the base URL and the Entra authority must be `https`,
//! or plain `http` to a loopback host (127.0.0.0/8, `::1`, `localhost`: the emulator, test
//! servers); anything else is an [`ErrorKind::Config`] error from `build()` unless a test rig opts
//! out with [`ClientBuilder::danger_accept_plain_http`] or
//! [`EntraCredentialBuilder::danger_accept_plain_http`].
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
//! # Example: one client, many tasks
//!
//! ```no_run
//! use pc_client::{CustomerId, PartnerCenterClient, QualificationRequest};
//!
//! # async fn run(client: PartnerCenterClient, customers: Vec<CustomerId>) -> Result<(), pc_client::Error> {
//! let tasks: Vec<_> = customers
//!     .into_iter()
//!     .map(|id| {
//!         let create = client
//!             .customer(id)
//!             .qualifications()
//!             .create(QualificationRequest::state_owned_entity());
//!         tokio::spawn(create.into_future())
//!     })
//!     .collect();
//! for task in tasks {
//!     let created = task.await.expect("the task ran")?;
//!     println!("{}", created.qualification);
//! }
//! # Ok(()) }
//! ```
//!
//! # Example: add a retry rule
//!
//! ```
//! use pc_client::{Error, PartnerCenterClient, RetryAction, RetryPolicy};
//!
//! // Retry a 409 whose code says the change is still being applied.
//! let policy = RetryPolicy::default().with_classifier(|e: &Error| match e.code() {
//!     Some("800002") if e.status().map(|s| s.as_u16()) == Some(409) => RetryAction::Retry,
//!     _ => RetryAction::NoActionIndicated,
//! });
//! let client = PartnerCenterClient::builder()
//!     .access_token("token")
//!     .retry_policy(policy)
//!     .build()?;
//! # let _ = client;
//! # Ok::<(), pc_client::Error>(())
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
//! - `reqwest` (default): use [`ReqwestTransport`] when no transport is given.
//! - `test-util`: re-export [`MockTransport`] for consumers' tests, and constructors of
//!   [`Reply`] and [`Error`] for a consumer's own fakes ([`Reply::fake`], [`Error::fake_service`],
//!   [`Error::fake_transport`]).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod builder;
mod call;
mod call_options;
mod client;
mod cloud;
mod credential;
mod error;
#[cfg(feature = "test-util")]
mod fakes;
mod loopback;
mod operations;
mod pipeline;
mod poller;
mod reply;
mod request;
mod request_builder;
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
pub use poller::{VettingObservation, VettingPoller};
pub use reply::Reply;
pub use request_builder::{BoxFuture, RequestBuilder};
pub use retry::{ClassifyRetry, DefaultRetryClassifier, RetryAction, RetryPolicy};
pub use wait::WaitOptions;

// What the API hands out and what a transport author needs, so that a consumer depends on this
// crate alone.
pub use async_trait::async_trait;
pub use pc_models::{
    ApiErrorBody, Contract, CustomerId, CustomerQualification, DocumentedError, ENDPOINTS,
    EducationSegment, EncodedRequest, Endpoint, HttpMethod, Idempotency, Operation, Qualification,
    QualificationName, QualificationRequest, RequestError, Secret, ThrottledError, ValidationCode,
    VettingStatus,
};
#[cfg(feature = "test-util")]
pub use pc_transport::{MockTransport, RecordedRequest};
pub use pc_transport::{
    Request, Response, ResponseLimit, Transport, TransportError, TransportErrorKind, headers,
};
#[cfg(feature = "reqwest")]
pub use pc_transport::{ReqwestTransport, ReqwestTransportBuilder};
pub use {bytes, http, pc_models as models, pc_transport as transport, time, uuid};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

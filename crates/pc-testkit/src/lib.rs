//! A test kit for services built on pc-client: a mock Partner Center on wiremock, matchers and
//! responders that are exact to the byte, typed capture of what was sent, and the documented
//! fixtures. Add it under `[dev-dependencies]`.
//!
//! - [`MockPartnerCenter`]: a [`wiremock::MockServer`] on `127.0.0.1` with a
//!   [`client`](MockPartnerCenter::client) already pointed at it ([`TEST_TOKEN`], fast retries,
//!   a 10 s deadline) and [`captured`](MockPartnerCenter::captured) requests.
//! - [`matchers`]: wiremock matchers for each operation, built from the endpoint table:
//!   [`matchers::create`] (exact body and `?code=` for either contract), [`matchers::list`],
//!   [`matchers::legacy_get`], [`matchers::legacy_update`], [`matchers::validation_codes`],
//!   [`matchers::operation`] (any customer) and [`matchers::standard_headers`].
//! - [`responders`]: wiremock responses in the documented wire forms: records, lists, the legacy
//!   string, validation codes, documented errors, throttling with `Retry-After`, 5xx, HTML
//!   gateway pages, empty bodies, and [`responders::echo_ids`].
//! - [`CapturedRequest`] and [`DecodedRequest`]: a received request decoded into its operation,
//!   customer, ids and body (both create contracts and the legacy update);
//!   [`assert_same_request_id`], [`assert_distinct_request_ids`] and [`capture::of`].
//! - [`fixtures`]: the documented bodies as constants and as decoded values.
//! - [`emulator`]: the stateful emulator ([`pc_emulator`]), for tests that need a real service's
//!   rules rather than canned answers.
//! - [`wiremock`]: the wiremock this kit is built on, so a test uses the same version.
//!
//! # Example: test a small service
//!
//! The service below enrols a school as Education unless the customer already holds it. The
//! test answers the list with an empty array and the create with an `InReview` record, checks
//! the create went out byte for byte as the object contract writes it, with the standard
//! headers, and that the two calls had their own `MS-RequestId`.
//!
//! ```
//! use pc_client::{
//!     Contract, CustomerId, CustomerQualification, EducationSegment, Operation,
//!     PartnerCenterClient, Qualification, QualificationRequest, VettingStatus,
//! };
//! use pc_testkit::wiremock::Mock;
//! use pc_testkit::{
//!     DecodedRequest, MockPartnerCenter, TEST_TOKEN, assert_distinct_request_ids, capture,
//!     fixtures, matchers, responders,
//! };
//!
//! /// The service under test: Education (K-12) unless already held; returns the vetting status.
//! async fn enrol_school(
//!     client: &PartnerCenterClient,
//!     customer: CustomerId,
//!     website: &str,
//! ) -> Result<Option<VettingStatus>, pc_client::Error> {
//!     let qualifications = client.customer(customer).qualifications();
//!     let held = qualifications.list().await?;
//!     if let Some(education) = held.iter().find(|q| q.is(CustomerQualification::Education)) {
//!         return Ok(education.vetting_status.clone());
//!     }
//!     let request = QualificationRequest::education()
//!         .with_education_segment(EducationSegment::K12)
//!         .with_website(website);
//!     Ok(qualifications.create(request).await?.vetting_status)
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Arrange: a mock Partner Center that knows two requests, each exactly.
//! let pc = MockPartnerCenter::start().await;
//! let customer = fixtures::customer();
//! let expected = QualificationRequest::education()
//!     .with_education_segment(EducationSegment::K12)
//!     .with_website("school.edu");
//! Mock::given(matchers::list(customer))
//!     .and(matchers::standard_headers(TEST_TOKEN))
//!     .respond_with(responders::list(&[]))
//!     .expect(1)
//!     .mount(pc.server())
//!     .await;
//! Mock::given(matchers::create(customer, &expected, Contract::Object))
//!     .and(matchers::standard_headers(TEST_TOKEN))
//!     .respond_with(responders::created(
//!         &Qualification::new(CustomerQualification::Education)
//!             .with_vetting_status(VettingStatus::InReview),
//!     ))
//!     .expect(1)
//!     .mount(pc.server())
//!     .await;
//! let client = pc.client_builder().contract(Contract::Object).build()?;
//!
//! // Act.
//! let status = enrol_school(&client, customer, "school.edu").await?;
//!
//! // Assert: the answer, and what went over the wire.
//! assert_eq!(status, Some(VettingStatus::InReview));
//! let captured = pc.captured().await;
//! assert_distinct_request_ids(&captured);
//! let creates = capture::of(&captured, Operation::CreateQualification);
//! assert_eq!(
//!     creates[0].request,
//!     Some(DecodedRequest::Create { contract: Contract::Object, request: expected })
//! );
//! assert_eq!(
//!     creates[0].body,
//!     br#"{"qualification":"Education","educationSegment":"K12","website":"school.edu"}"#
//! );
//! # Ok(())
//! # }
//! ```
//!
//! # Example: a retried call keeps its `MS-RequestId`
//!
//! ```
//! use pc_client::Operation;
//! use pc_testkit::wiremock::Mock;
//! use pc_testkit::{MockPartnerCenter, assert_same_request_id, fixtures, matchers, responders};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pc = MockPartnerCenter::start().await;
//! Mock::given(matchers::operation(Operation::ListQualifications))
//!     .respond_with(responders::server_error(503))
//!     .up_to_n_times(1)
//!     .mount(pc.server())
//!     .await;
//! Mock::given(matchers::operation(Operation::ListQualifications))
//!     .respond_with(responders::list(&fixtures::list_gcc_soe()))
//!     .mount(pc.server())
//!     .await;
//!
//! let list = pc.client().customer(fixtures::customer()).qualifications().list().await?;
//!
//! assert_eq!(list, fixtures::list_gcc_soe());
//! let captured = pc.captured().await;
//! assert_eq!(captured.len(), 2);
//! assert_same_request_id(&captured);
//! # Ok(())
//! # }
//! ```
//!
//! # Crate features
//!
//! None. The kit always depends on pc-client (features `reqwest` and `test-util`), pc-emulator,
//! wiremock, serde and serde_json. It is a test dependency: never add it to `[dependencies]`.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod capture;
pub mod fixtures;
pub mod matchers;
mod mock_server;
pub mod responders;

pub use capture::{
    CapturedRequest, DecodedRequest, assert_distinct_request_ids, assert_same_request_id,
};
pub use mock_server::{
    MockPartnerCenter, TEST_INITIAL_BACKOFF, TEST_MAX_ATTEMPTS, TEST_MAX_BACKOFF, TEST_TIMEOUT,
    TEST_TOKEN, test_retry_policy,
};
pub use {pc_emulator as emulator, wiremock};

/// The workspace README's examples, compiled as doctests here: they use pc-client and this kit.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

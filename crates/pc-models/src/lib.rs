//! Wire types of Microsoft Partner Center's customer-qualification API.
//!
//! This crate holds only data: no I/O, no async runtime, no HTTP stack. A service that merely stores
//! or forwards qualification records can depend on it alone.
//!
//! - [`CustomerQualification`]: the enum with its integer wire form (`0`..=`4`, via `serde_repr`).
//! - [`QualificationName`]: the name form found in responses, tolerant of every documented spelling
//!   and keeping names it does not know.
//! - [`Qualification`]: one record of `GET`/`POST .../qualifications`, with [`VettingStatus`].
//! - [`QualificationRequest`]: what a caller wants set, with an encoder per [`Contract`].
//! - [`ValidationCode`]: a partner's GCC validation code record.
//! - [`CustomerId`]: a customer tenant id, always a GUID; [`parse_hyphenated_guid`] is the check
//!   behind it, for other GUIDs such as correlation ids.
//! - [`ApiErrorBody`]: every error body shape Partner Center has been documented to send.
//! - [`Secret`]: a string that never shows itself in `Debug` output.
//! - [`ENDPOINTS`]: the endpoint table ([`Endpoint`], [`Operation`]) the client, the emulator and
//!   the demo derive their routes from.
//! - [`PARTNER_CENTER_RESOURCE`]: the token resource of Partner Center.
//! - [`text`]: helpers that fold server text onto one terminal-safe line and cut it by characters
//!   ([`text::one_line`], [`text::snippet`], [`text::truncate_chars`]).
//!
//! # Example: decode a list response
//!
//! ```
//! use pc_models::{CustomerQualification, VettingStatus, decode_qualification_list};
//!
//! let body = br#"[{"qualification":"Education","vettingStatus":"InReview",
//!                  "vettingCreatedDate":"2020-12-03T10:37:38.885Z"}]"#;
//! let list = decode_qualification_list(body)?;
//! assert_eq!(list[0].qualification.known(), Some(CustomerQualification::Education));
//! assert_eq!(list[0].vetting_status, Some(VettingStatus::InReview));
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # Example: encode a request for the current contract
//!
//! ```
//! use pc_models::{Contract, EducationSegment, QualificationRequest};
//!
//! let request = QualificationRequest::education()
//!     .with_education_segment(EducationSegment::HigherEducation)
//!     .with_website("contoso.edu");
//! let encoded = request.encode(Contract::Object)?;
//! assert_eq!(
//!     encoded.body(),
//!     br#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#
//! );
//! # Ok::<(), pc_models::RequestError>(())
//! ```
//!
//! # Example: show a server message on one line
//!
//! ```
//! use pc_models::{ApiErrorBody, text};
//!
//! let body = ApiErrorBody::parse(br#""The customer ID\r\nis invalid.""#);
//! let description = body.description().unwrap_or_default();
//! assert_eq!(text::snippet(description, 20), "The customer ID is i…");
//! ```
//!
//! # Crate features
//!
//! None. The crate always depends on `serde`, `serde_json`, `serde_repr`, `time`, `uuid` and
//! `thiserror`; never on tokio, reqwest or hyper.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod customer_id;
mod customer_qualification;
mod education_segment;
mod endpoint;
mod error_body;
mod guid;
mod list_body;
mod name;
mod qualification;
mod qualification_list;
mod request;
mod request_error;
mod resource;
mod secret;
pub mod text;
mod timestamp;
mod validation_code;
mod vetting_status;
mod wire_enum;

pub use customer_id::CustomerId;
pub use customer_qualification::CustomerQualification;
pub use education_segment::EducationSegment;
pub use endpoint::{CUSTOMER_PLACEHOLDER, ENDPOINTS, Endpoint, HttpMethod, Idempotency, Operation};
pub use error_body::{ApiErrorBody, DocumentedError, ThrottledError};
pub use guid::parse_hyphenated_guid;
pub use name::QualificationName;
pub use qualification::Qualification;
pub use qualification_list::{decode_legacy_qualification, decode_qualification_list};
pub use request::{Contract, EncodedRequest, QualificationRequest};
pub use request_error::RequestError;
pub use resource::PARTNER_CENTER_RESOURCE;
pub use secret::Secret;
pub use validation_code::{ValidationCode, decode_validation_codes};
pub use vetting_status::VettingStatus;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

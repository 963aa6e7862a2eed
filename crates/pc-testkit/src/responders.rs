//! wiremock responses in the wire forms Partner Center documents.
//!
//! - Success: [`created`] (`201`), [`list`], [`legacy`], [`validation_codes`] (`200`).
//! - Failure: [`documented_error`], [`throttled`] (`429` + `Retry-After`), [`server_error`],
//!   [`html_gateway`], [`empty`].
//! - [`EchoIds`]: wraps any response and echoes the request's `MS-RequestId` and
//!   `MS-CorrelationId`, as the service does: [`echo_ids`].
//!
//! JSON bodies are compact (no spaces), with `Content-Type: application/json`; each function
//! documents its exact bytes.
//!
//! # Examples
//!
//! A throttled first attempt, then success (wiremock tries mocks in the order they were
//! mounted; `up_to_n_times(1)` retires the first after one answer):
//!
//! ```
//! use pc_client::QualificationRequest;
//! use pc_testkit::{MockPartnerCenter, assert_same_request_id, fixtures, matchers, responders};
//! use pc_client::Contract;
//! use wiremock::Mock;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pc = MockPartnerCenter::start().await;
//! let soe = QualificationRequest::state_owned_entity();
//! let matcher = matchers::create(fixtures::customer(), &soe, Contract::Integer);
//! Mock::given(matcher.clone())
//!     .respond_with(responders::throttled(0))
//!     .up_to_n_times(1)
//!     .mount(pc.server())
//!     .await;
//! Mock::given(matcher)
//!     .respond_with(responders::created(&fixtures::list_soe()[0]))
//!     .mount(pc.server())
//!     .await;
//!
//! pc.client().customer(fixtures::customer()).qualifications().create(soe).await?;
//!
//! let captured = pc.captured().await;
//! assert_eq!(captured.len(), 2);
//! assert_same_request_id(&captured);
//! # Ok(())
//! # }
//! ```

use pc_client::headers::{MS_CORRELATION_ID, MS_REQUEST_ID};
use pc_client::http::StatusCode;
use pc_client::http::header::RETRY_AFTER;
use pc_client::{
    CustomerQualification, DocumentedError, Qualification, ThrottledError, ValidationCode,
};
use serde::Serialize;
use wiremock::{Request, Respond, ResponseTemplate};

/// The `source` of the documented error bodies.
pub const ERROR_SOURCE: &str = "PartnerFD";

/// A response with a compact JSON body.
#[track_caller]
fn json(status: u16, value: &impl Serialize) -> ResponseTemplate {
    match serde_json::to_vec(value) {
        Ok(body) => ResponseTemplate::new(status).set_body_raw(body, "application/json"),
        Err(error) => panic!("responders: the value cannot be written as JSON: {error}"),
    }
}

/// `201 Created` with the record, as `POST .../qualifications` answers:
/// `{"qualification":"Education","vettingStatus":"InReview","vettingCreateDate":"2020-12-04T20:54:24Z"}`
/// (absent fields omitted, the date in UTC with `Z`).
///
/// # Panics
///
/// When the record's date cannot be written as RFC 3339 (a year outside 0000 to 9999).
///
/// # Example
///
/// ```
/// use pc_testkit::{fixtures, responders};
///
/// let _201 = responders::created(&fixtures::create_response_education());
/// ```
#[track_caller]
pub fn created(record: &Qualification) -> ResponseTemplate {
    json(201, record)
}

/// `200 OK` with a bare JSON array of records, as `GET .../qualifications` answers
/// (`[{"qualification":"StateOwnedEntity"}]`, `[]` for none).
///
/// # Panics
///
/// As [`created`].
#[track_caller]
pub fn list(records: &[Qualification]) -> ResponseTemplate {
    json(200, &records)
}

/// `200 OK` with the bare lower-case JSON string of the legacy API (`"governmentcommunitycloud"`),
/// as the legacy `GET` and `PUT .../qualification` answer.
pub fn legacy(qualification: CustomerQualification) -> ResponseTemplate {
    json(200, &qualification.legacy_name())
}

/// `200 OK` with a bare JSON array of validation codes, as `GET /v1/customers/all/validations`
/// answers: every field written, in the documented order, `validationId` a string, a missing
/// value as `null`:
/// `[{"partnerId":"..","organizationName":"Contoso, Inc.","validationId":"12345","maxCreates":5,"remainingCreates":4,"eTag":".."}]`.
pub fn validation_codes(codes: &[ValidationCode]) -> ResponseTemplate {
    json(200, &codes)
}

/// `status` with the documented error body:
/// `{"code":"900118","description":"The customer ID is invalid.","data":[],"source":"PartnerFD"}`.
///
/// # Panics
///
/// When `status` is not a valid HTTP status (100 to 999).
///
/// # Example
///
/// ```
/// use pc_testkit::responders;
///
/// let _invalid_customer = responders::documented_error(400, "900118", "The customer ID is invalid.");
/// ```
#[track_caller]
pub fn documented_error(status: u16, code: &str, description: &str) -> ResponseTemplate {
    json(
        status,
        &DocumentedError::new(code, description).with_source(ERROR_SOURCE),
    )
}

/// `429 Too Many Requests` with `Retry-After: <seconds>` and the throttle body
/// `{"statusCode":429,"message":"Rate limit is exceeded. Try again in <seconds> seconds."}`.
///
/// The client honours `Retry-After`: `throttled(0)` lets a test retry at once.
pub fn throttled(retry_after_seconds: u64) -> ResponseTemplate {
    let message = format!("Rate limit is exceeded. Try again in {retry_after_seconds} seconds.");
    json(429, &ThrottledError::new(429, message))
        .insert_header(RETRY_AFTER, retry_after_seconds.to_string().as_str())
}

/// `status` (a 5xx) with the documented body of an unexpected service error, code `800003`:
/// description "The service is temporarily unavailable. Try again later." for `503`, "An
/// unexpected error occurred." otherwise (as the emulator answers).
///
/// # Panics
///
/// When `status` is not a valid HTTP status.
#[track_caller]
pub fn server_error(status: u16) -> ResponseTemplate {
    let description = if status == StatusCode::SERVICE_UNAVAILABLE.as_u16() {
        "The service is temporarily unavailable. Try again later."
    } else {
        "An unexpected error occurred."
    };
    documented_error(status, "800003", description)
}

/// `status` with an HTML page as a gateway in front of the service sends it,
/// `Content-Type: text/html`:
/// `<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>`.
///
/// # Panics
///
/// When `status` is not a valid HTTP status.
#[track_caller]
pub fn html_gateway(status: u16) -> ResponseTemplate {
    let title = match StatusCode::from_u16(status) {
        Ok(code) => match code.canonical_reason() {
            Some(reason) => format!("{status} {reason}"),
            None => status.to_string(),
        },
        Err(_) => status.to_string(),
    };
    let page =
        format!("<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>");
    ResponseTemplate::new(status).set_body_raw(page, "text/html")
}

/// `status` with no body and no `Content-Type`.
///
/// # Panics
///
/// When `status` is not a valid HTTP status.
#[track_caller]
pub fn empty(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
}

/// A response that echoes the request's `MS-RequestId` and `MS-CorrelationId` (those it
/// carries, as sent), as Partner Center does. Built by [`echo_ids`].
#[derive(Debug, Clone)]
pub struct EchoIds {
    template: ResponseTemplate,
}

impl Respond for EchoIds {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut response = self.template.clone();
        for name in [MS_REQUEST_ID, MS_CORRELATION_ID] {
            if let Some(value) = request.headers.get(&name) {
                response = response.insert_header(name, value.clone());
            }
        }
        response
    }
}

/// `template` plus the request's `MS-RequestId` and `MS-CorrelationId`.
///
/// # Example
///
/// ```
/// use pc_client::Operation;
/// use pc_testkit::{MockPartnerCenter, fixtures, matchers, responders};
/// use wiremock::Mock;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let pc = MockPartnerCenter::start().await;
/// Mock::given(matchers::operation(Operation::ListQualifications))
///     .respond_with(responders::echo_ids(responders::list(&fixtures::list_approved())))
///     .mount(pc.server())
///     .await;
///
/// let reply = pc.client().customer(fixtures::customer()).qualifications().list().reply().await?;
///
/// assert_eq!(reply.value, fixtures::list_approved());
/// # Ok(())
/// # }
/// ```
pub fn echo_ids(template: ResponseTemplate) -> EchoIds {
    EchoIds { template }
}

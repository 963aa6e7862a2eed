//! What the mock received, decoded against the endpoint table.
//!
//! - [`CapturedRequest`]: one received request: its operation, customer, decoded body, ids and
//!   raw wire parts.
//! - [`DecodedRequest`]: the body of a create (either contract) or of a legacy update, as a
//!   [`QualificationRequest`].
//! - [`assert_same_request_id`], [`assert_distinct_request_ids`]: the idempotency checks.
//! - [`of`]: the requests of one operation.
//!
//! # Examples
//!
//! ```
//! use pc_client::{Contract, Operation, QualificationRequest};
//! use pc_testkit::{DecodedRequest, MockPartnerCenter, capture, fixtures, matchers, responders};
//! use wiremock::Mock;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pc = MockPartnerCenter::start().await;
//! Mock::given(matchers::operation(Operation::CreateQualification))
//!     .respond_with(responders::created(&fixtures::create_response_education()))
//!     .mount(pc.server())
//!     .await;
//!
//! let gcc = QualificationRequest::government_community_cloud("123456");
//! pc.client().customer(fixtures::customer()).qualifications().create(gcc.clone()).await?;
//!
//! let captured = pc.captured().await;
//! let creates = capture::of(&captured, Operation::CreateQualification);
//! assert_eq!(creates.len(), 1);
//! assert_eq!(creates[0].customer, Some(fixtures::customer()));
//! assert_eq!(creates[0].query_code.as_deref(), Some("123456"));
//! assert_eq!(
//!     creates[0].request,
//!     Some(DecodedRequest::Create { contract: Contract::Integer, request: gcc })
//! );
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pc_client::headers::{MS_CORRELATION_ID, MS_REQUEST_ID};
use pc_client::http::{HeaderMap, Method, header::AUTHORIZATION};
use pc_client::models::parse_hyphenated_guid;
use pc_client::uuid::Uuid;
use pc_client::{
    Contract, CustomerId, CustomerQualification, ENDPOINTS, EducationSegment, Operation,
    QualificationRequest,
};

/// One request the mock received, decoded against the endpoint table
/// ([`ENDPOINTS`]).
///
/// Decoding never fails: what cannot be read is `None` (an unknown path has no `operation`, a
/// header that is not a hyphenated GUID has no id, a body that is no valid contract body has no
/// `request`), and the raw parts are always kept.
///
/// `Debug` shows `Authorization` as `Sensitive`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CapturedRequest {
    /// The operation whose method and path template the request matches (path case and one
    /// trailing `/` ignored, as [`Endpoint::match_path`](pc_client::Endpoint::match_path)).
    pub operation: Option<Operation>,
    /// The customer of the path, when the path names one and it is a hyphenated GUID.
    pub customer: Option<CustomerId>,
    /// The decoded body of a create or a legacy update.
    pub request: Option<DecodedRequest>,
    /// `MS-RequestId`, when it is exactly one hyphenated GUID.
    pub request_id: Option<Uuid>,
    /// `MS-CorrelationId`, when it is exactly one hyphenated GUID.
    pub correlation_id: Option<Uuid>,
    /// The HTTP method.
    pub method: Method,
    /// The path as sent (`/v1/customers/.../qualifications`).
    pub path: String,
    /// The raw query string as sent, without the `?` (`code=123456`); `None` without a `?`.
    pub query: Option<String>,
    /// The decoded value of the first `code` query parameter.
    pub query_code: Option<String>,
    /// Every header as received.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// The decoded body of a request that carries one.
///
/// Both contracts of `POST .../qualifications` decode to the same [`QualificationRequest`] the
/// caller built: under [`Contract::Integer`] the qualification comes from the integer body and
/// the validation code from `?code=`; under [`Contract::Object`] everything comes from the object
/// (`qualification`, `educationSegment`, `website`, `validationCode`; another key, a `null` or a
/// value of the wrong type means the body is no contract body and is not decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodedRequest {
    /// `POST .../qualifications`.
    Create {
        /// The contract the body was written in.
        contract: Contract,
        /// What the body (and, for the integer contract, `?code=`) asked for.
        request: QualificationRequest,
    },
    /// The legacy `PUT .../qualification`: the integer body and `?code=`.
    LegacyUpdate {
        /// What the body and `?code=` asked for.
        request: QualificationRequest,
    },
}

impl DecodedRequest {
    /// The request, whichever operation carried it.
    pub fn request(&self) -> &QualificationRequest {
        match self {
            Self::Create { request, .. } | Self::LegacyUpdate { request } => request,
        }
    }

    /// The qualification asked for.
    pub fn qualification(&self) -> CustomerQualification {
        self.request().qualification()
    }

    /// The validation code, from the body or `?code=` as the contract carries it.
    pub fn validation_code(&self) -> Option<&str> {
        self.request().validation_code().map(|c| c.expose())
    }

    /// The contract of a create; `None` for the legacy update.
    pub fn contract(&self) -> Option<Contract> {
        match self {
            Self::Create { contract, .. } => Some(*contract),
            Self::LegacyUpdate { .. } => None,
        }
    }
}

impl CapturedRequest {
    /// Decodes a request a wiremock server received.
    pub fn from_request(request: &wiremock::Request) -> Self {
        let path = request.url.path().to_owned();
        let query_code = request
            .url
            .query_pairs()
            .find(|(key, _)| key == "code")
            .map(|(_, value)| value.into_owned());
        let (operation, customer) = match_endpoint(&request.method, &path);
        let decoded = match operation {
            Some(Operation::CreateQualification) => {
                decode_create(&request.body, query_code.as_deref())
            }
            Some(Operation::UpdateLegacyQualification) => {
                decode_integer(&request.body, query_code.as_deref())
                    .map(|request| DecodedRequest::LegacyUpdate { request })
            }
            _ => None,
        };
        let mut headers = request.headers.clone();
        for (name, value) in headers.iter_mut() {
            if name == AUTHORIZATION {
                value.set_sensitive(true);
            }
        }
        Self {
            operation,
            customer,
            request: decoded,
            request_id: guid_header(&request.headers, MS_REQUEST_ID.as_str()),
            correlation_id: guid_header(&request.headers, MS_CORRELATION_ID.as_str()),
            method: request.method.clone(),
            path,
            query: request.url.query().map(str::to_owned),
            query_code,
            headers,
            body: request.body.clone(),
        }
    }

    /// The single value of a header as text, if it is present once and is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        match (values.next(), values.next()) {
            (Some(value), None) => value.to_str().ok(),
            _ => None,
        }
    }

    /// `METHOD /path?query`, as the assertion messages print a request.
    pub fn line(&self) -> String {
        match &self.query {
            Some(query) => format!("{} {}?{query}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// The operation whose row matches, and the customer of the path.
fn match_endpoint(method: &Method, path: &str) -> (Option<Operation>, Option<CustomerId>) {
    ENDPOINTS
        .iter()
        .filter(|row| row.method.as_str() == method.as_str())
        .find_map(|row| {
            row.match_path(path).map(|customer| {
                let customer = customer.and_then(|c| CustomerId::parse(c).ok());
                (Some(row.operation), customer)
            })
        })
        .unwrap_or((None, None))
}

/// The value of a header sent once, parsed as a hyphenated GUID.
fn guid_header(headers: &HeaderMap, name: &str) -> Option<Uuid> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => parse_hyphenated_guid(value.to_str().ok()?).ok(),
        _ => None,
    }
}

/// A create body: a JSON number is the integer contract, a JSON object the object contract.
fn decode_create(body: &[u8], query_code: Option<&str>) -> Option<DecodedRequest> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first == b'{' {
        decode_object(body).map(|request| DecodedRequest::Create {
            contract: Contract::Object,
            request,
        })
    } else {
        decode_integer(body, query_code).map(|request| DecodedRequest::Create {
            contract: Contract::Integer,
            request,
        })
    }
}

/// An integer body (`1`) plus the `?code=` value.
fn decode_integer(body: &[u8], query_code: Option<&str>) -> Option<QualificationRequest> {
    let value: i64 = serde_json::from_slice(body).ok()?;
    let mut request = QualificationRequest::new(CustomerQualification::from_int(value)?);
    if let Some(code) = query_code {
        request = request.with_validation_code(code);
    }
    Some(request)
}

/// An object-contract body. Only the contract's four keys, each a string; `qualification`
/// required.
pub(crate) fn decode_object(body: &[u8]) -> Option<QualificationRequest> {
    let fields: BTreeMap<String, String> = serde_json::from_slice(body).ok()?;
    let mut qualification = None;
    let mut segment = None;
    let mut website = None;
    let mut code = None;
    for (key, value) in fields {
        match key.as_str() {
            "qualification" => qualification = Some(CustomerQualification::from_name(&value)?),
            "educationSegment" => segment = Some(EducationSegment::from_name(&value)?),
            "website" => website = Some(value),
            "validationCode" => code = Some(value),
            _ => return None,
        }
    }
    let mut request = QualificationRequest::new(qualification?);
    if let Some(segment) = segment {
        request = request.with_education_segment(segment);
    }
    if let Some(website) = website {
        request = request.with_website(website);
    }
    if let Some(code) = code {
        request = request.with_validation_code(code);
    }
    Some(request)
}

/// The requests of one operation, in order.
///
/// # Example
///
/// ```
/// use pc_client::Operation;
/// use pc_testkit::capture;
///
/// let none = capture::of(&[], Operation::ListQualifications);
/// assert!(none.is_empty());
/// ```
pub fn of(requests: &[CapturedRequest], operation: Operation) -> Vec<&CapturedRequest> {
    requests
        .iter()
        .filter(|r| r.operation == Some(operation))
        .collect()
}

/// Asserts that every request carries the same `MS-RequestId` (the retries of one call) and
/// returns it.
///
/// # Panics
///
/// When `requests` is empty, when a request has no `MS-RequestId` that is a hyphenated GUID, or
/// when the ids differ; the message lists every request with its id.
#[track_caller]
pub fn assert_same_request_id(requests: &[CapturedRequest]) -> Uuid {
    let Some(first) = requests.first() else {
        panic!("assert_same_request_id: no requests to compare");
    };
    let all_same = requests
        .iter()
        .all(|r| r.request_id.is_some() && r.request_id == first.request_id);
    match first.request_id {
        Some(id) if all_same => id,
        _ => panic!(
            "assert_same_request_id: expected one MS-RequestId on all {} requests, got:\n{}",
            requests.len(),
            listing(requests)
        ),
    }
}

/// Asserts that every request carries its own `MS-RequestId` (separate calls).
///
/// # Panics
///
/// When a request has no `MS-RequestId` that is a hyphenated GUID, or when two requests share
/// one; the message lists every request with its id.
#[track_caller]
pub fn assert_distinct_request_ids(requests: &[CapturedRequest]) {
    let mut seen = std::collections::BTreeSet::new();
    let distinct = requests
        .iter()
        .all(|r| r.request_id.is_some_and(|id| seen.insert(id)));
    if !distinct {
        panic!(
            "assert_distinct_request_ids: expected a different MS-RequestId on each of the {} \
             requests, got:\n{}",
            requests.len(),
            listing(requests)
        );
    }
}

/// One line per request: index, method, path and both ids.
fn listing(requests: &[CapturedRequest]) -> String {
    let mut out = String::new();
    for (index, request) in requests.iter().enumerate() {
        let id = |id: Option<Uuid>, raw: Option<&str>| match (id, raw) {
            (Some(id), _) => id.to_string(),
            (None, Some(raw)) => format!("{raw:?} (not a GUID)"),
            (None, None) => "(missing)".to_owned(),
        };
        let _ = writeln!(
            out,
            "  #{index} {}: MS-RequestId {}, MS-CorrelationId {}",
            request.line(),
            id(request.request_id, request.header(MS_REQUEST_ID.as_str())),
            id(
                request.correlation_id,
                request.header(MS_CORRELATION_ID.as_str())
            ),
        );
    }
    out
}

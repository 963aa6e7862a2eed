//! wiremock matchers that match exactly what pc-client sends, built from the endpoint table.
//!
//! - [`ExactRequest`]: method, path, query and body, byte for byte: [`create`], [`list`],
//!   [`legacy_get`], [`legacy_update`], [`validation_codes`].
//! - [`OperationMatcher`]: any request of one row of the table, any customer: [`operation`].
//! - [`StandardHeaders`]: the headers every call carries: [`standard_headers`].
//!
//! Each type also says *why* a request does not match (`mismatch`), which wiremock's report of
//! unmatched requests does not. Paths come from [`Operation::endpoint`], never from strings
//! written here.
//!
//! # Examples
//!
//! ```
//! use pc_client::{Contract, QualificationRequest};
//! use pc_testkit::{MockPartnerCenter, TEST_TOKEN, fixtures, matchers, responders};
//! use wiremock::Mock;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pc = MockPartnerCenter::start().await;
//! let gcc = QualificationRequest::government_community_cloud("123456");
//! // POST /v1/customers/{id}/qualifications?code=123456 with the body `3`, nothing else.
//! Mock::given(matchers::create(fixtures::customer(), &gcc, Contract::Integer))
//!     .and(matchers::standard_headers(TEST_TOKEN))
//!     .respond_with(responders::created(&fixtures::list_gcc_soe()[0]))
//!     .expect(1)
//!     .mount(pc.server())
//!     .await;
//!
//! pc.client().customer(fixtures::customer()).qualifications().create(gcc).await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;

use pc_client::headers::{MS_CONTRACT_VERSION, MS_CORRELATION_ID, MS_REQUEST_ID};
use pc_client::http::HeaderMap;
use pc_client::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use pc_client::models::parse_hyphenated_guid;
use pc_client::{
    Contract, CustomerId, CustomerQualification, EncodedRequest, Operation, QualificationRequest,
    Secret,
};
use wiremock::{Match, Request};

/// The `Content-Type` of every request body.
const JSON: &str = "application/json";

/// Matches one request exactly as the client sends it: method, path (case included), the raw
/// query (`None`, or exactly `code=<value>` encoded as the client encodes it), the body bytes and
/// the body's `Content-Type: application/json` (absent without a body).
///
/// Built by [`create`], [`list`], [`legacy_get`], [`legacy_update`] and [`validation_codes`].
/// Headers other than `Content-Type` are left to [`standard_headers`].
#[derive(Clone)]
pub struct ExactRequest {
    operation: Operation,
    path: String,
    query: Option<String>,
    body: Vec<u8>,
}

impl ExactRequest {
    fn new(operation: Operation, customer: Option<CustomerId>) -> Self {
        Self {
            operation,
            path: operation.endpoint().path(customer),
            query: None,
            body: Vec::new(),
        }
    }

    fn encoded(mut self, encoded: EncodedRequest) -> Self {
        let (body, code) = encoded.into_parts();
        self.body = body;
        self.query = code.map(|code| {
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("code", code.expose())
                .finish()
        });
        self
    }

    /// The operation this request belongs to.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The exact path expected.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The exact raw query expected (`code=123456`), or `None` for no query at all.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The exact body expected (empty for reads).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Why `request` does not match, or `None` when it does.
    pub fn mismatch(&self, request: &Request) -> Option<String> {
        let method = self.operation.endpoint().method.as_str();
        if request.method.as_str() != method {
            return Some(format!("method: expected {method}, got {}", request.method));
        }
        if request.url.path() != self.path {
            return Some(format!(
                "path: expected {:?}, got {:?}",
                self.path,
                request.url.path()
            ));
        }
        if request.url.query() != self.query.as_deref() {
            return Some(format!(
                "query: expected {}, got {}",
                describe_query(self.query.as_deref()),
                describe_query(request.url.query())
            ));
        }
        if request.body != self.body {
            return Some(format!(
                "body: expected {:?} ({} bytes), got {:?} ({} bytes)",
                String::from_utf8_lossy(&self.body),
                self.body.len(),
                String::from_utf8_lossy(&request.body),
                request.body.len()
            ));
        }
        let content_type = single(&request.headers, CONTENT_TYPE.as_str());
        let expected = (!self.body.is_empty()).then_some(JSON);
        if content_type != Ok(expected) {
            return Some(format!(
                "content-type: expected {}, got {}",
                expected.map_or_else(|| "none".to_owned(), |t| format!("{t:?}")),
                describe_header(&request.headers, CONTENT_TYPE.as_str())
            ));
        }
        None
    }
}

impl Match for ExactRequest {
    fn matches(&self, request: &Request) -> bool {
        self.mismatch(request).is_none()
    }
}

impl fmt::Debug for ExactRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut line = format!("{} {}", self.operation.endpoint().method, self.path);
        if let Some(query) = &self.query {
            line.push('?');
            line.push_str(query);
        }
        f.debug_struct("ExactRequest")
            .field("operation", &self.operation.name())
            .field("request", &line)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// `POST /v1/customers/{customer}/qualifications` carrying exactly the body and `?code=` the
/// client sends for `request` under `contract` (the integer contract: the integer, and the GCC
/// code in `?code=`; the object contract: the JSON object and no query at all).
///
/// # Panics
///
/// When `request` cannot be encoded under `contract` (the client would refuse it locally and
/// send nothing): the message names the reason.
///
/// # Example
///
/// ```
/// use pc_client::{Contract, QualificationRequest};
/// use pc_testkit::{fixtures, matchers};
///
/// let gcc = QualificationRequest::government_community_cloud("123456");
/// let integer = matchers::create(fixtures::customer(), &gcc, Contract::Integer);
/// assert_eq!(integer.body(), b"3");
/// assert_eq!(integer.query(), Some("code=123456"));
///
/// let object = matchers::create(fixtures::customer(), &gcc, Contract::Object);
/// assert_eq!(object.body(), fixtures::REQUEST_CURRENT_GCC.as_bytes());
/// assert_eq!(object.query(), None);
/// ```
#[track_caller]
pub fn create(
    customer: CustomerId,
    request: &QualificationRequest,
    contract: Contract,
) -> ExactRequest {
    match request.encode(contract) {
        Ok(encoded) => {
            ExactRequest::new(Operation::CreateQualification, Some(customer)).encoded(encoded)
        }
        Err(error) => panic!(
            "matchers::create: the client never sends this request under the {} contract: {error}",
            contract.as_str()
        ),
    }
}

/// `GET /v1/customers/{customer}/qualifications`: no query, no body.
pub fn list(customer: CustomerId) -> ExactRequest {
    ExactRequest::new(Operation::ListQualifications, Some(customer))
}

/// The legacy `GET /v1/customers/{customer}/qualification`: no query, no body.
pub fn legacy_get(customer: CustomerId) -> ExactRequest {
    ExactRequest::new(Operation::GetLegacyQualification, Some(customer))
}

/// The legacy `PUT /v1/customers/{customer}/qualification` with the integer body and, when
/// `code` is given, `?code=`.
///
/// # Panics
///
/// When the client would refuse the update locally (`None`, `Nonprofit`, `StateOwnedEntity`,
/// GCC without a code, a code on anything but GCC): the message names the reason.
///
/// # Example
///
/// ```
/// use pc_client::CustomerQualification;
/// use pc_testkit::{fixtures, matchers};
///
/// let update = matchers::legacy_update(
///     fixtures::customer(),
///     CustomerQualification::GovernmentCommunityCloud,
///     Some("123456"),
/// );
/// assert_eq!(update.body(), b"3");
/// assert_eq!(update.query(), Some("code=123456"));
/// ```
#[track_caller]
pub fn legacy_update(
    customer: CustomerId,
    qualification: CustomerQualification,
    code: Option<&str>,
) -> ExactRequest {
    let mut request = QualificationRequest::new(qualification);
    if let Some(code) = code {
        request = request.with_validation_code(code);
    }
    match request.encode_legacy() {
        Ok(encoded) => {
            ExactRequest::new(Operation::UpdateLegacyQualification, Some(customer)).encoded(encoded)
        }
        Err(error) => {
            panic!("matchers::legacy_update: the client never sends this update: {error}")
        }
    }
}

/// `GET /v1/customers/all/validations`: no query, no body.
pub fn validation_codes() -> ExactRequest {
    ExactRequest::new(Operation::ListValidationCodes, None)
}

/// Matches any request of one row of the endpoint table: its method and its path template, for
/// any customer segment (path case and one trailing `/` ignored, as the service routes). Query
/// and body are not looked at.
///
/// Built by [`operation`].
#[derive(Debug, Clone, Copy)]
pub struct OperationMatcher {
    operation: Operation,
}

impl OperationMatcher {
    /// Why `request` does not match, or `None` when it does.
    pub fn mismatch(&self, request: &Request) -> Option<String> {
        let row = self.operation.endpoint();
        if request.method.as_str() != row.method.as_str() {
            return Some(format!(
                "method: expected {} for {}, got {}",
                row.method, row.name, request.method
            ));
        }
        if row.match_path(request.url.path()).is_none() {
            return Some(format!(
                "path: expected {:?} for {}, got {:?}",
                row.template,
                row.name,
                request.url.path()
            ));
        }
        None
    }
}

impl Match for OperationMatcher {
    fn matches(&self, request: &Request) -> bool {
        self.mismatch(request).is_none()
    }
}

/// Any request of `operation`, for any customer.
///
/// # Example
///
/// ```
/// use pc_client::Operation;
/// use pc_testkit::{MockPartnerCenter, matchers, responders};
/// use wiremock::Mock;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let pc = MockPartnerCenter::start().await;
/// Mock::given(matchers::operation(Operation::ListQualifications))
///     .respond_with(responders::list(&[]))
///     .mount(pc.server())
///     .await;
/// # }
/// ```
pub fn operation(operation: Operation) -> OperationMatcher {
    OperationMatcher { operation }
}

/// Matches the headers every call of the client carries: `Authorization: Bearer <token>`,
/// `Accept: application/json`, `MS-RequestId` and `MS-CorrelationId` each one hyphenated GUID,
/// and `MS-Contract-Version: v1`. Each must be present exactly once with exactly that value.
///
/// Built by [`standard_headers`]. `Debug` does not show the token.
#[derive(Debug, Clone)]
pub struct StandardHeaders {
    token: Secret,
}

impl StandardHeaders {
    /// Why `request` does not match, or `None` when it does.
    pub fn mismatch(&self, request: &Request) -> Option<String> {
        let headers = &request.headers;
        let authorization = match single(headers, AUTHORIZATION.as_str()) {
            Ok(Some(value)) => match value.strip_prefix("Bearer ") {
                Some(token) if token == self.token.expose() => None,
                Some(_) => Some("another token"),
                None => Some("a value without the \"Bearer \" prefix"),
            },
            Ok(None) => Some("none"),
            Err(()) => Some("several or non-text values"),
        };
        if let Some(got) = authorization {
            // The token itself stays out of the message.
            return Some(format!(
                "authorization: expected \"Bearer <token>\", got {got}"
            ));
        }
        for (name, expected) in [
            (ACCEPT.as_str(), JSON),
            (MS_CONTRACT_VERSION.as_str(), "v1"),
        ] {
            if single(headers, name) != Ok(Some(expected)) {
                return Some(format!(
                    "{name}: expected {expected:?}, got {}",
                    describe_header(headers, name)
                ));
            }
        }
        for name in [MS_REQUEST_ID.as_str(), MS_CORRELATION_ID.as_str()] {
            let guid = single(headers, name)
                .ok()
                .flatten()
                .is_some_and(|v| parse_hyphenated_guid(v).is_ok());
            if !guid {
                return Some(format!(
                    "{name}: expected one hyphenated GUID, got {}",
                    describe_header(headers, name)
                ));
            }
        }
        None
    }
}

impl Match for StandardHeaders {
    fn matches(&self, request: &Request) -> bool {
        self.mismatch(request).is_none()
    }
}

/// The headers of every call, with `token` as the bearer token.
///
/// # Example
///
/// ```
/// use pc_testkit::{TEST_TOKEN, matchers};
///
/// let headers = matchers::standard_headers(TEST_TOKEN);
/// assert!(!format!("{headers:?}").contains(TEST_TOKEN));
/// ```
pub fn standard_headers(token: &str) -> StandardHeaders {
    StandardHeaders {
        token: Secret::new(token),
    }
}

/// The value of a header sent at most once: `Ok(None)` when absent, `Err` when sent several
/// times or not visible ASCII.
fn single<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, ()> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (None, _) => Ok(None),
        (Some(value), None) => value.to_str().map(Some).map_err(drop),
        (Some(_), Some(_)) => Err(()),
    }
}

/// A header's values for a message.
fn describe_header(headers: &HeaderMap, name: &str) -> String {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| format!("{:?}", String::from_utf8_lossy(v.as_bytes())))
        .collect();
    match values.len() {
        0 => "none".to_owned(),
        _ => values.join(", "),
    }
}

/// A query for a message.
fn describe_query(query: Option<&str>) -> String {
    match query {
        None => "no query".to_owned(),
        Some(query) => format!("{query:?}"),
    }
}

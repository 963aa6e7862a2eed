//! Shared constants, builders and assertions of the e2e suites.
//!
//! - [`fixture!`]: a documented wire body from `fixtures/`, embedded at compile time.
//! - [`wiremock_client`] / [`mock_client`]: clients with retries off, so one call is one request.
//! - [`only_request`], [`sent_ids`], [`header`], [`header_names`]: what a server received.
//! - [`assert_transport_display`]: the one-line `Display` of a transport failure, causes included.

use std::collections::BTreeSet;

use pc_client::uuid::Uuid;
use pc_client::{ClientBuilder, CustomerId, MockTransport, PartnerCenterClient, RetryPolicy};
use wiremock::MockServer;

/// The customer every suite talks about.
pub(crate) const CUSTOMER: &str = "0d2e0d8b-6b4b-4b6e-9c3c-6f4a1e2b3c4d";

/// The access token every client sends.
pub(crate) const TOKEN: &str = "e2e-access-token-Q7xK2v";

/// The `User-Agent` of pc-client 0.1.0 without a custom product token.
pub(crate) const USER_AGENT: &str = "pc-client/0.1.0";

/// A pinned `MS-RequestId`.
pub(crate) const PINNED_REQUEST_ID: Uuid =
    Uuid::from_u128(0x1111_1111_2222_4333_8444_5555_5555_5555);

/// A pinned `MS-CorrelationId`.
pub(crate) const PINNED_CORRELATION_ID: Uuid =
    Uuid::from_u128(0x9999_9999_8888_4777_8666_5555_4444_3333);

/// A documented body from the repository's `fixtures/` folder, as `&'static [u8]`.
macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/", $name)).as_slice()
    };
}
pub(crate) use fixture;

/// The customer id as the client's type.
pub(crate) fn customer() -> CustomerId {
    CUSTOMER.parse().expect("CUSTOMER is a GUID")
}

/// `/v1/customers/{CUSTOMER}/qualifications`.
pub(crate) fn qualifications_path() -> String {
    format!("/v1/customers/{CUSTOMER}/qualifications")
}

/// `/v1/customers/{CUSTOMER}/qualification` (the legacy API).
pub(crate) fn legacy_path() -> String {
    format!("/v1/customers/{CUSTOMER}/qualification")
}

/// A builder aimed at `server` with the test token and retries off.
pub(crate) fn wiremock_builder(server: &MockServer) -> ClientBuilder {
    PartnerCenterClient::builder()
        .endpoint(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::none())
}

/// A client aimed at `server` with the test token and retries off.
pub(crate) fn wiremock_client(server: &MockServer) -> PartnerCenterClient {
    wiremock_builder(server).build().expect("client builds")
}

/// A builder on `mock` (no socket) with the test token and retries off.
pub(crate) fn mock_builder(mock: &MockTransport) -> ClientBuilder {
    PartnerCenterClient::builder()
        .endpoint("https://pc.test")
        .access_token(TOKEN)
        .transport(mock.clone())
        .retry_policy(RetryPolicy::none())
}

/// A client on `mock` (no socket) with the test token and retries off.
pub(crate) fn mock_client(mock: &MockTransport) -> PartnerCenterClient {
    mock_builder(mock).build().expect("client builds")
}

/// The one request `server` received; fails the test if it received any other number.
pub(crate) async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// A header of a received request as text, or `None`.
pub(crate) fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| {
        v.to_str()
            .expect("header values sent by the client are visible ASCII")
    })
}

/// The names of the headers a request carried, lower case, without the ones the HTTP layer
/// adds on its own (`host`, `content-length`).
pub(crate) fn header_names(request: &wiremock::Request) -> BTreeSet<String> {
    request
        .headers
        .keys()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name != "host" && name != "content-length")
        .collect()
}

/// A set of header names, for comparing with [`header_names`].
pub(crate) fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|name| (*name).to_owned()).collect()
}

/// The `MS-RequestId` and `MS-CorrelationId` a request carried.
pub(crate) fn sent_ids(request: &wiremock::Request) -> (Uuid, Uuid) {
    let id = |name| {
        header(request, name)
            .and_then(|text| Uuid::parse_str(text).ok())
            .unwrap_or_else(|| panic!("{name} is missing or not a GUID"))
    };
    (id("ms-requestid"), id("ms-correlationid"))
}

/// The ` (correlation id …, request id …)` suffix `Error`'s `Display` ends with.
pub(crate) fn ids_suffix(request_id: Uuid, correlation_id: Uuid) -> String {
    format!(" (correlation id {correlation_id}, request id {request_id})")
}

/// The `Display` of a transport failure: `no complete response: <transport error>: <its causes>`
/// followed by the ids suffix, on one line, with every cause of the chain printed there and
/// therefore none returned by `source()` (a cause is printed or returned, never both).
///
/// The causes' own text comes from the HTTP stack and the OS, so it is compared with the chain the
/// error carries rather than pinned.
pub(crate) fn assert_transport_display(error: &pc_client::Error, ids: &str) {
    let display = error.to_string();
    let transport = error
        .transport_error()
        .expect("transport_error() gives the cause");
    assert!(
        display.starts_with(&format!("no complete response: {transport}")),
        "{display}"
    );
    assert!(display.ends_with(ids), "{display}");
    assert!(!display.contains('\n'), "{display}");
    let mut cause = std::error::Error::source(transport);
    while let Some(next) = cause {
        let text = next.to_string();
        assert!(display.contains(&text), "{text:?} missing from {display}");
        cause = next.source();
    }
    assert!(
        std::error::Error::source(error).is_none(),
        "the cause is printed, so source() is None"
    );
}

/// The headers every request carries, whatever the operation, checked value by value.
pub(crate) fn assert_standard_headers(request: &wiremock::Request) {
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(header(request, "ms-contract-version"), Some("v1"));
    assert_eq!(header(request, "user-agent"), Some(USER_AGENT));
    let (request_id, correlation_id) = sent_ids(request);
    assert_ne!(request_id, correlation_id);
}

/// The header names of a request without a body and without optional settings.
pub(crate) const BODYLESS_HEADERS: [&str; 6] = [
    "accept",
    "authorization",
    "ms-contract-version",
    "ms-correlationid",
    "ms-requestid",
    "user-agent",
];

/// The header names of a request with a body and without optional settings.
pub(crate) const BODY_HEADERS: [&str; 7] = [
    "accept",
    "authorization",
    "content-type",
    "ms-contract-version",
    "ms-correlationid",
    "ms-requestid",
    "user-agent",
];

/// Decodes an `application/x-www-form-urlencoded` component (`+` is a space).
pub(crate) fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ASCII hex");
                out.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).expect("the client encodes UTF-8")
}

//! Builders of raw wiremock requests (to test matchers without a socket) and a raw sender (to
//! test responders over one).
//!
//! - [`Wire`]: a request as the client sends it, to be bent one byte at a time.
//! - [`send`]: one raw request to a mock, the response as received.

use pc_client::bytes::Bytes;
use pc_client::http::{self, HeaderName, HeaderValue, Method};
use pc_client::{ReqwestTransport, Transport};
use pc_testkit::TEST_TOKEN;
use pc_testkit::fixtures::CUSTOMER_ID;
use wiremock::Request;

/// A well-formed `MS-RequestId`.
pub(crate) const REQUEST_ID: &str = "6c6c4dd4-1c52-4bd0-9d8c-4e1f0a8a7e31";
/// A well-formed `MS-CorrelationId`.
pub(crate) const CORRELATION_ID: &str = "0b7f5c2e-8d1a-4e3b-9f6c-2a4d8e1b7c30";

/// A request under construction: method, path and query, headers, body.
#[derive(Debug, Clone)]
pub(crate) struct Wire {
    method: Method,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Wire {
    /// `method target` with the client's standard headers and no body.
    pub(crate) fn new(method: &str, target: impl Into<String>) -> Self {
        let mut wire = Self {
            method: method.parse().expect("a method"),
            target: target.into(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        for (name, value) in [
            ("authorization", format!("Bearer {TEST_TOKEN}")),
            ("accept", "application/json".to_owned()),
            ("ms-requestid", REQUEST_ID.to_owned()),
            ("ms-correlationid", CORRELATION_ID.to_owned()),
            ("ms-contract-version", "v1".to_owned()),
            ("user-agent", "pc-client/0.1.0".to_owned()),
        ] {
            wire = wire.header(name, &value);
        }
        wire
    }

    /// The path of `.../qualifications` for the fixtures' customer.
    pub(crate) fn qualifications(method: &str) -> Self {
        Self::new(
            method,
            format!("/v1/customers/{CUSTOMER_ID}/qualifications"),
        )
    }

    /// The path of the legacy `.../qualification` for the fixtures' customer.
    pub(crate) fn legacy(method: &str) -> Self {
        Self::new(method, format!("/v1/customers/{CUSTOMER_ID}/qualification"))
    }

    /// Replaces the path and query.
    pub(crate) fn target(mut self, target: impl Into<String>) -> Self {
        self.target = target.into();
        self
    }

    /// Replaces the method.
    pub(crate) fn method(mut self, method: &str) -> Self {
        self.method = method.parse().expect("a method");
        self
    }

    /// Appends a header.
    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Removes every value of a header.
    pub(crate) fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// Replaces a header's values with one.
    pub(crate) fn replace(self, name: &str, value: &str) -> Self {
        self.without(name).header(name, value)
    }

    /// Sets the body and `Content-Type: application/json`.
    pub(crate) fn json(self, body: &[u8]) -> Self {
        let mut wire = self.replace("content-type", "application/json");
        wire.body = body.to_vec();
        wire
    }

    /// Sets the body, leaving the headers alone.
    pub(crate) fn body(mut self, body: &[u8]) -> Self {
        self.body = body.to_vec();
        self
    }

    /// The request as a wiremock server would hand it to a matcher.
    pub(crate) fn request(&self) -> Request {
        let mut headers = http::HeaderMap::new();
        for (name, value) in &self.headers {
            headers.append(
                HeaderName::try_from(name.as_str()).expect("a header name"),
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        Request {
            url: format!("http://localhost{}", self.target)
                .parse()
                .expect("a URL"),
            method: self.method.clone(),
            headers,
            body: self.body.clone(),
        }
    }

    /// Sends the request to `base` as is, returning the raw response.
    pub(crate) async fn send(&self, base: &str) -> http::Response<Bytes> {
        let mut builder = http::Request::builder()
            .method(self.method.clone())
            .uri(format!("{base}{}", self.target));
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let request = builder
            .body(Bytes::from(self.body.clone()))
            .expect("a request");
        ReqwestTransport::new()
            .expect("a transport")
            .send(request)
            .await
            .expect("a response")
    }
}

/// A `GET` of the fixtures' customer's qualifications, sent raw to `base`.
pub(crate) async fn send(base: &str) -> http::Response<Bytes> {
    Wire::qualifications("GET").send(base).await
}

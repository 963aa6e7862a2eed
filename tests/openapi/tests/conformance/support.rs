//! Test helpers: the document parsed once, exchanges checked with readable failures, and a
//! transport that records every exchange of a client.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use pc_client::bytes::Bytes;
use pc_client::{Request, Response, Transport, TransportError, async_trait};
use pc_openapi_tests::OpenApi;

/// The repository's document, parsed once per test binary.
pub(crate) fn document() -> &'static OpenApi {
    static DOCUMENT: OnceLock<OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| OpenApi::load().expect("the OpenAPI document loads"))
}

/// Asserts that a request conforms to the document.
pub(crate) fn assert_request_conforms(what: &str, request: &http::Request<Bytes>) {
    if let Err(problems) = document().check_request(request) {
        panic!(
            "{what}: {} {} does not conform to the OpenAPI document:\n  {}",
            request.method(),
            request.uri(),
            problems.join("\n  ")
        );
    }
}

/// Asserts that a response to `method` on `path` conforms to the document.
pub(crate) fn assert_response_conforms(
    what: &str,
    method: &http::Method,
    path: &str,
    response: &http::Response<Bytes>,
) {
    if let Err(problems) = document().check_response(method, path, response) {
        panic!(
            "{what}: the {} answer to {method} {path} does not conform to the OpenAPI document:\n  {}\n  body: {}",
            response.status(),
            problems.join("\n  "),
            String::from_utf8_lossy(response.body())
        );
    }
}

/// One exchange a [`Recorder`] saw.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    pub(crate) request: Request,
    pub(crate) response: Response,
}

/// A transport that records every request and response passing through another transport.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    inner: Arc<dyn Transport>,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Recorder {
    pub(crate) fn new(inner: impl Transport + 'static) -> Self {
        Self {
            inner: Arc::new(inner),
            exchanges: Arc::default(),
        }
    }

    /// Every exchange so far, oldest first.
    pub(crate) fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[async_trait]
impl Transport for Recorder {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let copy = copy_request(&request);
        let response = self.inner.send(request).await?;
        let mut recorded = http::Response::new(response.body().clone());
        *recorded.status_mut() = response.status();
        *recorded.headers_mut() = response.headers().clone();
        self.exchanges
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Exchange {
                request: copy,
                response: recorded,
            });
        Ok(response)
    }
}

/// A copy of a request's method, URI, headers and body (extensions are not `Clone`).
pub(crate) fn copy_request(request: &Request) -> Request {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// A change made to a copy of the document, for the negative controls.
pub(crate) type Change = fn(&mut serde_json::Value);

//! Transports written in the test the way a consumer would write one: a recording layer around
//! `ReqwestTransport`, a fully fake in-memory Partner Center, and one that fails.
//!
//! Every name a transport needs comes through `pc_client::` (the trait, its request and response
//! types, its errors, `async_trait`, and the `http` and `bytes` crates), as issue 7 asks: a
//! consumer writing a transport depends on pc-client alone.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use pc_client::bytes::Bytes;
use pc_client::http::{self, HeaderMap, Method, StatusCode};
use pc_client::{
    CustomerQualification, ErrorKind, PartnerCenterClient, Qualification, QualificationRequest,
    Request, ReqwestTransport, Response, ResponseLimit, RetryPolicy, Transport, TransportError,
    TransportErrorKind, async_trait,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    TOKEN, assert_transport_display, customer, fixture, ids_suffix, qualifications_path,
    wiremock_builder,
};

/// What the recording transport saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Bytes,
    limit: usize,
    status: StatusCode,
}

/// A layer a consumer might add: records each exchange, then delegates to `ReqwestTransport`.
#[derive(Debug, Clone)]
struct RecordingTransport {
    inner: ReqwestTransport,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl RecordingTransport {
    fn new() -> Self {
        Self {
            inner: ReqwestTransport::new().expect("transport builds"),
            seen: Arc::default(),
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

#[async_trait]
impl Transport for RecordingTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = request.method().clone();
        let uri = request.uri().to_string();
        let headers = request.headers().clone();
        let body = request.body().clone();
        let limit = ResponseLimit::of(&request);
        let response = self.inner.send(request).await?;
        self.seen.lock().expect("not poisoned").push(Seen {
            method,
            uri,
            headers,
            body,
            limit,
            status: response.status(),
        });
        Ok(response)
    }
}

/// An in-memory Partner Center: integer-contract creates are stored per customer and listed.
#[derive(Debug, Default)]
struct FakePartnerCenter {
    customers: Mutex<BTreeMap<String, Vec<CustomerQualification>>>,
}

impl FakePartnerCenter {
    fn reply(status: StatusCode, body: String) -> Response {
        let mut response = http::Response::new(Bytes::from(body));
        *response.status_mut() = status;
        response
    }
}

#[async_trait]
impl Transport for FakePartnerCenter {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let authorized = request
            .headers()
            .get(http::header::AUTHORIZATION)
            .is_some_and(|v| v.as_bytes() == format!("Bearer {TOKEN}").as_bytes());
        if !authorized {
            return Ok(Self::reply(StatusCode::UNAUTHORIZED, String::new()));
        }
        let segments: Vec<&str> = request.uri().path().split('/').collect();
        let ["", "v1", "customers", id, "qualifications"] = segments.as_slice() else {
            return Ok(Self::reply(StatusCode::NOT_FOUND, String::new()));
        };
        let mut customers = self.customers.lock().expect("not poisoned");
        let held = customers.entry((*id).to_owned()).or_default();
        if *request.method() == Method::POST {
            let number: i64 = std::str::from_utf8(request.body())
                .ok()
                .and_then(|text| text.parse().ok())
                .unwrap_or(-1);
            let Some(qualification) = CustomerQualification::from_int(number) else {
                return Ok(Self::reply(
                    StatusCode::BAD_REQUEST,
                    r#"{"code":"900126","description":"Unable to parse enum."}"#.to_owned(),
                ));
            };
            held.push(qualification);
            let record = Qualification::new(qualification);
            let body = serde_json::to_string(&record).expect("serializes");
            return Ok(Self::reply(StatusCode::CREATED, body));
        }
        let list: Vec<Qualification> = held.iter().map(|q| Qualification::new(*q)).collect();
        let body = serde_json::to_string(&list).expect("serializes");
        Ok(Self::reply(StatusCode::OK, body))
    }
}

/// Fails every request with a transport error of `kind`.
#[derive(Debug)]
struct Failing(TransportErrorKind);

#[async_trait]
impl Transport for Failing {
    async fn send(&self, _request: Request) -> Result<Response, TransportError> {
        Err(TransportError::new(self.0, "the consumer's stack gave up"))
    }
}

/// A client on any transport, with the test token and no retries.
fn client_on(transport: impl Transport + 'static) -> PartnerCenterClient {
    PartnerCenterClient::builder()
        .endpoint("https://fake.pc.test")
        .access_token(TOKEN)
        .transport(transport)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_recording_layer_around_reqwest_sees_the_complete_request_and_response() {
    // Arrange
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(qualifications_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture!("list-approved.json"), "application/json"),
        )
        .expect(1)
        .named("GET qualifications through the recording layer")
        .mount(&server)
        .await;
    let transport = RecordingTransport::new();
    let client = wiremock_builder(&server)
        .transport(transport.clone())
        .max_response_bytes(4096)
        .build()
        .expect("client builds");

    // Act
    let reply = client
        .customer(customer())
        .qualifications()
        .list()
        .reply()
        .await
        .expect("list succeeds");

    // Assert
    let seen = transport.seen();
    assert_eq!(seen.len(), 1);
    let seen = &seen[0];
    assert_eq!(seen.method, Method::GET);
    assert_eq!(
        seen.uri,
        format!("{}{}", server.uri(), qualifications_path())
    );
    assert!(seen.body.is_empty());
    assert_eq!(seen.limit, 4096);
    assert_eq!(seen.status, StatusCode::OK);
    let authorization = seen.headers.get("authorization").expect("sent");
    assert!(authorization.is_sensitive());
    assert_eq!(
        seen.headers.get("ms-requestid").map(|v| v.as_bytes()),
        Some(reply.request_id.to_string().as_bytes())
    );
    assert_eq!(reply.value.len(), 1);
}

#[tokio::test]
async fn a_fully_fake_transport_serves_create_then_list() {
    // Arrange
    let fake = Arc::new(FakePartnerCenter::default());
    let client = PartnerCenterClient::builder()
        .endpoint("https://fake.pc.test")
        .access_token(TOKEN)
        .transport_arc(fake.clone())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let qualifications = client.customer(customer()).qualifications();

    // Act
    let created = qualifications
        .create(QualificationRequest::state_owned_entity())
        .reply()
        .await
        .expect("create succeeds");
    let education = qualifications
        .create(QualificationRequest::education())
        .await
        .expect("create succeeds");
    let list = qualifications.list().await.expect("list succeeds");

    // Assert
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(
        created.value,
        Qualification::new(CustomerQualification::StateOwnedEntity)
    );
    assert_eq!(
        education,
        Qualification::new(CustomerQualification::Education)
    );
    assert_eq!(
        list,
        vec![
            Qualification::new(CustomerQualification::StateOwnedEntity),
            Qualification::new(CustomerQualification::Education),
        ]
    );
    assert_eq!(fake.customers.lock().expect("not poisoned").len(), 1);
}

#[tokio::test]
async fn a_fake_transport_is_told_a_bad_token_and_the_client_reports_the_refusal() {
    // Arrange: the fake only knows TOKEN; this client sends another one (twice: a 401 is
    // retried once with a fresh token).
    let client = PartnerCenterClient::builder()
        .endpoint("https://fake.pc.test")
        .access_token("another-token")
        .transport(FakePartnerCenter::default())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .list()
        .await
        .expect_err("the fake refuses the token");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(error.attempts(), 2);
}

#[tokio::test]
async fn a_custom_transport_failure_is_a_transport_error_carrying_its_kind() {
    // Arrange
    let client = client_on(Failing(TransportErrorKind::Io));

    // Act
    let error = client
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::state_owned_entity())
        .await
        .expect_err("the transport fails");

    // Assert
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert_eq!(error.attempts(), 1);
    let transport = error
        .transport_error()
        .expect("transport_error() gives the cause");
    assert_eq!(transport.kind(), TransportErrorKind::Io);
    assert!(transport.may_have_been_processed());
    assert_eq!(
        std::error::Error::source(transport).map(ToString::to_string),
        Some("the consumer's stack gave up".to_owned())
    );
    let (request_id, correlation_id) = (
        error.request_id().expect("ids assigned"),
        error.correlation_id().expect("ids assigned"),
    );
    // The cause chain is printed on the same line, so `source()` gives nothing more.
    assert_eq!(
        error.to_string(),
        format!(
            "no complete response: connection broke during the exchange: the consumer's stack gave up{}",
            ids_suffix(request_id, correlation_id)
        )
    );
    assert_transport_display(&error, &ids_suffix(request_id, correlation_id));
}

#[tokio::test]
async fn two_clients_can_share_one_transport() {
    // Arrange
    let shared: Arc<dyn Transport> = Arc::new(FakePartnerCenter::default());
    let build = || {
        PartnerCenterClient::builder()
            .endpoint("https://fake.pc.test")
            .access_token(TOKEN)
            .transport_arc(Arc::clone(&shared))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client builds")
    };
    let writer = build();
    let reader = build();

    // Act
    writer
        .customer(customer())
        .qualifications()
        .create(QualificationRequest::education())
        .await
        .expect("create succeeds");
    let list = reader.customer(customer()).qualifications().list().await;

    // Assert
    assert_eq!(
        list.expect("list succeeds"),
        vec![Qualification::new(CustomerQualification::Education)]
    );
}

//! `EmulatorTransport`: the emulator behind `pc_transport::Transport`, with no socket.

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use pc_emulator::{ConnectionDropped, Emulator, EmulatorConfig, Faults, Throttle, demo};
use pc_transport::{
    Request, Response, ResponseLimit, Transport, TransportError, TransportErrorKind,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Api, EVEN_CUSTOMER, documented, qualifications, without_date};

/// The base URL the tests give: never resolved, only path and query are read.
const BASE: &str = "http://127.0.0.1";

/// A request to `BASE` + `path` with the demo token and a fresh `MS-RequestId`.
fn request(method: Method, path: &str, body: &'static str) -> Request {
    request_with_id(method, path, body, &Uuid::new_v4().to_string())
}

fn request_with_id(method: Method, path: &str, body: &'static str, request_id: &str) -> Request {
    http::Request::builder()
        .method(method)
        .uri(format!("{BASE}{path}"))
        .header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN))
        .header("MS-RequestId", request_id)
        .header("Content-Type", "application/json")
        .body(Bytes::from_static(body.as_bytes()))
        .expect("the test request is well formed")
}

fn emulator_with(faults: Faults) -> Emulator {
    Emulator::new(EmulatorConfig::default().faults(faults))
}

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

fn json_body(response: &Response) -> Value {
    serde_json::from_slice(response.body()).expect("the emulator answers JSON")
}

fn faults_logged(emulator: &Emulator) -> Vec<(u16, Option<String>)> {
    emulator
        .request_log()
        .into_iter()
        .map(|entry| (entry.status, entry.fault))
        .collect()
}

/// The `ConnectionDropped` behind a transport error, if any.
fn dropped_fault(error: &TransportError) -> Option<&str> {
    error
        .source()
        .and_then(|source| source.downcast_ref::<ConnectionDropped>())
        .and_then(ConnectionDropped::fault)
}

#[tokio::test]
async fn a_list_answers_200_with_the_body_and_headers_a_tcp_client_sees() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let request_id = "1e0f6a3b-2c4d-4e5f-8a9b-0c1d2e3f4a5b";

    let response = emulator
        .transport()
        .send(request_with_id(
            Method::GET,
            &qualifications(demo::TAILSPIN_UNIVERSITY),
            "",
            request_id,
        ))
        .await
        .expect("the emulator answers");

    let body = r#"[{"qualification":"Education","vettingStatus":"Approved","vettingCreateDate":"2020-12-04T20:54:24Z"}]"#;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body().as_ref(), body.as_bytes());
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    let length = body.len().to_string();
    assert_eq!(header(&response, "content-length"), Some(length.as_str()));
    assert_eq!(header(&response, "ms-requestid"), Some(request_id));
    assert_eq!(header(&response, "ms-serverid"), Some("pc-emulator"));
    assert_eq!(faults_logged(&emulator), [(200, None)]);
}

#[tokio::test]
async fn a_create_answers_201_with_the_exact_body_and_applies_it() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let customer = demo::contoso_academy();

    let response = emulator
        .transport()
        .send(request(
            Method::POST,
            &qualifications(demo::CONTOSO_ACADEMY),
            r#"{"qualification":"StateOwnedEntity"}"#,
        ))
        .await
        .expect("the emulator answers");

    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.body().as_ref(),
        br#"{"qualification":"StateOwnedEntity"}"#
    );
    let applied = emulator.applied_changes();
    assert_eq!(applied.len(), 1);
    assert_eq!(applied[0].customer, customer);
    assert_eq!(emulator.qualifications(&customer).len(), 1);
}

#[tokio::test]
async fn an_education_create_on_a_demo_customer_is_in_review() {
    let emulator = Emulator::new(EmulatorConfig::default());

    let response = emulator
        .transport()
        .send(request(
            Method::POST,
            &qualifications(demo::CONTOSO_ACADEMY),
            r#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#,
        ))
        .await
        .expect("the emulator answers");

    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        without_date(json_body(&response)),
        json!({"qualification": "Education", "vettingStatus": "InReview"})
    );
}

#[tokio::test]
async fn a_repeated_request_id_is_replayed_and_applied_once() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let transport = emulator.transport();
    let request_id = "7c2e9b14-5a3f-4d6e-8b1c-9f0a2d4e6b83";
    let path = qualifications(EVEN_CUSTOMER);

    let first = transport
        .send(request_with_id(Method::POST, &path, "4", request_id))
        .await
        .expect("the emulator answers");
    let second = transport
        .send(request_with_id(Method::POST, &path, "4", request_id))
        .await
        .expect("the emulator answers");

    assert_eq!(first.status(), StatusCode::CREATED);
    assert_eq!(
        (second.status(), second.body()),
        (first.status(), first.body())
    );
    assert_eq!(emulator.applied_changes().len(), 1);
    assert_eq!(
        faults_logged(&emulator),
        [(201, None), (201, Some("replayed".to_owned()))]
    );
}

#[tokio::test]
async fn no_bearer_token_is_refused_with_401() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let mut unauthenticated = request(Method::GET, &qualifications(EVEN_CUSTOMER), "");
    unauthenticated.headers_mut().remove("Authorization");

    let response = emulator
        .transport()
        .send(unauthenticated)
        .await
        .expect("the emulator answers");

    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_body(&response)["code"], "800001");
}

#[tokio::test]
async fn an_empty_throttle_bucket_answers_429_with_retry_after() {
    let emulator = emulator_with(Faults {
        throttle: Some(Throttle::new(1, 0.5)),
        ..Faults::default()
    });
    let transport = emulator.transport();
    let path = qualifications(EVEN_CUSTOMER);

    let first = transport
        .send(request(Method::GET, &path, ""))
        .await
        .expect("the emulator answers");
    let second = transport
        .send(request(Method::GET, &path, ""))
        .await
        .expect("the emulator answers");

    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&second, "retry-after"), Some("2"));
    assert_eq!(
        json_body(&second),
        json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 2 seconds."})
    );
}

#[tokio::test]
async fn an_injected_server_error_answers_500_and_applies_nothing() {
    let emulator = emulator_with(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });

    let response = emulator
        .transport()
        .send(request(Method::POST, &qualifications(EVEN_CUSTOMER), "4"))
        .await
        .expect("an injected error is an answer, not a transport error");

    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        json_body(&response),
        documented("800003", "An unexpected error occurred.")
    );
    assert!(emulator.applied_changes().is_empty());
}

#[tokio::test]
async fn a_drop_after_apply_is_an_io_error_that_may_have_been_processed() {
    let emulator = emulator_with(Faults {
        drop_after_apply_rate: 1.0,
        ..Faults::default()
    });
    let transport = emulator.transport();
    let request_id = "e4b1c7a2-9d3f-4a5e-b6c8-1f2a3b4c5d6e";
    let path = qualifications(EVEN_CUSTOMER);

    let error = transport
        .send(request_with_id(Method::POST, &path, "4", request_id))
        .await
        .expect_err("the connection is dropped");

    assert_eq!(error.kind(), TransportErrorKind::Io);
    assert!(error.may_have_been_processed());
    assert_eq!(dropped_fault(&error), Some("drop-after-apply"));
    assert_eq!(emulator.applied_changes().len(), 1);

    // A retry with the same MS-RequestId gets the stored answer and applies nothing more.
    emulator.set_faults(Faults::default());
    let retry = transport
        .send(request_with_id(Method::POST, &path, "4", request_id))
        .await
        .expect("the emulator answers");
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(
        retry.body().as_ref(),
        br#"{"qualification":"StateOwnedEntity"}"#
    );
    assert_eq!(emulator.applied_changes().len(), 1);
}

#[tokio::test]
async fn a_drop_before_apply_is_an_io_error_too_and_applies_nothing() {
    let emulator = emulator_with(Faults {
        drop_before_apply_rate: 1.0,
        ..Faults::default()
    });

    let error = emulator
        .transport()
        .send(request(Method::POST, &qualifications(EVEN_CUSTOMER), "4"))
        .await
        .expect_err("the connection is dropped");

    // Over TCP the request was sent and the connection closed with no answer: the client cannot
    // tell this from a drop after applying.
    assert_eq!(error.kind(), TransportErrorKind::Io);
    assert!(error.may_have_been_processed());
    assert_eq!(dropped_fault(&error), Some("drop-before-apply"));
    assert!(emulator.applied_changes().is_empty());
}

#[tokio::test]
async fn an_answer_over_the_response_limit_is_body_too_large() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let transport = emulator.transport();
    let path = qualifications(demo::TAILSPIN_UNIVERSITY);
    let full = transport
        .send(request(Method::GET, &path, ""))
        .await
        .expect("the emulator answers");
    let length = full.body().len();

    let mut at_limit = request(Method::GET, &path, "");
    at_limit.extensions_mut().insert(ResponseLimit(length));
    let mut over_limit = request(Method::GET, &path, "");
    over_limit
        .extensions_mut()
        .insert(ResponseLimit(length - 1));
    let at_limit = transport.send(at_limit).await;
    let over_limit = transport.send(over_limit).await;

    assert_eq!(
        at_limit
            .expect("a body of exactly the limit is accepted")
            .body(),
        full.body()
    );
    let error = over_limit.expect_err("a body over the limit is refused");
    assert_eq!(error.kind(), TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn only_the_path_and_query_of_the_url_are_read() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let transport = emulator.transport();
    let path = qualifications(demo::TAILSPIN_UNIVERSITY);
    let mut origin_form = request(Method::GET, &path, "");
    *origin_form.uri_mut() = path.parse().expect("a path is a URI");
    let mut elsewhere = request(Method::GET, &path, "");
    *elsewhere.uri_mut() = format!("https://partner.example:8443{path}")
        .parse()
        .expect("an absolute URL is a URI");

    let origin_form = transport.send(origin_form).await.expect("answered");
    let elsewhere = transport.send(elsewhere).await.expect("answered");

    assert_eq!(origin_form.status(), StatusCode::OK);
    assert_eq!(elsewhere.status(), StatusCode::OK);
    assert_eq!(origin_form.body(), elsewhere.body());
}

#[tokio::test(start_paused = true)]
async fn injected_latency_runs_on_tokio_time() {
    let emulator = emulator_with(Faults {
        latency_ms: 30_000,
        ..Faults::default()
    });
    let started = tokio::time::Instant::now();

    let response = emulator
        .transport()
        .send(request(Method::GET, &qualifications(EVEN_CUSTOMER), ""))
        .await
        .expect("the emulator answers");

    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_secs(30));
}

#[tokio::test]
async fn a_handle_transport_shares_state_with_the_served_emulator() {
    let api = Api::start().await;

    let created = api
        .handle
        .transport()
        .send(request(Method::POST, &qualifications(EVEN_CUSTOMER), "4"))
        .await
        .expect("the emulator answers");
    let listed = api.get(qualifications(EVEN_CUSTOMER)).send().await;

    assert_eq!(created.status(), StatusCode::CREATED);
    listed.assert(200, json!([{"qualification": "StateOwnedEntity"}]));
    assert_eq!(api.handle.applied_changes().len(), 1);
}

#[tokio::test]
async fn it_is_a_shareable_transport_object() {
    let emulator = Emulator::new(EmulatorConfig::default());
    let shared: std::sync::Arc<dyn Transport> = std::sync::Arc::new(emulator.transport());

    let task = tokio::spawn(async move {
        shared
            .send(request(Method::GET, "/v1/customers/all/validations", ""))
            .await
    });
    let response = task
        .await
        .expect("the task does not panic")
        .expect("the emulator answers");

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(emulator.request_log().len(), 1);
}

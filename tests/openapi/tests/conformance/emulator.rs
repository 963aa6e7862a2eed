//! Every answer the emulator gives in a set of scenarios conforms to the document: the body
//! against the schema of the operation's response for that status, the declared headers
//! (required ones present, every one sent valid: echoed ids, `MS-CV`, `MS-ServerId`,
//! `Retry-After`, `Allow`, `WWW-Authenticate`), the content type.
//!
//! The scenarios run twice, each time on a fresh emulator: in-process through
//! `EmulatorTransport`, and over TCP on `127.0.0.1` with reqwest. They cover the list, the create
//! (`201`) under the integer, object and interim contracts, the legacy `GET`/`PUT`, the
//! validation codes, a replay, and the errors 400 (five codes), 401 (two), 403, 404, 405, 409
//! (three causes), 413, 429, 500 and 503.

use std::time::Duration;

use http::Method;
use pc_client::Transport;
use pc_client::bytes::Bytes;
use pc_client::uuid::Uuid;
use pc_emulator::{Emulator, EmulatorConfig, Faults, Throttle, demo};

use crate::support::assert_response_conforms;

/// Customers with no qualification at the start; the last hex digit decides Education's vetting
/// (even: Approved, odd: Denied).
const EVEN: &str = "11111111-2222-4333-8444-555555555550";
const ODD: &str = "11111111-2222-4333-8444-55555555555b";
const FRESH: [&str; 8] = [
    "22222222-2222-4333-8444-000000000000",
    "22222222-2222-4333-8444-000000000002",
    "22222222-2222-4333-8444-000000000004",
    "22222222-2222-4333-8444-000000000006",
    "22222222-2222-4333-8444-000000000008",
    "22222222-2222-4333-8444-00000000000a",
    "22222222-2222-4333-8444-00000000000c",
    "22222222-2222-4333-8444-00000000000e",
];

fn qualifications(customer: &str) -> String {
    format!("/v1/customers/{customer}/qualifications")
}

fn legacy(customer: &str) -> String {
    format!("/v1/customers/{customer}/qualification")
}

/// Which bearer token a request carries.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    /// The demo token (App+User).
    Demo,
    /// An App-only token from the emulator's token endpoint.
    AppOnly,
    /// A token the emulator never issued.
    Unknown,
    /// No `Authorization` header.
    Missing,
}

/// One request and the status it must get.
#[derive(Debug, Clone)]
struct Call {
    what: &'static str,
    method: Method,
    /// Path and query.
    target: String,
    body: Option<Bytes>,
    token: Token,
    /// `None`: a fresh GUID. `Some(value)`: that value, sent as it is.
    request_id: Option<&'static str>,
    status: u16,
}

impl Call {
    fn new(what: &'static str, method: Method, target: impl Into<String>, status: u16) -> Self {
        Self {
            what,
            method,
            target: target.into(),
            body: None,
            token: Token::Demo,
            request_id: None,
            status,
        }
    }

    fn get(what: &'static str, target: impl Into<String>, status: u16) -> Self {
        Self::new(what, Method::GET, target, status)
    }

    fn post(what: &'static str, target: impl Into<String>, body: &str, status: u16) -> Self {
        Self::new(what, Method::POST, target, status).body(body)
    }

    fn put(what: &'static str, target: impl Into<String>, body: &str, status: u16) -> Self {
        Self::new(what, Method::PUT, target, status).body(body)
    }

    fn body(mut self, body: &str) -> Self {
        self.body = Some(Bytes::from(body.to_owned()));
        self
    }

    fn token(mut self, token: Token) -> Self {
        self.token = token;
        self
    }

    fn request_id(mut self, id: &'static str) -> Self {
        self.request_id = Some(id);
        self
    }
}

/// A step of a scenario: a call, or new faults.
enum Step {
    Call(Call),
    Faults(Faults),
}

/// The scenarios, in order (later calls rely on the state earlier ones left).
fn steps() -> Vec<Step> {
    let replayed = "5a5a5a5a-0000-4000-8000-000000000001";
    let calls = vec![
        // Lists.
        Call::get(
            "list, an Approved Education",
            qualifications(demo::TAILSPIN_UNIVERSITY),
            200,
        ),
        Call::get("list, no qualification", qualifications(FRESH[0]), 200),
        // Creates under the integer contract.
        Call::post("create Education, integer", qualifications(EVEN), "1", 201),
        Call::get("list, Education vetted", qualifications(EVEN), 200),
        Call::post(
            "create SOE next to Education, integer",
            qualifications(EVEN),
            "4",
            201,
        ),
        Call::get("list, Education and SOE", qualifications(EVEN), 200),
        Call::post(
            "create GCC, integer with ?code=",
            format!(
                "{}?code={}",
                qualifications(demo::WOODGROVE_MUNICIPALITY),
                demo::VALIDATION_CODE
            ),
            "3",
            201,
        ),
        // Creates under the object contracts.
        Call::post(
            "create Education, object",
            qualifications(ODD),
            r#"{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}"#,
            201,
        ),
        Call::get(
            "list, Education denied with a reason",
            qualifications(ODD),
            200,
        ),
        Call::post(
            "create GCC, object",
            qualifications(FRESH[1]),
            r#"{"qualification":"GovernmentCommunityCloud","validationCode":"654321"}"#,
            201,
        ),
        Call::post(
            "create SOE, object",
            qualifications(FRESH[2]),
            r#"{"qualification":"StateOwnedEntity"}"#,
            201,
        ),
        Call::post(
            "create Education, 2021 interim object",
            qualifications(FRESH[3]),
            r#"{"Qualification":"Education"}"#,
            201,
        ),
        Call::post(
            "create, first of a replay",
            qualifications(FRESH[4]),
            "4",
            201,
        )
        .request_id(replayed),
        Call::post("create, replayed", qualifications(FRESH[4]), "4", 201).request_id(replayed),
        // Legacy.
        Call::get(
            "legacy get, education",
            legacy(demo::TAILSPIN_UNIVERSITY),
            200,
        ),
        Call::get("legacy get, none", legacy(FRESH[5]), 200),
        Call::put("legacy put, Education", legacy(FRESH[5]), "1", 200),
        Call::put(
            "legacy put, GCC with ?code=",
            format!(
                "{}?code={}",
                legacy(FRESH[6]),
                demo::VALIDATION_CODE_UNLIMITED
            ),
            "3",
            200,
        ),
        // Validation codes.
        Call::get("validation codes", "/v1/customers/all/validations", 200),
        // 400.
        Call::get(
            "400 / 900118, customer id not a GUID",
            qualifications("not-a-guid"),
            400,
        ),
        Call::post("400 / 800002, None", qualifications(FRESH[7]), "0", 400),
        Call::post(
            "400 / 900126, integer out of range",
            qualifications(FRESH[7]),
            "9",
            400,
        ),
        Call::post(
            "400 / 3000, Education without a segment",
            qualifications(FRESH[7]),
            r#"{"qualification":"Education"}"#,
            400,
        ),
        Call::post(
            "400 / 3000, GCC without a code",
            qualifications(FRESH[7]),
            "3",
            400,
        ),
        Call::put(
            "400 / 3000, SOE on the legacy API",
            legacy(FRESH[7]),
            "4",
            400,
        ),
        Call::get(
            "400 / 800002, MS-RequestId not a GUID",
            qualifications(FRESH[7]),
            400,
        )
        .request_id("not-a-guid"),
        // 401, 403.
        Call::get("401 / 800001, no token", qualifications(FRESH[7]), 401).token(Token::Missing),
        Call::get("401 / 400, unknown token", qualifications(FRESH[7]), 401).token(Token::Unknown),
        Call::get(
            "200, App-only token on a read",
            qualifications(FRESH[7]),
            200,
        )
        .token(Token::AppOnly),
        Call::post(
            "403 / 900329, App-only token on a write",
            qualifications(FRESH[7]),
            "4",
            403,
        )
        .token(Token::AppOnly),
        // 404, 405.
        Call::get(
            "404 / 1000, unknown path",
            format!("/v1/customers/{}/nothing", FRESH[7]),
            404,
        ),
        Call::new(
            "405, DELETE on the qualifications",
            Method::DELETE,
            qualifications(FRESH[7]),
            405,
        ),
        Call::new(
            "405, POST on the validation codes",
            Method::POST,
            "/v1/customers/all/validations",
            405,
        )
        .body("1"),
        // 409.
        Call::post(
            "409, a qualification already held",
            qualifications(EVEN),
            "1",
            409,
        ),
        Call::post(
            "409, GCC next to Education",
            format!(
                "{}?code={}",
                qualifications(EVEN),
                demo::VALIDATION_CODE_UNLIMITED
            ),
            "3",
            409,
        ),
        Call::post(
            "409, MS-RequestId reused for another body",
            qualifications(FRESH[4]),
            "1",
            409,
        )
        .request_id(replayed),
        // 413 (the `default` response).
        Call::post(
            "413, body over 64 KiB",
            qualifications(FRESH[7]),
            &" ".repeat(70 * 1024),
            413,
        ),
    ];
    let mut steps: Vec<Step> = calls.into_iter().map(Step::Call).collect();
    // 429: a bucket of one request that never refills.
    steps.push(Step::Faults(Faults {
        throttle: Some(Throttle::new(1, 0.0)),
        ..Faults::default()
    }));
    steps.push(Step::Call(Call::get(
        "throttle: the one request",
        "/v1/customers/all/validations",
        200,
    )));
    steps.push(Step::Call(Call::get(
        "429, throttled read",
        "/v1/customers/all/validations",
        429,
    )));
    steps.push(Step::Call(Call::post(
        "429, throttled write",
        qualifications(FRESH[7]),
        "4",
        429,
    )));
    // 500 and 503: every request fails, alternating.
    steps.push(Step::Faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    }));
    steps.push(Step::Call(Call::get(
        "500, injected",
        qualifications(FRESH[7]),
        500,
    )));
    steps.push(Step::Call(Call::get(
        "503, injected",
        legacy(FRESH[7]),
        503,
    )));
    steps.push(Step::Faults(Faults::default()));
    steps
}

/// How the scenarios reach the emulator.
enum Via {
    InProcess(pc_emulator::EmulatorTransport),
    Tcp(String, reqwest::Client),
}

impl Via {
    async fn send(&self, request: http::Request<Bytes>) -> http::Response<Bytes> {
        match self {
            Self::InProcess(transport) => transport.send(request).await.expect("an answer"),
            Self::Tcp(base, client) => {
                let url = format!("{base}{}", request.uri());
                let mut builder = client.request(request.method().clone(), url);
                for (name, value) in request.headers() {
                    builder = builder.header(name, value);
                }
                let answer = builder
                    .body(request.body().clone())
                    .send()
                    .await
                    .expect("an answer");
                let mut response = http::Response::new(Bytes::new());
                *response.status_mut() = answer.status();
                *response.headers_mut() = answer.headers().clone();
                *response.body_mut() = answer.bytes().await.expect("a body");
                response
            }
        }
    }
}

/// An App-only token from the emulator's token endpoint.
async fn app_only_token(via: &Via) -> String {
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com",
        demo::CLIENT_ID,
        demo::CLIENT_SECRET
    );
    let request = http::Request::post("/common/oauth2/token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(Bytes::from(form))
        .expect("a token request");
    let response = via.send(request).await;
    assert_eq!(response.status(), 200, "{:?}", response.body());
    let body: serde_json::Value = serde_json::from_slice(response.body()).expect("JSON");
    body["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

/// Runs every step; returns how many answers were checked.
async fn run(emulator: &Emulator, via: &Via) -> usize {
    let app_only = app_only_token(via).await;
    let mut checked = 0;
    for step in steps() {
        let call = match step {
            Step::Faults(faults) => {
                emulator.set_faults(faults);
                continue;
            }
            Step::Call(call) => call,
        };
        let request_id = call
            .request_id
            .map_or_else(|| Uuid::new_v4().to_string(), str::to_owned);
        let correlation_id = Uuid::new_v4().to_string();
        let mut request = http::Request::builder()
            .method(call.method.clone())
            .uri(call.target.as_str())
            .header("Accept", "application/json")
            .header("MS-RequestId", request_id.as_str())
            .header("MS-CorrelationId", correlation_id.as_str())
            .header("MS-Contract-Version", "v1");
        request = match call.token {
            Token::Demo => request.header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN)),
            Token::AppOnly => request.header("Authorization", format!("Bearer {app_only}")),
            Token::Unknown => request.header("Authorization", "Bearer never-issued"),
            Token::Missing => request,
        };
        if call.body.is_some() {
            request = request.header("Content-Type", "application/json");
        }
        let request = request
            .body(call.body.clone().unwrap_or_default())
            .expect("a request");

        let response = via.send(request).await;

        assert_eq!(
            response.status().as_u16(),
            call.status,
            "{}: {}",
            call.what,
            String::from_utf8_lossy(response.body())
        );
        let path = call.target.split('?').next().unwrap_or_default();
        assert_response_conforms(call.what, &call.method, path, &response);
        // The ids are echoed exactly (a malformed one is not echoed at all).
        let echoed = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        if call.request_id.is_none_or(|id| Uuid::parse_str(id).is_ok()) {
            assert_eq!(
                echoed("MS-RequestId"),
                Some(request_id.clone()),
                "{}",
                call.what
            );
        } else {
            assert_eq!(echoed("MS-RequestId"), None, "{}", call.what);
        }
        assert_eq!(
            echoed("MS-CorrelationId"),
            Some(correlation_id),
            "{}",
            call.what
        );
        checked += 1;
    }
    checked
}

fn config() -> EmulatorConfig {
    // Education is decided as soon as it is read again.
    EmulatorConfig::default().vetting_delay(Duration::ZERO)
}

#[tokio::test]
async fn every_emulator_answer_conforms_in_process() {
    let emulator = Emulator::new(config());
    let via = Via::InProcess(emulator.transport());

    let checked = run(&emulator, &via).await;

    assert!(checked >= 40, "{checked} answers");
    eprintln!("openapi: {checked} emulator answers validated (in-process)");
}

#[tokio::test]
async fn every_emulator_answer_conforms_over_tcp() {
    let handle = Emulator::start(config())
        .await
        .expect("the emulator starts");
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a reqwest client");
    let via = Via::Tcp(handle.base_url(), client);

    let checked = run(handle.emulator(), &via).await;

    assert!(checked >= 40, "{checked} answers");
    eprintln!("openapi: {checked} emulator answers validated (over TCP)");
    handle.shutdown().await;
}

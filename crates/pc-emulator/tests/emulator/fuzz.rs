//! Fuzz targets on the stable toolchain: request parsing and routing of the emulator through its
//! public in-process API, with proptest.
//!
//! - [`fuzz`]: runs one target for `PC_FUZZ_CASES` cases (default [`DEFAULT_CASES`]) and prints
//!   the count, time and rate; a failure panics with the minimal input proptest shrank it to.
//! - `emulator_call`: sequences of arbitrary requests (methods, URIs made of arbitrary bytes or
//!   of the emulator's own path segments, headers, queries and bodies) sent to a fresh
//!   [`Emulator`] through [`Emulator::call`], on a paused tokio clock.
//! - `emulator_transport`: the same through [`EmulatorTransport`], with absolute URIs and a
//!   random `ResponseLimit`.
//!
//! The property: no panic, and every answer is a well-formed response: JSON content type,
//! `MS-ServerId`, a body that is empty or JSON (an object for errors), the `MS-RequestId` echoed
//! when it is a GUID, `Allow` on a 405, `Retry-After` on a 429; a 5xx only when server errors are
//! injected, a 429 only when throttling is, a dropped connection only when drops are.
//!
//! # Examples
//!
//! ```text
//! cargo test -p pc-emulator --test emulator fuzz                    # the short run, as in CI
//! cargo xtask fuzz --cases 20000 -p pc-emulator                     # a long run, in release mode
//! ```

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, Uri};
use http_body_util::Full;
use pc_emulator::{Emulator, EmulatorConfig, Faults, Throttle, demo};
use pc_transport::{ResponseLimit, Transport, TransportErrorKind};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseResult, TestError, TestRunner};
use serde_json::{Value, json};
use uuid::Uuid;

/// Cases per target when `PC_FUZZ_CASES` is not set: a short run that keeps `cargo test` quick.
const DEFAULT_CASES: u32 = 256;

/// Runs one fuzz target: `PC_FUZZ_CASES` cases (unset or empty: [`DEFAULT_CASES`]), no failure files
/// written, the seed from `PROPTEST_RNG_SEED` if set (random otherwise). Prints the number of
/// cases, the time and the rate; a failing case panics with the shrunk input.
fn fuzz<S>(target: &str, strategy: S, test: impl Fn(S::Value) -> TestCaseResult)
where
    S: Strategy,
    S::Value: Debug,
{
    let cases = match std::env::var("PC_FUZZ_CASES") {
        Ok(text) if !text.trim().is_empty() => text.trim().parse().unwrap_or_else(|_| {
            panic!("PC_FUZZ_CASES must be a number of cases from 1 to 4294967295, not {text:?}")
        }),
        _ => DEFAULT_CASES,
    };
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = Instant::now();
    match runner.run(&strategy, test) {
        Ok(()) => {
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "fuzz pc-emulator/{target}: {cases} cases in {seconds:.2} s ({:.0} cases/s)",
                f64::from(cases) / seconds.max(1e-9)
            );
        }
        Err(TestError::Fail(reason, input)) => {
            panic!("fuzz pc-emulator/{target} failed: {reason}\nminimal input: {input:#?}")
        }
        Err(TestError::Abort(reason)) => panic!("fuzz pc-emulator/{target} aborted: {reason}"),
    }
}

/// A current-thread runtime on a paused clock: injected latency and vetting delays pass at once.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a current-thread runtime builds")
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Two `MS-RequestId`s most requests share, so that repeats and mismatches happen.
const SHARED_IDS: [&str; 2] = [
    "6c6c4dd4-1c52-4bd0-9d8c-4e1f0a8a7e31",
    "0B7F5C2E-8D1A-4E3B-9F6C-2A4D8E1B7C30",
];

/// Customer path segments: the demo customers, GUIDs in both cases, near misses.
fn customer_segment() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        8 => select(vec![
            demo::CONTOSO_ACADEMY,
            demo::FABRIKAM_TRADING,
            demo::WOODGROVE_MUNICIPALITY,
            demo::TAILSPIN_UNIVERSITY,
            "11111111-2222-4333-8444-555555555550",
        ])
        .prop_map(str::to_owned),
        4 => any::<u128>().prop_map(|n| Uuid::from_u128(n).hyphenated().to_string()),
        1 => any::<u128>().prop_map(|n| Uuid::from_u128(n).hyphenated().to_string().to_uppercase()),
        1 => any::<u128>().prop_map(|n| Uuid::from_u128(n).simple().to_string()),
        1 => any::<u128>().prop_map(|n| format!("%7B{}%7D", Uuid::from_u128(n))),
        1 => select(vec!["all", "", "..", "%2e%2e", "%00", "%2F", "x", "c0a5c0a5-0000-4000-8000-acade000000"])
            .prop_map(str::to_owned),
        1 => "[a-zA-Z0-9._~%-]{0,48}",
    ]
}

/// Any path segment the router knows, in some case, or something else.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "v1", "V1", "customers", "Customers", "all", "validations", "qualifications",
            "QUALIFICATIONS", "qualification", "_emulator", "_EMULATOR", "requests", "faults",
            "reset", "common", "contoso.onmicrosoft.com", "oauth2", "token", "", ".", "..",
        ])
        .prop_map(str::to_owned),
        2 => customer_segment(),
        1 => "[a-zA-Z0-9._~%!$&'()*+,;=:@-]{0,24}",
    ]
}

/// A path: one of the emulator's templates with its holes filled, or any segments.
fn path() -> BoxedStrategy<String> {
    let templated = (
        select(vec![
            "/v1/customers/{}/qualifications",
            "/v1/customers/{}/qualification",
            "/v1/customers/all/validations",
            "/{}/oauth2/token",
            "/_emulator/requests",
            "/_emulator/faults",
            "/_emulator/reset",
        ]),
        customer_segment(),
        select(vec!["", "", "", "/", "//"]),
    )
        .prop_map(|(template, hole, slash)| format!("{}{slash}", template.replace("{}", &hole)));
    let free =
        (prop::collection::vec(segment(), 0..7), any::<bool>()).prop_map(|(segments, rooted)| {
            let joined = segments.join("/");
            if rooted { format!("/{joined}") } else { joined }
        });
    prop_oneof![4 => templated, 1 => free].boxed()
}

/// A query, without the `?`.
fn query() -> impl Strategy<Value = Option<String>> {
    let pair = (
        select(vec!["code", "Code", "c%6Fde", "x", "", "code[]"]),
        prop_oneof![
            select(vec![
                demo::VALIDATION_CODE,
                demo::VALIDATION_CODE_UNLIMITED,
                demo::VALIDATION_CODE_EXHAUSTED,
                "",
                "%zz",
                "%00",
            ])
            .prop_map(str::to_owned),
            "[a-zA-Z0-9%+._~-]{0,16}",
        ],
        any::<bool>(),
    )
        .prop_map(|(name, value, with_equals)| {
            if with_equals {
                format!("{name}={value}")
            } else {
                name.to_owned()
            }
        });
    prop_oneof![
        3 => Just(None),
        2 => prop::collection::vec(pair, 0..4).prop_map(|pairs| Some(pairs.join("&"))),
        1 => "[a-zA-Z0-9=&%+._~?/-]{0,40}".prop_map(Some),
    ]
}

/// Where a request goes: a URI made of paths the router knows, or arbitrary bytes (used when
/// they form a valid URI, the structured one otherwise).
#[derive(Debug, Clone)]
struct Target {
    base: &'static str,
    path: String,
    query: Option<String>,
    raw: Option<Vec<u8>>,
}

impl Target {
    fn structured(&self) -> String {
        match &self.query {
            Some(query) => format!("{}{}?{query}", self.base, self.path),
            None => format!("{}{}", self.base, self.path),
        }
    }

    /// The URI to send: the raw bytes when they parse, the structured text otherwise.
    fn uri(&self) -> Result<Uri, TestCaseError> {
        if let Some(raw) = &self.raw
            && let Ok(uri) = Uri::from_maybe_shared(Bytes::from(raw.clone()))
        {
            return Ok(uri);
        }
        Uri::try_from(self.structured()).or_else(|_| Ok(Uri::from_static("/")))
    }
}

fn target(bases: Vec<&'static str>) -> BoxedStrategy<Target> {
    let raw = prop_oneof![
        6 => Just(None),
        1 => prop::collection::vec(any::<u8>(), 0..48).prop_map(Some),
        1 => prop::collection::vec(
            select(b"/v1customersqualifications_emulatorfaults?&=%:@*.{}[]#\\ \x7f\x80\xff0".to_vec()),
            0..48,
        )
        .prop_map(Some),
    ];
    (select(bases), path(), query(), raw)
        .prop_map(|(base, path, query, raw)| Target {
            base,
            path,
            query,
            raw,
        })
        .boxed()
}

/// A method: the usual ones, other tokens, or bytes that may not form a method (then `GET`).
fn method() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => select(vec!["GET", "POST", "PUT"]).prop_map(|m| m.as_bytes().to_vec()),
        2 => select(vec!["DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get", "Post"])
            .prop_map(|m| m.as_bytes().to_vec()),
        1 => "[A-Za-z!#$%&'*+.^_`|~0-9-]{1,20}".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..12),
    ]
}

/// Header values that are valid `HeaderValue`s, or bytes that may not be (then left out).
fn id_value() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        6 => select(SHARED_IDS.to_vec()).prop_map(|id| Some(id.as_bytes().to_vec())),
        6 => any::<u128>().prop_map(|n| Some(Uuid::from_u128(n).to_string().into_bytes())),
        4 => Just(None),
        1 => any::<u128>().prop_map(|n| Some(Uuid::from_u128(n).braced().to_string().into_bytes())),
        1 => prop::collection::vec(any::<u8>(), 0..40).prop_map(Some),
    ]
}

fn authorization() -> impl Strategy<Value = Option<Vec<u8>>> {
    let demo = format!("Bearer {}", demo::DEMO_TOKEN);
    let lower = format!("bearer   {} ", demo::DEMO_TOKEN);
    prop_oneof![
        8 => Just(Some(demo.into_bytes())),
        1 => Just(Some(lower.into_bytes())),
        1 => Just(None),
        1 => select(vec!["Bearer", "Bearer ", "Basic abc", "Bearer emulator-demo-tokeN"])
            .prop_map(|v| Some(v.as_bytes().to_vec())),
        1 => prop::collection::vec(any::<u8>(), 0..40).prop_map(Some),
    ]
}

/// The headers of a request, as name and value bytes (invalid ones are left out).
fn headers() -> BoxedStrategy<Vec<(Vec<u8>, Vec<u8>)>> {
    let content_type = prop_oneof![
        4 => Just(Some(b"application/json".to_vec())),
        1 => Just(Some(b"application/json; charset=utf-8".to_vec())),
        1 => Just(Some(b"application/x-www-form-urlencoded".to_vec())),
        1 => Just(Some(b"text/plain".to_vec())),
        2 => Just(None),
    ];
    let host = prop_oneof![
        8 => Just(None),
        1 => select(vec!["127.0.0.1:8080", "localhost", "evil.example", "[::1]:1", ""])
            .prop_map(|h| Some(h.as_bytes().to_vec())),
    ];
    let extra = proptest::option::of((
        prop_oneof![
            "[a-zA-Z0-9-]{1,16}".prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), 0..12),
        ],
        prop::collection::vec(any::<u8>(), 0..32),
    ));
    (
        authorization(),
        id_value(),
        id_value(),
        content_type,
        host,
        extra,
    )
        .prop_map(
            |(authorization, request_id, correlation_id, content_type, host, extra)| {
                let named = [
                    ("authorization", authorization),
                    ("ms-requestid", request_id),
                    ("ms-correlationid", correlation_id),
                    ("content-type", content_type),
                    ("host", host),
                ];
                let mut headers: Vec<(Vec<u8>, Vec<u8>)> = named
                    .into_iter()
                    .filter_map(|(name, value)| {
                        value.map(|value| (name.as_bytes().to_vec(), value))
                    })
                    .collect();
                headers.extend(extra);
                headers
            },
        )
        .boxed()
}

/// A JSON number or string for a body field.
fn body_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(vec![
            "Education",
            "education",
            "GovernmentCommunityCloud",
            "government_community_cloud",
            "StateOwnedEntity",
            "None",
            "Nonprofit",
            "K12",
            "HigherEducation",
            "PhD",
            "contoso.edu",
            "fabrikam.com",
            "a.ac.uk",
            "123456",
            "654321",
            "000000",
            "",
            " ",
        ])
        .prop_map(Value::from),
        (-2i64..7).prop_map(Value::from),
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

/// A body of the integer contract (and things near it).
fn integer_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => (-2i64..7).prop_map(|n| n.to_string()),
        1 => select(vec!["1.5", "1e2", "-0", "null", "\"1\"", "[]", "{}", "", " 1 "])
            .prop_map(str::to_owned),
    ]
    .prop_map(String::into_bytes)
}

/// A body of the object contracts (current and 2021 interim), with fields of any type.
fn object_body() -> BoxedStrategy<Vec<u8>> {
    prop::collection::vec(
        (
            select(vec![
                "qualification",
                "qualification",
                "Qualification",
                "QUALIFICATION",
                "educationSegment",
                "EducationSegment",
                "website",
                "validationCode",
                "other",
            ]),
            body_scalar(),
        ),
        0..5,
    )
    .prop_map(|fields| {
        let object: serde_json::Map<String, Value> = fields
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect();
        Value::Object(object).to_string().into_bytes()
    })
    .boxed()
}

/// A create body: either contract.
fn create_body() -> impl Strategy<Value = Vec<u8>> {
    let valid = select(vec![
        "1",
        "4",
        r#"{"qualification":"Education","educationSegment":"K12"}"#,
        r#"{"qualification":"education","educationSegment":"HigherEducation","website":"contoso.com"}"#,
        r#"{"Qualification":"Education"}"#,
        r#"{"qualification":"StateOwnedEntity"}"#,
        r#"{"qualification":"GovernmentCommunityCloud","validationCode":"654321"}"#,
        r#"{"qualification":"GovernmentCommunityCloud","validationCode":123456}"#,
    ])
    .prop_map(|body| body.as_bytes().to_vec());
    prop_oneof![2 => valid, 1 => integer_body(), 2 => object_body()]
}

/// A token-endpoint form.
fn form_body() -> BoxedStrategy<Vec<u8>> {
    let valid = prop_oneof![
        Just(vec![
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", demo::REFRESH_TOKEN.to_owned()),
        ]),
        Just(vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_secret", demo::CLIENT_SECRET.to_owned()),
        ]),
    ]
    .prop_map(|mut pairs| {
        pairs.push(("client_id", demo::CLIENT_ID.to_owned()));
        pairs.push(("resource", pc_models::PARTNER_CENTER_RESOURCE.to_owned()));
        pairs
    });
    let any_pairs = prop::collection::vec(
        (
            select(vec![
                "grant_type",
                "client_id",
                "client_secret",
                "refresh_token",
                "resource",
                "scope",
            ]),
            prop_oneof![
                select(vec![
                    "refresh_token",
                    "client_credentials",
                    "password",
                    demo::CLIENT_ID,
                    demo::CLIENT_SECRET,
                    demo::REFRESH_TOKEN,
                    pc_models::PARTNER_CENTER_RESOURCE,
                    "",
                ])
                .prop_map(str::to_owned),
                ".{0,16}",
            ],
        ),
        0..6,
    );
    prop_oneof![1 => valid, 2 => any_pairs]
        .prop_map(|pairs| {
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish()
                .into_bytes()
        })
        .boxed()
}

/// A `PUT /_emulator/faults` document, with values in and out of range.
fn faults_body() -> BoxedStrategy<Vec<u8>> {
    let rate = prop_oneof![
        Just(json!(0.0)),
        Just(json!(0.5)),
        Just(json!(1.0)),
        Just(json!(-1)),
        Just(json!(2)),
        Just(json!("0.5")),
        any::<f64>().prop_map(|f| json!(f)),
    ];
    (
        proptest::option::of(rate.clone()),
        proptest::option::of(rate.clone()),
        proptest::option::of(rate),
        proptest::option::of(prop_oneof![
            (0u64..50).prop_map(Value::from),
            select(vec![10_000u64, 10_001, u64::MAX]).prop_map(Value::from),
            Just(json!(-1)),
        ]),
        proptest::option::of((any::<u32>(), any::<f64>(), 0u32..4, 0f64..10.0)),
        any::<bool>(),
    )
        .prop_map(|(error, before, after, latency, throttle, unknown)| {
            let mut faults = serde_json::Map::new();
            let mut put = |key: &str, value: Option<Value>| {
                if let Some(value) = value {
                    faults.insert(key.to_owned(), value);
                }
            };
            put("errorRate", error);
            put("dropBeforeApplyRate", before);
            put("dropAfterApplyRate", after);
            put("latencyMs", latency);
            put(
                "throttle",
                throttle.map(|(capacity, refill, small_capacity, small_refill)| {
                    if capacity % 2 == 0 {
                        json!({ "capacity": small_capacity, "refillPerSecond": small_refill })
                    } else {
                        json!({ "capacity": capacity, "refillPerSecond": refill })
                    }
                }),
            );
            if unknown {
                put("chaos", Some(json!(true)));
            }
            Value::Object(faults).to_string().into_bytes()
        })
        .boxed()
}

/// Any body: one of the above, empty, arbitrary bytes, or just over the 64 KiB limit.
fn body() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        2 => Just(Vec::new()),
        3 => integer_body(),
        5 => object_body(),
        2 => form_body(),
        2 => faults_body(),
        2 => prop::collection::vec(any::<u8>(), 0..64),
        1 => (65_530usize..65_545).prop_map(|len| vec![b'1'; len]),
    ]
    .boxed()
}

/// A request an endpoint serves: its method, a path that routes to it (any case, maybe a
/// trailing `/`) and a body of the kind it reads.
fn endpoint_request() -> BoxedStrategy<(Vec<u8>, String, Vec<u8>)> {
    let customer = customer_segment();
    let tenant = prop_oneof![
        Just("common".to_owned()),
        Just("contoso.onmicrosoft.com".to_owned()),
        "[a-z0-9.-]{0,20}",
    ];
    let request =
        |method: &str, path: String, body: Vec<u8>| (method.as_bytes().to_vec(), path, body);
    let shaped = prop_oneof![
        6 => (customer.clone(), create_body()).prop_map(move |(c, body)| {
            request("POST", format!("/v1/customers/{c}/qualifications"), body)
        }),
        2 => (customer.clone(), integer_body()).prop_map(move |(c, body)| {
            request("PUT", format!("/v1/customers/{c}/qualification"), body)
        }),
        3 => customer.clone().prop_map(move |c| {
            request("GET", format!("/v1/customers/{c}/qualifications"), Vec::new())
        }),
        1 => customer.prop_map(move |c| {
            request("GET", format!("/v1/customers/{c}/qualification"), Vec::new())
        }),
        1 => Just(request("GET", "/v1/customers/all/validations".to_owned(), Vec::new())),
        2 => (tenant, form_body()).prop_map(move |(tenant, body)| {
            request("POST", format!("/{tenant}/oauth2/token"), body)
        }),
        1 => Just(request("GET", "/_emulator/requests".to_owned(), Vec::new())),
        1 => Just(request("GET", "/_emulator/faults".to_owned(), Vec::new())),
        1 => faults_body().prop_map(move |body| request("PUT", "/_emulator/faults".to_owned(), body)),
        1 => Just(request("POST", "/_emulator/reset".to_owned(), b"{}".to_vec())),
    ];
    let respell = (any::<bool>(), select(vec!["", "", "", "/"]));
    (shaped, respell)
        .prop_map(|((method, path, body), (upper, slash))| {
            let path = if upper && !path.starts_with("/_emulator") {
                path.to_uppercase()
            } else {
                path
            };
            (method, format!("{path}{slash}"), body)
        })
        .boxed()
}

/// One request of a sequence, and how long to wait on the paused clock before it.
#[derive(Debug, Clone)]
struct Call {
    method: Vec<u8>,
    target: Target,
    headers: Vec<(Vec<u8>, Vec<u8>)>,
    body: Vec<u8>,
    wait_ms: u64,
}

fn call(bases: Vec<&'static str>) -> BoxedStrategy<Call> {
    let wait = prop_oneof![4 => Just(0u64), 1 => 0u64..5_000];
    // Most calls are shaped for an endpoint, one part of them sometimes replaced by anything.
    let shaped = (
        endpoint_request(),
        prop_oneof![6 => Just(0u8), 1 => 1u8..4],
        method(),
        path(),
        body(),
    )
        .prop_map(
            |((method, path, body), swap, any_method, any_path, any_body)| match swap {
                0 => (method, path, body),
                1 => (any_method, path, body),
                2 => (method, any_path, body),
                _ => (method, path, any_body),
            },
        );
    let parts = prop_oneof![3 => shaped, 1 => (method(), path(), body())];
    (parts, target(bases), headers(), wait)
        .prop_map(|((method, path, body), mut target, headers, wait_ms)| {
            target.path = path;
            Call {
                method,
                target,
                headers,
                body,
                wait_ms,
            }
        })
        .boxed()
}

impl Call {
    /// The `http::Request`, built the way a client would build it: parts that do not form a
    /// valid method, header name or value are replaced or left out.
    fn request(&self) -> Result<Request<Bytes>, TestCaseError> {
        let method = Method::from_bytes(&self.method).unwrap_or(Method::GET);
        let mut request = Request::new(Bytes::from(self.body.clone()));
        *request.method_mut() = method;
        *request.uri_mut() = self.target.uri()?;
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) =
                (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
            {
                headers.append(name, value);
            }
        }
        Ok(request)
    }
}

/// Faults to start with: none most of the time, so that the "no 5xx without an injected fault"
/// rule is checked; any, sometimes.
fn initial_faults() -> impl Strategy<Value = Faults> {
    let rate = prop_oneof![Just(0.0), Just(1.0), 0.0f64..1.0];
    let some = (
        proptest::option::of((1u32..4, 0.0f64..2.0)),
        rate.clone(),
        0u64..20,
        rate.clone(),
        rate,
    )
        .prop_map(|(throttle, error_rate, latency_ms, before, after)| Faults {
            throttle: throttle.map(|(capacity, refill)| Throttle::new(capacity, refill)),
            error_rate,
            latency_ms,
            drop_before_apply_rate: before,
            drop_after_apply_rate: after,
        });
    prop_oneof![4 => Just(Faults::default()), 1 => some]
}

/// A fresh emulator's settings and the calls to send it.
fn scenario(bases: Vec<&'static str>) -> impl Strategy<Value = (u64, Faults, Vec<Call>)> {
    (
        any::<u64>(),
        initial_faults(),
        prop::collection::vec(call(bases), 1..6),
    )
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// The header as text, if present and text.
fn header(headers: &HeaderMap, name: impl http::header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Checks one answer against the faults that were in force when it was asked.
fn check_response(sent: &HeaderMap, response: &Response<Bytes>, faults: &Faults) -> TestCaseResult {
    let status = response.status().as_u16();
    let headers = response.headers();
    prop_assert_eq!(header(headers, CONTENT_TYPE), Some("application/json"));
    prop_assert_eq!(header(headers, "ms-serverid"), Some("pc-emulator"));
    prop_assert!(headers.contains_key("ms-cv"));

    // The body: empty or JSON; an object for every error.
    let body = response.body();
    if !body.is_empty() || status >= 400 {
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            TestCaseError::fail(format!(
                "{status} with a body that is not JSON ({e}): {:?}",
                String::from_utf8_lossy(body)
            ))
        })?;
        if status >= 400 {
            prop_assert!(value.is_object(), "{} with {}", status, value);
        }
    }

    // The ids: a GUID sent is echoed as sent.
    for name in ["ms-requestid", "ms-correlationid"] {
        if let Some(sent) = sent.get(name)
            && sent
                .to_str()
                .is_ok_and(|text| pc_models::parse_hyphenated_guid(text).is_ok())
            && sent.len() == 36
        {
            prop_assert_eq!(headers.get(name), Some(sent), "{} not echoed", name);
        }
    }

    // Statuses that only faults produce, and the headers some statuses need.
    if status >= 500 {
        prop_assert!(
            faults.error_rate > 0.0 && (status == 500 || status == 503),
            "{} without an injected server error (faults {:?}): {}",
            status,
            faults,
            String::from_utf8_lossy(body)
        );
    }
    if status == 429 {
        prop_assert!(faults.throttle.is_some(), "429 without throttling");
        prop_assert!(header(headers, RETRY_AFTER).is_some_and(|v| v.parse::<u64>().is_ok()));
    }
    if status == 405 {
        prop_assert!(header(headers, ALLOW).is_some_and(|v| !v.is_empty()));
    }
    Ok(())
}

/// How many answers had each status (`0`: dropped), to show what a run reached.
#[derive(Debug, Default)]
struct Statuses(Mutex<BTreeMap<u16, u64>>);

impl Statuses {
    fn count(&self, status: u16) {
        if let Ok(mut counts) = self.0.lock() {
            *counts.entry(status).or_default() += 1;
        }
    }

    fn print(&self, target: &str) {
        if let Ok(counts) = self.0.lock() {
            let shown: Vec<String> = counts.iter().map(|(s, n)| format!("{s}: {n}")).collect();
            println!(
                "fuzz pc-emulator/{target}: answers by status {{{}}}",
                shown.join(", ")
            );
        }
    }
}

/// Whether the faults can close a connection without an answer.
fn may_drop(faults: &Faults) -> bool {
    faults.drop_before_apply_rate > 0.0 || faults.drop_after_apply_rate > 0.0
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

#[test]
fn emulator_call() {
    let runtime = runtime();
    let statuses = Statuses::default();
    let bases = vec![""];
    fuzz("emulator_call", scenario(bases), |(seed, faults, calls)| {
        runtime.block_on(async {
            let emulator = Emulator::new(EmulatorConfig::default().seed(seed).faults(faults));
            let mut drops = 0;
            for call in &calls {
                tokio::time::sleep(Duration::from_millis(call.wait_ms)).await;
                let request = call.request()?;
                let in_force = emulator.faults();
                let sent = request.headers().clone();
                match emulator.call(request.map(Full::new)).await {
                    Ok(response) => {
                        statuses.count(response.status().as_u16());
                        check_response(&sent, &response, &in_force)?;
                    }
                    Err(dropped) => {
                        statuses.count(0);
                        drops += 1;
                        prop_assert!(
                            may_drop(&in_force),
                            "dropped without drop faults ({:?}): {}",
                            in_force,
                            dropped
                        );
                    }
                }
            }
            let log = emulator.request_log();
            prop_assert!(log.len() <= calls.len());
            prop_assert!(log.iter().filter(|entry| entry.status == 0).count() <= drops);
            for entry in &log {
                prop_assert!(entry.status == 0 || (100..600).contains(&entry.status));
                prop_assert!(serde_json::to_string(entry).is_ok());
            }
            Ok(())
        })
    });
    statuses.print("emulator_call");
}

#[test]
fn emulator_transport() {
    let runtime = runtime();
    let statuses = Statuses::default();
    let bases = vec!["http://127.0.0.1", "https://x:1", "http://127.0.0.1:9", ""];
    let limit = prop_oneof![
        2 => Just(None),
        1 => (0usize..512).prop_map(Some),
    ];
    let input = (scenario(bases), prop::collection::vec(limit, 6));
    fuzz(
        "emulator_transport",
        input,
        |((seed, faults, calls), limits)| {
            runtime.block_on(async {
                let emulator = Emulator::new(EmulatorConfig::default().seed(seed).faults(faults));
                let transport = emulator.transport();
                for (call, limit) in calls.iter().zip(limits) {
                    tokio::time::sleep(Duration::from_millis(call.wait_ms)).await;
                    let mut request = call.request()?;
                    if let Some(limit) = limit {
                        request.extensions_mut().insert(ResponseLimit(limit));
                    }
                    let max = ResponseLimit::of(&request);
                    let in_force = emulator.faults();
                    let sent = request.headers().clone();
                    match transport.send(request).await {
                        Ok(response) => {
                            statuses.count(response.status().as_u16());
                            check_response(&sent, &response, &in_force)?;
                            let length = response.body().len();
                            let declared = header(response.headers(), CONTENT_LENGTH)
                                .and_then(|value| value.parse::<usize>().ok());
                            prop_assert!(length <= max);
                            prop_assert_eq!(declared, Some(length));
                        }
                        Err(error) => {
                            statuses.count(0);
                            match error.kind() {
                                TransportErrorKind::BodyTooLarge => prop_assert!(limit.is_some()),
                                TransportErrorKind::Io => prop_assert!(
                                    may_drop(&in_force),
                                    "dropped without drop faults ({:?}): {}",
                                    in_force,
                                    error
                                ),
                                other => prop_assert!(
                                    false,
                                    "unexpected error kind {:?}: {}",
                                    other,
                                    error
                                ),
                            }
                        }
                    }
                }
                Ok(())
            })
        },
    );
    statuses.print("emulator_transport");
}

// ---------------------------------------------------------------------------------------------
// Regression tests: one per crash or failure the targets found, with its minimal input
// ---------------------------------------------------------------------------------------------

//! Test helpers: an emulator with a client, calls with fresh ids, answers with checked headers.

use std::time::Duration;

use pc_emulator::{Emulator, EmulatorConfig, EmulatorHandle, demo};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use uuid::Uuid;

/// A customer GUID ending in an even hex digit (Education is Approved).
pub(crate) const EVEN_CUSTOMER: &str = "11111111-2222-4333-8444-555555555550";
/// A customer GUID ending in an odd hex digit (Education is Denied).
pub(crate) const ODD_CUSTOMER: &str = "11111111-2222-4333-8444-55555555555b";

/// A running emulator and a client for it.
pub(crate) struct Api {
    pub(crate) handle: EmulatorHandle,
    client: reqwest::Client,
}

impl Api {
    /// An emulator with the default configuration but a 50 ms vetting delay.
    pub(crate) async fn start() -> Self {
        Self::start_with(EmulatorConfig::default().vetting_delay(Duration::from_millis(50))).await
    }

    pub(crate) async fn start_with(config: EmulatorConfig) -> Self {
        let handle = Emulator::start(config).await.expect("emulator starts");
        Self {
            handle,
            client: client(),
        }
    }

    /// A call with the demo token and fresh `MS-RequestId` / `MS-CorrelationId`.
    pub(crate) fn call(&self, method: Method, path: impl Into<String>) -> Call<'_> {
        Call {
            api: self,
            method,
            path: path.into(),
            token: Some(demo::DEMO_TOKEN.to_owned()),
            body: None,
            content_type: "application/json",
            request_id: Uuid::new_v4().to_string(),
            correlation_id: Uuid::new_v4().to_string(),
        }
    }

    pub(crate) fn get(&self, path: impl Into<String>) -> Call<'_> {
        self.call(Method::GET, path)
    }

    pub(crate) fn post(&self, path: impl Into<String>, body: &str) -> Call<'_> {
        self.call(Method::POST, path).body(body)
    }

    pub(crate) fn put(&self, path: impl Into<String>, body: &str) -> Call<'_> {
        self.call(Method::PUT, path).body(body)
    }

    /// A token-endpoint call with a form body.
    pub(crate) async fn token(&self, form: &[(&str, &str)]) -> Answer {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        self.call(Method::POST, "/contoso.onmicrosoft.com/oauth2/token")
            .no_token()
            .form(body)
            .send()
            .await
    }

    /// The current qualifications of a customer, through the handle.
    pub(crate) fn state(&self, customer: &str) -> Vec<pc_models::Qualification> {
        self.handle
            .qualifications(&customer.parse().expect("test customer is a GUID"))
    }
}

/// A reqwest client that ignores proxies and gives up after 10 seconds.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest client builds")
}

/// One request to send.
pub(crate) struct Call<'a> {
    api: &'a Api,
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<String>,
    content_type: &'static str,
    pub(crate) request_id: String,
    pub(crate) correlation_id: String,
}

impl Call<'_> {
    pub(crate) fn token(mut self, token: &str) -> Self {
        self.token = Some(token.to_owned());
        self
    }

    pub(crate) fn no_token(mut self) -> Self {
        self.token = None;
        self
    }

    pub(crate) fn body(mut self, body: &str) -> Self {
        self.body = Some(body.to_owned());
        self
    }

    pub(crate) fn form(mut self, body: String) -> Self {
        self.body = Some(body);
        self.content_type = "application/x-www-form-urlencoded";
        self
    }

    pub(crate) fn request_id(mut self, id: &str) -> Self {
        self.request_id = id.to_owned();
        self
    }

    /// Sends and returns the answer, or the client's error (a dropped connection).
    pub(crate) async fn try_send(self) -> Result<Answer, reqwest::Error> {
        let url = format!("{}{}", self.api.handle.base_url(), self.path);
        let mut request = self
            .api
            .client
            .request(self.method, url)
            .header("MS-RequestId", &self.request_id)
            .header("MS-CorrelationId", &self.correlation_id)
            .header("Accept", "application/json");
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = self.body {
            request = request.header("Content-Type", self.content_type).body(body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        let answer = Answer {
            status,
            headers,
            body,
        };
        answer.assert_common_headers(&self.request_id, &self.correlation_id);
        Ok(answer)
    }

    /// Sends; the request must get an answer.
    pub(crate) async fn send(self) -> Answer {
        self.try_send().await.expect("the emulator answers")
    }
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    /// The body as JSON.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// A header as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every answer is JSON, echoes both ids and names the server.
    fn assert_common_headers(&self, request_id: &str, correlation_id: &str) {
        assert_eq!(self.header("content-type"), Some("application/json"));
        assert_eq!(self.header("ms-requestid"), Some(request_id));
        assert_eq!(self.header("ms-correlationid"), Some(correlation_id));
        assert_eq!(self.header("ms-serverid"), Some("pc-emulator"));
        assert!(
            self.header("ms-cv").is_some_and(|cv| cv.ends_with(".0")),
            "{:?}",
            self.headers
        );
    }

    /// Asserts status and exact JSON body.
    #[track_caller]
    pub(crate) fn assert(&self, status: u16, body: Value) {
        assert_eq!(
            (self.status, self.json()),
            (status, body),
            "unexpected answer"
        );
    }

    /// Asserts status and a documented error body.
    #[track_caller]
    pub(crate) fn assert_error(&self, status: u16, code: &str, description: &str) {
        self.assert(status, documented(code, description));
    }
}

/// A documented error body as the emulator sends it.
pub(crate) fn documented(code: &str, description: &str) -> Value {
    json!({"code": code, "description": description, "data": [], "source": "PartnerFD"})
}

/// `/v1/customers/{customer}/qualifications`.
pub(crate) fn qualifications(customer: &str) -> String {
    format!("/v1/customers/{customer}/qualifications")
}

/// `/v1/customers/{customer}/qualification`.
pub(crate) fn legacy(customer: &str) -> String {
    format!("/v1/customers/{customer}/qualification")
}

/// Removes `vettingCreateDate` from a record (or from each record of an array) and checks it is a
/// UTC timestamp with `Z` within a minute of now.
#[track_caller]
pub(crate) fn without_date(mut value: Value) -> Value {
    fn strip(record: &mut Value) {
        if let Some(map) = record.as_object_mut()
            && let Some(date) = map.remove("vettingCreateDate")
        {
            let text = date.as_str().expect("vettingCreateDate is a string");
            assert!(text.ends_with('Z'), "{text}");
            let at =
                time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                    .expect("vettingCreateDate is RFC 3339");
            let age = (time::OffsetDateTime::now_utc() - at).abs();
            assert!(age < time::Duration::minutes(1), "{text}");
        }
    }
    match &mut value {
        Value::Array(records) => records.iter_mut().for_each(strip),
        record => strip(record),
    }
    value
}

/// Polls a customer's Education record until vetting has decided (at most 2 seconds).
pub(crate) async fn wait_for_vetting(api: &Api, customer: &str) -> Value {
    for _ in 0..100 {
        let list = api.get(qualifications(customer)).send().await.json();
        let decided = list
            .as_array()
            .and_then(|records| records.first())
            .and_then(|record| record.get("vettingStatus"))
            .is_some_and(|status| status != "InReview");
        if decided {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("vetting of {customer} did not finish within 2 seconds");
}

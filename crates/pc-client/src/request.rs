//! Building the HTTP request of one attempt.
//!
//! Every request: `Authorization: Bearer` (marked sensitive), `Accept: application/json`,
//! `MS-RequestId`, `MS-CorrelationId`, `MS-Contract-Version: v1`, `User-Agent`, and
//! `Content-Type: application/json` on bodies, `X-Locale` and `MS-PartnerCenter-Application` when
//! configured. The request carries the response limit as a [`ResponseLimit`] extension.

use http::HeaderValue;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use pc_models::Secret;
use pc_transport::ResponseLimit;
use pc_transport::headers::{
    MS_CONTRACT_VERSION, MS_CORRELATION_ID, MS_PARTNER_CENTER_APPLICATION, MS_REQUEST_ID, X_LOCALE,
};
use uuid::Uuid;

use crate::Error;
use crate::call::{Call, Ids};
use crate::pipeline::Pipeline;

impl Pipeline {
    /// The request of one attempt of `call`.
    pub(crate) fn build_request(
        &self,
        call: &Call,
        ids: Ids,
        token: &Secret,
        locale: Option<&HeaderValue>,
    ) -> Result<pc_transport::Request, Error> {
        let mut url = url::Url::parse(&format!("{}{}", self.base_url, call.path))
            .map_err(|e| Error::invalid_input(format!("invalid request URL: {e}")))?;
        if let Some(code) = &call.query_code {
            url.query_pairs_mut().append_pair("code", code.expose());
        }
        let body = call.body.clone().unwrap_or_default();
        let mut request = http::Request::builder()
            .method(call.endpoint.method.as_str())
            .uri(url.as_str())
            .body(body)
            .map_err(|_| Error::invalid_input("the request could not be built"))?;
        let headers = request.headers_mut();
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| Error::auth("the access token holds characters a header cannot carry"))?;
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(MS_REQUEST_ID, uuid_header(ids.request_id));
        headers.insert(MS_CORRELATION_ID, uuid_header(ids.correlation_id));
        headers.insert(MS_CONTRACT_VERSION, HeaderValue::from_static("v1"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        if call.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        if let Some(locale) = locale {
            headers.insert(X_LOCALE, locale.clone());
        }
        if let Some(application) = &self.application {
            headers.insert(MS_PARTNER_CENTER_APPLICATION, application.clone());
        }
        request
            .extensions_mut()
            .insert(ResponseLimit(self.max_response_bytes));
        Ok(request)
    }
}

fn uuid_header(id: Uuid) -> HeaderValue {
    let mut buffer = Uuid::encode_buffer();
    // A hyphenated GUID is always a valid header value.
    HeaderValue::from_str(id.hyphenated().encode_lower(&mut buffer))
        .unwrap_or_else(|_| HeaderValue::from_static("00000000-0000-0000-0000-000000000000"))
}

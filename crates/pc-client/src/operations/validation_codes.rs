//! The partner's GCC validation codes.
//!
//! - [`ValidationCodes`]: `list` (`GET /v1/customers/all/validations`).

use http::Method;
use pc_models::{ValidationCode, decode_validation_codes};

use crate::pipeline::{Call, Pipeline};
use crate::{CallOptions, Error, Reply};

/// `GET /v1/customers/all/validations`: `client.validation_codes()`.
#[derive(Debug, Clone)]
pub struct ValidationCodes<'a> {
    pipeline: &'a Pipeline,
    options: CallOptions,
}

impl<'a> ValidationCodes<'a> {
    pub(crate) fn new(pipeline: &'a Pipeline) -> Self {
        Self {
            pipeline,
            options: CallOptions::default(),
        }
    }

    /// Uses `options` (pinned ids, locale) for the calls made through this value.
    #[must_use]
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    /// Lists the partner's validation codes (App-only or App+User).
    ///
    /// # Errors
    ///
    /// Any [`Error`] of the exchange. A decode error never quotes the body (it holds codes).
    pub async fn list(&self) -> Result<Vec<ValidationCode>, Error> {
        self.list_reply().await.map(Reply::into_value)
    }

    /// [`list`](Self::list), with the status and ids of the exchange.
    ///
    /// # Errors
    ///
    /// As [`list`](Self::list).
    pub async fn list_reply(&self) -> Result<Reply<Vec<ValidationCode>>, Error> {
        let path = "/v1/customers/all/validations".to_owned();
        let call =
            Call::new("validation_codes.list", Method::GET, path, &self.options).withhold_body();
        self.pipeline
            .run(call, "validation codes", decode_validation_codes)
            .await
    }
}

//! The legacy synchronous qualification API (deprecated by Partner Center, still served).
//!
//! - [`LegacyQualification`]: `get` and `update` on `.../qualification`.

use http::Method;
use pc_models::{
    CustomerId, CustomerQualification, QualificationName, QualificationRequest, Secret,
    decode_legacy_qualification,
};

use crate::pipeline::{Call, Pipeline};
use crate::{CallOptions, Error, Reply};

/// `GET`/`PUT /v1/customers/{id}/qualification`: `client.customer(id).qualification()`.
#[derive(Debug, Clone)]
pub struct LegacyQualification<'a> {
    pipeline: &'a Pipeline,
    customer: CustomerId,
    options: CallOptions,
}

impl<'a> LegacyQualification<'a> {
    pub(crate) fn new(pipeline: &'a Pipeline, customer: CustomerId) -> Self {
        Self {
            pipeline,
            customer,
            options: CallOptions::default(),
        }
    }

    /// Uses `options` (pinned ids, locale) for the calls made through this value.
    #[must_use]
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    fn path(&self) -> String {
        format!("/v1/customers/{}/qualification", self.customer)
    }

    /// Reads the customer's qualification: a bare lower-case string on the wire (`"education"`).
    ///
    /// # Errors
    ///
    /// Any [`Error`] of the exchange.
    pub async fn get(&self) -> Result<QualificationName, Error> {
        self.get_reply().await.map(Reply::into_value)
    }

    /// [`get`](Self::get), with the status and ids of the exchange.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    pub async fn get_reply(&self) -> Result<Reply<QualificationName>, Error> {
        let call = Call::new("qualification.get", Method::GET, self.path(), &self.options)
            .customer(self.customer);
        self.pipeline
            .run(call, "a qualification name", decode_legacy_qualification)
            .await
    }

    /// Sets the qualification synchronously: integer body, GCC code in `?code=`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), with nothing sent, for
    /// `None`, `Nonprofit`, `StateOwnedEntity`, GCC without a code or a code with anything but GCC;
    /// otherwise any [`Error`] of the exchange.
    pub async fn update(
        &self,
        qualification: CustomerQualification,
        validation_code: Option<Secret>,
    ) -> Result<QualificationName, Error> {
        self.update_reply(qualification, validation_code)
            .await
            .map(Reply::into_value)
    }

    /// [`update`](Self::update), with the status and ids of the exchange.
    ///
    /// # Errors
    ///
    /// As [`update`](Self::update).
    pub async fn update_reply(
        &self,
        qualification: CustomerQualification,
        validation_code: Option<Secret>,
    ) -> Result<Reply<QualificationName>, Error> {
        let mut request = QualificationRequest::new(qualification);
        if let Some(code) = validation_code {
            request = request.with_validation_code(code);
        }
        let (body, query_code) = request.encode_legacy()?.into_parts();
        let call = Call::new(
            "qualification.update",
            Method::PUT,
            self.path(),
            &self.options,
        )
        .customer(self.customer)
        .body(body, query_code, request.validation_code().cloned());
        self.pipeline
            .run(call, "a qualification name", decode_legacy_qualification)
            .await
    }
}

//! One logical call, as the operations describe it to the pipeline.
//!
//! - `Call`: the endpoint, the rendered path, the body and the secrets it carries.
//! - `Ids`: the `MS-RequestId` and `MS-CorrelationId` fixed before the first attempt.

use std::fmt;

use bytes::Bytes;
use pc_models::{
    CustomerId, EncodedRequest, Endpoint, Operation, QualificationRequest, RequestError, Secret,
};
use uuid::Uuid;

use crate::Error;

/// One logical call, before ids are assigned. Built from a row of the endpoint table.
pub(crate) struct Call {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) path: String,
    pub(crate) customer: Option<CustomerId>,
    /// The value of `?code=`, if the contract puts the validation code there.
    pub(crate) query_code: Option<Secret>,
    /// The call's validation code, wherever it travels: redacted from anything quoted.
    pub(crate) secret: Option<Secret>,
    pub(crate) body: Option<Bytes>,
    /// Whether a success body may be quoted in a decode error (false when it holds codes).
    pub(crate) quotable: bool,
}

impl fmt::Debug for Call {
    /// The body may hold a validation code: only its length is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.endpoint.name)
            .field("path", &self.path)
            .field("has_query_code", &self.query_code.is_some())
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .finish()
    }
}

impl Call {
    /// A call of `operation` with no body and no secret, its path rendered for `customer`.
    pub(crate) fn new(operation: Operation, customer: Option<CustomerId>) -> Self {
        let endpoint = operation.endpoint();
        Self {
            endpoint,
            path: endpoint.path(customer),
            customer,
            query_code: None,
            secret: None,
            body: None,
            quotable: true,
        }
    }

    /// Never quotes the success body in errors (it holds validation codes).
    pub(crate) fn withhold_body(mut self) -> Self {
        self.quotable = false;
        self
    }

    /// A call of `operation` for `customer` carrying `request` encoded: its `application/json`
    /// body, the code the query carries, and the request's validation code as the call's secret.
    /// A request the encoder refused gives the refusal as an invalid-input error.
    pub(crate) fn encoded(
        operation: Operation,
        customer: CustomerId,
        request: &QualificationRequest,
        encoded: Result<EncodedRequest, RequestError>,
    ) -> Result<Self, Error> {
        let (body, query_code) = encoded?.into_parts();
        let mut call = Self::new(operation, Some(customer));
        call.body = Some(Bytes::from(body));
        call.query_code = query_code;
        call.secret = request.validation_code().cloned();
        Ok(call)
    }
}

/// The ids of one logical call, fixed before the first attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ids {
    pub(crate) request_id: Uuid,
    pub(crate) correlation_id: Uuid,
}

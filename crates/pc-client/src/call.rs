//! One logical call, as the operations describe it to the pipeline.
//!
//! - `Call`: the endpoint, the rendered path, the body and the secrets it carries.
//! - `Ids`: the `MS-RequestId` and `MS-CorrelationId` fixed before the first attempt.

use std::fmt;

use bytes::Bytes;
use pc_models::{CustomerId, Endpoint, Operation, Secret};
use uuid::Uuid;

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

    /// An `application/json` body and the code it or the query carries.
    pub(crate) fn body(
        mut self,
        body: Vec<u8>,
        query_code: Option<Secret>,
        secret: Option<Secret>,
    ) -> Self {
        self.body = Some(Bytes::from(body));
        self.query_code = query_code;
        self.secret = secret;
        self
    }
}

/// The ids of one logical call, fixed before the first attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ids {
    pub(crate) request_id: Uuid,
    pub(crate) correlation_id: Uuid,
}

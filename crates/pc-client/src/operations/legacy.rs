//! The legacy synchronous qualification API (deprecated by Partner Center, still served).
//!
//! - [`LegacyQualification`]: `get` and `update` on `.../qualification` (singular).

use std::sync::Arc;

use pc_models::{
    CustomerId, CustomerQualification, Operation, QualificationName, QualificationRequest, Secret,
    decode_legacy_qualification,
};

use crate::RequestBuilder;
use crate::call::Call;
use crate::pipeline::Pipeline;

/// `GET`/`PUT /v1/customers/{id}/qualification`: `client.customer(id).legacy_qualification()`.
/// Owned and cheap to clone.
#[derive(Debug, Clone)]
pub struct LegacyQualification {
    pipeline: Arc<Pipeline>,
    customer: CustomerId,
}

impl LegacyQualification {
    pub(crate) fn new(pipeline: Arc<Pipeline>, customer: CustomerId) -> Self {
        Self { pipeline, customer }
    }

    /// Reads the customer's qualification: a bare lower-case string on the wire (`"education"`).
    pub fn get(&self) -> RequestBuilder<QualificationName> {
        let call = Call::new(Operation::GetLegacyQualification, Some(self.customer));
        RequestBuilder::new(
            Arc::clone(&self.pipeline),
            Ok(call),
            "a qualification name",
            decode_legacy_qualification,
        )
    }

    /// Sets the qualification synchronously: integer body, GCC code in `?code=`.
    ///
    /// Refused locally when awaited ([`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput),
    /// nothing sent) for `None`, `Nonprofit`, `StateOwnedEntity`, GCC without a code or a code with
    /// anything but GCC.
    pub fn update(
        &self,
        qualification: CustomerQualification,
        validation_code: Option<Secret>,
    ) -> RequestBuilder<QualificationName> {
        let mut request = QualificationRequest::new(qualification);
        if let Some(code) = validation_code {
            request = request.with_validation_code(code);
        }
        let call = Call::encoded(
            Operation::UpdateLegacyQualification,
            self.customer,
            &request,
            request.encode_legacy(),
        );
        RequestBuilder::new(
            Arc::clone(&self.pipeline),
            call,
            "a qualification name",
            decode_legacy_qualification,
        )
    }
}

//! The partner's GCC validation codes.
//!
//! - [`ValidationCodes`]: `list` (`GET /v1/customers/all/validations`).

use std::sync::Arc;

use pc_models::{Operation, ValidationCode, decode_validation_codes};

use crate::RequestBuilder;
use crate::call::Call;
use crate::pipeline::Pipeline;

/// `GET /v1/customers/all/validations`: `client.validation_codes()`. Owned and cheap to clone.
#[derive(Debug, Clone)]
pub struct ValidationCodes {
    pipeline: Arc<Pipeline>,
}

impl ValidationCodes {
    pub(crate) fn new(pipeline: Arc<Pipeline>) -> Self {
        Self { pipeline }
    }

    /// Lists the partner's validation codes (App-only or App+User).
    ///
    /// A decode error never quotes the body (it holds codes).
    pub fn list(&self) -> RequestBuilder<Vec<ValidationCode>> {
        let call = Call::new(Operation::ListValidationCodes, None).withhold_body();
        RequestBuilder::new(
            Arc::clone(&self.pipeline),
            Ok(call),
            "validation codes",
            decode_validation_codes,
        )
    }
}

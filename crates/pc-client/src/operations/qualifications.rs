//! The asynchronous qualification API.
//!
//! - [`Qualifications`]: `list` (`GET`), `create` (`POST .../qualifications`) and
//!   `wait_for_vetting` (polls `list`).

use std::sync::Arc;

use pc_models::{
    CustomerId, CustomerQualification, Operation, Qualification, QualificationRequest,
    decode_qualification_list,
};

use crate::call::Call;
use crate::pipeline::Pipeline;
use crate::{RequestBuilder, VettingPoller, WaitOptions};

/// `GET`/`POST /v1/customers/{id}/qualifications`: `client.customer(id).qualifications()`.
/// Owned and cheap to clone.
#[derive(Debug, Clone)]
pub struct Qualifications {
    pipeline: Arc<Pipeline>,
    customer: CustomerId,
}

impl Qualifications {
    pub(crate) fn new(pipeline: Arc<Pipeline>, customer: CustomerId) -> Self {
        Self { pipeline, customer }
    }

    /// The customer's id.
    pub fn customer_id(&self) -> CustomerId {
        self.customer
    }

    /// Lists the customer's qualifications (App-only or App+User).
    ///
    /// Accepts a bare array and the `{"qualifications":[...]}` wrapper.
    pub fn list(&self) -> RequestBuilder<Vec<Qualification>> {
        RequestBuilder::new(
            Arc::clone(&self.pipeline),
            Ok(Call::new(
                Operation::ListQualifications,
                Some(self.customer),
            )),
            "a qualification list",
            decode_qualification_list,
        )
    }

    /// Sets a qualification on the customer (App+User only): the core operation.
    ///
    /// Under [`Contract::Integer`](crate::Contract::Integer) the body is the enum's integer and a
    /// GCC code goes in `?code=`; under [`Contract::Object`](crate::Contract::Object) the body is
    /// the JSON object. `200` and `201` both succeed. A request the contract refuses (see
    /// [`QualificationRequest::encode`]) fails when awaited with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), having sent nothing.
    pub fn create(&self, request: QualificationRequest) -> RequestBuilder<Qualification> {
        let call = Call::encoded(
            Operation::CreateQualification,
            self.customer,
            &request,
            request.encode(self.pipeline.contract),
        );
        RequestBuilder::new(
            Arc::clone(&self.pipeline),
            call,
            "a qualification",
            |body| serde_json::from_slice(body),
        )
    }

    /// Polls [`list`](Self::list) until `qualification` is settled
    /// ([`Qualification::is_settled`]: `Approved`, `Denied`, or never vetted).
    ///
    /// `.await` the poller for the settled record, or call
    /// [`VettingPoller::next`] to see every poll. See [`VettingPoller`] for the errors.
    pub fn wait_for_vetting(
        &self,
        qualification: CustomerQualification,
        options: WaitOptions,
    ) -> VettingPoller {
        VettingPoller::new(self.clone(), qualification, options)
    }
}

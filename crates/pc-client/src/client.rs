//! The client and its entry points.
//!
//! - [`PartnerCenterClient`]: cheap to clone, no global state.
//! - [`Customer`]: the operations on one customer.

use std::sync::Arc;

use pc_models::{Contract, CustomerId};

use crate::pipeline::Pipeline;
use crate::{ClientBuilder, LegacyQualification, Qualifications, ValidationCodes};

/// A client of the Partner Center customer-qualification API.
///
/// Cloning is cheap: clones share one inner `Arc` (transport, credential, settings). There is no
/// global state; two clients with different settings coexist.
///
/// # Example
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = pc_client::PartnerCenterClient::builder()
///     .access_token("token")
///     .build()?;
/// for code in client.validation_codes().list().await? {
///     println!("{:?} remaining creates", code.remaining_creates);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PartnerCenterClient {
    pipeline: Arc<Pipeline>,
}

impl PartnerCenterClient {
    /// A builder with every setting at its default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_pipeline(pipeline: Pipeline) -> Self {
        Self {
            pipeline: Arc::new(pipeline),
        }
    }

    /// The operations on one customer.
    pub fn customer(&self, id: CustomerId) -> Customer<'_> {
        Customer {
            pipeline: &self.pipeline,
            id,
        }
    }

    /// The partner's GCC validation codes.
    pub fn validation_codes(&self) -> ValidationCodes<'_> {
        ValidationCodes::new(&self.pipeline)
    }

    /// The configured request contract.
    pub fn contract(&self) -> Contract {
        self.pipeline.contract
    }

    /// The API base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.pipeline.base_url
    }
}

/// The operations on one customer: `client.customer(id)`.
#[derive(Debug, Clone, Copy)]
pub struct Customer<'a> {
    pipeline: &'a Pipeline,
    id: CustomerId,
}

impl<'a> Customer<'a> {
    /// The customer's id.
    pub fn id(&self) -> CustomerId {
        self.id
    }

    /// The asynchronous qualification API: `GET`/`POST .../qualifications`.
    pub fn qualifications(&self) -> Qualifications<'a> {
        Qualifications::new(self.pipeline, self.id)
    }

    /// The legacy synchronous API: `GET`/`PUT .../qualification`.
    pub fn qualification(&self) -> LegacyQualification<'a> {
        LegacyQualification::new(self.pipeline, self.id)
    }
}

//! The client and its entry points.
//!
//! - [`PartnerCenterClient`]: cheap to clone, no global state.
//! - [`Customer`]: the operations on one customer, an owned handle.

use std::sync::Arc;

use pc_models::{Contract, CustomerId};

use crate::pipeline::Pipeline;
use crate::{ClientBuilder, LegacyQualification, Qualifications, ValidationCodes};

/// A client of the Partner Center customer-qualification API.
///
/// Cloning is cheap: clones share one inner `Arc` (transport, credential, settings). There is no
/// global state; two clients with different settings coexist. Every handle it gives
/// ([`Customer`], [`Qualifications`], ...) owns an `Arc` clone too: handles are
/// `Clone + Send + Sync + 'static` and can live in a service's own structs.
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
    pub fn customer(&self, id: CustomerId) -> Customer {
        Customer {
            pipeline: Arc::clone(&self.pipeline),
            id,
        }
    }

    /// The partner's GCC validation codes.
    pub fn validation_codes(&self) -> ValidationCodes {
        ValidationCodes::new(Arc::clone(&self.pipeline))
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

/// The operations on one customer: `client.customer(id)`. Owned: `Clone + Send + Sync + 'static`.
///
/// # Example: keep a handle in a service
///
/// ```
/// use pc_client::{Customer, PartnerCenterClient, QualificationRequest};
///
/// struct Onboarding {
///     customer: Customer,
/// }
///
/// impl Onboarding {
///     async fn mark_state_owned(&self) -> Result<(), pc_client::Error> {
///         let request = QualificationRequest::state_owned_entity();
///         self.customer.qualifications().create(request).await?;
///         Ok(())
///     }
/// }
/// # let _ = Onboarding::mark_state_owned;
/// ```
#[derive(Debug, Clone)]
pub struct Customer {
    pipeline: Arc<Pipeline>,
    id: CustomerId,
}

impl Customer {
    /// The customer's id.
    pub fn id(&self) -> CustomerId {
        self.id
    }

    /// The asynchronous qualification API: `GET`/`POST .../qualifications`.
    pub fn qualifications(&self) -> Qualifications {
        Qualifications::new(Arc::clone(&self.pipeline), self.id)
    }

    /// The deprecated synchronous API: `GET`/`PUT .../qualification` (singular).
    pub fn legacy_qualification(&self) -> LegacyQualification {
        LegacyQualification::new(Arc::clone(&self.pipeline), self.id)
    }
}

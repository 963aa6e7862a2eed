//! A small onboarding service, written as a partner's own crate would be: it depends on
//! `pc-client` alone.
//!
//! - [`Onboarding`]: keeps one client and a handle per customer, qualifies customers
//!   concurrently, and reports what it did.
//! - [`AuditTransport`]: a custom [`Transport`] that counts and audits every exchange before
//!   delegating to the SDK's reqwest transport.
//! - [`ConflictRule`]: a retry rule of the service's own.
//! - [`Outcome`]: what the service keeps of a create, naming the SDK's types through pc-client.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use pc_client::http::StatusCode;
use pc_client::time::OffsetDateTime;
use pc_client::uuid::Uuid;
use pc_client::{
    CallOptions, ClassifyRetry, Customer, CustomerId, Error, PartnerCenterClient, Qualification,
    QualificationRequest, Qualifications, Request, ReqwestTransport, Response, RetryAction,
    RetryPolicy, Transport, TransportError, VettingStatus,
};

/// A retry rule of the service's own: a `409` with the given service code is retried (the
/// default rules never retry a `409`).
#[derive(Debug, Clone)]
pub struct ConflictRule {
    /// The service code worth another attempt.
    pub code: &'static str,
}

impl ClassifyRetry for ConflictRule {
    fn classify(&self, error: &Error) -> RetryAction {
        if error.status() == Some(StatusCode::CONFLICT) && error.code() == Some(self.code) {
            RetryAction::Retry
        } else {
            RetryAction::NoActionIndicated
        }
    }
}

/// A transport of the service's own: counts exchanges and keeps the `MS-RequestId` of each,
/// then delegates to the SDK's reqwest transport.
#[derive(Debug, Clone)]
pub struct AuditTransport {
    inner: ReqwestTransport,
    sent: Arc<AtomicUsize>,
    request_ids: Arc<std::sync::Mutex<Vec<String>>>,
}

impl AuditTransport {
    /// Wraps a new reqwest transport.
    ///
    /// # Errors
    ///
    /// When the reqwest client cannot be built.
    pub fn new() -> Result<Self, TransportError> {
        Ok(Self {
            inner: ReqwestTransport::new()?,
            sent: Arc::default(),
            request_ids: Arc::default(),
        })
    }

    /// How many requests went out.
    pub fn sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }

    /// The `MS-RequestId` of every request, in order.
    pub fn request_ids(&self) -> Vec<String> {
        self.request_ids
            .lock()
            .map(|ids| ids.clone())
            .unwrap_or_default()
    }
}

#[pc_client::async_trait]
impl Transport for AuditTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        let id = request
            .headers()
            .get(pc_client::headers::MS_REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if let Ok(mut ids) = self.request_ids.lock() {
            ids.push(id);
        }
        self.inner.send(request).await
    }
}

/// What the service keeps of one create: every field typed with a type reached through
/// pc-client.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The customer.
    pub customer: CustomerId,
    /// The HTTP status of the create.
    pub status: StatusCode,
    /// The `MS-RequestId` the create was sent with.
    pub request_id: Uuid,
    /// The vetting status reported.
    pub vetting: Option<VettingStatus>,
    /// When vetting started.
    pub vetting_started: Option<OffsetDateTime>,
}

/// The service: one client for every task, a stored handle per customer.
#[derive(Debug, Clone)]
pub struct Onboarding {
    client: PartnerCenterClient,
    customers: HashMap<CustomerId, Customer>,
}

impl Onboarding {
    /// A service talking to `endpoint` through any `transport`, with the service's retry rule.
    ///
    /// # Errors
    ///
    /// When the client cannot be built from these settings.
    pub fn new(
        endpoint: &str,
        token: &str,
        transport: impl Transport + 'static,
    ) -> Result<Self, Error> {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(5))
            .with_classifier(ConflictRule { code: "800002" });
        let client = PartnerCenterClient::builder()
            .endpoint(endpoint)
            .access_token(token)
            .transport(transport)
            .retry_policy(policy)
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self::from_client(client))
    }

    /// A service on a client built elsewhere (a test kit's, say).
    pub fn from_client(client: PartnerCenterClient) -> Self {
        Self {
            client,
            customers: HashMap::new(),
        }
    }

    /// Registers customers: their handles are stored in the service.
    pub fn register(&mut self, ids: impl IntoIterator<Item = CustomerId>) {
        for id in ids {
            self.customers.insert(id, self.client.customer(id));
        }
    }

    /// The qualifications handle of a registered customer: a value returned from a function.
    pub fn qualifications(&self, id: CustomerId) -> Option<Qualifications> {
        self.customers.get(&id).map(Customer::qualifications)
    }

    /// The create of `request` for a registered customer, as a `Send + 'static` future the
    /// caller may spawn on its runtime; it resolves to what the service keeps.
    pub fn qualify(
        &self,
        id: CustomerId,
        request: QualificationRequest,
    ) -> Option<impl Future<Output = Result<Outcome, Error>> + Send + 'static> {
        let reply = self
            .customers
            .get(&id)?
            .qualifications()
            .create(request)
            .reply();
        Some(async move {
            let reply = reply.await?;
            Ok(Outcome {
                customer: id,
                status: reply.status,
                request_id: reply.request_id,
                vetting: reply.value.vetting_status.clone(),
                vetting_started: reply.value.vetting_create_date,
            })
        })
    }

    /// Lists one customer's qualifications with a pinned correlation id.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of the call.
    pub async fn list(
        &self,
        id: CustomerId,
        correlation: Uuid,
    ) -> Result<Vec<Qualification>, Error> {
        self.client
            .customer(id)
            .qualifications()
            .list()
            .options(CallOptions::default().correlation_id(correlation))
            .await
    }
}

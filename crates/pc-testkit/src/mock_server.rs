//! A mock Partner Center on wiremock, with a client already pointed at it.
//!
//! - [`MockPartnerCenter`]: a [`wiremock::MockServer`] on `127.0.0.1`, a client factory and the
//!   typed capture of what it received.
//! - [`TEST_TOKEN`], [`TEST_MAX_ATTEMPTS`], [`TEST_INITIAL_BACKOFF`], [`TEST_MAX_BACKOFF`],
//!   [`TEST_TIMEOUT`]: the settings of [`MockPartnerCenter::client`].
//! - [`test_retry_policy`]: the fast retry policy those settings make.
//!
//! # Examples
//!
//! ```
//! use pc_testkit::{MockPartnerCenter, fixtures, matchers, responders};
//! use wiremock::Mock;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pc = MockPartnerCenter::start().await;
//! Mock::given(matchers::list(fixtures::customer()))
//!     .respond_with(responders::list(&fixtures::list_soe()))
//!     .expect(1)
//!     .mount(pc.server())
//!     .await;
//!
//! let list = pc.client().customer(fixtures::customer()).qualifications().list().await?;
//!
//! assert_eq!(list, fixtures::list_soe());
//! assert_eq!(pc.captured().await.len(), 1);
//! # Ok(())
//! # }
//! ```

use std::time::Duration;

use pc_client::{ClientBuilder, PartnerCenterClient, RetryPolicy};
use wiremock::MockServer;

use crate::CapturedRequest;

/// The bearer token [`MockPartnerCenter::client`] sends (`Authorization: Bearer pc-testkit-token`).
pub const TEST_TOKEN: &str = "pc-testkit-token";

/// Attempts per call of [`MockPartnerCenter::client`], the first included: 4, as
/// [`RetryPolicy::default`].
pub const TEST_MAX_ATTEMPTS: u32 = 4;

/// The backoff ceiling of the first retry of [`MockPartnerCenter::client`]: 1 ms (the client's
/// default is 500 ms).
pub const TEST_INITIAL_BACKOFF: Duration = Duration::from_millis(1);

/// The largest backoff ceiling of [`MockPartnerCenter::client`]: 20 ms (the client's default is
/// 30 s). A `Retry-After` from the mock is still honoured: answer with
/// [`throttled(0)`](crate::responders::throttled) to retry at once.
pub const TEST_MAX_BACKOFF: Duration = Duration::from_millis(20);

/// The overall deadline of one call of [`MockPartnerCenter::client`], every attempt included:
/// 10 seconds (the client's default is 120 s), so a test that forgot a mock fails quickly.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The retry policy of [`MockPartnerCenter::client`]: [`TEST_MAX_ATTEMPTS`] attempts, backoff from
/// [`TEST_INITIAL_BACKOFF`] up to [`TEST_MAX_BACKOFF`], the client's default retry rules.
///
/// # Example
///
/// ```
/// use pc_testkit::{TEST_MAX_ATTEMPTS, test_retry_policy};
///
/// assert_eq!(test_retry_policy().attempts(), TEST_MAX_ATTEMPTS);
/// ```
pub fn test_retry_policy() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(TEST_MAX_ATTEMPTS)
        .initial_backoff(TEST_INITIAL_BACKOFF)
        .max_backoff(TEST_MAX_BACKOFF)
}

/// A mock Partner Center: a [`wiremock::MockServer`] on `127.0.0.1` (a free port), with a client
/// factory and the typed capture of what it received.
///
/// Mount mocks on [`server`](Self::server) with the [`matchers`](crate::matchers) and
/// [`responders`](crate::responders) of this crate (or wiremock's own). Use one per test: the
/// server stops when the value is dropped, and then checks every mock's `expect`.
///
/// # Example
///
/// ```
/// use pc_client::{Contract, QualificationRequest};
/// use pc_testkit::{MockPartnerCenter, fixtures, matchers, responders};
/// use wiremock::Mock;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let pc = MockPartnerCenter::start().await;
/// let request = QualificationRequest::state_owned_entity();
/// Mock::given(matchers::create(fixtures::customer(), &request, Contract::Object))
///     .respond_with(responders::created(&fixtures::list_soe()[0]))
///     .expect(1)
///     .mount(pc.server())
///     .await;
///
/// let client = pc.client_builder().contract(Contract::Object).build()?;
/// let created = client.customer(fixtures::customer()).qualifications().create(request).await?;
///
/// assert_eq!(created, fixtures::list_soe()[0]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct MockPartnerCenter {
    server: MockServer,
}

impl MockPartnerCenter {
    /// Starts a mock server on `127.0.0.1`, on a free port. Needs a tokio runtime (as wiremock).
    pub async fn start() -> Self {
        Self {
            server: MockServer::start().await,
        }
    }

    /// The base URL (`http://127.0.0.1:PORT`), for a client built some other way.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server: mount mocks on it, or read its raw received requests.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// A client builder aimed at this server with the test settings: [`TEST_TOKEN`],
    /// [`test_retry_policy`] (4 attempts, 1 ms initial backoff, 20 ms cap) and [`TEST_TIMEOUT`]
    /// (10 s); every other setting is the client's default
    /// ([`Contract::Integer`](pc_client::Contract::Integer), no locale, no application name).
    /// Change any of them before `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        PartnerCenterClient::builder()
            .endpoint(self.uri())
            .access_token(TEST_TOKEN)
            .retry_policy(test_retry_policy())
            .timeout(TEST_TIMEOUT)
    }

    /// A client aimed at this server with the settings of [`client_builder`](Self::client_builder).
    ///
    /// # Panics
    ///
    /// When the client cannot be built, which with these settings only happens when the HTTP
    /// transport cannot be initialised (no TLS backend). Use
    /// [`client_builder`](Self::client_builder) to get the error instead.
    pub fn client(&self) -> PartnerCenterClient {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(error) => panic!("pc-testkit: could not build a client for the mock: {error}"),
        }
    }

    /// Every request the server received so far, in order, decoded against the endpoint table.
    pub async fn captured(&self) -> Vec<CapturedRequest> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(CapturedRequest::from_request)
            .collect()
    }
}

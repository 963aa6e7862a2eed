//! The value every operation returns: a request to configure, then await.
//!
//! - [`RequestBuilder`]: `.options(..)` for this call, `.reply()` for the status and ids, `.await`
//!   for the value. Owned and `Send + 'static`: it can be stored, returned or spawned.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use pc_models::Operation;

use crate::call::Call;
use crate::pipeline::{Decoder, Pipeline};
use crate::{CallOptions, Error, Reply};

/// A boxed, `Send`, `'static` future: what `.await` on a [`RequestBuilder`] runs.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// One prepared call of an operation; nothing is sent until it is awaited.
///
/// - `.await` gives the decoded value (`Result<T, Error>`).
/// - [`options`](Self::options) sets this call's [`CallOptions`] (ids, locale, retry policy,
///   deadline).
/// - [`reply`](Self::reply) gives a [`Reply`]: the value with the status and both ids.
///
/// It owns what it needs (an `Arc` of the client inside), so it is `Send + 'static`: store it,
/// return it, or hand it to `tokio::spawn` with `.into_future()`. A request refused locally
/// (invalid input) fails when awaited, having sent nothing.
///
/// # Example
///
/// ```no_run
/// use pc_client::{CallOptions, PartnerCenterClient, QualificationRequest};
///
/// # async fn run(client: PartnerCenterClient, id: pc_client::CustomerId) -> Result<(), pc_client::Error> {
/// let create = client
///     .customer(id)
///     .qualifications()
///     .create(QualificationRequest::state_owned_entity())
///     .options(CallOptions::default().locale("en-US"));
/// let task = tokio::spawn(create.reply());
/// let reply = task.await.expect("the task ran")?;
/// println!("{} {} (request id {})", reply.status, reply.value.qualification, reply.request_id);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct RequestBuilder<T> {
    pipeline: Arc<Pipeline>,
    call: Result<Call, Error>,
    options: CallOptions,
    what: &'static str,
    decoder: Decoder<T>,
}

impl<T> fmt::Debug for RequestBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("RequestBuilder");
        match &self.call {
            Ok(call) => d.field("call", call),
            Err(error) => d.field("refused", error),
        };
        d.field("options", &self.options).finish()
    }
}

impl<T> RequestBuilder<T> {
    pub(crate) fn new(
        pipeline: Arc<Pipeline>,
        call: Result<Call, Error>,
        what: &'static str,
        decoder: Decoder<T>,
    ) -> Self {
        Self {
            pipeline,
            call,
            options: CallOptions::default(),
            what,
            decoder,
        }
    }

    /// Uses `options` for this call. Default: [`CallOptions::default`] (the client's settings).
    pub fn options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    /// The client's default deadline of one call.
    pub(crate) fn default_timeout(&self) -> std::time::Duration {
        self.pipeline.timeout
    }

    /// The retry policy this call runs under.
    pub(crate) fn retry_policy(&self) -> crate::RetryPolicy {
        self.pipeline.policy(&self.options).clone()
    }

    /// The operation this request calls, or `None` when it was refused locally.
    pub fn operation(&self) -> Option<Operation> {
        self.call.as_ref().ok().map(|c| c.endpoint.operation)
    }
}

impl<T: Send + 'static> RequestBuilder<T> {
    /// Sends the call and returns the value with the status and ids of the exchange.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), with nothing sent, for a
    /// request refused locally; otherwise any [`Error`] of the exchange (service, transport,
    /// timeout, decode, response too large, auth).
    pub fn reply(self) -> BoxFuture<Result<Reply<T>, Error>> {
        Box::pin(self.send())
    }

    async fn send(self) -> Result<Reply<T>, Error> {
        let call = self.call?;
        self.pipeline
            .run(&call, &self.options, self.what, self.decoder)
            .await
    }
}

impl<T: Send + 'static> IntoFuture for RequestBuilder<T> {
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<Result<T, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send().await.map(Reply::into_value) })
    }
}

//! The asynchronous qualification API.
//!
//! - [`Qualifications`]: `list` (`GET`) and `create` (`POST .../qualifications`).

use bytes::Bytes;
use http::Method;
use pc_models::{
    CustomerId, CustomerQualification, Qualification, QualificationRequest,
    decode_qualification_list,
};
use serde_json::from_slice;
use tokio::time::Instant;

use crate::pipeline::{Call, Pipeline};
use crate::{CallOptions, Error, Reply, WaitOptions};

/// `GET`/`POST /v1/customers/{id}/qualifications`: `client.customer(id).qualifications()`.
#[derive(Debug, Clone)]
pub struct Qualifications<'a> {
    pipeline: &'a Pipeline,
    customer: CustomerId,
    options: CallOptions,
}

impl<'a> Qualifications<'a> {
    pub(crate) fn new(pipeline: &'a Pipeline, customer: CustomerId) -> Self {
        Self {
            pipeline,
            customer,
            options: CallOptions::default(),
        }
    }

    /// Uses `options` (pinned ids, locale) for the calls made through this value.
    #[must_use]
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    fn path(&self) -> String {
        format!("/v1/customers/{}/qualifications", self.customer)
    }

    /// Lists the customer's qualifications (App-only or App+User).
    ///
    /// Accepts a bare array and the `{"qualifications":[...]}` wrapper.
    ///
    /// # Errors
    ///
    /// Any [`Error`]: service, transport, timeout, decode, response too large, auth.
    pub async fn list(&self) -> Result<Vec<Qualification>, Error> {
        self.list_reply().await.map(Reply::into_value)
    }

    /// [`list`](Self::list), with the status and ids of the exchange.
    ///
    /// # Errors
    ///
    /// As [`list`](Self::list).
    pub async fn list_reply(&self) -> Result<Reply<Vec<Qualification>>, Error> {
        let exchange = self
            .pipeline
            .execute(Call {
                operation: "qualifications.list",
                method: Method::GET,
                path: self.path(),
                customer: Some(self.customer),
                code: None,
                body: None,
                options: &self.options,
            })
            .await?;
        exchange.decode("a qualification list", decode_qualification_list)
    }

    /// Sets a qualification on the customer (App+User only): the core operation.
    ///
    /// Under [`Contract::Integer`](crate::Contract::Integer) the body is the enum's integer and a
    /// GCC code goes in `?code=`; under [`Contract::Object`](crate::Contract::Object) the body is
    /// the JSON object. `200` and `201` both succeed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), with nothing sent, for a
    /// request the contract refuses (see [`QualificationRequest::encode`]); otherwise any
    /// [`Error`] of the exchange.
    pub async fn create(&self, request: QualificationRequest) -> Result<Qualification, Error> {
        self.create_reply(request).await.map(Reply::into_value)
    }

    /// [`create`](Self::create), with the status and ids of the exchange.
    ///
    /// # Errors
    ///
    /// As [`create`](Self::create).
    pub async fn create_reply(
        &self,
        request: QualificationRequest,
    ) -> Result<Reply<Qualification>, Error> {
        let (body, code) = request.encode(self.pipeline.contract)?.into_parts();
        let exchange = self
            .pipeline
            .execute(Call {
                operation: "qualifications.create",
                method: Method::POST,
                path: self.path(),
                customer: Some(self.customer),
                code,
                body: Some(Bytes::from(body)),
                options: &self.options,
            })
            .await?;
        exchange.decode("a qualification", |b| from_slice(b))
    }

    /// Polls [`list`](Self::list) until `qualification`'s vetting is final (`Approved` or
    /// `Denied`) and returns that record. A record without a vetting status (`StateOwnedEntity`)
    /// is returned at once.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::VettingTimeout`](crate::ErrorKind::VettingTimeout) when the deadline passes
    /// first (the message gives the last status seen); otherwise any [`Error`] of a poll.
    pub async fn wait_for_vetting(
        &self,
        qualification: CustomerQualification,
        options: WaitOptions,
    ) -> Result<Qualification, Error> {
        let deadline = Instant::now() + options.timeout;
        let mut interval = options.initial_interval;
        let mut polls = 0u32;
        loop {
            polls += 1;
            let list = self.list().await?;
            let last_seen = match list.into_iter().find(|q| q.is(qualification)) {
                Some(record) => match &record.vetting_status {
                    Some(status) if !status.is_final() => status.to_string(),
                    // Final, or never vetted (StateOwnedEntity).
                    _ => return Ok(record),
                },
                None => "absent".to_owned(),
            };
            tracing::debug!(polls, last_seen, "pc.wait_for_vetting");
            if Instant::now() + interval > deadline {
                return Err(Error::vetting_timeout(
                    qualification,
                    options.timeout,
                    polls,
                    &last_seen,
                ));
            }
            tokio::time::sleep(interval).await;
            interval = interval.saturating_mul(2).min(options.max_interval);
        }
    }
}

//! The asynchronous qualification API.
//!
//! - [`Qualifications`]: `list` (`GET`) and `create` (`POST .../qualifications`).

use pc_models::{
    CustomerId, CustomerQualification, Qualification, QualificationRequest,
    decode_qualification_list,
};
use std::time::Duration;

use http::Method;
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

    /// The `GET` of `list` and of every `wait_for_vetting` poll.
    fn list_call<'o>(&self, options: &'o CallOptions) -> Call<'o> {
        Call::new("qualifications.list", Method::GET, self.path(), options).customer(self.customer)
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
        let call = Call::new(
            "qualifications.list",
            Method::GET,
            self.path(),
            &self.options,
        )
        .customer(self.customer);
        self.pipeline
            .run(call, "a qualification list", decode_qualification_list)
            .await
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
        let (body, query_code) = request.encode(self.pipeline.contract)?.into_parts();
        let call = Call::new(
            "qualifications.create",
            Method::POST,
            self.path(),
            &self.options,
        )
        .customer(self.customer)
        .body(body, query_code, request.validation_code().cloned());
        self.pipeline
            .run(call, "a qualification", |b| from_slice(b))
            .await
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
        let timeout = options.timeout.min(crate::pipeline::MAX_TIMEOUT);
        let deadline = Instant::now() + timeout;
        let mut interval = options.initial_interval.max(Duration::from_millis(1));
        let max_interval = options.max_interval.max(interval);
        let mut polls = 0u32;
        let mut last_seen = "unseen (no poll answered)".to_owned();
        loop {
            // Each poll is a new call (new MS-RequestId) bounded by what is left of the wait.
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::vetting_timeout(
                    qualification,
                    timeout,
                    polls,
                    &last_seen,
                ));
            }
            polls += 1;
            let per_call = self.options.timeout.unwrap_or(self.pipeline.timeout);
            let cut_short = left < per_call;
            let mut poll_options = self.options.clone().timeout(per_call.min(left));
            poll_options.request_id = None;
            let call = self.list_call(&poll_options);
            let list = match self
                .pipeline
                .run(call, "a qualification list", decode_qualification_list)
                .await
            {
                Ok(reply) => reply.value,
                // The wait's deadline, not the poll's own, ended this poll (or left no time to
                // retry it).
                Err(e) if cut_short && (e.is_timeout() || crate::retry::classify(&e)) => {
                    return Err(Error::vetting_timeout(
                        qualification,
                        timeout,
                        polls,
                        &last_seen,
                    ));
                }
                Err(e) => return Err(e),
            };
            last_seen = match list.into_iter().find(|q| q.is(qualification)) {
                Some(record) => match &record.vetting_status {
                    Some(status) if !status.is_final() => status.to_string(),
                    // Final, or never vetted (StateOwnedEntity).
                    _ => return Ok(record),
                },
                None => "absent".to_owned(),
            };
            tracing::debug!(polls, last_seen, "pc.wait_for_vetting");
            if interval > deadline.saturating_duration_since(Instant::now()) {
                return Err(Error::vetting_timeout(
                    qualification,
                    timeout,
                    polls,
                    &last_seen,
                ));
            }
            tokio::time::sleep(interval).await;
            interval = interval.saturating_mul(2).min(max_interval);
        }
    }
}

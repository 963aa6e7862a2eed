//! The `/v1/*` pipeline: faults, authentication, customer id, then the operation.
//!
//! - [`respond`]: one `/v1/*` request from head to outcome.

use http::HeaderMap;
use hyper::body::Body;
use pc_models::CustomerId;

use crate::auth;
use crate::clock::Now;
use crate::emulator::Emulator;
use crate::error::ApiError;
use crate::injector::Decision;
use crate::log::Fault;
use crate::qualifications::{self, Change};
use crate::reply::{Outcome, Reply};
use crate::request::{BODY_LIMIT, BodyError, RequestInfo, read_body};
use crate::router::ApiOperation;
use crate::rules::Api;

/// Answers a `/v1/*` request (a known operation, or the 404 / 405 to send), faults included.
pub(crate) async fn respond<B>(
    emulator: &Emulator,
    info: &RequestInfo,
    headers: &HeaderMap,
    operation: Result<ApiOperation<'_>, ApiError>,
    body: B,
) -> Outcome
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (decision, latency) = {
        let mut world = emulator.world();
        let decision = world.injector.decide(info.is_write(), Now::read().instant);
        (decision, world.injector.latency())
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match decision {
        Decision::Throttled { retry_after } => {
            Outcome::faulted(Reply::throttled(retry_after), Fault::Throttled)
        }
        Decision::Error(status) => {
            Outcome::faulted(ApiError::server_error(status).into(), Fault::Error)
        }
        Decision::DropBefore => Outcome::dropped(Some(Fault::DropBeforeApply)),
        Decision::Pass { drop_after } => {
            let outcome = match operation {
                Ok(operation) => process(emulator, info, headers, operation, body)
                    .await
                    .unwrap_or_else(Outcome::from),
                Err(error) => error.into(),
            };
            if drop_after && outcome.reply.is_some() && outcome.fault.is_none() {
                Outcome::dropped(Some(Fault::DropAfterApply))
            } else {
                outcome
            }
        }
    }
}

/// Authenticates, checks the customer id and runs the operation.
async fn process<B>(
    emulator: &Emulator,
    info: &RequestInfo,
    headers: &HeaderMap,
    operation: ApiOperation<'_>,
    body: B,
) -> Result<Outcome, ApiError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let delay = emulator.config().vetting_delay;
    auth::authorize(
        &mut emulator.world().tokens,
        headers,
        operation.is_write(),
        Now::read().instant,
    )?;
    let (customer, api) = match operation {
        ApiOperation::ListValidationCodes => {
            return Ok(qualifications::validation_codes(&emulator.world()).into());
        }
        ApiOperation::ListQualifications(id) => {
            let customer = customer_id(id)?;
            return Ok(
                qualifications::list(&emulator.world(), &customer, delay, Now::read()).into(),
            );
        }
        ApiOperation::GetLegacy(id) => {
            return Ok(qualifications::legacy_get(&emulator.world(), &customer_id(id)?).into());
        }
        ApiOperation::CreateQualification(id) => (customer_id(id)?, Api::Async),
        ApiOperation::PutLegacy(id) => (customer_id(id)?, Api::Legacy),
    };
    let body = match read_body(body).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => return Err(ApiError::too_large(BODY_LIMIT)),
        Err(BodyError::Broken) => return Ok(Outcome::dropped(None)),
    };
    let query_code = info.query_code();
    let change = Change {
        customer,
        api,
        body: &body,
        query: info.query(),
        query_code: query_code.as_deref(),
        request_id: info.request_id(),
    };
    let (reply, fault) = qualifications::change(&mut emulator.world(), change, delay, Now::read());
    Ok(match fault {
        Some(fault) => Outcome::faulted(reply, fault),
        None => reply.into(),
    })
}

/// The customer id of a path segment.
///
/// # Errors
///
/// 400 / `900118` when it is not a hyphenated GUID.
fn customer_id(segment: &str) -> Result<CustomerId, ApiError> {
    CustomerId::parse(segment).map_err(|_| ApiError::invalid_customer())
}

//! The `/v1/*` pipeline: id headers, faults, authentication, customer id, then the operation.
//!
//! - [`respond`]: one `/v1/*` request from head to outcome.
//!
//! A request whose `MS-RequestId` or `MS-CorrelationId` is not a hyphenated GUID is refused
//! first (400), before any fault; a path or method the table does not serve is answered 404 /
//! 405 only once the token is checked, so an unauthenticated client learns nothing of the routes.

use http::HeaderMap;
use hyper::body::Body;
use pc_models::{CustomerId, Operation};

use crate::auth;
use crate::clock::Now;
use crate::error::ApiError;
use crate::injector::Decision;
use crate::log::Fault;
use crate::qualifications::{self, Change};
use crate::reply::{Outcome, Reply};
use crate::request::{RequestInfo, read_body};
use crate::router::ApiRoute;
use crate::rules::Api;
use crate::state::State;

/// Answers a `/v1/*` request (a row of the endpoint table, or the 404 / 405 to send), faults
/// included.
pub(crate) async fn respond<B>(
    state: &State,
    info: &RequestInfo,
    headers: &HeaderMap,
    route: Result<ApiRoute<'_>, ApiError>,
    body: B,
) -> Outcome
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    if let Err(error) = info.check_ids() {
        return error.into();
    }
    let (decision, latency) = {
        let mut world = state.world();
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
            let outcome = match route {
                Ok(route) => process(state, info, headers, route, body)
                    .await
                    .unwrap_or_else(Outcome::from),
                Err(error) => match authenticate(state, headers) {
                    Ok(()) => error.into(),
                    Err(refused) => refused.into(),
                },
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
///
/// The token must be App+User when the row says [`Endpoint::needs_app_user`](pc_models::Endpoint::needs_app_user).
async fn process<B>(
    state: &State,
    info: &RequestInfo,
    headers: &HeaderMap,
    route: ApiRoute<'_>,
    body: B,
) -> Result<Outcome, ApiError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let ApiRoute { endpoint, customer } = route;
    auth::authorize(
        &mut state.world().tokens,
        headers,
        endpoint.needs_app_user,
        Now::read().instant,
    )?;
    let customer = customer.map(customer_id).transpose()?;
    let delay = state.config().vetting_delay;
    let (api, customer) = match (endpoint.operation, customer) {
        (Operation::ListValidationCodes, None) => {
            return Ok(qualifications::validation_codes(&state.world()).into());
        }
        (Operation::ListQualifications, Some(customer)) => {
            return Ok(qualifications::list(&state.world(), &customer, delay, Now::read()).into());
        }
        (Operation::GetLegacyQualification, Some(customer)) => {
            return Ok(qualifications::legacy_get(&state.world(), &customer).into());
        }
        (Operation::CreateQualification, Some(customer)) => (Api::Async, customer),
        (Operation::UpdateLegacyQualification, Some(customer)) => (Api::Legacy, customer),
        // A row of the table this emulator does not serve (or one whose template disagrees
        // about the customer): as if the path were unknown.
        _ => return Err(ApiError::not_found(&info.path)),
    };
    let body = match read_body(body, state.config().body_read_timeout).await {
        Ok(body) => body,
        Err(error) => {
            return match error.to_error() {
                Some(error) => Err(error),
                None => Ok(Outcome::dropped(None)),
            };
        }
    };
    let query_code = info.query_code();
    let change = Change {
        endpoint,
        api,
        customer,
        body: &body,
        query: info.query(),
        query_code: query_code.as_deref(),
        request_id: info.request_id(),
    };
    let (reply, fault) = qualifications::change(&mut state.world(), change, delay, Now::read());
    Ok(match fault {
        Some(fault) => Outcome::faulted(reply, fault),
        None => reply.into(),
    })
}

/// Checks the bearer token of a request the table does not serve (any grant will do).
///
/// # Errors
///
/// The 401 of [`auth::authorize`].
fn authenticate(state: &State, headers: &HeaderMap) -> Result<(), ApiError> {
    auth::authorize(
        &mut state.world().tokens,
        headers,
        false,
        Now::read().instant,
    )
    .map(|_| ())
}

/// The customer id of a path segment.
///
/// # Errors
///
/// 400 / `900118` when it is not a hyphenated GUID.
fn customer_id(segment: &str) -> Result<CustomerId, ApiError> {
    CustomerId::parse(segment).map_err(|_| ApiError::invalid_customer())
}

//! The Partner Center operations, over the emulator's state.
//!
//! - [`list`]: `GET .../qualifications`.
//! - [`change`]: `POST .../qualifications` and legacy `PUT .../qualification`, idempotent by
//!   operation, customer and `MS-RequestId` when their row of the endpoint table says so.
//! - [`legacy_get`]: legacy `GET .../qualification`.
//! - [`validation_codes`]: `GET /v1/customers/all/validations`.

use std::time::Duration;

use http::StatusCode;
use pc_models::{CustomerId, CustomerQualification, Endpoint, Idempotency};
use uuid::Uuid;

use crate::applied::AppliedChange;
use crate::clock::Now;
use crate::customers::Record;
use crate::error::ApiError;
use crate::idempotency::{Fingerprint, Lookup, ReplyKey};
use crate::log::Fault;
use crate::reply::Reply;
use crate::rules::{self, Api};
use crate::state::World;

/// A `POST`/`PUT` to apply.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Change<'a> {
    /// The row of the endpoint table the request was routed to: its operation and idempotency.
    pub(crate) endpoint: &'static Endpoint,
    /// The body contract of that operation.
    pub(crate) api: Api,
    /// The customer of the path.
    pub(crate) customer: CustomerId,
    /// The body as sent.
    pub(crate) body: &'a [u8],
    /// The raw query, `None` when the URL has no `?`: part of what makes a repeat a true one.
    pub(crate) query: Option<&'a str>,
    /// The `code` query parameter, if not empty.
    pub(crate) query_code: Option<&'a str>,
    /// The `MS-RequestId` as sent and as a GUID, when one was sent.
    pub(crate) request_id: Option<(&'a str, Uuid)>,
}

/// `200` with the customer's qualifications, vetting evaluated now.
pub(crate) fn list(world: &World, customer: &CustomerId, delay: Duration, now: Now) -> Reply {
    Reply::json(
        StatusCode::OK,
        &world.customers.to_wire(customer, delay, now.instant),
    )
}

/// `200` with the lower-case name of the customer's first qualification other than SOE, or
/// `"none"`.
pub(crate) fn legacy_get(world: &World, customer: &CustomerId) -> Reply {
    let first = world
        .customers
        .records(customer)
        .iter()
        .map(Record::qualification)
        .find(|q| *q != CustomerQualification::StateOwnedEntity)
        .unwrap_or(CustomerQualification::None);
    Reply::json(StatusCode::OK, &first.legacy_name())
}

/// `200` with the partner's validation codes.
pub(crate) fn validation_codes(world: &World) -> Reply {
    Reply::json(StatusCode::OK, &world.codes.to_wire())
}

/// Applies a change, or answers a repeat of its `MS-RequestId` from the stored answers.
///
/// When the operation is [`Idempotency::RequestIdPerCustomer`], a request with the operation,
/// customer and `MS-RequestId` of a stored answer gets that answer again when its body and query
/// are the same (fault [`Fault::Replayed`]), and 409 / `800002` otherwise
/// ([`Fault::ReplayedMismatch`]); neither applies anything. Returns the answer and that fault, if
/// any.
///
/// A change for a new customer when the store of customers is full is refused with 507 and not
/// stored: once there is room, a retry is processed.
pub(crate) fn change(
    world: &mut World,
    change: Change<'_>,
    delay: Duration,
    now: Now,
) -> (Reply, Option<Fault>) {
    let keyed = change.endpoint.idempotency == Idempotency::RequestIdPerCustomer;
    let Some((_, request_id)) = change.request_id.filter(|_| keyed) else {
        return (
            apply(world, change, delay, now).unwrap_or_else(Reply::from),
            None,
        );
    };
    let key = ReplyKey::new(change.endpoint.operation, change.customer, request_id);
    let fingerprint = Fingerprint::of(change.body, change.query);
    match world.replies.lookup(&key, fingerprint) {
        Lookup::Repeat(stored) => return (stored.clone(), Some(Fault::Replayed)),
        Lookup::Mismatch => {
            return (
                ApiError::request_id_reused().into(),
                Some(Fault::ReplayedMismatch),
            );
        }
        Lookup::New => {}
    }
    let reply = match apply(world, change, delay, now) {
        Ok(reply) => reply,
        // Not stored: a retry is processed once there is room.
        Err(error) if error.status() == StatusCode::INSUFFICIENT_STORAGE => {
            return (error.into(), None);
        }
        Err(error) => error.into(),
    };
    world.replies.store(key, fingerprint, reply.clone());
    (reply, None)
}

/// Checks a change against the rules and the state, and applies it.
///
/// # Errors
///
/// The 400 or 409 of the first rule it breaks, or 507 for a new customer when the store of
/// customers is full; nothing is applied then.
fn apply(
    world: &mut World,
    change: Change<'_>,
    delay: Duration,
    now: Now,
) -> Result<Reply, ApiError> {
    let requested = rules::parse(change.body, change.api, change.query_code)?;
    if !world.customers.has_room_for(&change.customer) {
        return Err(ApiError::customers_full(world.customers.max()));
    }
    let qualification = requested.qualification;
    rules::check_conflicts(world.customers.records(&change.customer), qualification)?;
    if let Some(code) = &requested.code {
        world.codes.check(code)?;
        world.codes.redeem(code, now.wall);
    }
    let record = Record::created(qualification, requested.website, now);
    let wire = record.to_wire(&change.customer, delay, now.instant);
    world.customers.add(change.customer, record);
    world.applied.push(AppliedChange {
        customer: change.customer,
        qualification,
        request_id: change.request_id.map(|(text, _)| text.to_owned()),
    });
    Ok(match change.api {
        Api::Async => Reply::json(StatusCode::CREATED, &wire),
        Api::Legacy => Reply::json(StatusCode::OK, &qualification.legacy_name()),
    })
}

//! The admin API under `/_emulator/`: no authentication, no faults, not logged.
//!
//! - [`respond`]: read the request log, read or replace the faults, reset the state.

use http::StatusCode;
use hyper::body::Body;

use crate::error::ApiError;
use crate::faults::Faults;
use crate::reply::Reply;
use crate::request::{BODY_LIMIT, BodyError, read_body};
use crate::router::AdminOperation;
use crate::state::State;

/// Answers an admin request (or the 404 / 405 to send).
pub(crate) async fn respond<B>(
    state: &State,
    operation: Result<AdminOperation, ApiError>,
    body: B,
) -> Reply
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let operation = match operation {
        Ok(operation) => operation,
        Err(error) => return error.into(),
    };
    match operation {
        AdminOperation::ReadLog => Reply::json(StatusCode::OK, &state.world().log.entries()),
        AdminOperation::ReadFaults => {
            let faults = state.world().injector.faults().clone();
            Reply::json(StatusCode::OK, &faults)
        }
        AdminOperation::ReplaceFaults => match read_faults(body).await {
            Ok(faults) => {
                state.set_faults(faults.clone());
                Reply::json(StatusCode::OK, &faults)
            }
            Err(error) => error.into(),
        },
        AdminOperation::Reset => {
            state.reset();
            Reply::json(StatusCode::OK, &serde_json::json!({ "reset": true }))
        }
    }
}

/// Reads and checks the [`Faults`] of a `PUT /_emulator/faults` body.
///
/// # Errors
///
/// 413 for a body over the limit, 400 / `800002` for an unreadable or invalid one.
async fn read_faults<B>(body: B) -> Result<Faults, ApiError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let body = read_body(body).await.map_err(|error| match error {
        BodyError::TooLarge => ApiError::too_large(BODY_LIMIT),
        BodyError::Broken => ApiError::invalid_input("The request body could not be read."),
    })?;
    let faults: Faults = serde_json::from_slice(&body)
        .map_err(|error| ApiError::invalid_input(format!("Invalid faults: {error}.")))?;
    faults
        .check()
        .map_err(|problem| ApiError::invalid_input(format!("Invalid faults: {problem}.")))?;
    Ok(faults)
}

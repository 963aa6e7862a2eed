//! What became of one row.
//!
//! - [`RowOutcome`]: a row's line, customer, qualification, state, the service's answer and the
//!   ids, reported as each row completes (invalid rows included).

use pc_client::uuid::Uuid;
use pc_client::{CustomerId, CustomerQualification};
use serde::{Serialize, Serializer};

use crate::RowState;

/// The outcome of one row of this run, as an [`Event::Row`](crate::Event::Row).
///
/// Serializes in camelCase (`{"line":2,"customer":"…","qualification":"Education",
/// "state":"created","status":201,…}`), absent values as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RowOutcome {
    /// The line the row starts on in the input (the header is line 1).
    pub line: u64,
    /// The customer, when the id parsed.
    pub customer: Option<CustomerId>,
    /// The qualification, when the name parsed (serialized as its wire name, `Education`).
    #[serde(serialize_with = "qualification_name")]
    pub qualification: Option<CustomerQualification>,
    /// The row's new state.
    pub state: RowState,
    /// The HTTP status of the last answer.
    pub status: Option<u16>,
    /// The service's error code.
    pub code: Option<String>,
    /// The service's description, or why the row was refused locally or failed (one line).
    pub description: Option<String>,
    /// The row's `MS-RequestId` (none for invalid rows).
    pub request_id: Option<Uuid>,
    /// The row's `MS-CorrelationId` (none for invalid rows).
    pub correlation_id: Option<Uuid>,
    /// Attempts made for the row, earlier runs included.
    pub attempts: u32,
    /// The vetting status the service reported (`InReview` for a new Education).
    pub vetting_status: Option<String>,
    /// The vetting reason, when denied.
    pub vetting_reason: Option<String>,
}

/// Serializes a qualification as its wire name rather than its integer.
fn qualification_name<S: Serializer>(
    value: &Option<CustomerQualification>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(q) => serializer.serialize_some(q.as_str()),
        None => serializer.serialize_none(),
    }
}

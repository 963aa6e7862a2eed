//! Qualification records.
//!
//! - [`Qualification`]: one entry of a list response, and the body of a create response.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{CustomerQualification, QualificationName, VettingStatus};

/// A customer's qualification as the service reports it.
///
/// Decoding accepts `vettingCreateDate` and `vettingCreatedDate`, timestamps with `Z` or `+00:00`
/// and any number of fractional digits, and ignores fields it does not know. Encoding writes the
/// wire names (`qualification`, `vettingStatus`, `vettingReason`, `vettingCreateDate`), omitting
/// absent values.
///
/// # Example
///
/// ```
/// use pc_models::{CustomerQualification, Qualification, VettingStatus};
///
/// let record: Qualification = serde_json::from_str(
///     r#"{"qualification":"GovernmentCommunityCloud","vettingStatus":"Approved",
///         "vettingCreateDate":"2021-05-06T19:59:56.6832021+00:00"}"#,
/// )?;
/// assert_eq!(record.qualification, CustomerQualification::GovernmentCommunityCloud);
/// assert_eq!(record.vetting_status, Some(VettingStatus::Approved));
/// assert_eq!(record.vetting_create_date.map(|d| d.nanosecond()), Some(683_202_100));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "Wire")]
#[non_exhaustive]
pub struct Qualification {
    /// Which qualification.
    pub qualification: QualificationName,
    /// The vetting status (absent for `StateOwnedEntity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vetting_status: Option<VettingStatus>,
    /// Why vetting denied it (only when `Denied`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vetting_reason: Option<String>,
    /// When vetting started, in UTC.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::timestamp"
    )]
    pub vetting_create_date: Option<OffsetDateTime>,
}

/// The decoding form: both date spellings, `vettingCreateDate` winning when both are present.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    qualification: QualificationName,
    #[serde(default)]
    vetting_status: Option<VettingStatus>,
    #[serde(default)]
    vetting_reason: Option<String>,
    #[serde(default, with = "crate::timestamp")]
    vetting_create_date: Option<OffsetDateTime>,
    #[serde(default, with = "crate::timestamp")]
    vetting_created_date: Option<OffsetDateTime>,
}

impl From<Wire> for Qualification {
    fn from(wire: Wire) -> Self {
        Self {
            qualification: wire.qualification,
            vetting_status: wire.vetting_status,
            vetting_reason: wire.vetting_reason,
            vetting_create_date: wire.vetting_create_date.or(wire.vetting_created_date),
        }
    }
}

impl Qualification {
    /// A record with only the qualification set.
    pub fn new(qualification: impl Into<QualificationName>) -> Self {
        Self {
            qualification: qualification.into(),
            vetting_status: None,
            vetting_reason: None,
            vetting_create_date: None,
        }
    }

    /// Sets the vetting status.
    #[must_use]
    pub fn with_vetting_status(mut self, status: VettingStatus) -> Self {
        self.vetting_status = Some(status);
        self
    }

    /// Sets the vetting reason.
    #[must_use]
    pub fn with_vetting_reason(mut self, reason: impl Into<String>) -> Self {
        self.vetting_reason = Some(reason.into());
        self
    }

    /// Sets the vetting create date.
    #[must_use]
    pub fn with_vetting_create_date(mut self, at: OffsetDateTime) -> Self {
        self.vetting_create_date = Some(at);
        self
    }

    /// Whether vetting has nothing more to say about this record: its status is final
    /// (`Approved`, `Denied`) or it was never vetted (no status, as for `StateOwnedEntity`).
    /// `InReview` and statuses this crate does not know are not settled.
    ///
    /// # Example
    ///
    /// ```
    /// use pc_models::{CustomerQualification, Qualification, VettingStatus};
    ///
    /// let record = Qualification::new(CustomerQualification::Education);
    /// assert!(record.is_settled());
    /// assert!(!record.clone().with_vetting_status(VettingStatus::InReview).is_settled());
    /// assert!(record.with_vetting_status(VettingStatus::Denied).is_settled());
    /// ```
    pub fn is_settled(&self) -> bool {
        self.vetting_status
            .as_ref()
            .is_none_or(VettingStatus::is_final)
    }

    /// Whether this record is the given qualification.
    pub fn is(&self, qualification: CustomerQualification) -> bool {
        self.qualification == qualification
    }
}

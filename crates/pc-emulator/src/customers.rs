//! Customers and their qualifications.
//!
//! - [`Customers`]: every customer that holds a qualification, starting with the demo customers.
//! - [`Record`]: one qualification of one customer, with its vetting.

use std::collections::HashMap;
use std::time::Duration;

use pc_models::{CustomerId, CustomerQualification, Qualification, VettingStatus};
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::time::Instant;

use crate::clock::Now;
use crate::{demo, vetting};

/// How a qualification is vetted.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Vetting {
    /// Not vetted at all (`StateOwnedEntity`): no vetting fields on the wire.
    NotVetted,
    /// Vetting has a fixed outcome (GCC, the demo customers' qualifications).
    Decided {
        status: VettingStatus,
        reason: Option<String>,
        created: OffsetDateTime,
    },
    /// Education: `InReview` until more than the vetting delay has passed since `since` (so the
    /// create response always says `InReview`), then the outcome of the vetting rule.
    Pending {
        created: OffsetDateTime,
        since: Instant,
        website: Option<String>,
    },
}

/// One qualification of one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    qualification: CustomerQualification,
    vetting: Vetting,
}

impl Record {
    /// A qualification created now: Education in review, GCC approved, SOE not vetted.
    pub(crate) fn created(
        qualification: CustomerQualification,
        website: Option<String>,
        now: Now,
    ) -> Self {
        let vetting = match qualification {
            CustomerQualification::Education => Vetting::Pending {
                created: now.wall,
                since: now.instant,
                website,
            },
            CustomerQualification::GovernmentCommunityCloud => Vetting::Decided {
                status: VettingStatus::Approved,
                reason: None,
                created: now.wall,
            },
            _ => Vetting::NotVetted,
        };
        Self {
            qualification,
            vetting,
        }
    }

    /// The qualification.
    pub(crate) fn qualification(&self) -> CustomerQualification {
        self.qualification
    }

    /// The wire record, vetting evaluated at `now`.
    pub(crate) fn to_wire(
        &self,
        customer: &CustomerId,
        delay: Duration,
        now: Instant,
    ) -> Qualification {
        let record = Qualification::new(self.qualification);
        match &self.vetting {
            Vetting::NotVetted => record,
            Vetting::Decided {
                status,
                reason,
                created,
            } => with_vetting(record, status.clone(), reason.as_deref(), *created),
            Vetting::Pending {
                created,
                since,
                website,
            } => {
                if now.saturating_duration_since(*since) <= delay {
                    with_vetting(record, VettingStatus::InReview, None, *created)
                } else {
                    let (status, reason) = vetting::outcome(customer, website.as_deref());
                    with_vetting(record, status, reason, *created)
                }
            }
        }
    }
}

fn with_vetting(
    record: Qualification,
    status: VettingStatus,
    reason: Option<&str>,
    created: OffsetDateTime,
) -> Qualification {
    let record = record
        .with_vetting_status(status)
        .with_vetting_create_date(created);
    match reason {
        Some(reason) => record.with_vetting_reason(reason),
        None => record,
    }
}

/// Every customer holding at least one qualification. Any other GUID holds none.
#[derive(Debug, Clone)]
pub(crate) struct Customers {
    records: HashMap<CustomerId, Vec<Record>>,
}

impl Customers {
    /// The customers of a fresh emulator: [`demo::tailspin_university`] holds an Approved
    /// Education.
    pub(crate) fn initial() -> Self {
        let education = Record {
            qualification: CustomerQualification::Education,
            vetting: Vetting::Decided {
                status: VettingStatus::Approved,
                reason: None,
                created: datetime!(2020-12-04 20:54:24 UTC),
            },
        };
        let records = HashMap::from([(demo::tailspin_university(), vec![education])]);
        Self { records }
    }

    /// A customer's qualifications, oldest first.
    pub(crate) fn records(&self, customer: &CustomerId) -> &[Record] {
        self.records.get(customer).map_or(&[], Vec::as_slice)
    }

    /// Adds a qualification.
    pub(crate) fn add(&mut self, customer: CustomerId, record: Record) {
        self.records.entry(customer).or_default().push(record);
    }

    /// A customer's wire records, vetting evaluated at `now`.
    pub(crate) fn to_wire(
        &self,
        customer: &CustomerId,
        delay: Duration,
        now: Instant,
    ) -> Vec<Qualification> {
        self.records(customer)
            .iter()
            .map(|record| record.to_wire(customer, delay, now))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use time::format_description::well_known::Rfc3339;

    use super::*;

    #[test]
    fn tailspin_date_matches_its_documented_constant() {
        let documented = OffsetDateTime::parse(demo::TAILSPIN_UNIVERSITY_VETTED_AT, &Rfc3339);
        assert_eq!(documented.ok(), Some(datetime!(2020-12-04 20:54:24 UTC)));
    }

    #[test]
    fn every_demo_customer_id_is_a_guid() {
        for customer in demo::CUSTOMERS {
            assert!(CustomerId::parse(customer.id).is_ok(), "{}", customer.id);
        }
    }

    #[test]
    fn education_is_in_review_until_the_delay_has_passed() {
        let now = Now::read();
        let customer = CustomerId::from_uuid(uuid::Uuid::nil());
        let record = Record::created(CustomerQualification::Education, None, now);
        let delay = Duration::from_secs(10);
        let early = record.to_wire(&customer, delay, now.instant);
        let late = record.to_wire(&customer, delay, now.instant + delay * 2);
        assert_eq!(early.vetting_status, Some(VettingStatus::InReview));
        assert_eq!(late.vetting_status, Some(VettingStatus::Approved));
        assert_eq!(late.vetting_create_date, Some(now.wall));
    }
}

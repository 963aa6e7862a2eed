//! Customers and their qualifications.
//!
//! - [`Customers`]: every customer that holds a qualification, starting with the demo customers;
//!   at most [`EmulatorConfig::max_customers`](crate::EmulatorConfig::max_customers) of them.
//! - [`Record`]: one qualification of one customer, with its vetting.

use std::collections::HashMap;
use std::mem::size_of;
use std::time::Duration;

use pc_models::{CustomerId, CustomerQualification, Qualification, VettingStatus};
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::time::Instant;

use crate::clock::Now;
use crate::{demo, footprint, vetting};

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
        /// `None` when no website was given, else whether it is an academic domain: the website
        /// itself is not kept.
        academic: Option<bool>,
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
                academic: website.as_deref().map(vetting::is_academic_domain),
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
                academic,
            } => {
                if now.saturating_duration_since(*since) <= delay {
                    with_vetting(record, VettingStatus::InReview, None, *created)
                } else {
                    let (status, reason) = vetting::decide(customer, *academic);
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

/// The bytes a record owns besides its slot: a demo record's reason.
fn owned_bytes(record: &Record) -> usize {
    match &record.vetting {
        Vetting::Decided {
            reason: Some(reason),
            ..
        } => reason.capacity(),
        _ => 0,
    }
}

/// Every customer holding at least one qualification, at most `max` of them. Any other GUID
/// holds none.
#[derive(Debug, Clone)]
pub(crate) struct Customers {
    records: HashMap<CustomerId, Vec<Record>>,
    max: usize,
    /// The sum of the record vectors' capacities, in records.
    record_slots: usize,
    /// The sum of the records' [`owned_bytes`].
    owned: usize,
}

impl Customers {
    /// The customers of a fresh emulator, keeping at most `max` (at least one):
    /// [`demo::tailspin_university`] holds an Approved Education.
    pub(crate) fn initial(max: usize) -> Self {
        let education = Record {
            qualification: CustomerQualification::Education,
            vetting: Vetting::Decided {
                status: VettingStatus::Approved,
                reason: None,
                created: datetime!(2020-12-04 20:54:24 UTC),
            },
        };
        let mut customers = Self {
            records: HashMap::new(),
            max: max.max(1),
            record_slots: 0,
            owned: 0,
        };
        customers.add(demo::tailspin_university(), education);
        customers
    }

    /// Whether a qualification may be added to `customer`: it holds some already, or there is
    /// room for one more customer.
    pub(crate) fn has_room_for(&self, customer: &CustomerId) -> bool {
        self.records.len() < self.max || self.records.contains_key(customer)
    }

    /// The most customers kept.
    pub(crate) fn max(&self) -> usize {
        self.max
    }

    /// The bytes held: the map's slots, the records' slots and the text they own.
    pub(crate) fn stored_bytes(&self) -> usize {
        footprint::map_bytes(&self.records) + self.record_slots * size_of::<Record>() + self.owned
    }

    /// A customer's qualifications, oldest first.
    pub(crate) fn records(&self, customer: &CustomerId) -> &[Record] {
        self.records.get(customer).map_or(&[], Vec::as_slice)
    }

    /// Adds a qualification. The caller checks [`has_room_for`](Self::has_room_for) first.
    pub(crate) fn add(&mut self, customer: CustomerId, record: Record) {
        self.owned += owned_bytes(&record);
        let before = self.records.get(&customer).map_or(0, Vec::capacity);
        let held = self
            .records
            .entry(customer)
            .or_insert_with(|| Vec::with_capacity(1));
        held.push(record);
        self.record_slots = self.record_slots + held.capacity() - before;
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
    fn refuses_new_customers_beyond_the_cap_but_not_held_ones() {
        let mut customers = Customers::initial(2);
        let new = |n| CustomerId::from_uuid(uuid::Uuid::from_u128(n));
        let record = || Record::created(CustomerQualification::StateOwnedEntity, None, Now::read());
        assert!(customers.has_room_for(&new(1)));
        let before = customers.stored_bytes();
        customers.add(new(1), record());
        assert!(customers.stored_bytes() > before);
        assert!(!customers.has_room_for(&new(2)));
        assert!(customers.has_room_for(&new(1)));
        assert!(customers.has_room_for(&demo::tailspin_university()));
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

//! The emulator's well-known demo data: customers, validation codes and credentials.
//!
//! - [`CUSTOMERS`]: the demo customers, each a [`DemoCustomer`] (its id as text in
//!   [`DemoCustomer::id`], typed from [`DemoCustomer::customer_id`]).
//! - Each customer's id, as text (for URLs and the command line): [`CONTOSO_ACADEMY`],
//!   [`FABRIKAM_TRADING`], [`WOODGROVE_MUNICIPALITY`], [`TAILSPIN_UNIVERSITY`]; typed, as a
//!   [`CustomerId`] (for `pc-client`): [`contoso_academy`], [`fabrikam_trading`],
//!   [`woodgrove_municipality`], [`tailspin_university`].
//! - Validation codes: [`VALIDATION_CODE`], [`VALIDATION_CODE_UNLIMITED`],
//!   [`VALIDATION_CODE_EXHAUSTED`].
//! - Credentials: [`DEMO_TOKEN`], [`CLIENT_ID`], [`CLIENT_SECRET`], [`REFRESH_TOKEN`].
//!
//! Any other well-formed GUID is a customer too, one that starts with no qualification.
//!
//! # Example
//!
//! ```
//! use pc_emulator::demo;
//!
//! let academy = demo::CUSTOMERS.iter().find(|c| c.id == demo::CONTOSO_ACADEMY);
//! assert_eq!(academy.map(|c| c.name), Some("Contoso Academy"));
//!
//! // The same customer as a typed id, with no parsing at the call site.
//! let id = demo::contoso_academy();
//! assert_eq!(id.to_string(), demo::CONTOSO_ACADEMY);
//! assert_eq!(academy.map(|c| c.customer_id()), Some(id));
//! ```

use pc_models::CustomerId;
use uuid::Uuid;

/// [`CONTOSO_ACADEMY`] as a number; a unit test proves the two agree.
const CONTOSO_ACADEMY_GUID: u128 = 0xc0a5c0a5_0000_4000_8000_acade0000002;
/// [`FABRIKAM_TRADING`] as a number.
const FABRIKAM_TRADING_GUID: u128 = 0xfab71ca0_0000_4000_8000_7ade00000001;
/// [`WOODGROVE_MUNICIPALITY`] as a number.
const WOODGROVE_MUNICIPALITY_GUID: u128 = 0xc1770000_0000_4000_8000_00000000c17d;
/// [`TAILSPIN_UNIVERSITY`] as a number.
const TAILSPIN_UNIVERSITY_GUID: u128 = 0x7a115b1e_0000_4000_8000_000000000ed4;

/// Contoso Academy: no qualification at first; Education is Approved once vetted (the GUID's
/// last hex digit is even).
pub const CONTOSO_ACADEMY: &str = "c0a5c0a5-0000-4000-8000-acade0000002";

/// Fabrikam Trading Company: no qualification at first; Education is Denied with the reason
/// "Not an Education Customer" (the GUID's last hex digit is odd).
pub const FABRIKAM_TRADING: &str = "fab71ca0-0000-4000-8000-7ade00000001";

/// Municipality of Woodgrove: no qualification at first; the customer to mark as Government
/// Community Cloud (with [`VALIDATION_CODE`]). Education would be Denied (odd last hex digit).
pub const WOODGROVE_MUNICIPALITY: &str = "c1770000-0000-4000-8000-00000000c17d";

/// Tailspin University: holds an Approved Education qualification from the start.
pub const TAILSPIN_UNIVERSITY: &str = "7a115b1e-0000-4000-8000-000000000ed4";

/// Contoso Academy's id ([`CONTOSO_ACADEMY`]) as a [`CustomerId`].
///
/// # Example
///
/// ```
/// use pc_emulator::demo;
///
/// assert_eq!(demo::contoso_academy().to_string(), demo::CONTOSO_ACADEMY);
/// ```
pub fn contoso_academy() -> CustomerId {
    customer_id(CONTOSO_ACADEMY_GUID)
}

/// Fabrikam Trading Company's id ([`FABRIKAM_TRADING`]) as a [`CustomerId`].
pub fn fabrikam_trading() -> CustomerId {
    customer_id(FABRIKAM_TRADING_GUID)
}

/// The Municipality of Woodgrove's id ([`WOODGROVE_MUNICIPALITY`]) as a [`CustomerId`].
pub fn woodgrove_municipality() -> CustomerId {
    customer_id(WOODGROVE_MUNICIPALITY_GUID)
}

/// Tailspin University's id ([`TAILSPIN_UNIVERSITY`]) as a [`CustomerId`].
pub fn tailspin_university() -> CustomerId {
    customer_id(TAILSPIN_UNIVERSITY_GUID)
}

/// A customer id from its GUID's 128 bits.
fn customer_id(guid: u128) -> CustomerId {
    CustomerId::from_uuid(Uuid::from_u128(guid))
}

/// The creation date of Tailspin University's Education qualification.
pub const TAILSPIN_UNIVERSITY_VETTED_AT: &str = "2020-12-04T20:54:24Z";

/// A validation code allowing 5 GCC creates.
pub const VALIDATION_CODE: &str = "123456";

/// A validation code with no limit (`maxCreates` and `remainingCreates` are null).
pub const VALIDATION_CODE_UNLIMITED: &str = "654321";

/// A validation code allowing 1 create, already used (`remainingCreates` is 0).
pub const VALIDATION_CODE_EXHAUSTED: &str = "000000";

/// The partner id the validation codes carry.
pub const PARTNER_ID: &str = "9daaeb1c-4d1b-4a7c-a2d5-1b3f0e2b5c1a";

/// The organization name the validation codes carry.
pub const PARTNER_NAME: &str = "Contoso, Inc.";

/// The static App+User bearer token accepted by default (demo mode); it never expires.
pub const DEMO_TOKEN: &str = "emulator-demo-token";

/// The OAuth client registered by default.
pub const CLIENT_ID: &str = "emulator-client";

/// The secret of [`CLIENT_ID`].
pub const CLIENT_SECRET: &str = "emulator-secret";

/// The refresh token registered by default. It rotates: redeeming it returns a new one and
/// invalidates it.
pub const REFRESH_TOKEN: &str = "emulator-refresh-token";

/// One of the emulator's well-known customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DemoCustomer {
    /// The customer tenant id (a lower-case GUID).
    pub id: &'static str,
    /// The customer's name.
    pub name: &'static str,
    /// What the customer is for.
    pub role: &'static str,
    /// [`id`](Self::id) as a number, for [`customer_id`](Self::customer_id).
    guid: u128,
}

impl DemoCustomer {
    /// The customer tenant id as a [`CustomerId`] (the same GUID as [`id`](Self::id)).
    ///
    /// # Example
    ///
    /// ```
    /// use pc_emulator::demo;
    ///
    /// let ids: Vec<_> = demo::CUSTOMERS.iter().map(|c| c.customer_id()).collect();
    /// assert_eq!(ids[3], demo::tailspin_university());
    /// ```
    pub fn customer_id(&self) -> CustomerId {
        customer_id(self.guid)
    }
}

/// Every demo customer, in the order of the crate docs' table.
pub const CUSTOMERS: [DemoCustomer; 4] = [
    DemoCustomer {
        id: CONTOSO_ACADEMY,
        guid: CONTOSO_ACADEMY_GUID,
        name: "Contoso Academy",
        role: "Education will be Approved",
    },
    DemoCustomer {
        id: FABRIKAM_TRADING,
        guid: FABRIKAM_TRADING_GUID,
        name: "Fabrikam Trading Company",
        role: "Education will be Denied: Not an Education Customer",
    },
    DemoCustomer {
        id: WOODGROVE_MUNICIPALITY,
        guid: WOODGROVE_MUNICIPALITY_GUID,
        name: "Municipality of Woodgrove",
        role: "Government Community Cloud with a validation code",
    },
    DemoCustomer {
        id: TAILSPIN_UNIVERSITY,
        guid: TAILSPIN_UNIVERSITY_GUID,
        name: "Tailspin University",
        role: "holds an Approved Education from the start",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_id_is_its_text_constant() {
        let typed = [
            (contoso_academy(), CONTOSO_ACADEMY),
            (fabrikam_trading(), FABRIKAM_TRADING),
            (woodgrove_municipality(), WOODGROVE_MUNICIPALITY),
            (tailspin_university(), TAILSPIN_UNIVERSITY),
        ];
        for (id, text) in typed {
            assert_eq!(CustomerId::parse(text), Ok(id), "{text}");
            assert_eq!(id.to_string(), text);
        }
    }

    #[test]
    fn every_demo_customer_id_field_is_its_customer_id() {
        for customer in CUSTOMERS {
            assert_eq!(
                CustomerId::parse(customer.id),
                Ok(customer.customer_id()),
                "{}",
                customer.name
            );
        }
    }
}

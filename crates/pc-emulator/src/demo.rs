//! The emulator's well-known demo data: customers, validation codes and credentials.
//!
//! - [`CUSTOMERS`]: the demo customers, each a [`DemoCustomer`].
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
//! ```

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
}

/// Every demo customer, in the order of the crate docs' table.
pub const CUSTOMERS: [DemoCustomer; 4] = [
    DemoCustomer {
        id: CONTOSO_ACADEMY,
        name: "Contoso Academy",
        role: "Education will be Approved",
    },
    DemoCustomer {
        id: FABRIKAM_TRADING,
        name: "Fabrikam Trading Company",
        role: "Education will be Denied: Not an Education Customer",
    },
    DemoCustomer {
        id: WOODGROVE_MUNICIPALITY,
        name: "Municipality of Woodgrove",
        role: "Government Community Cloud with a validation code",
    },
    DemoCustomer {
        id: TAILSPIN_UNIVERSITY,
        name: "Tailspin University",
        role: "holds an Approved Education from the start",
    },
];

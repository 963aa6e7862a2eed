//! The endpoint table: every Partner Center operation this workspace speaks, as data.
//!
//! - [`Endpoint`]: one row: name, method, path template, whether it writes, whether it needs an
//!   App+User token, and how its idempotency is keyed.
//! - [`Operation`]: the operations, one variant per row; [`Operation::endpoint`] finds the row.
//! - [`ENDPOINTS`]: the table itself.
//! - [`HttpMethod`], [`Idempotency`]: the values a row holds.
//!
//! The client builds its requests from this table, the emulator routes by it, and the demo prints
//! paths rendered from it, so a route cannot differ between them.
//!
//! # Example: render and match a path
//!
//! ```
//! use pc_models::{CustomerId, HttpMethod, Operation};
//!
//! let customer: CustomerId = "c0a5c0a5-0000-4000-8000-acade0000002".parse()?;
//! let create = Operation::CreateQualification.endpoint();
//! assert_eq!(create.method, HttpMethod::Post);
//! let path = create.path(Some(customer));
//! assert_eq!(path, "/v1/customers/c0a5c0a5-0000-4000-8000-acade0000002/qualifications");
//! assert_eq!(create.match_path(&path), Some(Some("c0a5c0a5-0000-4000-8000-acade0000002")));
//! # Ok::<(), pc_models::RequestError>(())
//! ```

use std::fmt;

use crate::CustomerId;

/// The placeholder of the customer tenant id in a path template.
pub const CUSTOMER_PLACEHOLDER: &str = "{customer-tenant-id}";

/// An HTTP method of the table (this crate has no HTTP stack; `as_str` gives the token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
}

impl HttpMethod {
    /// The method token (`"GET"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the service recognises a repeat of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Idempotency {
    /// A read: repeating it changes nothing, no key is kept.
    Safe,
    /// A write keyed on (operation, customer, `MS-RequestId`): a repeat with the same body and
    /// query gets the stored answer; another request under the same key is refused.
    RequestIdPerCustomer,
}

/// An operation of the Partner Center API covered by this workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `GET /v1/customers/{customer-tenant-id}/qualifications`.
    ListQualifications,
    /// `POST /v1/customers/{customer-tenant-id}/qualifications`: the core operation.
    CreateQualification,
    /// Legacy `GET /v1/customers/{customer-tenant-id}/qualification`.
    GetLegacyQualification,
    /// Legacy `PUT /v1/customers/{customer-tenant-id}/qualification`.
    UpdateLegacyQualification,
    /// `GET /v1/customers/all/validations`.
    ListValidationCodes,
}

impl Operation {
    /// The operation's row of [`ENDPOINTS`].
    pub fn endpoint(self) -> &'static Endpoint {
        match self {
            Self::ListQualifications => &ENDPOINTS[0],
            Self::CreateQualification => &ENDPOINTS[1],
            Self::GetLegacyQualification => &ENDPOINTS[2],
            Self::UpdateLegacyQualification => &ENDPOINTS[3],
            Self::ListValidationCodes => &ENDPOINTS[4],
        }
    }

    /// The operation's stable name (`"qualifications.create"`), as logged and traced.
    pub fn name(self) -> &'static str {
        self.endpoint().name
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One row of the endpoint table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// Which operation.
    pub operation: Operation,
    /// A stable name (`"qualifications.create"`), used in traces and logs.
    pub name: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, with [`CUSTOMER_PLACEHOLDER`] where the customer goes.
    pub template: &'static str,
    /// Whether the operation changes state.
    pub writes: bool,
    /// Whether an App+User token is required (App-only tokens are refused with `403`).
    pub needs_app_user: bool,
    /// How repeats are recognised.
    pub idempotency: Idempotency,
}

/// Every operation, in [`Operation`] order.
pub const ENDPOINTS: [Endpoint; 5] = [
    Endpoint {
        operation: Operation::ListQualifications,
        name: "qualifications.list",
        method: HttpMethod::Get,
        template: "/v1/customers/{customer-tenant-id}/qualifications",
        writes: false,
        needs_app_user: false,
        idempotency: Idempotency::Safe,
    },
    Endpoint {
        operation: Operation::CreateQualification,
        name: "qualifications.create",
        method: HttpMethod::Post,
        template: "/v1/customers/{customer-tenant-id}/qualifications",
        writes: true,
        needs_app_user: true,
        idempotency: Idempotency::RequestIdPerCustomer,
    },
    Endpoint {
        operation: Operation::GetLegacyQualification,
        name: "legacy_qualification.get",
        method: HttpMethod::Get,
        template: "/v1/customers/{customer-tenant-id}/qualification",
        writes: false,
        needs_app_user: false,
        idempotency: Idempotency::Safe,
    },
    Endpoint {
        operation: Operation::UpdateLegacyQualification,
        name: "legacy_qualification.update",
        method: HttpMethod::Put,
        template: "/v1/customers/{customer-tenant-id}/qualification",
        writes: true,
        needs_app_user: true,
        idempotency: Idempotency::RequestIdPerCustomer,
    },
    Endpoint {
        operation: Operation::ListValidationCodes,
        name: "validation_codes.list",
        method: HttpMethod::Get,
        template: "/v1/customers/all/validations",
        writes: false,
        needs_app_user: false,
        idempotency: Idempotency::Safe,
    },
];

impl Endpoint {
    /// Whether the path template names a customer.
    pub fn has_customer(&self) -> bool {
        self.template.contains(CUSTOMER_PLACEHOLDER)
    }

    /// The path for `customer` (ignored when the template has no customer). A template that
    /// needs a customer rendered without one keeps its placeholder, which no server routes.
    pub fn path(&self, customer: Option<CustomerId>) -> String {
        match customer {
            Some(id) if self.has_customer() => {
                self.template.replace(CUSTOMER_PLACEHOLDER, &id.to_string())
            }
            _ => self.template.to_owned(),
        }
    }

    /// Matches a request path against the template: literal segments ignore ASCII case and one
    /// trailing `/` is allowed. `Some(customer)` on a match, with the customer segment as sent
    /// (`None` for templates without a customer); `None` when the path is another endpoint's.
    pub fn match_path<'p>(&self, path: &'p str) -> Option<Option<&'p str>> {
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut sent = path.split('/');
        let mut customer = None;
        for expected in self.template.split('/') {
            let segment = sent.next()?;
            if expected == CUSTOMER_PLACEHOLDER {
                if segment.is_empty() {
                    return None;
                }
                customer = Some(segment);
            } else if !segment.eq_ignore_ascii_case(expected) {
                return None;
            }
        }
        match sent.next() {
            Some(_) => None,
            None => Some(customer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_operation_order() {
        for row in &ENDPOINTS {
            assert_eq!(row.operation.endpoint(), row);
        }
    }

    #[test]
    fn match_path_takes_the_customer_segment_and_refuses_other_shapes() {
        let list = Operation::ListQualifications.endpoint();
        assert_eq!(
            list.match_path("/V1/Customers/abc/Qualifications/"),
            Some(Some("abc"))
        );
        assert_eq!(list.match_path("/v1/customers/abc/qualification"), None);
        assert_eq!(list.match_path("/v1/customers/abc/qualifications/x"), None);
        assert_eq!(list.match_path("/v1/customers//qualifications"), None);
        assert_eq!(list.match_path("/v1/customers"), None);
        let codes = Operation::ListValidationCodes.endpoint();
        assert_eq!(
            codes.match_path("/v1/customers/all/validations"),
            Some(None)
        );
    }
}

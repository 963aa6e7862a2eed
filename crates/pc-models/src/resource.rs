//! The token resource of Partner Center.
//!
//! - [`PARTNER_CENTER_RESOURCE`]: the `resource` of every Entra ID v1 token request.

/// The `resource` form field of every Microsoft Entra ID v1 token request for Partner Center, in
/// every cloud: `https://api.partnercenter.microsoft.com`.
pub const PARTNER_CENTER_RESOURCE: &str = "https://api.partnercenter.microsoft.com";

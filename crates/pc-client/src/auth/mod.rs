//! Microsoft Entra ID token providers.
//!
//! - [`EntraCredential`]: App+User (refresh-token grant, rotated tokens kept) or App-only
//!   (client-credentials grant), cached, refreshed ahead of expiry, single flight.

mod entra;
mod token_response;

pub use entra::{EntraCredential, EntraCredentialBuilder};

//! Where plain `http` may go: loopback hosts only.
//!
//! - [`refuse_plain_http`]: the rule [`ClientBuilder`](crate::ClientBuilder) and
//!   [`EntraCredentialBuilder`](crate::EntraCredentialBuilder) apply to their URLs.
//!
//! # Design
//!
//! A bearer token, client secret or refresh token sent over plain `http` can be read by anyone on
//! the path. Loopback traffic never leaves the machine, so the emulator and test servers on
//! `127.0.0.1` still work without TLS; anything else needs `https` or an explicit, loudly named
//! opt-out (`danger_accept_plain_http`) for test rigs (issue 10: credentials that never travel in
//! clear).

use std::net::IpAddr;

use url::{Host, Url};

use crate::Error;

/// The hosts plain `http` may reach, as error messages name them.
pub(crate) const LOOPBACK_HOSTS: &str = "127.0.0.0/8, ::1, localhost";

/// Whether `url`'s host is loopback: 127.0.0.0/8, `::1` (and IPv4-mapped 127.0.0.0/8) or
/// `localhost`.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A [`Config`](crate::ErrorKind::Config) error for an `http` URL to a host that is not loopback,
/// unless `accept_plain_http` is set. `what` names the setting (`base URL`, `authority`) and
/// `text` is the URL as given.
pub(crate) fn refuse_plain_http(
    what: &str,
    text: &str,
    url: &Url,
    accept_plain_http: bool,
) -> Result<(), Error> {
    if url.scheme() != "http" || accept_plain_http || is_loopback(url) {
        return Ok(());
    }
    Err(Error::config(format!(
        "invalid {what} {text:?}: plain http is only allowed to a loopback host ({LOOPBACK_HOSTS}); \
         use https, or danger_accept_plain_http(true) on the builder for a test rig"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(text: &str) -> bool {
        is_loopback(&Url::parse(text).expect("a URL"))
    }

    #[test]
    fn loopback_is_127_8_ipv6_one_and_localhost_only() {
        for yes in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:80",
            "http://[::ffff:127.0.0.1]",
            "http://localhost:1",
            "http://LOCALHOST",
        ] {
            assert!(loopback(yes), "{yes}");
        }
        for no in [
            "http://10.0.0.1",
            "http://0.0.0.0:8080",
            "http://[::]",
            "http://[::ffff:10.0.0.1]",
            "http://localhost.contoso.test",
            "http://evil-localhost",
            "http://emulator.test",
            "http://128.0.0.1",
        ] {
            assert!(!loopback(no), "{no}");
        }
    }
}

//! The deterministic vetting rule for Education.
//!
//! - [`decide`]: the final status and reason once the vetting delay has passed.
//! - [`is_academic_domain`]: the website half of the rule, evaluated when the qualification is
//!   created (so only its answer is kept, not the website).
//!
//! The rule, in order:
//! 1. a website was given and is not an academic domain: Denied, "Not an Academic Domain";
//! 2. the customer GUID's last hex digit is odd: Denied, "Not an Education Customer";
//! 3. otherwise: Approved.
//!
//! A website is an academic domain when its host (scheme, path and port removed, compared
//! without case) ends in `.edu` or contains `.edu.` or `.ac.`.

use pc_models::{CustomerId, VettingStatus};

/// The reason given for a website that is not an academic domain.
pub(crate) const NOT_ACADEMIC_DOMAIN: &str = "Not an Academic Domain";

/// The reason given for a customer whose GUID ends in an odd hex digit.
pub(crate) const NOT_EDUCATION_CUSTOMER: &str = "Not an Education Customer";

/// The final vetting status of an Education qualification given its website, with its reason
/// when Denied.
#[cfg(test)]
fn outcome(customer: &CustomerId, website: Option<&str>) -> (VettingStatus, Option<&'static str>) {
    decide(customer, website.map(is_academic_domain))
}

/// The final vetting status of an Education qualification, with its reason when Denied;
/// `academic` is `None` when no website was given, else whether it is an academic domain.
pub(crate) fn decide(
    customer: &CustomerId,
    academic: Option<bool>,
) -> (VettingStatus, Option<&'static str>) {
    if academic == Some(false) {
        return (VettingStatus::Denied, Some(NOT_ACADEMIC_DOMAIN));
    }
    let last = customer.as_uuid().as_bytes()[15];
    if last % 2 == 1 {
        return (VettingStatus::Denied, Some(NOT_EDUCATION_CUSTOMER));
    }
    (VettingStatus::Approved, None)
}

/// Whether a website's host ends in `.edu` or contains `.edu.` or `.ac.`.
pub(crate) fn is_academic_domain(website: &str) -> bool {
    let site = website.trim().to_ascii_lowercase();
    let without_scheme = site
        .split_once("://")
        .map_or(site.as_str(), |(_, rest)| rest);
    let host = without_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    let host = host.trim_end_matches('.');
    host.ends_with(".edu") || host.contains(".edu.") || host.contains(".ac.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str) -> CustomerId {
        match CustomerId::parse(id) {
            Ok(id) => id,
            Err(e) => panic!("test GUID: {e}"),
        }
    }

    #[test]
    fn academic_domains() {
        for site in [
            "contoso.edu",
            "https://www.Contoso.EDU/admissions",
            "oxford.ac.uk",
            "uni.edu.au:443",
            "contoso.edu.",
        ] {
            assert!(is_academic_domain(site), "{site}");
        }
        for site in ["contoso.com", "edu.contoso.com", "", "contoso.education"] {
            assert!(!is_academic_domain(site), "{site}");
        }
    }

    #[test]
    fn rule_checks_the_website_first_then_the_last_hex_digit() {
        let even = customer("00000000-0000-4000-8000-00000000000a");
        let odd = customer("00000000-0000-4000-8000-00000000000f");
        assert_eq!(outcome(&even, None), (VettingStatus::Approved, None));
        assert_eq!(
            outcome(&even, Some("contoso.edu")),
            (VettingStatus::Approved, None)
        );
        assert_eq!(
            outcome(&odd, None),
            (VettingStatus::Denied, Some(NOT_EDUCATION_CUSTOMER))
        );
        assert_eq!(
            outcome(&odd, Some("contoso.com")),
            (VettingStatus::Denied, Some(NOT_ACADEMIC_DOMAIN))
        );
    }
}

//! The operation groups, one file each.

mod legacy;
mod qualifications;
mod validation_codes;

pub use legacy::LegacyQualification;
pub use qualifications::Qualifications;
pub use validation_codes::ValidationCodes;

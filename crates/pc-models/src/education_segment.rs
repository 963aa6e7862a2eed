//! Education segments of the current request contract.
//!
//! - [`EducationSegment`]: `K12` or `HigherEducation`.

use crate::wire_enum::wire_enum;

/// The education segment a current-contract Education request must carry.
///
/// Serialized as `K12` / `HigherEducation`; parsing ignores ASCII case, `_` and `-`
/// (`higher-education` works).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EducationSegment {
    /// Primary and secondary schools.
    K12,
    /// Colleges and universities.
    HigherEducation,
}

wire_enum! {
    closed EducationSegment {
        K12 => "K12",
        HigherEducation => "HigherEducation",
    }
    from_str: crate::RequestError::UnknownEducationSegment;
    serde: "education segment";
}

//! Things worth telling the operator that do not stop a run.
//!
//! - [`Warning`]: unknown columns (reported once per run, then ignored).
//!
//! # Examples
//!
//! ```
//! use pc_bulk::Warning;
//!
//! let warning = Warning::UnknownColumns(vec!["notes".to_owned(), "owner".to_owned()]);
//! assert_eq!(warning.to_string(), "unknown columns ignored: notes, owner");
//! ```

use std::fmt;

use serde::Serialize;

/// A warning about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "columns")]
#[non_exhaustive]
pub enum Warning {
    /// Header columns the engine does not know, in file order; their values are ignored.
    UnknownColumns(Vec<String>),
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownColumns(columns) => {
                let word = if columns.len() == 1 {
                    "column"
                } else {
                    "columns"
                };
                write!(f, "unknown {word} ignored: {}", columns.join(", "))
            }
        }
    }
}

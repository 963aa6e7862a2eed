//! One file per command group.
//!
//! - `qualifications`: `list` and `create` (alias `update`) on `.../qualifications`.
//! - `qualification`: the legacy `get` and `set` on `.../qualification`.
//! - `validation_codes`: `list`.
//! - `emulator`: serve the emulator until Ctrl-C.
//! - `completions`: a shell completion script.
//! - `bulk`: `create`, `status`, `wait` and `report` of a CSV file's rows, through pc-bulk.

pub(crate) mod bulk;
pub(crate) mod completions;
pub(crate) mod emulator;
pub(crate) mod qualification;
pub(crate) mod qualifications;
pub(crate) mod validation_codes;

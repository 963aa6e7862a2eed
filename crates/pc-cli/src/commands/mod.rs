//! One file per command group.
//!
//! - `qualifications`: `list` and `create` (alias `update`) on `.../qualifications`.
//! - `qualification`: the legacy `get` and `set` on `.../qualification`.
//! - `validation_codes`: `list`.
//! - `emulator`: serve the emulator until Ctrl-C.

pub(crate) mod emulator;
pub(crate) mod qualification;
pub(crate) mod qualifications;
pub(crate) mod validation_codes;

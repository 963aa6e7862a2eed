//! The bulk engine (work in progress).
#![deny(missing_docs)]

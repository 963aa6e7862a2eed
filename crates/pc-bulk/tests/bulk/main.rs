//! Bulk tests.

//! Waiting for vetting.

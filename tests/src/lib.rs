//! End-to-end suites of partner-center-rs.
//!
//! This crate ships no code: its one integration-test binary, `e2e` (`tests/e2e/main.rs`), drives
//! `pc-client` over real HTTP against `wiremock` servers on `127.0.0.1`, over consumer-written
//! transports and over `pc_client::MockTransport`, and checks every byte sent and every value
//! decoded.
//!
//! Run it with `cargo test -p pc-tests`.

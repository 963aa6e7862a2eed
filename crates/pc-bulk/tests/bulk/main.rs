//! pc-bulk against the in-process emulator (no socket): every test bounded in time.

// Shared helpers: temporary files, customers, clients, transports that hang or record.
mod support;

// The happy path: every row created, each applied exactly once, with the ledger's ids.
mod happy;

// The input: invalid rows with their line numbers (never sent), unknown columns, duplicates,
// file-level errors (nothing sent, no ledger), dry runs.
mod input;

// Outcome classes: 409 already held, 409 and other 4xx refused, 5xx retried, exit classes.
mod outcomes;

// Resume: a crash with rows in flight, a rerun that resends them with their stored ids; a
// changed input refused; a graceful cancel.
mod resume;

// The rate limiter against a throttled emulator: the rate adapts, the pause is shared.
mod throttle;

// Waiting for vetting: verdicts recorded, a wait that times out and one that resumes.
mod wait;

// Status and reports: exact CSV and JSON output.
mod report;

// No secret in the ledger: the validation code is nowhere in its bytes.
mod secrets;

// Send and Sync of the public futures and handles.
mod api;

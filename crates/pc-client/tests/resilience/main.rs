//! Resilience and authentication of pc-client: retries, throttling, deadlines, tokens, waiting.

// Shared builders and helpers.
mod support;

// Retry classification and backoff on MockTransport with paused time (no sockets, no real sleeps).
mod retry_mock;

// Retries over real HTTP against wiremock: same ids on every attempt, Retry-After honoured.
mod retry_wiremock;

// Token providers against wiremock's and the emulator's token endpoints.
mod tokens;

// Hostile or extreme inputs: overflow-sized waits, secrets in odd places, zero intervals.
mod edge_cases;

// wait_for_vetting polling.
mod wait;

// Against the emulator's faults: drops after apply, 5xx, throttling, and the soak test.
mod emulator_faults;

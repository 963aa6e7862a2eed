//! Resilience and authentication of pc-client: retries, throttling, deadlines, tokens, waiting.

// Shared builders and helpers.
mod support;

// Retry classification and backoff on MockTransport with paused time (no sockets, no real sleeps).
mod retry_mock;

// Retries over real HTTP against wiremock: same ids on every attempt, Retry-After honoured.
mod retry_wiremock;

// Open retry rules: classifiers on the client or one call, NoRetry and RetryAfter actions, and
// `Error::is_retryable` against the default rules.
mod retry_rules;

// Token providers against wiremock's and the emulator's token endpoints.
mod tokens;

// Token renewal after a failure: the cached token during a jittered backoff, shared requests.
mod token_renewal;

// Plain http only to loopback hosts, for the base URL and the Entra authority; the opt-out.
mod plain_http;

// Hostile or extreme inputs: overflow-sized waits, secrets in odd places, zero intervals.
mod edge_cases;

// wait_for_vetting polling, and the VettingPoller's observations one poll at a time.
mod wait;

// Against the emulator's faults: drops after apply, 5xx, throttling, and the soak test.
mod emulator_faults;

// Owned handles: kept in structs, returned from functions, their futures spawned; Send/Sync checks.
mod owned_handles;

// Transport failures as callers see them: the cause in Display, no source(), transport_error().
mod transport_errors;

//! Integration tests of the `pc` binary: the real executable, run with a cleared environment.

// Shared helpers: building and running `pc`, wiremock matchers, JSON parsing.
mod support;

// Clap's own checks, help text, version, hidden token values.
mod help;

// `pc qualifications list` against wiremock: request shape, JSON and table output.
mod list;

// `pc qualifications create` (and its alias `update`) against wiremock: both contracts, GCC code.
mod create;

// `pc qualification get` and `set`: the legacy API against wiremock.
mod legacy;

// `pc validation-codes list` against wiremock.
mod validation_codes;

// Exit codes 1, 2 and 3, the one-line error and the `--output json` error object.
mod failures;

// Flags versus environment variables (and stdin for the validation code), secrets of any length
// never printed, -v logging and a quiet default.
mod settings;

// `--max-attempts` and `--timeout` against wiremock: retries, one request id, the deadline.
mod resilience;

// Token acquisition from the PC_TENANT_ID/PC_CLIENT_ID/... variables against the emulator.
mod auth;

// `qualifications wait` and `create --wait` against the emulator: Approved, Denied, deadline.
mod wait;

// Flows against the real emulator, and the `pc emulator` command itself.
mod emulator;

// `pc demo` end to end, and a broken pipe on stdout.
mod demo;

// Issue 10: server text in tables and error lines clean and bounded, whole and escaped in JSON.
mod terminal;

// Issue 10: `--request-id` on create and set: the header, its check, the exit-3 hint, replays.
mod request_id;

// Issue 11: `pc completions <shell>` for every shell, and the man pages of `cargo xtask man`.
mod completions;

// Issue 11: `NO_COLOR` keeps help, usage errors, error lines and logs free of ANSI escapes.
mod colors;

// Issue 9: `pc bulk create|status|wait|report` against the emulator: exit codes 0/2/3/4/130, the
// summary's lines, reports, dry runs, resume after Ctrl-C and after SIGKILL (each row once).
mod bulk;

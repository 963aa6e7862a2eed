//! An in-process, stateful emulator of Microsoft Partner Center's customer-qualification API.
//!
//! It is a faithful server, not a canned-response stub: it issues and checks tokens, keeps each
//! customer's qualifications, vets Education by a deterministic rule, counts validation-code
//! creates, replays repeated `MS-RequestId`s and injects faults on demand. Built on hyper 1; it
//! serves HTTP/1.1 on `127.0.0.1` (another address only with an admin token, see "Admin API").
//! Everything it stores and every connection is bounded, so a hostile client cannot make it
//! grow or hang (see "Limits").
//!
//! - [`Emulator`]: the service and its state ([`Emulator::new`], [`Emulator::call`]); binding a
//!   port is a separate step ([`Emulator::start`], [`Emulator::bind`], [`Emulator::serve`]).
//! - [`EmulatorHandle`]: a running server: base URL, state for assertions, stops on drop.
//! - [`EmulatorTransport`]: the emulator as a [`pc_transport::Transport`], with no socket
//!   ([`Emulator::transport`], [`EmulatorHandle::transport`]): hand it to a client built with any
//!   base URL. Faults behave as over TCP; a dropped connection is a `TransportError` of kind `Io`.
//! - [`EmulatorConfig`]: vetting delay, seed, token lifetime, demo token, clients, faults; the
//!   limits on stores and connections; the admin token ([`random_admin_token`]).
//! - [`Faults`] and [`Throttle`]: throttling, server errors, latency, dropped connections.
//! - [`LoggedRequest`], [`AppliedChange`]: what tests assert on.
//! - [`demo`]: the well-known customers (ids as text, e.g. [`demo::CONTOSO_ACADEMY`], and as
//!   [`CustomerId`](pc_models::CustomerId)s, e.g. [`demo::contoso_academy()`]), validation codes
//!   and credentials.
//!
//! # Example: start an emulator and list a customer's qualifications
//!
//! ```
//! use pc_emulator::{Emulator, EmulatorConfig, demo};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::start(EmulatorConfig::default()).await?;
//! let url = format!(
//!     "{}/v1/customers/{}/qualifications",
//!     emulator.base_url(),
//!     demo::TAILSPIN_UNIVERSITY
//! );
//! let response = reqwest::Client::builder()
//!     .no_proxy()
//!     .build()?
//!     .get(url)
//!     .bearer_auth(demo::DEMO_TOKEN)
//!     .header("MS-RequestId", "6c6c4dd4-1c52-4bd0-9d8c-4e1f0a8a7e31")
//!     .send()
//!     .await?;
//! assert_eq!(response.status(), 200);
//! assert_eq!(
//!     response.text().await?,
//!     r#"[{"qualification":"Education","vettingStatus":"Approved","vettingCreateDate":"2020-12-04T20:54:24Z"}]"#
//! );
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # Example: no socket
//!
//! [`Emulator::transport`] serves the same requests in-process, through the
//! [`pc_transport::Transport`] a client sends with. Only the URL's path and query are read, so
//! any base URL will do; `http://127.0.0.1` also passes the client's plain-http rule.
//!
//! ```
//! use bytes::Bytes;
//! use pc_emulator::{Emulator, EmulatorConfig, demo};
//! use pc_transport::Transport;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::new(EmulatorConfig::default());
//! let transport = emulator.transport();
//! let customer = demo::contoso_academy();
//! let request = http::Request::post(format!(
//!     "http://127.0.0.1/v1/customers/{customer}/qualifications"
//! ))
//! .header("Authorization", format!("Bearer {}", demo::DEMO_TOKEN))
//! .header("MS-RequestId", "0b7f5c2e-8d1a-4e3b-9f6c-2a4d8e1b7c30")
//! .header("Content-Type", "application/json")
//! .body(Bytes::from_static(br#"{"qualification":"StateOwnedEntity"}"#))?;
//!
//! let response = transport.send(request).await?;
//!
//! assert_eq!(response.status(), 201);
//! assert_eq!(response.body().as_ref(), br#"{"qualification":"StateOwnedEntity"}"#);
//! // The transport shares the emulator's state.
//! assert_eq!(emulator.applied_changes().len(), 1);
//! assert_eq!(emulator.qualifications(&customer).len(), 1);
//! # Ok(())
//! # }
//! ```
//!
//! # Endpoints
//!
//! | method and path | answer |
//! |---|---|
//! | `POST /{tenant}/oauth2/token` | tokens (`refresh_token` and `client_credentials` grants) |
//! | `GET /v1/customers/{id}/qualifications` | `200`, a bare array of qualification records |
//! | `POST /v1/customers/{id}/qualifications[?code=]` | `201`, the created record |
//! | `GET /v1/customers/{id}/qualification` | `200`, a bare lower-case string (legacy) |
//! | `PUT /v1/customers/{id}/qualification[?code=]` | `200`, a bare lower-case string (legacy) |
//! | `GET /v1/customers/all/validations` | `200`, a bare array of validation codes |
//! | `GET /_emulator/requests` | the request log (see "Admin API") |
//! | `GET`, `PUT /_emulator/faults` | read or replace the [`Faults`] (see "Admin API") |
//! | `POST /_emulator/reset` | back to the initial state (see "Admin API") |
//!
//! The `/v1` rows are not written in this crate: requests are routed by matching
//! [`pc_models::ENDPOINTS`], whose rows also say which operations need an App+User token and
//! which replay a repeated `MS-RequestId`. A path that matches rows but none with the request's
//! method gets 405 with `Allow` listing theirs, in table order.
//!
//! Every answer is JSON and carries `MS-CV`, `MS-ServerId: pc-emulator` and the request's
//! `MS-RequestId` and `MS-CorrelationId` when they are hyphenated GUIDs. On `/v1/*`, an
//! `MS-RequestId` or `MS-CorrelationId` that is sent but is not a hyphenated GUID
//! (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, any case) is refused first, before any fault or
//! token check: 400 / `800002`, "The MS-RequestId header must be a GUID in the hyphenated form
//! (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)." (or `MS-CorrelationId`). Either may be left out: the
//! request is then served as before, with nothing to echo, and a `POST`/`PUT` without an
//! `MS-RequestId` is applied afresh each time. `/v1/*` needs `Authorization: Bearer`: the demo
//! token ([`demo::DEMO_TOKEN`], App+User) or a token from the token endpoint; a path or method
//! the table does not serve gets its 404 / 405 only with a valid token (401 otherwise). App-only
//! tokens (`client_credentials`) may only read. Refresh tokens rotate: each use returns a new one
//! and invalidates the old.
//!
//! `POST` takes the integer contract (`1`, GCC code in `?code=`), the 2021 interim object
//! (`{"Qualification":"Education"}`) or the current object contract
//! (`{"qualification":"Education","educationSegment":"HigherEducation","website":"contoso.edu"}`,
//! `{"qualification":"GovernmentCommunityCloud","validationCode":"123456"}`,
//! `{"qualification":"StateOwnedEntity"}`); names are read without case. A key spelled exactly
//! `Qualification` marks the interim contract, which needs no `educationSegment`; any other
//! spelling is the current contract, which does. The GCC code comes from `validationCode`, else
//! from `?code=`. Unknown fields are ignored. The legacy `PUT` takes the integer only. Rules: `None` and `Nonprofit` are refused; GCC needs a known validation code
//! with creates left (and uses one up); Education and GCC exclude each other; a qualification
//! already held is refused; SOE may join either.
//!
//! # Idempotency
//!
//! The answer to a `POST`/`PUT` that reached the rules (success, 400 or 409) is stored under its
//! method, resource (the customer; path case and a trailing `/` do not matter) and
//! `MS-RequestId` (as a GUID: its case does not matter), with a hash of its body (byte for byte)
//! and raw query. A later request under the same three:
//! - with the same body and query gets the stored answer again and changes nothing (logged with
//!   fault `replayed`);
//! - with another body or query is refused with 409 / `800002`, "The MS-RequestId was already
//!   used for a different request.", and changes nothing (logged with fault
//!   `replayed-mismatch`); the stored answer stays.
//!
//! The same `MS-RequestId` on another customer or on the other endpoint is a new request. The
//! most recent 200,000 answers are kept ([`EmulatorConfig::max_stored_replies`]), the oldest
//! forgotten first; a repeat of a forgotten one is processed afresh. Answers that never reached
//! the rules (400 for an id header, 401, 403, 408, 413, throttling, injected errors, drops
//! before apply, 507 for a full customer store) are not stored, and what is stored is the
//! emulator's own answer (a few hundred bytes), never the client's body or headers.
//!
//! Issued access tokens do not pile up either: expired ones are dropped whenever a token is
//! issued, and at most the 100,000 most recently issued are kept (older ones are refused).
//!
//! # Limits
//!
//! Every store is bounded by [`EmulatorConfig`] settings, and so is every connection; the
//! defaults leave room for a bulk run of 100,000 customers with one create each, twice over.
//! [`Emulator::stored_bytes`] reports what the stores hold.
//!
//! | setting | default | beyond it |
//! |---|---|---|
//! | [`max_customers`](EmulatorConfig::max_customers) | 200,000 | a create for a new customer: `507` / `800003`, not stored for replay |
//! | [`max_applied_changes`](EmulatorConfig::max_applied_changes) | 200,000 | the oldest record is forgotten ([`Emulator::applied_changes`]) |
//! | [`max_stored_replies`](EmulatorConfig::max_stored_replies) | 200,000 | the oldest stored answer is forgotten |
//! | [`max_logged_requests`](EmulatorConfig::max_logged_requests) | 10,000 | the oldest log entry is forgotten |
//! | [`max_log_bytes`](EmulatorConfig::max_log_bytes) | 4 MiB | the oldest log entries are forgotten |
//! | [`log_field_bytes`](EmulatorConfig::log_field_bytes) | 256 bytes | a logged method, path, query or id is cut, ending with `…` |
//! | request body (fixed) | 64 KiB | `413` / `800002` |
//! | [`max_header_bytes`](EmulatorConfig::max_header_bytes) | 64 KiB | `431`, connection closed (by hyper) |
//! | [`header_read_timeout`](EmulatorConfig::header_read_timeout) | 10 s | connection closed; also ends a kept-alive connection that sends no new request |
//! | [`body_read_timeout`](EmulatorConfig::body_read_timeout) | 10 s | `408` / `800002`, connection closed |
//! | [`idle_timeout`](EmulatorConfig::idle_timeout) | 30 s | a connection with no byte read or written while no request of it is processed (a client that stops reading) is closed |
//! | [`max_connections`](EmulatorConfig::max_connections) | 512 | a new connection waits for a free slot up to `header_read_timeout`, then is closed; at most 512 wait, more are closed at once |
//! | issued access tokens (fixed) | 100,000 | the oldest is forgotten (and refused) |
//!
//! The timeouts and the connection cap apply over TCP; [`Emulator::call`] and
//! [`EmulatorTransport`] apply the body-read timeout only.
//!
//! # Admin API
//!
//! `/_emulator/*` takes no bearer token of the API, gets no faults and is not logged. So that a
//! web page cannot reach it through the user's browser:
//! - without an admin token (the default), a request whose `Host` is not `127.0.0.1`,
//!   `localhost` or `[::1]` (any port, any case) is refused with 403 / `800002`: a page that
//!   rebinds its own DNS name to `127.0.0.1` still sends its name. A request with no `Host`
//!   (in-process, [`Emulator::call`]) passes;
//! - `POST /_emulator/reset` and `PUT /_emulator/faults` need `Content-Type: application/json`
//!   (a charset parameter is fine), else 415 / `800002`: a page can only send that with a CORS
//!   preflight, which the emulator never allows;
//! - `PUT /_emulator/faults` refuses values out of range with 400 / `800002` naming the field:
//!   rates outside `0..=1`, `latencyMs` over 10,000, `throttle.capacity` outside
//!   `1..=1000000`, `throttle.refillPerSecond` outside `0..=1000000`.
//!
//! [`Emulator::bind`] and [`Emulator::serve`] refuse an address that is not loopback
//! (`0.0.0.0` included) unless [`EmulatorConfig::admin_token`] is set; the admin API then needs
//! `Authorization: Bearer <admin token>` (401 / `800001` otherwise) and checks no `Host`.
//! `pc emulator --listen ADDR --allow-remote` does that with a [`random_admin_token`] it prints
//! on stderr.
//!
//! # Demo customers
//!
//! Any well-formed GUID is a customer; unknown ones start with no qualification.
//!
//! | constant (`&str`), function (`CustomerId`) | GUID | name | what happens |
//! |---|---|---|---|
//! | [`demo::CONTOSO_ACADEMY`], [`demo::contoso_academy()`] | `c0a5c0a5-0000-4000-8000-acade0000002` | Contoso Academy | Education will be Approved |
//! | [`demo::FABRIKAM_TRADING`], [`demo::fabrikam_trading()`] | `fab71ca0-0000-4000-8000-7ade00000001` | Fabrikam Trading Company | Education will be Denied: "Not an Education Customer" |
//! | [`demo::WOODGROVE_MUNICIPALITY`], [`demo::woodgrove_municipality()`] | `c1770000-0000-4000-8000-00000000c17d` | Municipality of Woodgrove | the GCC customer (Education would be Denied) |
//! | [`demo::TAILSPIN_UNIVERSITY`], [`demo::tailspin_university()`] | `7a115b1e-0000-4000-8000-000000000ed4` | Tailspin University | holds an Approved Education from the start |
//!
//! Validation codes: `123456` (5 creates), `654321` (no limit), `000000` (1 create, used).
//!
//! # Vetting rule
//!
//! Education is created `InReview`, with `vettingCreateDate` the creation time. Once more than
//! [`EmulatorConfig::vetting_delay`] has passed (read lazily, on tokio's clock), it is:
//! 1. Denied, `vettingReason` "Not an Academic Domain", if a website was given whose host does
//!    not end in `.edu` and contains neither `.edu.` nor `.ac.`;
//! 2. else Denied, "Not an Education Customer", if the customer GUID's last hex digit is odd
//!    (`1 3 5 7 9 b d f`);
//! 3. else Approved.
//!
//! GCC is Approved at once. StateOwnedEntity has no vetting fields.
//!
//! # Errors
//!
//! Documented bodies: `{"code":"900118","description":"The customer ID is invalid.","data":[],
//! "source":"PartnerFD"}`.
//!
//! | status | code | when |
//! |---|---|---|
//! | 400 | `800002` | unparsable body, wrong JSON type, missing `qualification`, `None`/`Nonprofit` |
//! | 400 | `800002` | an `MS-RequestId` or `MS-CorrelationId` that is not a hyphenated GUID (`/v1` only) |
//! | 400 | `900118` | the customer id is not a hyphenated GUID |
//! | 400 | `900126` | an integer outside `0..=4` or an unknown qualification name |
//! | 400 | `3000` | Education without `educationSegment` (current contract), bad segment, GCC without a code or with an unknown or used-up code, SOE on the legacy `PUT` |
//! | 401 | `800001` | no bearer token |
//! | 401 | `400` | unknown or expired token |
//! | 401 | `800001` | admin API without the configured admin token |
//! | 403 | `900329` | an App-only token on `POST`/`PUT` |
//! | 403 | `800002` | admin API with a `Host` that is not a loopback name (no admin token configured) |
//! | 404 | `1000` | unknown path |
//! | 405 | `800002` | known path, wrong method (with `Allow`) |
//! | 408 | `800002` | a body not received within the body-read timeout (connection closed) |
//! | 409 | `800002` | a qualification already held, or Education and GCC combined |
//! | 409 | `800002` | an `MS-RequestId` already used for a different body or query on the same method and resource |
//! | 413 | `800002` | a body over 64 KiB |
//! | 415 | `800002` | admin `POST`/`PUT` without `Content-Type: application/json` |
//! | 429 | - | throttled: `Retry-After` and `{"statusCode":429,"message":"Rate limit is exceeded. Try again in N seconds."}` |
//! | 500, 503 | `800003` | injected server error |
//! | 507 | `800003` | a create for a new customer when [`EmulatorConfig::max_customers`] are held |
//!
//! The token endpoint answers in Entra ID's form, `{"error":"invalid_grant","error_description":..}`:
//! `400 invalid_resource`, `400 invalid_request`, `400 unsupported_grant_type`,
//! `400 invalid_grant` (unknown or already used refresh token), `401 invalid_client`.
//!
//! # Crate features
//!
//! None.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod admin;
mod api;
mod applied;
mod auth;
mod bounded;
mod clock;
mod codes;
mod config;
mod customers;
pub mod demo;
mod dropped;
mod emulator;
mod error;
mod faults;
mod footprint;
mod handle;
mod idempotency;
mod injector;
mod log;
mod qualifications;
mod reply;
mod request;
mod router;
mod rules;
mod server;
mod state;
mod throttle;
mod token_endpoint;
mod token_store;
mod transport;
mod vetting;

pub use applied::AppliedChange;
pub use config::{EmulatorConfig, random_admin_token};
pub use dropped::ConnectionDropped;
pub use emulator::Emulator;
pub use faults::{Faults, Throttle};
pub use handle::EmulatorHandle;
pub use log::LoggedRequest;
pub use transport::EmulatorTransport;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

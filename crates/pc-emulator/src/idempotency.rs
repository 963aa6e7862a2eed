//! Idempotency of `POST`/`PUT` by `MS-RequestId`.
//!
//! - [`Replies`]: the answer given to each request id, returned again to a repeat.

use std::collections::HashMap;

use crate::reply::Reply;

/// The stored answers of processed `POST`/`PUT` requests, by `MS-RequestId`.
///
/// An answer is stored once the request's rules have been evaluated: successes and refusals
/// (400, 409) alike. Answers that never reached the rules (401, 403, throttling, injected errors,
/// drops before apply) are not stored, so a retry is processed afresh. Answers are kept until
/// the emulator is reset.
#[derive(Debug, Default)]
pub(crate) struct Replies {
    by_request_id: HashMap<String, Reply>,
}

impl Replies {
    /// The answer stored for a request id.
    pub(crate) fn get(&self, request_id: &str) -> Option<&Reply> {
        self.by_request_id.get(request_id)
    }

    /// Stores the answer to a request id.
    pub(crate) fn store(&mut self, request_id: &str, reply: Reply) {
        self.by_request_id.insert(request_id.to_owned(), reply);
    }
}

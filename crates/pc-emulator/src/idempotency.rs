//! Idempotency of `POST`/`PUT` by `MS-RequestId`.
//!
//! - [`Replies`]: the answer given to each request, returned again to a true repeat.
//! - [`ReplyKey`]: what an answer is filed under: the operation (method and resource), the
//!   customer and the `MS-RequestId` (a GUID, so its case does not matter), as
//!   [`Idempotency::RequestIdPerCustomer`] says.
//! - [`Fingerprint`]: what tells a true repeat from another request under the same key.
//! - [`Lookup`]: what a request finds among the stored answers.
//!
//! [`Idempotency::RequestIdPerCustomer`]: pc_models::Idempotency::RequestIdPerCustomer

use std::hash::{DefaultHasher, Hash, Hasher};
use std::mem::size_of;

use pc_models::{CustomerId, Operation};
use uuid::Uuid;

use crate::bounded::BoundedMap;
use crate::reply::Reply;

/// What a stored answer is filed under.
///
/// The operation stands for the method and path template (`POST .../qualifications` or legacy
/// `PUT .../qualification`) and the customer for the rest of the path, so the path's case and a
/// trailing `/` do not matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ReplyKey {
    operation: Operation,
    customer: CustomerId,
    request_id: Uuid,
}

impl ReplyKey {
    /// The key of a request to `operation` for `customer` with this `MS-RequestId`.
    pub(crate) fn new(operation: Operation, customer: CustomerId, request_id: Uuid) -> Self {
        Self {
            operation,
            customer,
            request_id,
        }
    }
}

/// A hash of a request's body (byte for byte) and raw query: a repeat under the same
/// [`ReplyKey`] with another fingerprint is a different request.
///
/// The hasher is std's `DefaultHasher` built with `new`, whose keys are fixed: the same request
/// always gives the same fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    body_len: usize,
    hash: u64,
}

impl Fingerprint {
    /// The fingerprint of a body and a query (`None` when the URL has no `?`).
    pub(crate) fn of(body: &[u8], query: Option<&str>) -> Self {
        let mut hasher = DefaultHasher::new();
        body.hash(&mut hasher);
        query.hash(&mut hasher);
        Self {
            body_len: body.len(),
            hash: hasher.finish(),
        }
    }
}

/// What a request finds among the stored answers.
#[derive(Debug, PartialEq)]
pub(crate) enum Lookup<'a> {
    /// Nothing under its key: process it.
    New,
    /// The same request again: the stored answer.
    Repeat(&'a Reply),
    /// Another request under the same key: refuse it.
    Mismatch,
}

/// A stored answer and the fingerprint of the request it answered.
#[derive(Debug)]
struct Stored {
    fingerprint: Fingerprint,
    reply: Reply,
}

impl Stored {
    /// The bytes the answer owns besides its slot: its body and extra headers.
    fn owned_bytes(&self) -> usize {
        let headers: usize = self
            .reply
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        self.reply.body.len()
            + self.reply.headers.capacity() * size_of::<(http::HeaderName, http::HeaderValue)>()
            + headers
    }
}

/// The stored answers of processed `POST`/`PUT` requests, by operation, customer and
/// `MS-RequestId`, with a fingerprint of the body and query.
///
/// An answer is stored once the request's rules have been evaluated: successes and refusals
/// (400, 409) alike. Answers that never reached the rules (401, 403, 413, throttling, injected
/// errors, drops before apply, a full customer store) are not stored, so a retry is processed
/// afresh; neither is the 409 to a request that reuses a key with another body or query. The
/// most recent `capacity` answers are kept
/// ([`EmulatorConfig::max_stored_replies`](crate::EmulatorConfig::max_stored_replies)), the oldest
/// stored forgotten first, until the emulator is reset.
#[derive(Debug)]
pub(crate) struct Replies {
    stored: BoundedMap<ReplyKey, Stored>,
    /// The sum of the stored answers' [`Stored::owned_bytes`].
    owned: usize,
}

impl Replies {
    /// An empty store keeping at most `capacity` answers (at least one).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            stored: BoundedMap::new(capacity),
            owned: 0,
        }
    }

    /// What is stored for a request.
    pub(crate) fn lookup(&self, key: &ReplyKey, fingerprint: Fingerprint) -> Lookup<'_> {
        match self.stored.get(key) {
            None => Lookup::New,
            Some(stored) if stored.fingerprint == fingerprint => Lookup::Repeat(&stored.reply),
            Some(_) => Lookup::Mismatch,
        }
    }

    /// Stores the answer to a request, forgetting the oldest answer beyond the capacity.
    pub(crate) fn store(&mut self, key: ReplyKey, fingerprint: Fingerprint, reply: Reply) {
        let stored = Stored { fingerprint, reply };
        self.owned = self.owned.saturating_add(stored.owned_bytes());
        let replaced = self.stored.remove(&key);
        if let Some((_, evicted)) = self.stored.insert(key, stored) {
            self.owned = self.owned.saturating_sub(evicted.owned_bytes());
        }
        if let Some(replaced) = replaced {
            self.owned = self.owned.saturating_sub(replaced.owned_bytes());
        }
    }

    /// How many answers are stored.
    pub(crate) fn len(&self) -> usize {
        self.stored.len()
    }

    /// The bytes held: the slots of the map and of its order, and what each answer owns.
    pub(crate) fn stored_bytes(&self) -> usize {
        self.stored.slot_bytes() + self.owned
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use http::StatusCode;

    use super::*;

    fn key(request_id: &str) -> ReplyKey {
        let customer = CustomerId::parse("11111111-2222-4333-8444-555555555550").expect("a GUID");
        let n = u128::from(request_id.as_bytes()[0]);
        ReplyKey::new(Operation::CreateQualification, customer, Uuid::from_u128(n))
    }

    fn reply(n: u16) -> Reply {
        Reply::raw(StatusCode::OK, Bytes::from(n.to_string()))
    }

    #[test]
    fn tells_repeats_from_other_requests_under_the_same_key() {
        let mut replies = Replies::with_capacity(10);
        let body = Fingerprint::of(b"1", None);
        replies.store(key("a"), body, reply(1));

        assert_eq!(replies.lookup(&key("a"), body), Lookup::Repeat(&reply(1)));
        assert_eq!(
            replies.lookup(&key("a"), Fingerprint::of(b"4", None)),
            Lookup::Mismatch
        );
        assert_eq!(
            replies.lookup(&key("a"), Fingerprint::of(b"1", Some(""))),
            Lookup::Mismatch
        );
        assert_eq!(replies.lookup(&key("b"), body), Lookup::New);
        let legacy = ReplyKey {
            operation: Operation::UpdateLegacyQualification,
            ..key("a")
        };
        assert_eq!(replies.lookup(&legacy, body), Lookup::New);
    }

    #[test]
    fn forgets_the_oldest_beyond_the_capacity() {
        let mut replies = Replies::with_capacity(2);
        let body = Fingerprint::of(b"1", None);
        for (n, id) in (0..).zip(["a", "b", "c"]) {
            replies.store(key(id), body, reply(n));
        }

        assert_eq!(replies.len(), 2);
        assert_eq!(replies.lookup(&key("a"), body), Lookup::New);
        assert_eq!(replies.lookup(&key("b"), body), Lookup::Repeat(&reply(1)));
        assert_eq!(replies.lookup(&key("c"), body), Lookup::Repeat(&reply(2)));
    }

    #[test]
    fn counts_the_bytes_of_what_it_keeps() {
        let mut replies = Replies::with_capacity(2);
        let body = Fingerprint::of(b"1", None);
        let empty = replies.stored_bytes();
        replies.store(key("a"), body, reply(1));
        let one = replies.stored_bytes();
        assert!(one > empty);
        for id in ["b", "c", "d", "e"] {
            replies.store(key(id), body, reply(1));
        }
        assert_eq!(replies.owned, 2);
    }
}

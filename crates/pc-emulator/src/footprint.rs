//! How many bytes the emulator's stores hold, and client text cut to a size.
//!
//! - [`cut`]: a text cut to at most a number of bytes, at a character boundary, marked with `…`.
//! - [`map_bytes`], [`deque_bytes`]: the bytes of a collection's slots (its capacity, not only
//!   its length), the figures behind [`Emulator::stored_bytes`](crate::Emulator::stored_bytes).
//!
//! The figures are estimates of heap use: each slot's `size_of` plus the text an entry owns. They
//! leave out the allocator's own overhead, so they are deterministic and tests can assert on them.

use std::collections::{HashMap, VecDeque};
use std::mem::size_of;

/// What marks a cut text.
const ELLIPSIS: &str = "…";

/// `text` if it has at most `max` bytes; otherwise its longest prefix that ends at a character
/// boundary and leaves room for `…`, followed by `…`, so the result has at most `max` bytes
/// (`max` is at least 8 in practice; below 3 the result is the bare `…`).
pub(crate) fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max.saturating_sub(ELLIPSIS.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut kept = String::with_capacity(end + ELLIPSIS.len());
    kept.push_str(&text[..end]);
    kept.push_str(ELLIPSIS);
    kept
}

/// The bytes of a hash map's slots: one `(K, V)` and one control byte per slot it can hold.
pub(crate) fn map_bytes<K, V>(map: &HashMap<K, V>) -> usize {
    map.capacity() * (size_of::<(K, V)>() + 1)
}

/// The bytes of a double-ended queue's slots.
pub(crate) fn deque_bytes<T>(deque: &VecDeque<T>) -> usize {
    deque.capacity() * size_of::<T>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_marks_long_text() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcdefgh", 7), "abcd…");
        assert_eq!(cut("abcdefgh", 7).len(), 7);
    }

    #[test]
    fn cut_never_splits_a_character() {
        // "é" is two bytes: a cut in its middle moves back to its start.
        let text = "aéééé";
        let kept = cut(text, 7);
        assert_eq!(kept, "aé…");
        assert!(kept.len() <= 7);
    }

    #[test]
    fn slots_count_the_capacity() {
        let mut deque: VecDeque<u64> = VecDeque::with_capacity(10);
        deque.push_back(1);
        assert!(deque_bytes(&deque) >= 10 * 8);
        let map: HashMap<u64, u64> = HashMap::with_capacity(10);
        assert!(map_bytes(&map) >= 10 * 17);
    }
}

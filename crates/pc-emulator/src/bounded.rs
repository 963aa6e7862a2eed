//! Collections that keep only their most recent entries, the oldest forgotten first.
//!
//! - [`BoundedQueue`]: a first-in, first-out queue of at most `capacity` items (the request log).
//! - [`BoundedMap`]: a map of at most `capacity` entries, forgetting the entry inserted first
//!   (stored answers, issued access tokens).
//!
//! Both keep at least one entry: a capacity of `0` is taken as `1`.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use crate::footprint;

/// A queue of at most `capacity` items: pushing onto a full queue forgets the oldest.
#[derive(Debug, Clone)]
pub(crate) struct BoundedQueue<T> {
    items: VecDeque<T>,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    /// An empty queue keeping at most `capacity` items (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            items: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Appends an item; returns the oldest one when it had to be forgotten to make room.
    pub(crate) fn push(&mut self, item: T) -> Option<T> {
        let evicted = if self.items.len() >= self.capacity {
            self.items.pop_front()
        } else {
            None
        };
        self.items.push_back(item);
        evicted
    }

    /// The oldest item.
    pub(crate) fn front(&self) -> Option<&T> {
        self.items.front()
    }

    /// Removes and returns the oldest item.
    pub(crate) fn pop_front(&mut self) -> Option<T> {
        self.items.pop_front()
    }

    /// Removes and returns the oldest item that `matches`. The search starts at the oldest end.
    pub(crate) fn remove_first(&mut self, matches: impl FnMut(&T) -> bool) -> Option<T> {
        let index = self.items.iter().position(matches)?;
        self.items.remove(index)
    }

    /// The items, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter()
    }

    /// How many items are held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The bytes of the queue's slots (its capacity times the item size).
    pub(crate) fn slot_bytes(&self) -> usize {
        footprint::deque_bytes(&self.items)
    }
}

/// A map of at most `capacity` entries: inserting a new key into a full map forgets the entry
/// whose key was inserted first. Replacing the value of a key already held keeps its place.
#[derive(Debug, Clone)]
pub(crate) struct BoundedMap<K, V> {
    entries: HashMap<K, V>,
    /// The keys of `entries`, oldest first; always the same set as `entries`' keys.
    order: BoundedQueue<K>,
}

impl<K: Eq + Hash + Clone, V> BoundedMap<K, V> {
    /// An empty map keeping at most `capacity` entries (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            order: BoundedQueue::new(capacity),
        }
    }

    /// The value of a key.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries.get(key)
    }

    /// Inserts or replaces the value of a key. Returns the entry forgotten to make room, if any.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<(K, V)> {
        if let Some(held) = self.entries.get_mut(&key) {
            *held = value;
            return None;
        }
        let evicted = self.order.push(key.clone()).and_then(|oldest| {
            let value = self.entries.remove(&oldest)?;
            Some((oldest, value))
        });
        self.entries.insert(key, value);
        evicted
    }

    /// Removes a key and returns its value. Its place is searched from the oldest end, so
    /// removing old entries is cheap.
    pub(crate) fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let value = self.entries.remove(key)?;
        self.order.remove_first(|held| held.borrow() == key);
        Some(value)
    }

    /// The entry inserted first.
    pub(crate) fn oldest(&self) -> Option<(&K, &V)> {
        let key = self.order.front()?;
        self.entries.get(key).map(|value| (key, value))
    }

    /// Removes and returns the entry inserted first.
    pub(crate) fn pop_oldest(&mut self) -> Option<(K, V)> {
        let key = self.order.pop_front()?;
        let value = self.entries.remove(&key)?;
        Some((key, value))
    }

    /// How many entries are held.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The bytes of the map's slots and of its order's slots (what the keys and values own on
    /// the heap is not counted).
    pub(crate) fn slot_bytes(&self) -> usize {
        footprint::map_bytes(&self.entries) + self.order.slot_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_forgets_the_oldest_beyond_the_capacity() {
        let mut queue = BoundedQueue::new(2);

        assert_eq!(queue.push(1), None);
        assert_eq!(queue.push(2), None);
        assert_eq!(queue.push(3), Some(1));
        assert_eq!(queue.push(4), Some(2));

        assert_eq!(queue.iter().copied().collect::<Vec<_>>(), [3, 4]);
    }

    #[test]
    fn queue_capacity_is_at_least_one() {
        let mut queue = BoundedQueue::new(0);

        assert_eq!(queue.push('a'), None);
        assert_eq!(queue.push('b'), Some('a'));
        assert_eq!(queue.iter().collect::<Vec<_>>(), [&'b']);
    }

    #[test]
    fn queue_removes_an_item_from_the_middle() {
        let mut queue = BoundedQueue::new(3);
        for item in [1, 2, 3] {
            queue.push(item);
        }

        assert_eq!(queue.remove_first(|item| *item == 2), Some(2));
        assert_eq!(queue.remove_first(|item| *item == 2), None);
        assert_eq!(queue.pop_front(), Some(1));
        assert_eq!(queue.front(), Some(&3));
    }

    #[test]
    fn map_forgets_the_first_inserted_beyond_the_capacity() {
        let mut map = BoundedMap::new(2);

        assert_eq!(map.insert("a", 1), None);
        assert_eq!(map.insert("b", 2), None);
        assert_eq!(map.insert("c", 3), Some(("a", 1)));

        assert_eq!(map.len(), 2);
        assert_eq!(map.get("a"), None);
        assert_eq!(map.get("b"), Some(&2));
        assert_eq!(map.get("c"), Some(&3));
        assert_eq!(map.oldest(), Some((&"b", &2)));
    }

    #[test]
    fn map_replacing_a_value_keeps_its_place() {
        let mut map = BoundedMap::new(2);
        map.insert("a", 1);
        map.insert("b", 2);

        assert_eq!(map.insert("a", 10), None);
        assert_eq!(map.insert("c", 3), Some(("a", 10)));
        assert_eq!(map.len(), 2);
    }

    #[test]
    fn map_removal_frees_a_place_and_keeps_the_order() {
        let mut map = BoundedMap::new(3);
        for (key, value) in [("a", 1), ("b", 2), ("c", 3)] {
            map.insert(key, value);
        }

        assert_eq!(map.remove("b"), Some(2));
        assert_eq!(map.remove("b"), None);
        assert_eq!(map.insert("b", 4), None);
        assert_eq!(map.insert("d", 5), Some(("a", 1)));

        assert_eq!(map.pop_oldest(), Some(("c", 3)));
        assert_eq!(map.pop_oldest(), Some(("b", 4)));
        assert_eq!(map.pop_oldest(), Some(("d", 5)));
        assert_eq!(map.pop_oldest(), None);
        assert_eq!(map.oldest(), None);
    }
}

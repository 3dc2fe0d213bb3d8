//! Grouping items by key in key order, each key's items in the order they came: a partition's
//! entries for the merge (`records`), each key's in document order. There are far fewer keys
//! than items, so the keys are numbered as they come (a hash map), their items counted and placed
//! (a counting sort), and only the keys are sorted: sorting every entry by (key, document) was
//! half the merge's CPU at 50x and grew faster than the archive. (A document's occurrences,
//! grouped this way instead of sorted in `doc_index`, were not faster at 50x: 5.86-5.98 s of CPU
//! for that stage against 5.97-6.09 s, 2026-12-07.)

use crate::fast_hash::KeyHashBuild;
use std::collections::HashMap;

/// Items of type `T` grouped by `u64` key. Kept from one use to the next (`clear`), so that its
/// memory is reused: fresh memory costs the kernel's clearing of every page of it.
pub(super) struct KeyGroups<T> {
    ids: HashMap<u64, u32, KeyHashBuild>,
    /// Each key with its number and its items' count; sorted by key once `group` ran.
    keys: Vec<(u64, u32, u32)>,
    /// The items as they came, each with its key's number.
    items: Vec<(u32, T)>,
    /// The items grouped by key, in key order (`group`).
    grouped: Vec<T>,
}

impl<T: Copy + Default> Default for KeyGroups<T> {
    fn default() -> Self {
        KeyGroups {
            ids: HashMap::default(),
            keys: Vec::new(),
            items: Vec::new(),
            grouped: Vec::new(),
        }
    }
}

impl<T: Copy + Default> KeyGroups<T> {
    pub(super) fn clear(&mut self) {
        self.ids.clear();
        self.keys.clear();
        self.items.clear();
        self.grouped.clear();
    }

    pub(super) fn push(&mut self, key: u64, item: T) {
        let next = self.keys.len() as u32;
        let id = *self.ids.entry(key).or_insert(next);
        if id == next {
            self.keys.push((key, id, 0));
        }
        self.keys[id as usize].2 += 1;
        self.items.push((id, item));
    }

    /// Sorts the keys and groups the items: then `groups` lists them.
    pub(super) fn group(&mut self) {
        self.keys.sort_unstable_by_key(|k| k.0);
        // Where each key's items start, by key number.
        let mut at = vec![0u32; self.keys.len()];
        let mut sum = 0;
        for &(_, id, count) in &self.keys {
            at[id as usize] = sum;
            sum += count;
        }
        self.grouped.clear();
        self.grouped.resize(self.items.len(), T::default());
        for &(id, item) in &self.items {
            let slot = &mut at[id as usize];
            self.grouped[*slot as usize] = item;
            *slot += 1;
        }
    }

    /// Each key in ascending order with its items, in the order they came (after `group`).
    pub(super) fn groups(&self) -> impl Iterator<Item = (u64, &[T])> {
        let mut from = 0;
        self.keys.iter().map(move |&(key, _, count)| {
            let items = &self.grouped[from..from + count as usize];
            from += count as usize;
            (key, items)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_sorted_and_items_in_the_order_they_came() {
        let mut g = KeyGroups::default();
        for (key, item) in [(5, 'a'), (1, 'b'), (5, 'c'), (3, 'd'), (1, 'e'), (5, 'f')] {
            g.push(key, item);
        }
        g.group();
        let got: Vec<(u64, Vec<char>)> = g.groups().map(|(k, items)| (k, items.to_vec())).collect();
        assert_eq!(
            got,
            [
                (1, vec!['b', 'e']),
                (3, vec!['d']),
                (5, vec!['a', 'c', 'f'])
            ]
        );
        // Used again after clear, as the build does from one document to the next.
        g.clear();
        g.push(u64::MAX, 'x');
        g.push(0, 'y');
        g.group();
        let keys: Vec<u64> = g.groups().map(|(k, _)| k).collect();
        assert_eq!(keys, [0, u64::MAX]);
    }
}

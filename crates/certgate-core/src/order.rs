//! Sorting with one copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparison: every
//! call site with its own element type or closure gets its own copy of
//! driftsort (quicksort, merges, small sorts), 3 to 5 KB of wasm each, and
//! the core had a dozen (45 KB of the npm package's certificate entry,
//! measured with `web/bench/size.mjs`). Here the standard sort runs once,
//! on indices, with the comparison behind `dyn`; each caller only adds the
//! small step that moves its elements into the sorted order. The lists
//! sorted are short (findings, issuer candidates, name-constraint subtrees
//! bounded by their work budget), so the extra index vector costs nothing
//! that shows.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorts `items` by `compare`, stably (equal elements keep their order).
pub(crate) fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    // Position `k` takes the element at `order[k]`: each cycle of the
    // permutation is walked once with swaps (the only code per type),
    // marking its positions done.
    for start in 0..order.len() {
        let mut position = start;
        while order[position] != DONE {
            let from = order[position];
            order[position] = DONE;
            if from == start {
                break;
            }
            items.swap(position, from);
            position = from;
        }
    }
}

/// A position of `order` whose element is in place.
const DONE: usize = usize::MAX;

/// Sorts `items` by their natural order, stably.
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` by `key`, stably.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The indices `0..len` in the order `compare` gives them: the one
/// instantiation of the standard sort.
#[inline(never)]
fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn sorts_stably() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut items, |item| item.0);
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn agrees_with_the_standard_sort() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..200 {
            let items: Vec<u32> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    u32::try_from(state % 17).unwrap_or_default()
                })
                .collect();
            let mut expected = items.clone();
            expected.sort();
            let mut actual = items;
            sort(&mut actual);
            assert_eq!(actual, expected);
        }
    }
}

//! A bounded, content-addressed cache of trust-bundle reads.
//!
//! trust-manager writes the same bundle into every namespace, and each of
//! those writes is reviewed: reading Debian's 144-certificate bundle is
//! most of a review's CPU. What a read gives ([`BundleRead`]) depends on
//! the value's bytes alone, so a value whose bytes equal a kept one's
//! (compared in full, not by a hash) is answered from it and the review is
//! the same (see `certgate_core::kubernetes::BundleRead`). Unreadable
//! values and values holding a private key are not kept. Entries are
//! bounded in estimated bytes, least recently used first out; small
//! values, cheap to read, are not kept.

use core::sync::atomic::{AtomicU64, Ordering};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use certgate_core::Error;
use certgate_core::kubernetes::BundleRead;

/// Values shorter than this are read each time (a few certificates read
/// in well under 0.1 ms).
pub const MIN_CACHED_VALUE_BYTES: usize = 16 * 1024;

/// The default bound: about 16 Debian bundles.
pub const DEFAULT_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// The cache.
#[derive(Debug)]
pub struct BundleCache {
    limit: usize,
    entries: Mutex<Entries>,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Debug, Default)]
struct Entries {
    /// Least recently used first.
    queue: VecDeque<Entry>,
    bytes: usize,
}

#[derive(Debug)]
struct Entry {
    value: Box<[u8]>,
    read: Arc<BundleRead>,
    /// The value's length plus the read's estimated size.
    cost: usize,
}

impl BundleCache {
    /// A cache of at most `limit` estimated bytes; 0 keeps nothing.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            entries: Mutex::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The read of `value`: kept, or read now (and kept if it fits).
    ///
    /// # Errors
    /// What [`BundleRead::read`] returns for an unreadable value.
    pub fn read(&self, value: &[u8]) -> Result<Arc<BundleRead>, Error> {
        if self.limit == 0 || value.len() < MIN_CACHED_VALUE_BYTES {
            return BundleRead::read(value).map(Arc::new);
        }
        if let Some(read) = self.find(value) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(read);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        // Read outside the lock: other reviews go on meanwhile.
        let read = Arc::new(BundleRead::read(value)?);
        let cost = value.len() + read.estimated_size();
        // Key bytes are not kept beyond the review that saw them.
        if cost <= self.limit && !read.held_private_key() {
            let mut entries = self.lock();
            // Another review may have read the same value meanwhile.
            if !entries.queue.iter().any(|entry| *entry.value == *value) {
                while entries.bytes + cost > self.limit {
                    let Some(oldest) = entries.queue.pop_front() else {
                        break;
                    };
                    entries.bytes -= oldest.cost;
                }
                entries.bytes += cost;
                entries.queue.push_back(Entry {
                    value: value.into(),
                    read: Arc::clone(&read),
                    cost,
                });
            }
        }
        Ok(read)
    }

    /// The kept read of `value`, now the most recently used.
    fn find(&self, value: &[u8]) -> Option<Arc<BundleRead>> {
        let mut entries = self.lock();
        // Lengths first: full comparisons only between equal lengths.
        let position = entries
            .queue
            .iter()
            .position(|entry| entry.value.len() == value.len() && *entry.value == *value)?;
        let entry = entries.queue.remove(position)?;
        let read = Arc::clone(&entry.read);
        entries.queue.push_back(entry);
        Some(read)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A poisoned lock only means a reader panicked between statements
        // that keep `bytes` equal to the sum of the costs.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reviews answered from the cache.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Values read and offered to the cache.
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }

    /// Estimated bytes kept, and how many values.
    pub fn size(&self) -> (usize, usize) {
        let entries = self.lock();
        (entries.bytes, entries.queue.len())
    }

    /// The bound, in estimated bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A bundle of `copies` of the example root, with `comment` before it
    /// so that values of equal length differ.
    fn bundle(copies: usize, comment: &str) -> Vec<u8> {
        let root = include_str!("../../examples/pki/root-ca.pem");
        let mut text = format!("{comment}\n");
        while text.len() < MIN_CACHED_VALUE_BYTES {
            for _ in 0..copies {
                text.push_str(root);
            }
        }
        text.into_bytes()
    }

    #[test]
    fn equal_bytes_hit_and_different_bytes_miss() {
        let cache = BundleCache::new(DEFAULT_LIMIT_BYTES);
        let first = bundle(4, "a");
        let first_read = cache.read(&first).unwrap();
        assert_eq!((cache.hits(), cache.misses()), (0, 1));
        let again = cache.read(&first.clone()).unwrap();
        assert!(Arc::ptr_eq(&first_read, &again));
        assert_eq!((cache.hits(), cache.misses()), (1, 1));
        // Same length, one byte different: read, not answered from `first`.
        let other = bundle(4, "b");
        assert_eq!(other.len(), first.len());
        let other_read = cache.read(&other).unwrap();
        assert!(!Arc::ptr_eq(&first_read, &other_read));
        assert_eq!((cache.hits(), cache.misses()), (1, 2));
        assert_eq!(cache.size().1, 2);
    }

    #[test]
    fn unreadable_and_small_values_are_not_kept() {
        let cache = BundleCache::new(DEFAULT_LIMIT_BYTES);
        let junk = vec![b'x'; MIN_CACHED_VALUE_BYTES];
        assert!(cache.read(&junk).is_err());
        assert!(cache.read(&junk).is_err());
        assert!(
            cache
                .read(include_bytes!("../../examples/pki/root-ca.pem"))
                .is_ok()
        );
        assert_eq!(cache.size(), (0, 0));
        assert_eq!(cache.hits(), 0);
    }

    #[test]
    fn the_bound_holds_and_the_least_recently_used_goes_first() {
        let one = bundle(4, "0");
        let cost = {
            let probe = BundleCache::new(DEFAULT_LIMIT_BYTES);
            probe.read(&one).unwrap();
            probe.size().0
        };
        // Room for three.
        let cache = BundleCache::new(3 * cost + cost / 2);
        let values: Vec<Vec<u8>> = (0..5).map(|i| bundle(4, &i.to_string())).collect();
        for value in &values[..3] {
            cache.read(value).unwrap();
        }
        cache.read(&values[0]).unwrap(); // 0 is now the most recent
        cache.read(&values[3]).unwrap(); // evicts 1
        assert_eq!(cache.size().1, 3);
        assert!(cache.size().0 <= cache.limit());
        let hits = cache.hits();
        cache.read(&values[0]).unwrap();
        cache.read(&values[2]).unwrap();
        assert_eq!(cache.hits(), hits + 2);
        cache.read(&values[1]).unwrap();
        assert_eq!(cache.hits(), hits + 2, "1 was evicted");
        for value in &values {
            cache.read(value).unwrap();
            assert!(cache.size().0 <= cache.limit());
        }
        // A bound smaller than one value keeps nothing.
        let tiny = BundleCache::new(cost / 2);
        tiny.read(&one).unwrap();
        tiny.read(&one).unwrap();
        assert_eq!((tiny.size(), tiny.hits()), ((0, 0), 0));
    }
}

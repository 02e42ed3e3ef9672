//! Giving freed memory back to the system once an attack or a burst of heavy
//! reviews is over.
//!
//! The binary's allocator (mimalloc) keeps a heap per thread. A block freed
//! by another thread goes back to its owner's heap, and freed pages are
//! purged, only when the owner allocates again or collects; runtime workers
//! and review threads that sit idle after an attack would keep its memory
//! (measured 15-43 MiB above baseline while only the last heavy review's
//! thread collected). So whoever ends such work calls [`request_return`],
//! and each runtime worker collects its own heap once, the next time it goes
//! idle ([`when_idle`], tokio's park hook): one atomic load per park when
//! nothing was asked.

use core::cell::Cell;
use core::sync::atomic::{AtomicU64, Ordering};

/// How many times a return was asked for; a thread that has seen fewer
/// collects.
static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// Asks every runtime worker to collect its heap when it next goes idle:
/// after a heavy review, and when a connection ends (whatever it buffered,
/// a stalled body included, was freed on a worker).
pub fn request_return() {
    REQUESTS.fetch_add(1, Ordering::Relaxed);
}

/// The park hook of the runtime's workers: runs `collect` (the binary's
/// `mi_collect`) on this thread if a return was asked for since it last did.
pub fn when_idle(collect: fn()) -> impl Fn() + Send + Sync + 'static {
    idle_hook(&REQUESTS, collect)
}

fn idle_hook(requests: &'static AtomicU64, collect: fn()) -> impl Fn() + Send + Sync + 'static {
    move || {
        thread_local! {
            static SEEN: Cell<u64> = const { Cell::new(0) };
        }
        let wanted = requests.load(Ordering::Relaxed);
        SEEN.with(|seen| {
            if seen.get() != wanted {
                seen.set(wanted);
                collect();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::sync::atomic::AtomicUsize;

    // Its own counter: the server tests of this crate ask for returns too.
    static ASKED: AtomicU64 = AtomicU64::new(0);
    static COLLECTED: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        COLLECTED.fetch_add(1, Ordering::Relaxed);
    }

    #[test]
    fn each_thread_collects_once_per_request() {
        let hook = idle_hook(&ASKED, count);
        // The first park after a request collects; later parks do not.
        ASKED.fetch_add(1, Ordering::Relaxed);
        hook();
        let after_first = COLLECTED.load(Ordering::Relaxed);
        assert_eq!(after_first, 1);
        hook();
        hook();
        assert_eq!(COLLECTED.load(Ordering::Relaxed), after_first);
        // Another thread has not seen the request yet: it collects too.
        std::thread::scope(|scope| {
            scope.spawn(&hook);
        });
        assert_eq!(COLLECTED.load(Ordering::Relaxed), after_first + 1);
        ASKED.fetch_add(1, Ordering::Relaxed);
        hook();
        assert_eq!(COLLECTED.load(Ordering::Relaxed), after_first + 2);
    }
}

//! Bounds on what one client can make the webhook hold: time per request
//! phase, requests in flight (each may hold a whole body), a short bounded
//! queue in front of them, and reviews computed at once.

use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::Args;

/// Every limit, fixed at start.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest request body.
    pub max_body_bytes: usize,
    /// TLS handshake and HTTP/1.1 request head.
    pub header_timeout: Duration,
    /// A whole request body.
    pub body_timeout: Duration,
    /// A connection without a request in progress.
    pub idle_timeout: Duration,
    /// Connections open at once, per port.
    pub max_connections: usize,
    /// HTTP/2 streams per connection.
    pub max_streams: u32,
    /// Requests receiving a body or being reviewed.
    pub max_in_flight: usize,
    /// Requests waiting for a place.
    pub queue: usize,
    /// Longest wait for a place.
    pub queue_timeout: Duration,
    /// Heavy reviews computed at once.
    pub review_threads: usize,
    /// Memory budget of heavy reviews, KiB.
    pub review_memory_kib: u32,
}

/// A body up to this size is a light review: computed at once, beside any
/// heavy ones, never waiting for them.
pub const LIGHT_BODY_BYTES: usize = 64 * 1024;

/// What a heavy review costs at worst per body byte (measured: a 1.3 MB
/// ConfigMap of 100,000 keys peaks 25 MiB above the start in
/// `examples/review_memory.rs`, 38 MiB in the binary's VmHWM; it was 90 MB
/// before the core bounded its findings).
pub const EXPANSION: usize = 32;

impl Limits {
    /// The memory budget a review of `body_bytes` takes, KiB; `None` for a
    /// light review.
    pub fn review_cost(&self, body_bytes: usize) -> Option<u32> {
        if body_bytes <= LIGHT_BODY_BYTES {
            return None;
        }
        let kib = u32::try_from(body_bytes.saturating_mul(EXPANSION) / 1024).unwrap_or(u32::MAX);
        Some(kib.min(self.review_memory_kib))
    }
}

impl Limits {
    /// From the command line; `--review-threads 0` becomes the CPUs available
    /// (std reads the cgroup CPU quota, i.e. the container's CPU limit).
    pub fn from_args(args: &Args) -> Self {
        let review_threads = if args.review_threads == 0 {
            std::thread::available_parallelism().map_or(1, core::num::NonZeroUsize::get)
        } else {
            args.review_threads
        };
        Self {
            max_body_bytes: args.max_body_bytes,
            header_timeout: Duration::from_millis(args.header_timeout_ms.max(1)),
            body_timeout: Duration::from_millis(args.body_timeout_ms.max(1)),
            idle_timeout: Duration::from_millis(args.idle_timeout_ms.max(1)),
            max_connections: args.max_connections.max(1),
            max_streams: args.max_streams.max(1),
            max_in_flight: args.max_in_flight.max(1),
            queue: args.queue,
            queue_timeout: Duration::from_millis(args.queue_timeout_ms),
            review_threads: review_threads.max(1),
            review_memory_kib: u32::try_from(args.review_memory_mib.max(1).saturating_mul(1024))
                .unwrap_or(u32::MAX),
        }
    }
}

/// Why a request got no place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The queue was full: 429.
    QueueFull,
    /// It waited the whole queue timeout: 503.
    QueueTimeout,
}

/// The in-flight places and the queue before them.
#[derive(Debug)]
pub struct Gate {
    places: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
    queue_timeout: Duration,
}

/// Decrements the waiting count however the wait ends (the request's
/// future may be dropped when its client goes away).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Gate {
    /// `places` in flight, `queue` waiting at most `queue_timeout`.
    pub fn new(places: usize, queue: usize, queue_timeout: Duration) -> Self {
        Self {
            places: Arc::new(Semaphore::new(places)),
            waiting: AtomicUsize::new(0),
            queue,
            queue_timeout,
        }
    }

    /// A place, at once or after waiting in the queue.
    ///
    /// # Errors
    /// The queue is full, or the wait timed out.
    pub async fn enter(&self) -> Result<OwnedSemaphorePermit, Refused> {
        if let Ok(permit) = Arc::clone(&self.places).try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            return Err(Refused::QueueFull);
        }
        let _waiting = Waiting(&self.waiting);
        match tokio::time::timeout(self.queue_timeout, Arc::clone(&self.places).acquire_owned())
            .await
        {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed; treat it as a timeout anyway.
            Ok(Err(_)) | Err(_) => Err(Refused::QueueTimeout),
        }
    }

    /// Requests waiting now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Places taken now.
    pub fn in_flight(&self, places: usize) -> usize {
        places.saturating_sub(self.places.available_permits())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn full_queue_refuses_and_timeout_expires() {
        let gate = Gate::new(1, 1, Duration::from_millis(50));
        let held = gate.enter().await.unwrap();
        // The one queue place is taken by this waiter, which times out.
        let waiter = gate.enter();
        let (first, second) = tokio::join!(waiter, async {
            tokio::task::yield_now().await;
            gate.enter().await
        });
        assert_eq!(first.unwrap_err(), Refused::QueueTimeout);
        assert_eq!(second.unwrap_err(), Refused::QueueFull);
        assert_eq!(gate.waiting(), 0);
        drop(held);
        assert!(gate.enter().await.is_ok());
    }
}

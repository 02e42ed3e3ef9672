//! Prometheus metrics in the text exposition format, by hand: a counter of
//! reviews by kind and verdict, a latency histogram, open connections,
//! requests refused by the limits, the serving certificate's state, and
//! the state of the watch-backed caches of cluster objects.

use core::fmt::Write as _;
use core::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use core::time::Duration;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5,
];

/// The webhook's metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    reviews: Mutex<BTreeMap<(String, &'static str), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    bad_requests: AtomicU64,
    connections_admission: AtomicU64,
    connections_health: AtomicU64,
    queue_full: AtomicU64,
    queue_timeout: AtomicU64,
    body_timeout: AtomicU64,
    body_too_large: AtomicU64,
    caches: Mutex<Vec<Arc<CacheStats>>>,
    bundle_cache: Mutex<Option<Arc<crate::bundle_cache::BundleCache>>>,
}

/// One metric family of the caches: name, help, type, value of one cache.
type CacheFamily = (
    &'static str,
    &'static str,
    &'static str,
    fn(&CacheStats) -> u64,
);

/// Whether a watch-backed cache can answer lookups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CacheState {
    /// Its first list has not completed: lookups go to the API server.
    Cold,
    /// Listed and watched: lookups are answered from memory.
    Synced,
    /// The API server does not serve the kind (its CRD is not installed):
    /// no such object exists, lookups answer "none".
    Absent,
}

/// The state of one watch-backed cache, written by its watch task and read
/// by lookups and at each scrape.
#[derive(Debug)]
pub struct CacheStats {
    kind: &'static str,
    state: AtomicU8,
    objects: AtomicU64,
    watch_errors: AtomicU64,
    relists: AtomicU64,
    fallbacks: AtomicU64,
}

impl CacheStats {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            state: AtomicU8::new(0),
            objects: AtomicU64::new(0),
            watch_errors: AtomicU64::new(0),
            relists: AtomicU64::new(0),
            fallbacks: AtomicU64::new(0),
        }
    }

    /// The kind cached.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Whether lookups can be answered from the cache.
    pub fn state(&self) -> CacheState {
        match self.state.load(Ordering::Acquire) {
            1 => CacheState::Synced,
            2 => CacheState::Absent,
            _ => CacheState::Cold,
        }
    }

    /// Sets the state.
    pub fn set_state(&self, state: CacheState) {
        let value = match state {
            CacheState::Cold => 0,
            CacheState::Synced => 1,
            CacheState::Absent => 2,
        };
        self.state.store(value, Ordering::Release);
    }

    /// Sets the number of objects held.
    pub fn set_objects(&self, count: usize) {
        self.objects
            .store(u64::try_from(count).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// Objects held.
    pub fn objects(&self) -> u64 {
        self.objects.load(Ordering::Relaxed)
    }

    /// Counts a failed list or watch (the watch resumes after a backoff).
    pub fn watch_error(&self) {
        self.watch_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// Failed lists and watches so far.
    pub fn watch_errors(&self) -> u64 {
        self.watch_errors.load(Ordering::Relaxed)
    }

    /// Counts a full list after the first (the watch could not resume).
    pub fn relist(&self) {
        self.relists.fetch_add(1, Ordering::Relaxed);
    }

    /// Full lists after the first.
    pub fn relists(&self) -> u64 {
        self.relists.load(Ordering::Relaxed)
    }

    /// Counts a lookup sent to the API server because the cache was cold.
    pub fn fallback(&self) {
        self.fallbacks.fetch_add(1, Ordering::Relaxed);
    }

    /// Lookups sent to the API server because the cache was cold.
    pub fn fallbacks(&self) -> u64 {
        self.fallbacks.load(Ordering::Relaxed)
    }
}

/// What the metrics read from elsewhere at each scrape.
#[derive(Clone, Copy, Debug)]
pub struct Gauges {
    /// Requests receiving their body or being reviewed.
    pub in_flight: usize,
    /// Requests waiting for a place.
    pub waiting: usize,
    /// Serving certificate notAfter, Unix seconds.
    pub serving_not_after: i64,
    /// 1 when the serving certificate can be served now.
    pub serving_usable: bool,
    /// Reloads of the serving certificate that failed.
    pub reload_failures: u64,
    /// Reloads that succeeded.
    pub reloads: u64,
    /// 1 from SIGTERM on.
    pub draining: bool,
}

/// Decrements the open-connection gauge when the connection ends.
#[derive(Debug)]
pub struct OpenConnection<'a>(&'a AtomicU64);

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Why the limits refused a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shed {
    /// The queue was full (429).
    QueueFull,
    /// The wait in the queue timed out (503).
    QueueTimeout,
    /// The body did not arrive in time (408).
    BodyTimeout,
    /// The body was over the limit (413).
    BodyTooLarge,
}

impl Metrics {
    /// Records one answered review of `kind` with `verdict`
    /// (`allowed`, `denied`, `not_reviewed`, `skipped`) that took `elapsed`.
    pub fn record(&self, kind: &str, verdict: &'static str, elapsed: Duration) {
        {
            // A poisoned lock only means another thread panicked mid-increment;
            // the map is still usable.
            let mut reviews = self
                .reviews
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *reviews
                .entry((label_kind(kind).to_owned(), verdict))
                .or_default() += 1;
        }
        let seconds = elapsed.as_secs_f64();
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// Shows `cache`'s hits, misses and size in the exposition.
    pub fn show_bundle_cache(&self, cache: Arc<crate::bundle_cache::BundleCache>) {
        *self
            .bundle_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(cache);
    }

    /// Records a request answered with HTTP 4xx (malformed, wrong version).
    pub fn bad_request(&self) {
        self.bad_requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts an open connection on `port` until the guard drops.
    pub fn connection_opened(&self, port: crate::serve::Port) -> OpenConnection<'_> {
        let gauge = match port {
            crate::serve::Port::Admission => &self.connections_admission,
            crate::serve::Port::Health => &self.connections_health,
        };
        gauge.fetch_add(1, Ordering::Relaxed);
        OpenConnection(gauge)
    }

    /// The statistics of the cache of `kind`, shown in the exposition from
    /// now on (one per kind: a second call returns the first one's).
    pub fn cache(&self, kind: &'static str) -> Arc<CacheStats> {
        let mut caches = self
            .caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(found) = caches.iter().find(|stats| stats.kind == kind) {
            return Arc::clone(found);
        }
        let stats = Arc::new(CacheStats::new(kind));
        caches.push(Arc::clone(&stats));
        stats
    }

    /// Counts a request the limits refused.
    pub fn shed(&self, why: Shed) {
        let counter = match why {
            Shed::QueueFull => &self.queue_full,
            Shed::QueueTimeout => &self.queue_timeout,
            Shed::BodyTimeout => &self.body_timeout,
            Shed::BodyTooLarge => &self.body_too_large,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The text exposition, with the gauges read at this scrape.
    pub fn render_with(&self, gauges: &Gauges) -> String {
        let mut out = self.render();
        let mut gauge = |name: &str, help: &str, kind: &str, value: &dyn core::fmt::Display| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        gauge(
            "certgate_webhook_connections_open",
            "Connections open on the admission port.",
            "gauge",
            &self.connections_admission.load(Ordering::Relaxed),
        );
        gauge(
            "certgate_webhook_health_connections_open",
            "Connections open on the health port.",
            "gauge",
            &self.connections_health.load(Ordering::Relaxed),
        );
        gauge(
            "certgate_webhook_requests_in_flight",
            "Requests receiving their body or being reviewed.",
            "gauge",
            &gauges.in_flight,
        );
        gauge(
            "certgate_webhook_requests_waiting",
            "Requests waiting for an in-flight place.",
            "gauge",
            &gauges.waiting,
        );
        gauge(
            "certgate_webhook_serving_certificate_not_after_seconds",
            "notAfter of the serving certificate, Unix seconds.",
            "gauge",
            &gauges.serving_not_after,
        );
        gauge(
            "certgate_webhook_serving_certificate_usable",
            "1 when the serving certificate is within its validity and matches its key.",
            "gauge",
            &u8::from(gauges.serving_usable),
        );
        gauge(
            "certgate_webhook_serving_certificate_reloads_total",
            "Serving certificate reloads that succeeded.",
            "counter",
            &gauges.reloads,
        );
        gauge(
            "certgate_webhook_serving_certificate_reload_failures_total",
            "Serving certificate reloads that failed (the old certificate stays).",
            "counter",
            &gauges.reload_failures,
        );
        gauge(
            "certgate_webhook_draining",
            "1 after SIGTERM, while requests are still served.",
            "gauge",
            &u8::from(gauges.draining),
        );
        out.push_str("# HELP certgate_webhook_requests_refused_total Requests refused by the limits, by reason.\n");
        out.push_str("# TYPE certgate_webhook_requests_refused_total counter\n");
        for (reason, counter) in [
            ("queue_full", &self.queue_full),
            ("queue_timeout", &self.queue_timeout),
            ("body_timeout", &self.body_timeout),
            ("body_too_large", &self.body_too_large),
        ] {
            let _ = writeln!(
                out,
                "certgate_webhook_requests_refused_total{{reason=\"{reason}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out
    }

    /// The text exposition of the review counters and histogram.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP certgate_webhook_reviews_total Admission reviews answered, by object kind and verdict.\n");
        out.push_str("# TYPE certgate_webhook_reviews_total counter\n");
        {
            let reviews = self
                .reviews
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for ((kind, verdict), count) in reviews.iter() {
                let _ = writeln!(
                    out,
                    "certgate_webhook_reviews_total{{kind=\"{}\",verdict=\"{verdict}\"}} {count}",
                    escape(kind)
                );
            }
        }
        out.push_str("# HELP certgate_webhook_bad_requests_total Requests refused with HTTP 400 (malformed or wrong AdmissionReview version).\n");
        out.push_str("# TYPE certgate_webhook_bad_requests_total counter\n");
        let _ = writeln!(
            out,
            "certgate_webhook_bad_requests_total {}",
            self.bad_requests.load(Ordering::Relaxed)
        );
        out.push_str("# HELP certgate_webhook_review_duration_seconds Time to answer an admission review, lookups included.\n");
        out.push_str("# TYPE certgate_webhook_review_duration_seconds histogram\n");
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "certgate_webhook_review_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "certgate_webhook_review_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        #[allow(clippy::cast_precision_loss)] // microsecond sums stay far below 2^52
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "certgate_webhook_review_duration_seconds_sum {sum}");
        let _ = writeln!(
            out,
            "certgate_webhook_review_duration_seconds_count {count}"
        );
        self.render_caches(&mut out);
        self.render_bundle_cache(&mut out);
        out
    }

    fn render_bundle_cache(&self, out: &mut String) {
        let Some(cache) = self
            .bundle_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
        else {
            return;
        };
        let (bytes, entries) = cache.size();
        for (name, help, kind, value) in [
            (
                "certgate_webhook_bundle_cache_hits_total",
                "Trust-bundle values answered from the cache of earlier reads (same bytes).",
                "counter",
                cache.hits(),
            ),
            (
                "certgate_webhook_bundle_cache_misses_total",
                "Trust-bundle values large enough for the cache that were read.",
                "counter",
                cache.misses(),
            ),
            (
                "certgate_webhook_bundle_cache_bytes",
                "Estimated bytes the cache of trust-bundle reads holds.",
                "gauge",
                bytes as u64,
            ),
            (
                "certgate_webhook_bundle_cache_entries",
                "Trust-bundle values the cache holds.",
                "gauge",
                entries as u64,
            ),
            (
                "certgate_webhook_bundle_cache_limit_bytes",
                "The cache's bound (--bundle-cache-bytes); 0 when off.",
                "gauge",
                cache.limit() as u64,
            ),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
    }

    fn render_caches(&self, out: &mut String) {
        let caches = self
            .caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if caches.is_empty() {
            return;
        }
        let families: [CacheFamily; 6] = [
            (
                "certgate_webhook_cache_synced",
                "1 when the cache has listed its kind and answers lookups from memory; 0 while cold or when the kind is not served (see cache_kind_absent).",
                "gauge",
                |stats| u64::from(stats.state() == CacheState::Synced),
            ),
            (
                "certgate_webhook_cache_kind_absent",
                "1 when the API server does not serve the kind (CRD not installed): lookups answer that none exist.",
                "gauge",
                |stats| u64::from(stats.state() == CacheState::Absent),
            ),
            (
                "certgate_webhook_cache_objects",
                "Objects held by the cache.",
                "gauge",
                CacheStats::objects,
            ),
            (
                "certgate_webhook_cache_watch_errors_total",
                "Lists and watches of the cache that failed; each is retried after a backoff.",
                "counter",
                CacheStats::watch_errors,
            ),
            (
                "certgate_webhook_cache_relists_total",
                "Full lists after the first (a watch that could not resume, e.g. 410 Gone).",
                "counter",
                CacheStats::relists,
            ),
            (
                "certgate_webhook_cache_fallbacks_total",
                "Lookups sent to the API server because the cache had not listed yet.",
                "counter",
                CacheStats::fallbacks,
            ),
        ];
        for (name, help, kind, value) in &families {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
            for stats in caches.iter() {
                let _ = writeln!(out, "{name}{{kind=\"{}\"}} {}", stats.kind, value(stats));
            }
        }
    }
}

/// Escapes a label value (kinds come from the request).
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Kinds the webhook is configured for keep their name; anything else is
/// `other`, so a caller cannot grow the label set.
fn label_kind(kind: &str) -> &str {
    match kind {
        "ConfigMap" | "Secret" | "Issuer" | "ClusterIssuer" | "Certificate" | "BrokerListener" => {
            kind
        }
        _ => "other",
    }
}

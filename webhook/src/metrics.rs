//! Prometheus metrics in the text exposition format, by hand: a counter of
//! reviews by kind and verdict, a latency histogram, open connections,
//! requests refused by the limits, and the serving certificate's state.

use core::fmt::Write as _;
use core::sync::atomic::{AtomicU64, Ordering};
use core::time::Duration;
use std::collections::BTreeMap;
use std::sync::Mutex;

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
        out
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

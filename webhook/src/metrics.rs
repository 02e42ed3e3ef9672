//! Prometheus metrics in the text exposition format, by hand: a counter of
//! reviews by kind and verdict, and a latency histogram.

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

    /// The text exposition.
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

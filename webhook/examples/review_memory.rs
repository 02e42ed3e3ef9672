//! Where one heavy AdmissionReview's memory and time go: a labelled
//! ConfigMap of `KEYS` one-byte keys (default 100,000, the attack test's
//! object), taken through the webhook's steps one at a time — the body
//! parsed into kube's `AdmissionReview<DynamicObject>`, the object
//! re-encoded as a `serde_json::Value`, the core's plan (one parse into its
//! typed view), the core's review (the checks and their findings), and the
//! whole `Reviewer::handle` plus the encoded answer. Prints, per step, the
//! time and the resident-memory peak above what was resident when it began
//! (VmHWM, reset through /proc/self/clear_refs), with mimalloc as the
//! binary uses it.
//! With `whole`, only the last step runs, so that its peak is not hidden by
//! memory the earlier steps freed.
//!   cargo run --release -p certgate-webhook --example review_memory [KEYS [whole]]
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::Instant;

use certgate_core::UnixTime;
use certgate_core::kubernetes::{self, CheckOptions};
use certgate_webhook::admission::{Reviewer, Settings};
use certgate_webhook::config::LookupFailure;
use certgate_webhook::metrics::Metrics;
use kube::core::DynamicObject;
use kube::core::admission::{AdmissionRequest, AdmissionReview};
use serde_json::{Value, json};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches(" kB").parse().ok())
        .unwrap()
}

/// Runs `step`, printing its time and its resident peak above the start.
fn step<T>(name: &str, step: impl FnOnce() -> T) -> T {
    // "5" resets the peak resident size to the current one.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status_kib("VmRSS");
    let started = Instant::now();
    let out = step();
    let elapsed = started.elapsed();
    let peak = status_kib("VmHWM");
    println!(
        "{name:<44} {:>9.1} ms  peak +{:>7} KiB  resident after +{:>7} KiB",
        elapsed.as_secs_f64() * 1000.0,
        peak.saturating_sub(before),
        status_kib("VmRSS").saturating_sub(before)
    );
    out
}

fn body(keys: usize) -> Vec<u8> {
    let data: serde_json::Map<String, Value> =
        (0..keys).map(|i| (format!("k{i}"), json!("x"))).collect();
    let object = json!({
        "kind": "ConfigMap", "apiVersion": "v1",
        "metadata": {"name": "flood", "namespace": "team-a",
                     "labels": {"certgate.io/trust-bundle": "true"}},
        "data": data
    });
    serde_json::to_vec(&json!({
        "kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1",
        "request": {
            "uid": "uid-flood",
            "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
            "resource": {"group": "", "version": "v1", "resource": "configmaps"},
            "name": "flood", "namespace": "team-a", "operation": "CREATE",
            "userInfo": {"username": "kubernetes-admin"},
            "object": object, "oldObject": null, "dryRun": false
        }
    }))
    .unwrap()
}

fn main() {
    let keys: usize = std::env::args()
        .nth(1)
        .map_or(100_000, |arg| arg.parse().unwrap());
    let whole_only = std::env::args().nth(2).as_deref() == Some("whole");
    let body = body(keys);
    println!(
        "{keys} one-byte keys: body {} bytes; baseline VmRSS {} KiB",
        body.len(),
        status_kib("VmRSS")
    );
    let now = UnixTime(
        i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        )
        .unwrap(),
    );
    let mut options = CheckOptions::new(now);
    options.offline = true;
    if !whole_only {
        steps(&body, &options);
    }

    let reviewer = Reviewer::new(
        Settings {
            trust_settings: None,
            namespace: kubernetes::AIO_NAMESPACE.into(),
            cluster_resource_namespace: kubernetes::CLUSTER_RESOURCE_NAMESPACE.into(),
            lookup_failure: LookupFailure::Deny,
        },
        None,
        Arc::new(Metrics::default()),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let answer = step("whole review: Reviewer::handle + encoding", || {
        let review = runtime.block_on(reviewer.handle(&body)).unwrap();
        serde_json::to_vec(&review).unwrap()
    });
    println!("  answer {} bytes", answer.len());
}

/// The webhook's steps one at a time.
fn steps(body: &[u8], options: &CheckOptions) {
    let review: AdmissionReview<DynamicObject> =
        step("parse body into AdmissionReview<Dynamic>", || {
            serde_json::from_slice(body).unwrap()
        });
    let request: AdmissionRequest<DynamicObject> = review.try_into().unwrap();
    // The webhook moves the fields instead (admission.rs `into_value`).
    let object = step("object copied into a serde_json::Value", || {
        serde_json::to_value(request.object.as_ref().unwrap()).unwrap()
    });
    let plan = step("core plan (parse into the typed view)", || {
        kubernetes::plan(&object, options)
    });
    let report = step("core review (checks, findings)", || {
        plan.into_review(&[], options).unwrap()
    });
    println!(
        "  report: {} findings, {} objects checked, checked_as {} bytes",
        report.findings.len(),
        report.checked.len(),
        report
            .checked
            .iter()
            .map(|c| c.checked_as.as_deref().map_or(0, str::len))
            .sum::<usize>()
    );
}

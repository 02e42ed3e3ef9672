//! CPU per review of Debian's CA bundle (/etc/ssl/certs/ca-certificates.crt,
//! the ConfigMap of `webhook/bench/run.sh`), in a loop, one thread, no TLS
//! or HTTP: µs per call of the core's `inventory::read`, of building every
//! certificate's view, of the core's plan and review of the ConfigMap, and
//! of the whole `Reviewer::handle` plus encoding the answer (without the
//! cache of bundle reads, and answered from it): this thread's CPU
//! time per call (median and fastest) and the wall-clock median, over
//! `ROUNDS` rounds of `ITERATIONS` calls each. `ONLY=core\ inv` (a prefix
//! of a name) runs only that measure, e.g. under `perf record`.
//!   cargo run --release -p certgate-webhook --example review_debian [ITERATIONS [ROUNDS]]
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::Instant;

use certgate_core::UnixTime;
use certgate_core::kubernetes::{self, BundleRead, CheckOptions};
use certgate_webhook::admission::{Reviewer, Settings};
use certgate_webhook::config::LookupFailure;
use certgate_webhook::metrics::Metrics;
use serde_json::json;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// This thread's time on a CPU so far, in ns (the first field of
/// schedstat): unlike the wall clock, it does not count the time other
/// processes on a shared machine hold the CPU.
fn cpu_nanos() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Prints the median and the fastest µs per call of `work` over the rounds,
/// on the CPU and on the wall clock.
fn measure(name: &str, iterations: u32, rounds: u32, mut work: impl FnMut()) {
    // ONLY=<prefix> runs one measure alone (for `perf record`).
    if std::env::var("ONLY").is_ok_and(|only| !name.starts_with(&only)) {
        return;
    }
    work();
    let (mut cpu, mut wall): (Vec<f64>, Vec<f64>) = (0..rounds)
        .map(|_| {
            let (cpu_started, started) = (cpu_nanos(), Instant::now());
            for _ in 0..iterations {
                work();
            }
            let cpu = (cpu_nanos() - cpu_started) as f64 / 1e3 / f64::from(iterations);
            (
                cpu,
                started.elapsed().as_secs_f64() * 1e6 / f64::from(iterations),
            )
        })
        .unzip();
    cpu.sort_by(f64::total_cmp);
    wall.sort_by(f64::total_cmp);
    println!(
        "{name:<46} CPU median {:>6.0} µs (fastest {:>6.0})   wall median {:>6.0} µs",
        cpu[cpu.len() / 2],
        cpu[0],
        wall[wall.len() / 2],
    );
}

fn main() {
    let iterations: u32 = std::env::args()
        .nth(1)
        .map_or(50, |arg| arg.parse().unwrap());
    let rounds: u32 = std::env::args()
        .nth(2)
        .map_or(7, |arg| arg.parse().unwrap());
    let bundle = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt")
        .expect("needs /etc/ssl/certs/ca-certificates.crt (apt-get install ca-certificates)");
    let object = json!({
        "kind": "ConfigMap", "apiVersion": "v1",
        "metadata": {"name": "azure-iot-operations-aio-ca-trust-bundle",
                     "namespace": "azure-iot-operations", "creationTimestamp": null},
        "data": {"ca.crt": bundle}
    });
    let body = serde_json::to_vec(&json!({
        "kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1",
        "request": {
            "uid": "bench",
            "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
            "resource": {"group": "", "version": "v1", "resource": "configmaps"},
            "name": "azure-iot-operations-aio-ca-trust-bundle",
            "namespace": "azure-iot-operations", "operation": "CREATE",
            "userInfo": {"username": "kubernetes-admin"},
            "object": object, "oldObject": null, "dryRun": false
        }
    }))
    .unwrap();
    let inventory = certgate_core::read(bundle.as_bytes()).unwrap();
    println!(
        "Debian bundle: {} bytes, {} certificates; AdmissionReview body {} bytes; {iterations} calls x {rounds} rounds",
        bundle.len(),
        inventory.certificates.len(),
        body.len()
    );
    measure("core inventory::read", iterations, rounds, || {
        core::hint::black_box(certgate_core::read(bundle.as_bytes()).unwrap());
    });
    measure(
        "core Certificate::view of every certificate",
        iterations,
        rounds,
        || {
            for entry in &inventory.certificates {
                core::hint::black_box(entry.certificate.view());
            }
        },
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
    measure(
        "core plan + review of the ConfigMap",
        iterations,
        rounds,
        || {
            let plan = kubernetes::plan(&object, &options);
            core::hint::black_box(plan.into_review(&[], &options).unwrap());
        },
    );
    let reviewer = |cache_bytes| {
        Reviewer::new(
            Settings {
                trust_settings: None,
                namespace: kubernetes::AIO_NAMESPACE.into(),
                cluster_resource_namespace: kubernetes::CLUSTER_RESOURCE_NAMESPACE.into(),
                lookup_failure: LookupFailure::Deny,
            },
            None,
            Arc::new(Metrics::default()),
        )
        .with_bundle_cache(cache_bytes)
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for (name, cache_bytes) in [
        ("whole Reviewer::handle + encoding, no cache", 0),
        (
            "whole Reviewer::handle + encoding, cache hit",
            certgate_webhook::bundle_cache::DEFAULT_LIMIT_BYTES,
        ),
    ] {
        let reviewer = reviewer(cache_bytes);
        measure(name, iterations, rounds, || {
            let review = runtime.block_on(reviewer.handle(&body)).unwrap();
            core::hint::black_box(serde_json::to_vec(&review).unwrap());
        });
    }
    // What one kept read costs, against what the cache counts for it.
    if std::env::var("ONLY").is_err() {
        let before = status_kib("VmRSS");
        let kept: Vec<_> = (0..20)
            .map(|_| BundleRead::read(bundle.as_bytes()).unwrap())
            .collect();
        let resident = (status_kib("VmRSS").saturating_sub(before)) * 1024 / 20;
        println!(
            "one kept read of the bundle: resident ~{} KiB, the cache counts {} KiB (value + estimate)",
            resident / 1024,
            (bundle.len() + kept[0].estimated_size()) / 1024
        );
    }
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches(" kB").parse().ok())
        .unwrap()
}

//! Memory of the issuer caches: the resident memory a cache of N Issuers
//! adds after its first list, against the size of the same Issuers as the
//! API server sends them (JSON with `managedFields`, which the cache
//! drops), measured in the same run. The Issuers look like cert-manager CA
//! issuers applied with kubectl: labels, a Ready condition, a last-applied
//! annotation and managedFields. The fake API server pages the list as
//! the real one does (`limit=500` from kube's watcher, `continue`).
//!
//!   cargo bench -p certgate-webhook --bench cache_memory        # N=10000
//!   ISSUERS=100000 cargo bench -p certgate-webhook --bench cache_memory
//!
//! Resident memory from /proc/self/status (VmRSS), with the binary's
//! allocator (mimalloc), so the figure includes what parsing the pages
//! leaves behind: what the webhook pays, an upper bound of the objects.
#![allow(clippy::unwrap_used)]

#[path = "../tests/fake_api/mod.rs"]
mod fake_api;

use core::time::Duration;
use std::time::Instant;

use certgate_webhook::lookup::Cluster;
use certgate_webhook::metrics::Metrics;
use fake_api::{FakeApi, ListAnswer};
use serde_json::{Value, json};

/// As in the binary (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn issuer(index: usize) -> Value {
    let name = format!("team-{index:06}-ca-issuer");
    let namespace = format!("team-{:04}", index % 1000);
    let spec = json!({"ca": {"secretName": format!("team-{index:06}-ca")}});
    let applied = json!({"apiVersion": "cert-manager.io/v1", "kind": "Issuer",
        "metadata": {"name": name, "namespace": namespace}, "spec": spec});
    json!({
        "apiVersion": "cert-manager.io/v1", "kind": "Issuer",
        "metadata": {
            "name": name, "namespace": namespace,
            "uid": format!("6f1c2a4e-0000-4000-8000-{index:012}"),
            "resourceVersion": format!("{}", 100_000 + index), "generation": 1,
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "labels": {"app.kubernetes.io/managed-by": "platform", "team": namespace},
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": applied.to_string()},
            "managedFields": [
                {"manager": "kubectl-client-side-apply", "operation": "Update", "apiVersion": "cert-manager.io/v1",
                 "time": "2026-01-01T00:00:00Z", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:metadata": {"f:annotations": {".": {}, "f:kubectl.kubernetes.io/last-applied-configuration": {}},
                              "f:labels": {".": {}, "f:app.kubernetes.io/managed-by": {}, "f:team": {}}},
                              "f:spec": {".": {}, "f:ca": {".": {}, "f:secretName": {}}}}},
                {"manager": "cert-manager-issuers", "operation": "Update", "apiVersion": "cert-manager.io/v1",
                 "time": "2026-01-01T00:00:05Z", "fieldsType": "FieldsV1", "subresource": "status",
                 "fieldsV1": {"f:status": {".": {}, "f:conditions": {".": {}, "k:{\"type\":\"Ready\"}": {
                     ".": {}, "f:lastTransitionTime": {}, "f:message": {}, "f:observedGeneration": {},
                     "f:reason": {}, "f:status": {}, "f:type": {}}}}}}
            ]
        },
        "spec": spec,
        "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KeyPairVerified",
            "message": "Signing CA verified", "observedGeneration": 1,
            "lastTransitionTime": "2026-01-01T00:00:05Z"}]}
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let count: usize = std::env::var("ISSUERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    // The Issuers as the API server sends them, built one at a time so that
    // nothing but their bytes is held before the cache starts.
    let mut items = Vec::with_capacity(count);
    let mut kept_bytes = 0;
    for index in 0..count {
        let mut issuer = issuer(index);
        items.push(issuer.to_string());
        // What the cache keeps of it, as JSON.
        let metadata = issuer["metadata"].as_object_mut().unwrap();
        metadata.remove("managedFields");
        metadata.remove("annotations");
        kept_bytes += issuer.to_string().len();
    }
    let wire_bytes: usize = items.iter().map(String::len).sum();
    let (api, client) = FakeApi::start(|_| None);
    api.answer_lists("issuers", ListAnswer::Raw("200000", items));
    let metrics = Metrics::default();
    let before = resident_kib();
    let started = Instant::now();
    let cluster = Cluster::watching(
        client,
        Duration::from_secs(2),
        &metrics,
        (
            "azure-iot-operations".into(),
            "azure-iot-operations-aio-ca-trust-bundle".into(),
        ),
    );
    let caches = cluster.caches().unwrap();
    while !(caches.warm() && api.watch_count("issuers") == 1) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let listed = started.elapsed();
    assert_eq!(caches.issuers.stats().objects(), count as u64);
    // Let the list's transient buffers go before measuring.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let cached = resident_kib().saturating_sub(before);
    #[allow(clippy::cast_precision_loss)]
    let per = |kib: u64| kib as f64 * 1024.0 / count as f64;
    #[allow(clippy::cast_precision_loss)]
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!("issuers: {count}");
    println!("list and first sync: {} ms", listed.as_millis());
    #[allow(clippy::cast_precision_loss)]
    let wire_per_object = wire_bytes as f64 / count as f64;
    println!(
        "as sent by the API server (JSON): {:.1} MiB, {wire_per_object:.0} bytes per Issuer",
        wire_bytes as f64 / 1_048_576.0
    );
    #[allow(clippy::cast_precision_loss)]
    let kept_per_object = kept_bytes as f64 / count as f64;
    println!("of which the cache keeps (JSON): {kept_per_object:.0} bytes per Issuer");
    println!(
        "the cache (managedFields and last-applied dropped): +{:.1} MiB resident, {:.0} bytes per Issuer, {:.2} times its size on the wire",
        mib(cached),
        per(cached),
        per(cached) / wire_per_object
    );
}

//! The watch-backed issuer caches against a `tower-test` mock that answers
//! as the API server does: the reflector's LIST with a resourceVersion,
//! then WATCH requests answered with a body of JSON lines that stays open
//! and receives events as the test pushes them. Reviews must then be
//! answered from memory (no request at review time), follow additions and
//! deletions, resume after a closed stream or a 410 Gone, fall back to the
//! API server while cold, and treat a kind the server does not serve
//! (cert-manager not installed) as "none exist".
#![allow(clippy::unwrap_used)]

mod common;
mod fake_api;

use core::time::Duration;
use std::sync::Arc;
use std::time::Instant;

use certgate_core::UnixTime;
use certgate_core::kubernetes::{CheckOptions, QUICKSTART_BUNDLE, lookups};
use certgate_webhook::admission::{Reviewer, Settings};
use certgate_webhook::config::LookupFailure;
use certgate_webhook::lookup::Cluster;
use certgate_webhook::metrics::{CacheState, Metrics};
use common::*;
use fake_api::{FakeApi, ListAnswer, status};
use serde_json::{Value, json};

/// Waits for `condition`, polling; panics naming `what` after 20 s (a
/// bound on a hang, not a latency assertion: the backoff is 0.8 s-1.6 s).
async fn until(what: &str, mut condition: impl FnMut() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "gave up waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn issuer(kind: &str, namespace: Option<&str>, name: &str, secret: &str, version: &str) -> Value {
    let mut metadata = json!({"name": name, "resourceVersion": version, "uid": format!("uid-{name}"),
        "managedFields": [{"manager": "kubectl", "operation": "Apply", "fieldsV1": {"f:spec": {}}}]});
    if let Some(namespace) = namespace {
        metadata["namespace"] = json!(namespace);
    }
    json!({"apiVersion": "cert-manager.io/v1", "kind": kind, "metadata": metadata,
           "spec": {"ca": {"secretName": secret}}})
}

fn options() -> CheckOptions {
    CheckOptions::new(UnixTime(1_780_000_000))
}

const NAMESPACE: &str = "azure-iot-operations";

/// A Certificate in the AIO namespace issued by the Issuer `issuer` there.
fn certificate(issuer: &str) -> Value {
    json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
        "metadata": {"name": "broker", "namespace": NAMESPACE},
        "spec": {"secretName": "broker-tls", "dnsNames": ["broker"],
                 "issuerRef": {"name": issuer, "kind": "Issuer", "group": "cert-manager.io"}}})
}

/// The names of what `fetch` finds for the lookups of `object`.
async fn found(cluster: &Cluster, object: &Value) -> Vec<String> {
    let found = cluster.fetch(&lookups(object, &options())).await.unwrap();
    found
        .iter()
        .map(|value| {
            format!(
                "{} {}",
                value["kind"].as_str().unwrap(),
                value["metadata"]["name"].as_str().unwrap()
            )
        })
        .collect()
}

/// The trust bundle every review here looks up (no trust settings: the
/// quickstart bundle in the AIO namespace).
fn trust_bundle() -> (String, String) {
    (NAMESPACE.into(), QUICKSTART_BUNDLE.into())
}

/// A cluster watching through `client`, once its three caches have listed.
async fn synced(api: &FakeApi, client: kube::Client, metrics: &Metrics) -> Cluster {
    let cluster = Cluster::watching(client, Duration::from_secs(2), metrics, trust_bundle());
    until("the caches to list and watch", || {
        let caches = cluster.caches().unwrap();
        caches.warm()
            && caches.trust_bundle.cache.stats().state() == CacheState::Synced
            && api.watch_count("issuers") == 1
            && api.watch_count("clusterissuers") == 1
            && api.watch_count("configmaps") == 1
    })
    .await;
    cluster
}

fn reviewer(cluster: Cluster, metrics: Arc<Metrics>) -> Reviewer {
    let settings = Settings {
        trust_settings: None,
        namespace: NAMESPACE.into(),
        cluster_resource_namespace: "cert-manager".into(),
        lookup_failure: LookupFailure::Deny,
    };
    Reviewer::new(settings, Some(cluster), metrics)
}

async fn answer(reviewer: &Reviewer, object: &Value) -> Value {
    let review = admission_review("uid-reflect", "CREATE", object, false);
    let answered = reviewer
        .handle(&serde_json::to_vec(&review).unwrap())
        .await
        .unwrap();
    let answered = serde_json::to_value(answered).unwrap();
    answered["response"].clone()
}

fn metric(metrics: &Metrics, name: &str, kind: &str) -> u64 {
    let line = format!("{name}{{kind=\"{kind}\"}} ");
    let text = metrics.render();
    let value = text
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .unwrap_or_else(|| panic!("no {line} in\n{text}"));
    value.parse().unwrap()
}

#[tokio::test]
async fn the_reflector_lists_then_watches_from_the_lists_version() {
    let (api, client) = FakeApi::start(|_| None);
    api.answer_lists(
        "issuers",
        ListAnswer::Items(
            "7",
            vec![issuer("Issuer", Some(NAMESPACE), "listed", "ca", "5")],
        ),
    );
    let metrics = Metrics::default();
    let cluster = synced(&api, client, &metrics).await;
    let seen = api.seen();
    let issuers: Vec<&String> = seen
        .iter()
        .filter(|r| r.contains("/apis/cert-manager.io/v1/issuers?"))
        .collect();
    // kube 5's default: a paged LIST, then a WATCH from the list's version
    // with bookmarks.
    assert_eq!(issuers.len(), 2, "{seen:?}");
    assert!(
        issuers[0].starts_with("GET ") && issuers[0].contains("limit=500"),
        "{seen:?}"
    );
    assert!(!issuers[0].contains("watch"), "{seen:?}");
    assert!(
        issuers[1].contains("watch=true") && issuers[1].contains("resourceVersion=7"),
        "{seen:?}"
    );
    assert!(issuers[1].contains("allowWatchBookmarks=true"), "{seen:?}");
    assert_eq!(
        found(&cluster, &certificate("listed")).await,
        ["Issuer listed"]
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_objects", "Issuer"),
        1
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_synced", "Issuer"),
        1
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_synced", "ClusterIssuer"),
        1
    );
}

#[tokio::test]
async fn an_issuer_added_by_a_watch_event_is_seen_with_no_request_at_review_time() {
    let (api, client) = FakeApi::start(|_| None);
    let metrics = Arc::new(Metrics::default());
    let cluster = synced(&api, client, &metrics).await;
    let reviewer = reviewer(cluster.clone(), Arc::clone(&metrics));
    let before = api.seen();

    // Not there yet: the Certificate's issuer is missing, from memory.
    let missing = answer(&reviewer, &certificate("team-issuer")).await;
    assert_eq!(missing["allowed"], false, "{missing}");
    assert!(
        message(&missing).starts_with("issuerref.not_found: Issuer \"team-issuer\""),
        "{missing}"
    );
    assert!(
        found(&cluster, &certificate("team-issuer"))
            .await
            .is_empty()
    );

    api.event(
        "issuers",
        "ADDED",
        &issuer("Issuer", Some(NAMESPACE), "team-issuer", "team-ca", "2"),
    );
    until("the added Issuer in the cache", || {
        cluster.caches().unwrap().issuers.stats().objects() == 1
    })
    .await;
    assert_eq!(
        found(&cluster, &certificate("team-issuer")).await,
        ["Issuer team-issuer"]
    );
    let present = answer(&reviewer, &certificate("team-issuer")).await;
    assert_eq!(
        present["allowed"], true,
        "the review must see the Issuer: {present}"
    );

    // Same name in another namespace: not this Certificate's issuer.
    let mut elsewhere = certificate("team-issuer");
    elsewhere["metadata"]["namespace"] = json!("team-b");
    assert!(found(&cluster, &elsewhere).await.is_empty());

    // Every answer came from memory.
    assert_eq!(api.seen(), before, "requests at review time");
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_fallbacks_total", "Issuer"),
        0
    );
}

#[tokio::test]
async fn a_secret_a_cluster_issuer_starts_using_is_reviewed_as_a_ca_secret() {
    let bundle = configmap(
        NAMESPACE,
        "azure-iot-operations-aio-ca-trust-bundle",
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    let (api, client) = FakeApi::start(move |path| {
        (path == "/api/v1/namespaces/azure-iot-operations/configmaps/azure-iot-operations-aio-ca-trust-bundle")
            .then(|| bundle.clone())
    });
    let metrics = Arc::new(Metrics::default());
    let cluster = synced(&api, client, &metrics).await;
    let reviewer = reviewer(cluster, Arc::clone(&metrics));
    // A leaf where a CA belongs.
    let secret = tls_secret(
        "cert-manager",
        "corp-ca",
        &example("server.pem"),
        &example("server.key"),
    );
    let before = api.seen();
    let response = answer(&reviewer, &secret).await;
    assert_eq!(
        response["allowed"], true,
        "unused: not certgate's business: {response}"
    );
    // No issuer uses it: not reviewed, so not even the trust bundle is read.
    assert_eq!(api.seen(), before, "requests for an unused Secret");

    api.event(
        "clusterissuers",
        "ADDED",
        &issuer("ClusterIssuer", None, "corp", "corp-ca", "3"),
    );
    until("the ClusterIssuer in the cache", || {
        metric(&metrics, "certgate_webhook_cache_objects", "ClusterIssuer") == 1
    })
    .await;
    let before = api.seen().len();
    let response = answer(&reviewer, &secret).await;
    assert_eq!(response["allowed"], false, "{response}");
    assert!(
        message(&response).contains("secret.cert_not_ca: "),
        "{response}"
    );
    // Nothing is read at review time: the trust bundle is watched too.
    let seen = api.seen();
    assert!(seen[before..].is_empty(), "{seen:?}");
}

fn bundle(version: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": QUICKSTART_BUNDLE, "namespace": NAMESPACE, "resourceVersion": version},
           "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\n"}})
}

#[tokio::test]
async fn the_trust_bundle_is_watched_by_name_and_read_with_no_request() {
    let bundle_path = format!("/api/v1/namespaces/{NAMESPACE}/configmaps/{QUICKSTART_BUNDLE}");
    let (api, client) = FakeApi::start(move |path| (path == bundle_path).then(|| bundle("5")));
    let metrics = Metrics::default();
    let cluster = synced(&api, client, &metrics).await;
    // Listed and watched by name in its namespace: what a Role with
    // `resourceNames: [the bundle]` grants, nothing wider.
    let lists: Vec<String> = api
        .seen()
        .into_iter()
        .filter(|r| r.contains("configmaps"))
        .collect();
    assert_eq!(lists.len(), 2, "{lists:?}");
    for request in &lists {
        assert!(
            request.starts_with(&format!("GET /api/v1/namespaces/{NAMESPACE}/configmaps?"))
                && request.contains(&format!(
                    "fieldSelector=metadata.name%3D{QUICKSTART_BUNDLE}"
                )),
            "{request}"
        );
    }
    let issuer = issuer("Issuer", Some(NAMESPACE), "aio", "", "1");
    let before = api.seen();
    assert_eq!(
        found(&cluster, &issuer).await,
        [format!("ConfigMap {QUICKSTART_BUNDLE}")]
    );
    assert_eq!(api.seen(), before, "requests at review time");
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_objects", "ConfigMap"),
        1
    );
    // Deleted: known to be gone, still without a request.
    api.event("configmaps", "DELETED", &bundle("6"));
    until("the bundle gone from the cache", || {
        metric(&metrics, "certgate_webhook_cache_objects", "ConfigMap") == 0
    })
    .await;
    assert!(found(&cluster, &issuer).await.is_empty());
    assert_eq!(api.seen(), before, "requests at review time");
}

#[tokio::test]
async fn without_a_role_for_the_trust_bundle_its_lookups_go_to_the_api_server() {
    let bundle_path = format!("/api/v1/namespaces/{NAMESPACE}/configmaps/{QUICKSTART_BUNDLE}");
    let (api, client) = FakeApi::start(move |path| (path == bundle_path).then(|| bundle("5")));
    // Its list never answers (as while a 403 is retried with backoff).
    api.answer_lists("configmaps", ListAnswer::Hold);
    let metrics = Metrics::default();
    let cluster = Cluster::watching(client, Duration::from_secs(2), &metrics, trust_bundle());
    until("the issuer caches", || {
        cluster.caches().unwrap().warm()
            && api.watch_count("issuers") == 1
            && api.watch_count("clusterissuers") == 1
    })
    .await;
    // The issuer caches answer; the bundle alone is a GET.
    let issuer = issuer("Issuer", Some(NAMESPACE), "aio", "", "1");
    let before = api.seen().len();
    assert_eq!(
        found(&cluster, &issuer).await,
        [format!("ConfigMap {QUICKSTART_BUNDLE}")]
    );
    let seen = api.seen();
    assert_eq!(
        seen[before..],
        [format!(
            "GET /api/v1/namespaces/{NAMESPACE}/configmaps/{QUICKSTART_BUNDLE}?"
        )],
        "{seen:?}"
    );
    assert_eq!(
        metric(
            &metrics,
            "certgate_webhook_cache_fallbacks_total",
            "ConfigMap"
        ),
        1
    );
}

#[tokio::test]
async fn a_deleted_issuer_disappears() {
    let (api, client) = FakeApi::start(|_| None);
    api.answer_lists(
        "issuers",
        ListAnswer::Items(
            "4",
            vec![issuer("Issuer", Some(NAMESPACE), "old", "ca", "3")],
        ),
    );
    let metrics = Metrics::default();
    let cluster = synced(&api, client, &metrics).await;
    assert_eq!(found(&cluster, &certificate("old")).await, ["Issuer old"]);
    api.event(
        "issuers",
        "DELETED",
        &issuer("Issuer", Some(NAMESPACE), "old", "ca", "5"),
    );
    until("the deletion", || {
        cluster.caches().unwrap().issuers.stats().objects() == 0
    })
    .await;
    assert!(found(&cluster, &certificate("old")).await.is_empty());
}

#[tokio::test]
async fn a_closed_watch_resumes_from_its_last_version_and_a_gone_one_relists() {
    let (api, client) = FakeApi::start(|_| None);
    let metrics = Metrics::default();
    let cluster = synced(&api, client, &metrics).await;
    api.event(
        "issuers",
        "ADDED",
        &issuer("Issuer", Some(NAMESPACE), "first", "ca", "12"),
    );
    until("the first Issuer", || {
        cluster.caches().unwrap().issuers.stats().objects() == 1
    })
    .await;

    // The API server ends the stream (its watch timeout): the watcher
    // watches again from the last version it saw, without a list.
    api.close_watches("issuers");
    until("a new watch", || api.watch_count("issuers") == 1).await;
    let seen = api.seen();
    let last = seen.last().unwrap();
    assert!(
        last.contains("/apis/cert-manager.io/v1/issuers?")
            && last.contains("watch=true")
            && last.contains("resourceVersion=12"),
        "{seen:?}"
    );
    api.event(
        "issuers",
        "ADDED",
        &issuer("Issuer", Some(NAMESPACE), "second", "ca", "13"),
    );
    until("the second Issuer", || {
        cluster.caches().unwrap().issuers.stats().objects() == 2
    })
    .await;
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_relists_total", "Issuer"),
        0
    );

    // The version is too old (410 Gone, e.g. after etcd compaction): the
    // watcher lists again after its backoff; the new list is the truth
    // ("first" was deleted meanwhile, "third" added).
    api.answer_lists(
        "issuers",
        ListAnswer::Items(
            "40",
            vec![
                issuer("Issuer", Some(NAMESPACE), "second", "ca", "13"),
                issuer("Issuer", Some(NAMESPACE), "third", "ca", "39"),
            ],
        ),
    );
    api.event(
        "issuers",
        "ERROR",
        &status(410, "Expired", "too old resource version: 13 (39)"),
    );
    until("the relist", || {
        metric(&metrics, "certgate_webhook_cache_relists_total", "Issuer") == 1
            && cluster.caches().unwrap().issuers.stats().objects() == 2
            && api.watch_count("issuers") == 2
    })
    .await;
    assert!(found(&cluster, &certificate("first")).await.is_empty());
    assert_eq!(
        found(&cluster, &certificate("third")).await,
        ["Issuer third"]
    );
    assert!(
        metric(
            &metrics,
            "certgate_webhook_cache_watch_errors_total",
            "Issuer"
        ) >= 1
    );
    let seen = api.seen();
    assert!(
        seen.last().unwrap().contains("resourceVersion=40"),
        "watching from the new list: {seen:?}"
    );
    // And it keeps following events.
    api.event(
        "issuers",
        "MODIFIED",
        &issuer("Issuer", Some(NAMESPACE), "third", "other-ca", "41"),
    );
    let secret_user = |name: &str| {
        json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
               "metadata": {"name": name, "namespace": NAMESPACE}, "data": {"tls.crt": "", "tls.key": ""}})
    };
    let cluster_ref = &cluster;
    let mut modified = false;
    for _ in 0..2000 {
        if found(cluster_ref, &secret_user("other-ca"))
            .await
            .contains(&"Issuer third".to_owned())
        {
            modified = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(modified, "the modification was not seen");
}

#[tokio::test]
async fn a_cold_cache_falls_back_to_the_api_server() {
    let (api, client) = FakeApi::start(|path| {
        (path == "/apis/cert-manager.io/v1/namespaces/azure-iot-operations/issuers").then(|| {
            json!({"apiVersion": "cert-manager.io/v1", "kind": "IssuerList", "metadata": {},
                   "items": [issuer("Issuer", Some(NAMESPACE), "via-list", "team-ca", "1")]})
        })
    });
    api.answer_lists("issuers", ListAnswer::Hold);
    api.answer_lists("clusterissuers", ListAnswer::Hold);
    let metrics = Metrics::default();
    let cluster = Cluster::watching(client, Duration::from_secs(2), &metrics, trust_bundle());
    until("both issuer lists asked", || {
        api.seen().iter().filter(|r| r.contains("issuers?")).count() == 2
    })
    .await;
    assert!(!cluster.caches().unwrap().warm());
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
        "metadata": {"name": "team-ca", "namespace": NAMESPACE}, "data": {"tls.crt": "", "tls.key": ""}});
    // As before the caches: a LIST (and the bundle GET) per review.
    assert_eq!(found(&cluster, &secret).await, ["Issuer via-list"]);
    let seen = api.seen();
    assert!(
        seen.iter()
            .any(|r| r == "GET /apis/cert-manager.io/v1/namespaces/azure-iot-operations/issuers?"),
        "{seen:?}"
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_fallbacks_total", "Issuer"),
        1
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_synced", "Issuer"),
        0
    );
}

#[tokio::test]
async fn a_kind_the_api_server_does_not_serve_has_no_objects_until_its_crd_appears() {
    let (api, client) = FakeApi::start(|_| None);
    api.answer_lists("issuers", ListAnswer::NotServed);
    api.answer_lists("clusterissuers", ListAnswer::NotServed);
    let metrics = Metrics::default();
    let cluster = Cluster::watching(client, Duration::from_secs(2), &metrics, trust_bundle());
    until("both kinds found absent", || {
        cluster.caches().unwrap().warm()
    })
    .await;
    assert_eq!(
        cluster.caches().unwrap().issuers.stats().state(),
        CacheState::Absent
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_kind_absent", "Issuer"),
        1
    );
    let before = api.seen().len();
    assert!(found(&cluster, &certificate("any")).await.is_empty());
    assert!(
        cluster
            .issuers_referencing("cert-manager", "corp-ca", "cert-manager")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(api.seen().len(), before, "answered from the cache's state");

    // cert-manager installed: the retried list succeeds and the cache syncs.
    api.answer_lists(
        "issuers",
        ListAnswer::Items(
            "2",
            vec![issuer(
                "Issuer",
                Some(NAMESPACE),
                "after-install",
                "ca",
                "2",
            )],
        ),
    );
    until("the cache to list after the CRD appeared", || {
        cluster.caches().unwrap().issuers.stats().state() == CacheState::Synced
    })
    .await;
    assert_eq!(
        found(&cluster, &certificate("after-install")).await,
        ["Issuer after-install"]
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_kind_absent", "Issuer"),
        0
    );
}

#[tokio::test]
async fn cached_issuers_keep_no_managed_fields() {
    let mut applied = issuer("Issuer", Some(NAMESPACE), "applied", "ca", "2");
    applied["metadata"]["annotations"] = json!({
        "kubectl.kubernetes.io/last-applied-configuration": "{\"a\": \"copy of the object\"}",
        "kept": "yes"});
    let (api, client) = FakeApi::start(|_| None);
    api.answer_lists("issuers", ListAnswer::Items("3", vec![applied]));
    let metrics = Metrics::default();
    let cluster = synced(&api, client, &metrics).await;
    let lookups = lookups(&certificate("applied"), &options());
    let found = cluster.fetch(&lookups).await.unwrap();
    assert_eq!(found.len(), 1);
    let metadata = &found[0]["metadata"];
    assert!(metadata.get("managedFields").is_none(), "{metadata}");
    assert_eq!(metadata["annotations"], json!({"kept": "yes"}));
    assert_eq!(found[0]["spec"]["ca"]["secretName"], "ca");
}

#[tokio::test]
async fn a_cache_that_may_list_but_not_watch_falls_back_until_its_watch_works() {
    let listed = issuer("Issuer", Some(NAMESPACE), "listed", "ca", "5");
    let by_name = listed.clone();
    let (api, client) = FakeApi::start(move |path| {
        (path == "/apis/cert-manager.io/v1/namespaces/azure-iot-operations/issuers/listed")
            .then(|| by_name.clone())
    });
    api.answer_lists("issuers", ListAnswer::Items("7", vec![listed]));
    api.forbid_watches("issuers", true);
    let metrics = Metrics::default();
    let cluster = Cluster::watching(client, Duration::from_secs(2), &metrics, trust_bundle());
    let issuers = || cluster.caches().unwrap().issuers.stats();
    until("the forbidden watch", || issuers().watch_errors() >= 1).await;
    // Listed but blind to changes: not trusted, the API server answers.
    assert_eq!(issuers().state(), CacheState::Cold);
    let before = api.seen().len();
    assert_eq!(
        found(&cluster, &certificate("listed")).await,
        ["Issuer listed"]
    );
    let seen = api.seen();
    assert_eq!(
        seen[before..],
        ["GET /apis/cert-manager.io/v1/namespaces/azure-iot-operations/issuers/listed?"],
        "{seen:?}"
    );
    assert_eq!(
        metric(&metrics, "certgate_webhook_cache_fallbacks_total", "Issuer"),
        1
    );

    // Watch granted: the retried watch delivers, and the cache answers again.
    api.forbid_watches("issuers", false);
    until("the granted watch", || api.watch_count("issuers") == 1).await;
    api.event(
        "issuers",
        "ADDED",
        &issuer("Issuer", Some(NAMESPACE), "added", "ca", "8"),
    );
    until("the cache to answer again", || {
        issuers().state() == CacheState::Synced
    })
    .await;
    let before = api.seen().len();
    assert_eq!(
        found(&cluster, &certificate("added")).await,
        ["Issuer added"]
    );
    assert_eq!(
        found(&cluster, &certificate("listed")).await,
        ["Issuer listed"]
    );
    assert_eq!(api.seen().len(), before, "answered from memory");
}

//! Watch-backed caches of the cert-manager Issuers and ClusterIssuers: one
//! kube-rs reflector per kind over every object of it, so that reviews read
//! issuers from memory instead of a GET or LIST per review.
//!
//! Only issuers are cached. They are small, few (tens to hundreds in a
//! cluster) and every tls Secret review asks which of them use the Secret,
//! which without a cache is a LIST per review. Secrets are never cached:
//! a cache of every Secret would hold every private key of the cluster in
//! this process and grow with the cluster; they stay a GET by name, as do
//! the trust-bundle ConfigMap (one object, read only for reviews of issuers
//! and of Secrets an issuer uses) and SecretProviderClasses (read only for
//! OPC UA SecretSyncs, rare, and as many as the cluster's workloads).
//!
//! A cache answers once its first list is complete ([`CacheState::Synced`]);
//! until then lookups of its kind go to the API server as before, so a cold
//! cache never changes a verdict. When the API server does not serve the
//! kind (cert-manager's CRDs are not installed, the list answers 404) the
//! cache is [`CacheState::Absent`] and lookups answer that no issuer
//! exists, which is the truth of that cluster. The watcher retries with
//! kube's default backoff (0.8 s doubling to 30 s), so a CRD installed later,
//! a watch that fails or a 410 Gone all end in a fresh list.

use core::fmt;
use std::sync::Arc;

use futures_util::StreamExt as _;
use kube::api::{Api, ApiResource, DynamicObject};
use kube::runtime::reflector::{ObjectRef, Store, store::Writer};
use kube::runtime::watcher::{self, Event};
use kube::runtime::{WatchStreamExt as _, watcher::watcher};
use tokio::task::JoinHandle;

use crate::metrics::{CacheState, CacheStats, Metrics};

/// kubectl's copy of the whole applied object: dropped, with
/// `managedFields`, so a cached issuer costs about its own size.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// What a cache knows about a lookup.
#[derive(Debug)]
pub enum Cached<T> {
    /// The answer, from memory.
    Known(T),
    /// The cache cannot answer yet: ask the API server.
    Cold,
}

/// One kind's cache: the store its reflector fills, and its state.
pub struct KindCache {
    resource: ApiResource,
    store: Store<DynamicObject>,
    stats: Arc<CacheStats>,
    task: JoinHandle<()>,
}

impl fmt::Debug for KindCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KindCache")
            .field("kind", &self.resource.kind)
            .field("state", &self.stats.state())
            .field("objects", &self.store.len())
            .finish_non_exhaustive()
    }
}

impl Drop for KindCache {
    fn drop(&mut self) {
        // The watch serves only this cache.
        self.task.abort();
    }
}

/// Drops what no rule reads and what can be as large as the object.
fn strip(object: &mut DynamicObject) {
    object.metadata.managed_fields = None;
    if let Some(annotations) = object.metadata.annotations.as_mut() {
        annotations.remove(LAST_APPLIED);
    }
}

/// True for a 404 from the API server on the list: the kind is not served.
fn kind_not_served(error: &watcher::Error) -> bool {
    matches!(
        error,
        watcher::Error::InitialListFailed(kube::Error::Api(status)) if status.code == 404
    )
}

impl KindCache {
    /// Starts watching every object of `resource` (cluster-wide) through
    /// `client`, on the current Tokio runtime.
    pub fn start(client: kube::Client, resource: ApiResource, stats: Arc<CacheStats>) -> Self {
        let api: Api<DynamicObject> = Api::all_with(client, &resource);
        let mut writer = Writer::new(resource.clone());
        let store = writer.as_reader();
        let task_stats = Arc::clone(&stats);
        let kind = resource.kind.clone();
        let task = tokio::spawn(async move {
            let stats = task_stats;
            let events = watcher(api, watcher::Config::default())
                .modify(strip)
                .default_backoff();
            let mut events = core::pin::pin!(events);
            let mut listed_before = false;
            let mut failing = false;
            while let Some(event) = events.next().await {
                match event {
                    Ok(event) => {
                        if failing {
                            failing = false;
                            tracing::info!(%kind, "cache watch resumed");
                        }
                        match &event {
                            Event::Init if listed_before => stats.relist(),
                            Event::InitDone => {
                                if !listed_before {
                                    tracing::info!(%kind, "cache listed");
                                }
                                listed_before = true;
                            }
                            _ => {}
                        }
                        writer.apply_watcher_event(&event);
                        if matches!(event, Event::InitDone) {
                            stats.set_state(CacheState::Synced);
                        }
                        stats.set_objects(writer.as_reader().len());
                    }
                    Err(error) => {
                        stats.watch_error();
                        if kind_not_served(&error) {
                            if stats.state() != CacheState::Absent {
                                tracing::warn!(%kind, "the API server does not serve this kind (CRD not installed?): lookups answer that none exist; retrying");
                            }
                            stats.set_state(CacheState::Absent);
                        } else if !failing {
                            // Logged once per outage; the counter has every one.
                            tracing::warn!(%kind, %error, "cache watch failed; retrying with backoff");
                        }
                        failing = true;
                    }
                }
            }
        });
        Self {
            resource,
            store,
            stats,
            task,
        }
    }

    /// The resource cached.
    pub fn resource(&self) -> &ApiResource {
        &self.resource
    }

    /// The cache's statistics.
    pub fn stats(&self) -> &CacheStats {
        &self.stats
    }

    /// The object named `name` (in `namespace` for a namespaced kind).
    pub fn get(&self, namespace: Option<&str>, name: &str) -> Cached<Option<Arc<DynamicObject>>> {
        match self.stats.state() {
            CacheState::Cold => Cached::Cold,
            CacheState::Absent => Cached::Known(None),
            CacheState::Synced => {
                let mut key = ObjectRef::new_with(name, self.resource.clone());
                if let Some(namespace) = namespace {
                    key = key.within(namespace);
                }
                Cached::Known(self.store.get(&key))
            }
        }
    }

    /// The issuers (in `namespace` when given) whose `spec.ca.secretName`
    /// is `secret`.
    pub fn using_secret(
        &self,
        namespace: Option<&str>,
        secret: &str,
    ) -> Cached<Vec<Arc<DynamicObject>>> {
        match self.stats.state() {
            CacheState::Cold => Cached::Cold,
            CacheState::Absent => Cached::Known(Vec::new()),
            CacheState::Synced => Cached::Known(self.store.state_filter(|issuer| {
                (namespace.is_none() || issuer.metadata.namespace.as_deref() == namespace)
                    && issuer.data["spec"]["ca"]["secretName"].as_str() == Some(secret)
            })),
        }
    }
}

/// The caches the webhook keeps.
#[derive(Debug)]
pub struct Caches {
    /// cert-manager.io/v1 Issuers, every namespace.
    pub issuers: KindCache,
    /// cert-manager.io/v1 ClusterIssuers.
    pub cluster_issuers: KindCache,
}

impl Caches {
    /// Starts both watches on the current Tokio runtime; their state shows
    /// in `metrics`.
    pub fn start(client: &kube::Client, metrics: &Metrics) -> Self {
        let resource = |kind| {
            ApiResource::from_gvk(&kube::core::GroupVersionKind::gvk(
                "cert-manager.io",
                "v1",
                kind,
            ))
        };
        Self {
            issuers: KindCache::start(client.clone(), resource("Issuer"), metrics.cache("Issuer")),
            cluster_issuers: KindCache::start(
                client.clone(),
                resource("ClusterIssuer"),
                metrics.cache("ClusterIssuer"),
            ),
        }
    }

    /// True when every cache answers from memory (synced, or its kind is
    /// not served).
    pub fn warm(&self) -> bool {
        [&self.issuers, &self.cluster_issuers]
            .iter()
            .all(|cache| cache.stats.state() != CacheState::Cold)
    }
}

//! Watch-backed caches of the cert-manager Issuers and ClusterIssuers: one
//! kube-rs watcher (`kube::runtime::watcher`, list then watch) per kind over
//! every object of it, feeding a store with the semantics of kube's
//! reflector store but compact entries (see `Entry`), so that reviews
//! read issuers from memory instead of a GET or LIST per review.
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
//! kube's default backoff (0.8 s doubling to 30 s): a closed watch resumes
//! from the last resourceVersion seen; a 410 Gone, or a CRD installed
//! later, ends in a fresh list that replaces the store. Memory is the
//! stored objects (about 1.3 KB per issuer as kubectl applies them, see
//! `benches/cache_memory.rs`) plus, during a list, one page of 500.

use core::fmt;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use futures_util::StreamExt as _;
use kube::api::{Api, ApiResource, DynamicObject};
use kube::runtime::watcher::{self, Event};
use kube::runtime::{WatchStreamExt as _, watcher::watcher};
use serde_json::Value;
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

/// Namespace (`None` for cluster-scoped kinds) and name.
type Key = (Option<String>, String);

/// One cached object, compact: kube's `reflector::store` keeps each as a
/// `DynamicObject` (a tree of maps), measured at about 6 KB per issuer in
/// `benches/cache_memory.rs`; as its JSON text it costs about its size.
/// Lookups parse the few they return, as they parsed GET answers before.
#[derive(Debug)]
struct Entry {
    /// `spec.ca.secretName`, for "the issuers that use this Secret".
    ca_secret: Option<Box<str>>,
    /// The object as JSON, `apiVersion` and `kind` included.
    json: Box<str>,
}

type Objects = HashMap<Key, Arc<Entry>>;

/// The store of one kind, filled from watcher events as kube's reflector
/// writer does: a (re)list is buffered and replaces the store at its end,
/// so objects deleted while the watch was down go with it.
#[derive(Debug, Default)]
struct Store {
    objects: RwLock<Objects>,
}

impl Store {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Objects> {
        // A poisoned lock only means a writer panicked between two whole
        // insertions: the map is still consistent.
        self.objects.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Objects> {
        self.objects.write().unwrap_or_else(PoisonError::into_inner)
    }

    fn len(&self) -> usize {
        self.read().len()
    }
}

fn key(object: &DynamicObject) -> Key {
    (
        object.metadata.namespace.clone(),
        object.metadata.name.clone().unwrap_or_default(),
    )
}

/// The compact entry of `object` (stripped already).
fn entry(mut object: DynamicObject, resource: &ApiResource) -> Option<Arc<Entry>> {
    object.types = Some(kube::core::TypeMeta {
        api_version: resource.api_version.clone(),
        kind: resource.kind.clone(),
    });
    let ca_secret = object.data["spec"]["ca"]["secretName"]
        .as_str()
        .map(Box::from);
    match serde_json::to_string(&object) {
        Ok(json) => Some(Arc::new(Entry {
            ca_secret,
            json: json.into_boxed_str(),
        })),
        // Not reachable for an object that was just parsed from JSON.
        Err(error) => {
            tracing::error!(kind = %resource.kind, %error, "cached object not serialisable; left out");
            None
        }
    }
}

/// Applies one watcher event; `buffer` holds a list in progress.
fn apply(
    store: &Store,
    buffer: &mut Option<Objects>,
    event: Event<DynamicObject>,
    resource: &ApiResource,
) {
    match event {
        Event::Init => *buffer = Some(Objects::new()),
        Event::InitApply(object) => {
            let key = key(&object);
            if let (Some(buffer), Some(entry)) = (buffer.as_mut(), entry(object, resource)) {
                buffer.insert(key, entry);
            }
        }
        Event::InitDone => {
            if let Some(listed) = buffer.take() {
                *store.write() = listed;
            }
        }
        Event::Apply(object) => {
            let key = key(&object);
            match entry(object, resource) {
                Some(entry) => store.write().insert(key, entry),
                None => store.write().remove(&key),
            };
        }
        Event::Delete(object) => {
            store.write().remove(&key(&object));
        }
    }
}

/// The object of `entry`, parsed.
fn parse(entry: &Entry) -> Option<Value> {
    serde_json::from_str(&entry.json).ok()
}

/// One kind's cache: the store its watch fills, and its state.
pub struct KindCache {
    resource: ApiResource,
    store: Arc<Store>,
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

/// True for a 403 on the watch: the list was allowed, the watch is not.
fn watch_forbidden(error: &watcher::Error) -> bool {
    match error {
        watcher::Error::WatchStartFailed(kube::Error::Api(status))
        | watcher::Error::WatchFailed(kube::Error::Api(status)) => status.code == 403,
        watcher::Error::WatchError(status) => status.code == 403,
        _ => false,
    }
}

/// Applies the watch of `api` to `store` until the task is aborted,
/// keeping `stats` current: the whole life of one cache.
async fn follow(
    api: Api<DynamicObject>,
    config: watcher::Config,
    resource: ApiResource,
    store: Arc<Store>,
    stats: Arc<CacheStats>,
) {
    let kind = resource.kind.clone();
    let mut buffer = None;
    let events = watcher(api, config).modify(strip).default_backoff();
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
                // Listed; or an event from a watch after one was
                // forbidden (Cold after a list only comes from that):
                // the watch works again and the store is current.
                let answers = matches!(event, Event::InitDone)
                    || (listed_before
                        && stats.state() == CacheState::Cold
                        && matches!(event, Event::Apply(_) | Event::Delete(_)));
                apply(&store, &mut buffer, event, &resource);
                if answers {
                    stats.set_state(CacheState::Synced);
                }
                stats.set_objects(store.len());
            }
            Err(error) => {
                stats.watch_error();
                if kind_not_served(&error) {
                    if stats.state() != CacheState::Absent {
                        tracing::warn!(%kind, "the API server does not serve this kind (CRD not installed?): lookups answer that none exist; retrying");
                    }
                    stats.set_state(CacheState::Absent);
                } else if listed_before && watch_forbidden(&error) {
                    // Listed, but never told of changes (a role with
                    // get and list but no watch): stale from now on,
                    // so lookups go to the API server instead.
                    if stats.state() == CacheState::Synced {
                        tracing::warn!(%kind, %error, "no permission to watch: lookups go to the API server; grant watch to use the cache");
                    }
                    stats.set_state(CacheState::Cold);
                } else if !failing {
                    // Logged once per outage; the counter has every one.
                    tracing::warn!(%kind, %error, "cache watch failed; retrying with backoff");
                }
                failing = true;
            }
        }
    }
}

impl KindCache {
    /// Starts watching every object of `resource` (cluster-wide) through
    /// `client`, on the current Tokio runtime.
    pub fn start(client: kube::Client, resource: ApiResource, stats: Arc<CacheStats>) -> Self {
        let api: Api<DynamicObject> = Api::all_with(client, &resource);
        Self::follow(api, watcher::Config::default(), resource, stats)
    }

    /// Starts watching the one object `name` of `resource` in `namespace`
    /// (a `metadata.name` field selector, which a Role can grant by
    /// `resourceNames` alone), on the current Tokio runtime.
    pub fn start_named(
        client: kube::Client,
        resource: ApiResource,
        namespace: &str,
        name: &str,
        stats: Arc<CacheStats>,
    ) -> Self {
        let api: Api<DynamicObject> = Api::namespaced_with(client, namespace, &resource);
        let config = watcher::Config::default().fields(&format!("metadata.name={name}"));
        Self::follow(api, config, resource, stats)
    }

    fn follow(
        api: Api<DynamicObject>,
        config: watcher::Config,
        resource: ApiResource,
        stats: Arc<CacheStats>,
    ) -> Self {
        let store = Arc::new(Store::default());
        let task = tokio::spawn(follow(
            api,
            config,
            resource.clone(),
            Arc::clone(&store),
            Arc::clone(&stats),
        ));
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
    pub fn get(&self, namespace: Option<&str>, name: &str) -> Cached<Option<Value>> {
        match self.stats.state() {
            CacheState::Cold => Cached::Cold,
            CacheState::Absent => Cached::Known(None),
            CacheState::Synced => {
                let key = (namespace.map(str::to_owned), name.to_owned());
                let found = self.store.read().get(&key).cloned();
                Cached::Known(found.as_deref().and_then(parse))
            }
        }
    }

    /// The issuers (in `namespace` when given) whose `spec.ca.secretName`
    /// is `secret`.
    pub fn using_secret(&self, namespace: Option<&str>, secret: &str) -> Cached<Vec<Value>> {
        match self.stats.state() {
            CacheState::Cold => Cached::Cold,
            CacheState::Absent => Cached::Known(Vec::new()),
            CacheState::Synced => {
                // A scan: issuers are few, and this is a comparison each.
                let found: Vec<Arc<Entry>> = self
                    .store
                    .read()
                    .iter()
                    .filter(|((in_namespace, _), entry)| {
                        (namespace.is_none() || in_namespace.as_deref() == namespace)
                            && entry.ca_secret.as_deref() == Some(secret)
                    })
                    .map(|(_, entry)| Arc::clone(entry))
                    .collect();
                Cached::Known(found.iter().filter_map(|entry| parse(entry)).collect())
            }
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
    /// The trust-bundle ConfigMap (AIO namespace, the trust settings'
    /// name), watched by name: the one ConfigMap nearly every review of an
    /// issuer, CA Secret or listener reads.
    pub trust_bundle: NamedCache,
}

/// A cache of one named object.
#[derive(Debug)]
pub struct NamedCache {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// The watch of it.
    pub cache: KindCache,
}

impl NamedCache {
    /// True when `namespace`/`name` is the object this cache holds.
    pub fn holds(&self, namespace: Option<&str>, name: &str) -> bool {
        namespace == Some(self.namespace.as_str()) && name == self.name
    }
}

impl Caches {
    /// Starts the watches on the current Tokio runtime: every Issuer and
    /// ClusterIssuer, and the ConfigMap `trust_bundle` (namespace, name);
    /// their state shows in `metrics`.
    pub fn start(client: &kube::Client, metrics: &Metrics, trust_bundle: (String, String)) -> Self {
        let resource = |kind| {
            ApiResource::from_gvk(&kube::core::GroupVersionKind::gvk(
                "cert-manager.io",
                "v1",
                kind,
            ))
        };
        let (namespace, name) = trust_bundle;
        let config_maps =
            ApiResource::from_gvk(&kube::core::GroupVersionKind::gvk("", "v1", "ConfigMap"));
        Self {
            issuers: KindCache::start(client.clone(), resource("Issuer"), metrics.cache("Issuer")),
            cluster_issuers: KindCache::start(
                client.clone(),
                resource("ClusterIssuer"),
                metrics.cache("ClusterIssuer"),
            ),
            trust_bundle: NamedCache {
                cache: KindCache::start_named(
                    client.clone(),
                    config_maps,
                    &namespace,
                    &name,
                    metrics.cache("ConfigMap"),
                ),
                namespace,
                name,
            },
        }
    }

    /// True when both issuer caches answer from memory (synced, or their
    /// kind is not served): then a Secret no issuer uses needs no request.
    /// The trust bundle's cache is not asked: without its Role it stays
    /// cold, and its lookups alone go to the API server.
    pub fn warm(&self) -> bool {
        [&self.issuers, &self.cluster_issuers]
            .iter()
            .all(|cache| cache.stats.state() != CacheState::Cold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer(name: &str, secret: &str) -> DynamicObject {
        let mut object: DynamicObject = serde_json::from_value(serde_json::json!({
            "apiVersion": "cert-manager.io/v1", "kind": "Issuer",
            "metadata": {"name": name, "namespace": "team-a",
                         "managedFields": [{"manager": "kubectl"}],
                         "annotations": {LAST_APPLIED: "{}", "kept": "yes"}},
            "spec": {"ca": {"secretName": secret}}}))
        .expect("an issuer");
        strip(&mut object);
        object
    }

    fn resource() -> ApiResource {
        ApiResource::from_gvk(&kube::core::GroupVersionKind::gvk(
            "cert-manager.io",
            "v1",
            "Issuer",
        ))
    }

    fn names(store: &Store) -> Vec<String> {
        let mut names: Vec<String> = store.read().keys().map(|(_, name)| name.clone()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_list_replaces_the_store_at_its_end_and_events_apply_in_between() {
        let (store, resource) = (Store::default(), resource());
        let mut buffer = None;
        for event in [
            Event::Init,
            Event::InitApply(issuer("a", "ca-a")),
            Event::InitApply(issuer("b", "ca-b")),
        ] {
            apply(&store, &mut buffer, event, &resource);
        }
        assert!(names(&store).is_empty(), "visible before the list ends");
        apply(&store, &mut buffer, Event::InitDone, &resource);
        assert_eq!(names(&store), ["a", "b"]);
        apply(
            &store,
            &mut buffer,
            Event::Apply(issuer("c", "ca-c")),
            &resource,
        );
        apply(
            &store,
            &mut buffer,
            Event::Delete(issuer("a", "ca-a")),
            &resource,
        );
        assert_eq!(names(&store), ["b", "c"]);
        // A relist (after 410 Gone): "b" was deleted meanwhile.
        apply(&store, &mut buffer, Event::Init, &resource);
        apply(
            &store,
            &mut buffer,
            Event::InitApply(issuer("c", "ca-c")),
            &resource,
        );
        assert_eq!(
            names(&store),
            ["b", "c"],
            "the old store serves until the list ends"
        );
        apply(&store, &mut buffer, Event::InitDone, &resource);
        assert_eq!(names(&store), ["c"]);
    }

    #[test]
    fn an_entry_is_the_stripped_object_with_its_type_and_ca_secret() {
        let entry = entry(issuer("a", "ca-a"), &resource()).expect("an entry");
        assert_eq!(entry.ca_secret.as_deref(), Some("ca-a"));
        let value = parse(&entry).expect("JSON");
        assert_eq!(value["kind"], "Issuer");
        assert_eq!(value["apiVersion"], "cert-manager.io/v1");
        assert!(value["metadata"].get("managedFields").is_none(), "{value}");
        assert_eq!(
            value["metadata"]["annotations"],
            serde_json::json!({"kept": "yes"})
        );
        assert_eq!(value["spec"]["ca"]["secretName"], "ca-a");
    }
}

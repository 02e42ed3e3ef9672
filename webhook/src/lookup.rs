//! Cluster reads for cross-object checks: the objects the core's plan asks
//! for (`certgate_core::kubernetes::plan`), among them the issuers that use
//! a Secret. Issuers and ClusterIssuers come from watch-backed caches
//! ([`crate::cache`]) once those have listed; everything else, and issuers
//! while a cache is cold, is read through one [`kube::Client`] (in the
//! binary: in-cluster config or kubeconfig; in tests: a `tower-test` mock)
//! within one deadline per review.

use core::fmt;
use core::time::Duration;
use std::sync::Arc;

use futures_util::future::try_join_all;
use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use kube::core::GroupVersionKind;
use serde_json::Value;

use crate::cache::{Cached, Caches, KindCache};
use crate::kubernetes::{Decision, Lookup, LookupKind, Plan};
use crate::metrics::Metrics;

/// A lookup that failed (not a 404: a missing object is an answer).
#[derive(Debug)]
pub struct LookupError {
    /// What was being read, e.g. `Secret cert-manager/ca`.
    pub what: String,
    /// Why it failed (timeout, forbidden, connection refused…).
    pub reason: String,
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not read {}: {}", self.what, self.reason)
    }
}

impl core::error::Error for LookupError {}

/// The cluster, as the webhook reads it.
#[derive(Clone)]
pub struct Cluster {
    client: kube::Client,
    timeout: Duration,
    /// `None`: every lookup goes to the API server.
    caches: Option<Arc<Caches>>,
}

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("timeout", &self.timeout)
            .field("caches", &self.caches)
            .finish_non_exhaustive()
    }
}

/// Group and kind of a lookup kind; `None` for a kind added to the core
/// that this webhook does not know how to read yet.
fn group_kind(kind: LookupKind) -> Option<(&'static str, &'static str)> {
    match kind {
        LookupKind::ConfigMap => Some(("", "ConfigMap")),
        LookupKind::Secret => Some(("", "Secret")),
        LookupKind::SecretProviderClass => {
            Some(("secrets-store.csi.x-k8s.io", "SecretProviderClass"))
        }
        LookupKind::Issuer => Some(("cert-manager.io", "Issuer")),
        LookupKind::ClusterIssuer | LookupKind::ClusterIssuersUsingSecret => {
            Some(("cert-manager.io", "ClusterIssuer"))
        }
        LookupKind::IssuersUsingSecret => Some(("cert-manager.io", "Issuer")),
        _ => None,
    }
}

fn resource(group: &str, kind: &str) -> ApiResource {
    ApiResource::from_gvk(&GroupVersionKind::gvk(group, "v1", kind))
}

/// True for a 404 on a LIST: the API server does not serve the kind (its
/// CRD is not installed), so none of it exists.
fn not_served(error: &kube::Error) -> bool {
    matches!(error, kube::Error::Api(status) if status.code == 404)
}

/// The object as JSON, with `apiVersion` and `kind` filled in (list items
/// come without them).
fn to_value(mut object: DynamicObject, resource: &ApiResource) -> Value {
    object.types = Some(kube::core::TypeMeta {
        api_version: resource.api_version.clone(),
        kind: resource.kind.clone(),
    });
    serde_json::to_value(object).unwrap_or(Value::Null)
}

fn describe(kind: &str, namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(namespace) => format!("{kind} {namespace}/{name}"),
        None => format!("{kind} {name}"),
    }
}

/// Shortens a kube error to one line (API status messages can be long).
fn reason(error: &kube::Error) -> String {
    match error {
        kube::Error::Api(status) => format!("{} ({})", status.message, status.code),
        other => other.to_string(),
    }
}

impl Cluster {
    /// Reads through `client`, giving all lookups of one review `timeout`.
    /// Every lookup is a GET or LIST at review time.
    pub fn new(client: kube::Client, timeout: Duration) -> Self {
        Self {
            client,
            timeout,
            caches: None,
        }
    }

    /// As [`Cluster::new`], with Issuers, ClusterIssuers and the
    /// trust-bundle ConfigMap `trust_bundle` (namespace, name; see
    /// `kubernetes::trust_bundle_lookup`) read from watch-backed caches once
    /// they have listed (their watches start now, on the current Tokio
    /// runtime, and stop when the last clone of this `Cluster` is dropped);
    /// their state shows in `metrics`.
    pub fn watching(
        client: kube::Client,
        timeout: Duration,
        metrics: &Metrics,
        trust_bundle: (String, String),
    ) -> Self {
        let caches = Caches::start(&client, metrics, trust_bundle);
        Self {
            client,
            timeout,
            caches: Some(Arc::new(caches)),
        }
    }

    /// The caches, when watching.
    pub fn caches(&self) -> Option<&Caches> {
        self.caches.as_deref()
    }

    /// The answer to `lookup` from a cache; `None` when no cache holds its
    /// kind or the cache has not listed yet (counted as a fallback).
    fn cached(&self, lookup: &Lookup) -> Option<Vec<Value>> {
        self.cached_kind(lookup.kind, lookup.namespace.as_deref(), &lookup.name)
    }

    fn cached_kind(
        &self,
        kind: LookupKind,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Vec<Value>> {
        let (cache, answer) = self.peek(kind, namespace, name)?;
        match answer {
            Cached::Known(found) => Some(found),
            Cached::Cold => {
                cache.stats().fallback();
                None
            }
        }
    }

    /// The cache of `kind` and what it says, counting nothing; `None` when
    /// no cache holds `kind`.
    fn peek(
        &self,
        kind: LookupKind,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<(&KindCache, Cached<Vec<Value>>)> {
        let caches = self.caches.as_deref()?;
        let (cache, namespace): (&KindCache, Option<&str>) = match kind {
            LookupKind::Issuer | LookupKind::IssuersUsingSecret => (&caches.issuers, namespace),
            LookupKind::ClusterIssuer | LookupKind::ClusterIssuersUsingSecret => {
                (&caches.cluster_issuers, None)
            }
            LookupKind::ConfigMap if caches.trust_bundle.holds(namespace, name) => {
                (&caches.trust_bundle.cache, namespace)
            }
            _ => return None,
        };
        let answer = if matches!(
            kind,
            LookupKind::IssuersUsingSecret | LookupKind::ClusterIssuersUsingSecret
        ) {
            cache.using_secret(namespace, name)
        } else {
            match cache.get(namespace, name) {
                Cached::Known(found) => Cached::Known(found.into_iter().collect()),
                Cached::Cold => Cached::Cold,
            }
        };
        Some((cache, answer))
    }

    fn api(&self, resource: &ApiResource, namespace: Option<&str>) -> Api<DynamicObject> {
        match namespace {
            Some(namespace) => Api::namespaced_with(self.client.clone(), namespace, resource),
            None => Api::all_with(self.client.clone(), resource),
        }
    }

    async fn with_deadline<T>(
        &self,
        what: impl FnOnce() -> String,
        future: impl Future<Output = Result<T, LookupError>>,
    ) -> Result<T, LookupError> {
        tokio::time::timeout(self.timeout, future)
            .await
            .unwrap_or_else(|_| {
                Err(LookupError {
                    what: what(),
                    reason: format!(
                        "no answer from the API server within {} ms",
                        self.timeout.as_millis()
                    ),
                })
            })
    }

    /// What `plan` needs from the cluster: [`Cluster::fetch`] of its
    /// lookups, except that a Secret reviewed only when an issuer uses it
    /// is first looked up in the issuer caches, and when none uses it (the
    /// common case: every certificate Secret cert-manager writes) nothing
    /// else is read, since the core will not review it.
    ///
    /// # Errors
    /// As [`Cluster::fetch`].
    pub async fn fetch_for(&self, plan: &Plan) -> Result<Vec<Value>, LookupError> {
        let using_secret = |lookup: &&Lookup| {
            matches!(
                lookup.kind,
                LookupKind::IssuersUsingSecret | LookupKind::ClusterIssuersUsingSecret
            )
        };
        if plan.decision != Decision::ReviewIfUsed || !self.caches().is_some_and(Caches::warm) {
            return self.fetch(&plan.lookups).await;
        }
        let mut found = Vec::new();
        for lookup in plan.lookups.iter().filter(using_secret) {
            match self.peek(lookup.kind, lookup.namespace.as_deref(), &lookup.name) {
                Some((_, Cached::Known(issuers))) => found.extend(issuers),
                // Turned cold since (a watch found forbidden): as without
                // caches, and `fetch` counts the fallback.
                _ => return self.fetch(&plan.lookups).await,
            }
        }
        if !plan.is_reviewed(&found) {
            return Ok(found);
        }
        let rest: Vec<Lookup> = plan
            .lookups
            .iter()
            .filter(|lookup| !using_secret(lookup))
            .cloned()
            .collect();
        found.extend(self.fetch(&rest).await?);
        Ok(found)
    }

    /// Gets every object of `lookups` concurrently. Objects that do not
    /// exist are left out (the core reports them missing).
    ///
    /// # Errors
    /// The first lookup that failed, or a timeout naming every lookup.
    pub async fn fetch(&self, lookups: &[Lookup]) -> Result<Vec<Value>, LookupError> {
        if lookups.is_empty() {
            return Ok(Vec::new());
        }
        let known: Vec<(&Lookup, &str, &str)> = lookups
            .iter()
            .filter_map(|lookup| {
                let found = group_kind(lookup.kind);
                if found.is_none() {
                    tracing::warn!(kind = ?lookup.kind, name = %lookup.name, "lookup of an unknown kind skipped");
                }
                found.map(|(group, kind)| (lookup, group, kind))
            })
            .collect();
        let gets = known.iter().map(|&(lookup, group, kind)| async move {
            if let Some(found) = self.cached(lookup) {
                return Ok(found);
            }
            let resource = resource(group, kind);
            let namespace = match lookup.kind {
                LookupKind::ClusterIssuer | LookupKind::ClusterIssuersUsingSecret => None,
                _ => lookup.namespace.as_deref(),
            };
            let api = self.api(&resource, namespace);
            if matches!(
                lookup.kind,
                LookupKind::IssuersUsingSecret | LookupKind::ClusterIssuersUsingSecret
            ) {
                return self.list_using(&resource, namespace, &lookup.name).await;
            }
            match api.get_opt(&lookup.name).await {
                Ok(found) => Ok(found
                    .map(|object| to_value(object, &resource))
                    .into_iter()
                    .collect()),
                Err(e) => Err(LookupError {
                    what: describe(kind, namespace, &lookup.name),
                    reason: reason(&e),
                }),
            }
        });
        let what = || {
            known
                .iter()
                .map(|&(lookup, _, kind)| describe(kind, lookup.namespace.as_deref(), &lookup.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let found = self.with_deadline(what, try_join_all(gets)).await?;
        Ok(found.into_iter().flatten().collect())
    }

    /// The issuers of `resource` in `namespace` (all namespaces or
    /// cluster-scoped: `None`) whose `spec.ca.secretName` is `secret`, read
    /// by a LIST; a kind not served has none.
    async fn list_using(
        &self,
        resource: &ApiResource,
        namespace: Option<&str>,
        secret: &str,
    ) -> Result<Vec<Value>, LookupError> {
        let list = match self
            .api(resource, namespace)
            .list(&ListParams::default())
            .await
        {
            Ok(list) => list,
            Err(e) if not_served(&e) => return Ok(Vec::new()),
            Err(e) => {
                return Err(LookupError {
                    what: describe(&resource.kind, namespace, "*"),
                    reason: reason(&e),
                });
            }
        };
        Ok(list
            .items
            .into_iter()
            .filter(|issuer| issuer.data["spec"]["ca"]["secretName"].as_str() == Some(secret))
            .map(|issuer| to_value(issuer, resource))
            .collect())
    }

    /// The Issuers in `namespace` (and, when `namespace` is the cluster
    /// resource namespace, the ClusterIssuers) whose `spec.ca.secretName`
    /// is `secret`: a CA Secret in use that the name and label rules miss.
    ///
    /// # Errors
    /// A list failed or timed out.
    pub async fn issuers_referencing(
        &self,
        namespace: &str,
        secret: &str,
        cluster_resource_namespace: &str,
    ) -> Result<Vec<Value>, LookupError> {
        let mut kinds = vec![("Issuer", Some(namespace))];
        if namespace == cluster_resource_namespace {
            kinds.push(("ClusterIssuer", None));
        }
        let lists = kinds.iter().map(|&(kind, namespace)| async move {
            let cached_kind = if namespace.is_some() {
                LookupKind::IssuersUsingSecret
            } else {
                LookupKind::ClusterIssuersUsingSecret
            };
            if let Some(found) = self.cached_kind(cached_kind, namespace, secret) {
                return Ok(found);
            }
            self.list_using(&resource("cert-manager.io", kind), namespace, secret)
                .await
        });
        let what = || format!("Issuers referencing Secret {namespace}/{secret}");
        let found = self.with_deadline(what, try_join_all(lists)).await?;
        Ok(found.into_iter().flatten().collect())
    }
}

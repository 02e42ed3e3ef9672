//! Cluster reads for cross-object checks: the objects the core's plan asks
//! for (`certgate_core::kubernetes::plan`), among them the issuers that use
//! a Secret. Everything goes through one [`kube::Client`] (in the binary:
//! in-cluster config or kubeconfig; in tests: a `tower-test` mock) and one
//! deadline per review.

use core::fmt;
use core::time::Duration;

use futures_util::future::try_join_all;
use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use kube::core::GroupVersionKind;
use serde_json::Value;

use crate::kubernetes::{Lookup, LookupKind};

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
}

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("timeout", &self.timeout)
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
    pub fn new(client: kube::Client, timeout: Duration) -> Self {
        Self { client, timeout }
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
                // The issuers whose spec.ca.secretName is this Secret.
                let list = api
                    .list(&ListParams::default())
                    .await
                    .map_err(|e| LookupError {
                        what: describe(kind, namespace, "*"),
                        reason: reason(&e),
                    })?;
                return Ok(list
                    .items
                    .into_iter()
                    .filter(|issuer| {
                        issuer.data["spec"]["ca"]["secretName"].as_str()
                            == Some(lookup.name.as_str())
                    })
                    .map(|issuer| to_value(issuer, &resource))
                    .collect::<Vec<_>>());
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
            let resource = resource("cert-manager.io", kind);
            let list = self
                .api(&resource, namespace)
                .list(&ListParams::default())
                .await
                .map_err(|e| LookupError {
                    what: describe(kind, namespace, "*"),
                    reason: reason(&e),
                })?;
            Ok::<_, LookupError>(
                list.items
                    .into_iter()
                    .filter(|issuer| {
                        issuer.data["spec"]["ca"]["secretName"].as_str() == Some(secret)
                    })
                    .map(|issuer| to_value(issuer, &resource))
                    .collect::<Vec<_>>(),
            )
        });
        let what = || format!("Issuers referencing Secret {namespace}/{secret}");
        let found = self.with_deadline(what, try_join_all(lists)).await?;
        Ok(found.into_iter().flatten().collect())
    }
}

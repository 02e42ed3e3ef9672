//! Admission planning: one parse of an object says whether a webhook
//! reviews it, what it must fetch from the cluster first, and then reviews
//! it ([`Plan::review`]) without parsing it again.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Kinds a webhook may need to fetch for [`review`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupKind {
    /// v1 ConfigMap.
    ConfigMap,
    /// v1 Secret.
    Secret,
    /// secrets-store.csi.x-k8s.io/v1 SecretProviderClass (what an OPC UA
    /// store's SecretSync names).
    SecretProviderClass,
    /// cert-manager.io/v1 Issuer.
    Issuer,
    /// cert-manager.io/v1 ClusterIssuer.
    ClusterIssuer,
    /// Every cert-manager.io/v1 Issuer in the lookup's namespace whose
    /// `spec.ca.secretName` is the lookup's name (a list, filtered).
    IssuersUsingSecret,
    /// Every ClusterIssuer whose `spec.ca.secretName` is the lookup's name.
    ClusterIssuersUsingSecret,
}

/// Whether an admission webhook reviews an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Review it.
    Review,
    /// Review it when the `*UsingSecret` lookups find an issuer: a Secret
    /// that no name or label marks is a CA Secret when an issuer uses it.
    ReviewIfUsed,
    /// Leave it alone.
    Skip,
}

/// What a webhook does with one object, from one parse of it: whether it
/// is reviewed, what to fetch from the cluster first, then [`Plan::review`].
#[derive(Clone, Debug)]
pub struct Plan {
    /// Whether the object is reviewed.
    pub decision: Decision,
    /// What [`Plan::review`] needs from the cluster.
    pub lookups: Vec<Lookup>,
    parsed: Result<Object, Error>,
    /// The object as given, when it is one of the OPC UA connector's
    /// (`opcua::cluster` reads those from the raw objects).
    opcua: Option<Value>,
}

/// Parses `object` once and says whether a webhook reviews it and what it
/// needs looked up: trust-bundle ConfigMaps (by the trust settings, the
/// AIO default name, or the label), CA Secrets (the AIO default name or the
/// label; other Secrets when an issuer uses them), cert-manager Issuers,
/// ClusterIssuers and Certificates, BrokerListeners and trust-manager
/// Bundles.
pub fn plan(object: &Value, options: &CheckOptions) -> Plan {
    let parsed = parse_object(object, 0);
    let settings = options
        .trust_settings
        .as_deref()
        .and_then(|text| settings::parse(text, &mut Vec::new()));
    let (decision, lookups) = match &parsed {
        Ok(parsed) => plan_parsed(parsed, options, settings.as_ref()),
        // Unreadable objects of the kinds certgate owns are reviewed (and denied).
        Err(_) => (
            if matches!(
                object.get("kind").and_then(Value::as_str),
                Some(
                    "Issuer"
                        | "ClusterIssuer"
                        | "Certificate"
                        | "BrokerListener"
                        | "BrokerAuthentication"
                        | "DataflowEndpoint"
                        | "Bundle"
                )
            ) {
                Decision::Review
            } else {
                Decision::Skip
            },
            Vec::new(),
        ),
    };
    if let Some(wanted) = opcua_lookups(object) {
        let mut all = lookups;
        all.extend(wanted);
        return Plan {
            decision: Decision::Review,
            lookups: all,
            parsed,
            opcua: Some(object.clone()),
        };
    }
    Plan {
        decision,
        lookups,
        parsed,
        opcua: None,
    }
}

/// The OPC UA connector's objects, by name: its store Secrets (the trust
/// list, the issuer list, its application certificate) and the SecretSyncs
/// that write them. Each needs both stores (a trust-list certificate may
/// chain through the issuer list), a SecretSync also its target Secret and
/// its SecretProviderClass.
fn opcua_lookups(object: &Value) -> Option<Vec<Lookup>> {
    use crate::opcua::{
        CLIENT_CERTIFICATE_SECRET, DEFAULT_APPLICATION_CERT_SECRET, ISSUER_LIST_SECRET,
        TRUST_LIST_SECRET,
    };
    let kind = object.get("kind")?.as_str()?;
    let metadata = object.get("metadata")?;
    let name = metadata.get("name")?.as_str()?;
    if ![
        TRUST_LIST_SECRET,
        ISSUER_LIST_SECRET,
        CLIENT_CERTIFICATE_SECRET,
        DEFAULT_APPLICATION_CERT_SECRET,
    ]
    .contains(&name)
    {
        return None;
    }
    let namespace = metadata
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or("default");
    let secret = |secret: &str| Lookup {
        kind: LookupKind::Secret,
        namespace: Some(namespace.into()),
        name: secret.into(),
    };
    let mut wanted: Vec<Lookup> = [TRUST_LIST_SECRET, ISSUER_LIST_SECRET]
        .into_iter()
        .filter(|store| kind != "Secret" || *store != name)
        .map(secret)
        .collect();
    match kind {
        "Secret" => {}
        "SecretSync" => {
            if !wanted.iter().any(|lookup| lookup.name == name) {
                wanted.push(secret(name));
            }
            if let Some(class) = object
                .get("spec")
                .and_then(|spec| spec.get("secretProviderClassName"))
                .and_then(Value::as_str)
            {
                wanted.push(Lookup {
                    kind: LookupKind::SecretProviderClass,
                    namespace: Some(namespace.into()),
                    name: class.into(),
                });
            }
        }
        _ => return None,
    }
    Some(wanted)
}

impl Plan {
    /// Whether to review, given what the lookups found: for
    /// [`Decision::ReviewIfUsed`], when they found an issuer.
    pub fn is_reviewed(&self, fetched: &[Value]) -> bool {
        match self.decision {
            Decision::Review => true,
            Decision::ReviewIfUsed => fetched.iter().any(|value| {
                matches!(
                    value.get("kind").and_then(Value::as_str),
                    Some("Issuer" | "ClusterIssuer")
                )
            }),
            Decision::Skip => false,
        }
    }

    /// Reviews the planned object against `cluster` (what the lookups
    /// fetched), as [`review`] does, without parsing it again.
    ///
    /// # Errors
    /// [`Error::Manifest`] when the object lacks what its kind requires.
    pub fn review(&self, cluster: &[Value], options: &CheckOptions) -> Result<Report, Error> {
        review_planned(
            self.parsed.clone()?,
            self.opcua.as_ref(),
            cluster,
            options,
            None,
        )
    }

    /// As [`Plan::review`], consuming the plan: the parsed object moves
    /// into the review rather than being copied (a ConfigMap's 100,000 keys).
    ///
    /// # Errors
    /// [`Error::Manifest`] when the object lacks what its kind requires.
    pub fn into_review(self, cluster: &[Value], options: &CheckOptions) -> Result<Report, Error> {
        review_planned(self.parsed?, self.opcua.as_ref(), cluster, options, None)
    }

    /// As [`Plan::into_review`], with trust-bundle values read through
    /// `reader` (which may answer from a cache of earlier reads; see
    /// [`BundleRead`]). The report is the same as without it.
    ///
    /// # Errors
    /// [`Error::Manifest`] when the object lacks what its kind requires.
    pub fn into_review_reading(
        self,
        cluster: &[Value],
        options: &CheckOptions,
        reader: BundleReader<'_>,
    ) -> Result<Report, Error> {
        review_planned(
            self.parsed?,
            self.opcua.as_ref(),
            cluster,
            options,
            Some(reader),
        )
    }
}

/// [`Plan::review`] of the parsed object (and, for the OPC UA connector's
/// objects, the object as given).
fn review_planned(
    reviewed: Object,
    opcua: Option<&Value>,
    cluster: &[Value],
    options: &CheckOptions,
    reader: Option<BundleReader<'_>>,
) -> Result<Report, Error> {
    let identity = reviewed.meta().object_ref();
    let mut report = review_parsed(reviewed, cluster, options, reader)?;
    if let Some(object) = opcua {
        // The object under review replaces its stored version.
        // Found by its metadata: `review_parsed` has parsed these already.
        fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
            value.pointer(pointer).and_then(Value::as_str)
        }
        let stored = |value: &Value| {
            text(value, "/kind") == Some(identity.kind.as_str())
                && text(value, "/metadata/name") == Some(identity.name.as_str())
                && text(value, "/metadata/namespace").unwrap_or("default")
                    == identity.namespace.as_deref().unwrap_or("default")
        };
        let mut objects: Vec<Value> = cluster
            .iter()
            .filter(|value| !stored(value))
            .cloned()
            .collect();
        objects.push(object.clone());
        add_opcua(&mut report, &objects, options, Some(&identity));
    }
    Ok(report)
}

/// One object [`review`] wants from the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lookup {
    /// Its kind.
    pub kind: LookupKind,
    /// Its namespace (`None` for ClusterIssuers).
    pub namespace: Option<String>,
    /// Its name.
    pub name: String,
}

/// Whether an admission webhook should review this object (see [`plan`];
/// a Secret reviewed only when an issuer uses it is not).
pub fn reviewed(object: &Value, options: &CheckOptions) -> bool {
    plan(object, options).decision == Decision::Review
}

/// What [`review`] needs from the cluster to check `object`'s references
/// (see [`plan`]).
pub fn lookups(object: &Value, options: &CheckOptions) -> Vec<Lookup> {
    let plan = plan(object, options);
    if plan.decision == Decision::Skip {
        Vec::new()
    } else {
        plan.lookups
    }
}

/// The trust-bundle ConfigMap that reviews under `options` look up: the
/// trust settings' `configMapName` (the quickstart bundle without usable
/// settings) in the AIO namespace. Fixed for a webhook's life, so it can
/// be watched by name.
pub fn trust_bundle_lookup(options: &CheckOptions) -> Lookup {
    let settings = options
        .trust_settings
        .as_deref()
        .and_then(|text| settings::parse(text, &mut Vec::new()));
    bundle_lookup(options, settings.as_ref())
}

fn bundle_lookup(options: &CheckOptions, settings: Option<&TrustSettings>) -> Lookup {
    Lookup {
        kind: LookupKind::ConfigMap,
        namespace: Some(options.namespace.clone()),
        name: settings.map_or_else(|| QUICKSTART_BUNDLE.into(), |s| s.config_map_name.clone()),
    }
}

fn plan_parsed(
    parsed: &Object,
    options: &CheckOptions,
    settings: Option<&TrustSettings>,
) -> (Decision, Vec<Lookup>) {
    let bundle = bundle_lookup(options, settings);
    let issuer_lookup = |reference: &IssuerRef, namespace: Option<&str>| -> Option<Lookup> {
        if reference.name.is_empty() || !matches!(reference.group.as_str(), "" | "cert-manager.io")
        {
            return None;
        }
        match reference.kind.as_str() {
            "ClusterIssuer" => Some(Lookup {
                kind: LookupKind::ClusterIssuer,
                namespace: None,
                name: reference.name.clone(),
            }),
            "" | "Issuer" => Some(Lookup {
                kind: LookupKind::Issuer,
                namespace: namespace.map(Into::into),
                name: reference.name.clone(),
            }),
            _ => None,
        }
    };
    match parsed {
        Object::ConfigMap(config_map) => {
            if bundle_keys(config_map, options, settings).is_empty() {
                (Decision::Skip, Vec::new())
            } else {
                (Decision::Review, Vec::new())
            }
        }
        Object::Secret(secret) => {
            if is_default_or_labelled_ca_secret(&secret.meta, options) {
                return (Decision::Review, alloc::vec![bundle]);
            }
            let namespace = secret.meta.namespace.clone().unwrap_or_default();
            let mut wanted = alloc::vec![Lookup {
                kind: LookupKind::IssuersUsingSecret,
                namespace: Some(namespace.clone()),
                name: secret.meta.name.clone(),
            }];
            if namespace == options.cluster_resource_namespace {
                wanted.push(Lookup {
                    kind: LookupKind::ClusterIssuersUsingSecret,
                    namespace: None,
                    name: secret.meta.name.clone(),
                });
            }
            wanted.push(bundle);
            (Decision::ReviewIfUsed, wanted)
        }
        Object::Issuer(issuer) => {
            let mut wanted = alloc::vec![bundle];
            if let Some(ca) = issuer.ca.as_ref().filter(|ca| !ca.secret_name.is_empty()) {
                wanted.push(Lookup {
                    kind: LookupKind::Secret,
                    namespace: Some(ca_secret_namespace(issuer, options).into()),
                    name: ca.secret_name.clone(),
                });
            }
            (Decision::Review, wanted)
        }
        Object::Certificate(certificate) => (
            Decision::Review,
            issuer_lookup(
                &certificate.issuer_ref,
                certificate.meta.namespace.as_deref(),
            )
            .into_iter()
            .collect(),
        ),
        Object::Aio(aio) => {
            let namespace = aio.meta.namespace.clone();
            let mut wanted: Vec<Lookup> = aio
                .issuer_refs
                .iter()
                .filter_map(|reference| issuer_lookup(reference, namespace.as_deref()))
                .collect();
            for (_, name) in &aio.server_secrets {
                wanted.push(Lookup {
                    kind: LookupKind::Secret,
                    namespace: namespace.clone(),
                    name: name.clone(),
                });
            }
            for (_, name) in &aio.trust_config_maps {
                wanted.push(Lookup {
                    kind: LookupKind::ConfigMap,
                    namespace: namespace.clone(),
                    name: name.clone(),
                });
            }
            (Decision::Review, wanted)
        }
        Object::TrustBundle(_) => (Decision::Review, Vec::new()),
        Object::Namespace(_) | Object::Other(_) => (Decision::Skip, Vec::new()),
    }
}

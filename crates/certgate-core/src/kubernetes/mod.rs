//! Kubernetes trust objects: trust-bundle ConfigMaps, CA Secrets,
//! cert-manager Issuers/ClusterIssuers and Certificates, and AIO
//! BrokerListeners, checked on their own and against each other
//! (`settings.*`, `issuer.*`, `issuerref.*`, `certificate.*`, `secret.*`,
//! and `bundle.*`/`cert.*` for the certificates they hold).
//!
//! References resolve against a snapshot: every object of a `check`
//! (manifests, the CLI) or the objects a webhook fetched (`review`). A
//! reference to an object that is not in the snapshot does not exist.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::Value;

use crate::catalogue as rules;
use crate::certificate::Certificate as X509Certificate;
use crate::finding::{Finding, ObjectRef, Severity, is_valid, normalize};
use crate::input::{BlockContent, decode};
use crate::lint::{LintOptions, Role, lint_bundle, lint_certificate};
use crate::path::{Purpose, ValidationOptions, validate_path};
use crate::report::{ObjectCheck, Report, ReportCertificate};
use crate::time::UnixTime;
use crate::{Error, read};

mod objects;
mod settings;

use objects::{
    AioObject, BundleSource, ConfigMap, Issuer, IssuerRef, Made, Meta, Object, Secret, TrustBundle,
    parse_object,
};
use settings::TrustSettings;

/// The Azure IoT Operations namespace.
pub const AIO_NAMESPACE: &str = "azure-iot-operations";
/// cert-manager's default cluster resource namespace.
pub const CLUSTER_RESOURCE_NAMESPACE: &str = "cert-manager";
/// The quickstart trust-bundle ConfigMap (in the AIO namespace, key `ca.crt`).
pub const QUICKSTART_BUNDLE: &str = "azure-iot-operations-aio-ca-trust-bundle";
/// The quickstart CA Secret (in the cluster resource namespace).
pub const QUICKSTART_CA_SECRET: &str = "azure-iot-operations-aio-ca-certificate";
/// The quickstart ClusterIssuer.
pub const QUICKSTART_ISSUER: &str = "azure-iot-operations-aio-certificate-issuer";
/// The quickstart root's common name.
pub const QUICKSTART_ROOT_CN: &str = "Azure IoT Operations Quickstart Root CA - Not for Production";
/// Label that marks any ConfigMap as a trust bundle.
pub const TRUST_BUNDLE_LABEL: &str = "certgate.io/trust-bundle";
/// Label that marks any Secret as a CA Secret.
pub const CA_SECRET_LABEL: &str = "certgate.io/ca-secret";

/// Options for [`check_objects`] and [`review`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// The evaluation time.
    pub time: UnixTime,
    /// The `--trust-settings` text, if any.
    pub trust_settings: Option<String>,
    /// Where AIO lives (default `azure-iot-operations`).
    pub namespace: String,
    /// cert-manager's cluster resource namespace (default `cert-manager`).
    pub cluster_resource_namespace: String,
    /// The objects given are not the whole cluster (an offline webhook, a
    /// partial set of manifests): a reference to an object that is not
    /// among them is unknown rather than missing, so the `*.not_found`
    /// rules stay silent.
    pub offline: bool,
    /// The objects given are the whole truth (a cluster or namespace dump,
    /// `--complete`; the webhook, which looks the cluster up): a reference
    /// they do not resolve is an error. Otherwise (the default) the files
    /// are a partial view and such a reference is a warning that it is not
    /// in the given files.
    pub complete: bool,
}

impl CheckOptions {
    /// No trust settings, default namespaces.
    pub fn new(time: UnixTime) -> Self {
        Self {
            time,
            trust_settings: None,
            namespace: AIO_NAMESPACE.into(),
            cluster_resource_namespace: CLUSTER_RESOURCE_NAMESPACE.into(),
            offline: false,
            complete: false,
        }
    }
}

/// Kinds a webhook may need to fetch for [`review`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupKind {
    /// v1 ConfigMap.
    ConfigMap,
    /// v1 Secret.
    Secret,
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
    Plan {
        decision,
        lookups,
        parsed,
    }
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
        let reviewed = self.parsed.clone()?;
        review_parsed(reviewed, cluster, options)
    }
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

/// Checks every object and every reference among them (and against the
/// trust settings, if given).
///
/// # Errors
/// [`Error::Manifest`] when an object lacks what its kind requires.
pub fn check_objects(documents: &[Value], options: &CheckOptions) -> Result<Report, Error> {
    let objects = documents
        .iter()
        .enumerate()
        .map(|(document, value)| parse_object(value, document))
        .collect::<Result<Vec<_>, _>>()?;
    let made = made_objects(&objects, options);
    let mut context = Context::new(&objects, &made, options);
    for object in &objects {
        context.check(object);
    }
    context.check_settings();
    Ok(context.finish(
        objects
            .iter()
            .map(|object| object.meta().object_ref())
            .collect(),
    ))
}

/// The objects that others in the set (or Azure IoT Operations itself)
/// will create, so that a reference to them is not a missing object:
/// the Secret of every cert-manager Certificate, the targets of every
/// trust-manager Bundle, and — for a partial set without trust settings —
/// what every AIO deployment creates (its quickstart issuer, CA Secret
/// and trust bundle).
fn made_objects(objects: &[Object], options: &CheckOptions) -> Vec<Made> {
    let mut made = Vec::new();
    for object in objects {
        match object {
            Object::Certificate(certificate) if !certificate.secret_name.is_empty() => {
                made.push(Made {
                    kind: "Secret",
                    namespace: certificate.meta.namespace.clone(),
                    name: certificate.secret_name.clone(),
                    by: certificate.meta.object_ref().to_string(),
                    match_labels: alloc::collections::BTreeMap::new(),
                    selector_unknown: false,
                    config_map: None,
                });
            }
            Object::TrustBundle(bundle) => {
                let targets = [
                    ("ConfigMap", bundle.target.config_map_key.as_ref()),
                    ("Secret", bundle.target.secret_key.as_ref()),
                ];
                for (kind, key) in targets {
                    let Some(key) = key else { continue };
                    let config_map = (kind == "ConfigMap")
                        .then(|| bundle.inline_contents())
                        .flatten()
                        .map(|text| ConfigMap {
                            meta: bundle.meta.clone(),
                            data: [(key.clone(), text)].into_iter().collect(),
                            binary_data: alloc::collections::BTreeMap::new(),
                        });
                    made.push(Made {
                        kind,
                        namespace: None,
                        name: bundle.meta.name.clone(),
                        by: bundle.meta.object_ref().to_string(),
                        match_labels: bundle.target.match_labels.clone(),
                        selector_unknown: bundle.target.selector_unknown,
                        config_map,
                    });
                }
            }
            _ => {}
        }
    }
    if !options.complete && options.trust_settings.is_none() {
        let by = "Azure IoT Operations (every deployment without --trust-settings creates it)";
        for (kind, namespace, name) in [
            ("ClusterIssuer", None, QUICKSTART_ISSUER),
            (
                "Secret",
                Some(options.cluster_resource_namespace.clone()),
                QUICKSTART_CA_SECRET,
            ),
            (
                "ConfigMap",
                Some(options.namespace.clone()),
                QUICKSTART_BUNDLE,
            ),
        ] {
            made.push(Made {
                kind,
                namespace,
                name: name.into(),
                by: by.into(),
                match_labels: alloc::collections::BTreeMap::new(),
                selector_unknown: false,
                config_map: None,
            });
        }
    }
    made
}

/// Reviews one object as an admission webhook does: `object` on its own
/// and against `cluster` (what [`lookups`] asked for, as fetched). Only
/// findings about `object` are kept.
///
/// # Errors
/// [`Error::Manifest`] when `object` lacks what its kind requires.
pub fn review(object: &Value, cluster: &[Value], options: &CheckOptions) -> Result<Report, Error> {
    review_parsed(parse_object(object, 0)?, cluster, options)
}

fn review_parsed(
    reviewed: Object,
    cluster: &[Value],
    options: &CheckOptions,
) -> Result<Report, Error> {
    let identity = reviewed.meta().object_ref();
    // The object under review replaces its stored version.
    let mut objects: Vec<Object> = cluster
        .iter()
        .filter_map(|value| parse_object(value, 0).ok())
        .filter(|other| other.meta().object_ref() != identity)
        .collect();
    objects.push(reviewed);
    let made = made_objects(&objects, options);
    let Some(reviewed) = objects.last() else {
        return Err(Error::Empty);
    };
    let mut context = Context::new(&objects, &made, options);
    context.check(reviewed);
    context.check_settings();
    // Trust-settings findings without an object are about the caller's
    // configuration, not this object: the webhook checks those at startup.
    context.findings.append(&mut context.settings_findings);
    context
        .findings
        .retain(|finding| finding.object.as_ref() == Some(&identity));
    Ok(context.finish(alloc::vec![identity]))
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

fn plan_parsed(
    parsed: &Object,
    options: &CheckOptions,
    settings: Option<&TrustSettings>,
) -> (Decision, Vec<Lookup>) {
    let bundle = Lookup {
        kind: LookupKind::ConfigMap,
        namespace: Some(options.namespace.clone()),
        name: settings.map_or_else(|| QUICKSTART_BUNDLE.into(), |s| s.config_map_name.clone()),
    };
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

fn is_default_or_labelled_ca_secret(meta: &Meta, options: &CheckOptions) -> bool {
    (meta.name == QUICKSTART_CA_SECRET
        && meta.namespace.as_deref() == Some(options.cluster_resource_namespace.as_str()))
        || meta.label_is_true(CA_SECRET_LABEL)
}

/// The keys of a ConfigMap that hold a trust bundle, if it is one.
fn bundle_keys(
    config_map: &ConfigMap,
    options: &CheckOptions,
    settings: Option<&TrustSettings>,
) -> Vec<String> {
    let in_aio = config_map.meta.namespace.as_deref() == Some(options.namespace.as_str());
    if let Some(settings) = settings.filter(|s| in_aio && s.config_map_name == config_map.meta.name)
    {
        return alloc::vec![settings.config_map_key.clone()];
    }
    if config_map.meta.label_is_true(TRUST_BUNDLE_LABEL) {
        return config_map
            .data
            .keys()
            .chain(config_map.binary_data.keys())
            .cloned()
            .collect();
    }
    if in_aio && config_map.meta.name == QUICKSTART_BUNDLE {
        return alloc::vec!["ca.crt".into()];
    }
    Vec::new()
}

/// Where cert-manager looks for a CA issuer's Secret: an Issuer's own
/// namespace, a ClusterIssuer's cluster resource namespace.
fn ca_secret_namespace<'a>(issuer: &'a Issuer, options: &'a CheckOptions) -> &'a str {
    if issuer.is_cluster() {
        &options.cluster_resource_namespace
    } else {
        issuer.meta.namespace.as_deref().unwrap_or("default")
    }
}

/// A parsed CA Secret: its signing certificate and the others it carries.
struct CaMaterial {
    /// Report index of tls.crt[0].
    index: usize,
    certificate: X509Certificate,
    /// The rest of tls.crt and all of ca.crt: candidate intermediates.
    chain: Vec<(usize, X509Certificate)>,
}

/// A trust bundle's certificates, with their report indices.
struct Bundle {
    object: ObjectRef,
    certificates: Vec<(usize, X509Certificate)>,
}

/// What a lookup in the set found.
enum Found<'a, T> {
    /// The object, in the set.
    Here(&'a T),
    /// Not in the set, but something in it (or AIO) will create it.
    Made(&'a Made),
    /// Neither.
    Absent,
}

/// An issuer Azure IoT Operations uses: `namespace` `None` for a ClusterIssuer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct IssuerKey {
    cluster: bool,
    namespace: Option<String>,
    name: String,
}

struct Context<'a> {
    objects: &'a [Object],
    made: &'a [Made],
    options: &'a CheckOptions,
    /// Issuers AIO uses: the trust-bundle cross-checks apply to their CAs only.
    aio_issuers: Vec<IssuerKey>,
    /// What each object was checked as, or why it was not.
    checked: Vec<ObjectCheck>,
    settings: Option<TrustSettings>,
    settings_findings: Vec<Finding>,
    findings: Vec<Finding>,
    certificates: Vec<ReportCertificate>,
    /// Read trust bundles, by ConfigMap (and key).
    bundles: Vec<(ObjectRef, String, Bundle)>,
    /// Read CA Secrets, by Secret.
    secrets: Vec<(ObjectRef, Option<CaMaterial>)>,
}

impl<'a> Context<'a> {
    fn new(objects: &'a [Object], made: &'a [Made], options: &'a CheckOptions) -> Self {
        let mut settings_findings = Vec::new();
        let settings = options
            .trust_settings
            .as_deref()
            .and_then(|text| settings::parse(text, &mut settings_findings));
        let mut aio_issuers = alloc::vec![IssuerKey {
            cluster: true,
            namespace: None,
            name: QUICKSTART_ISSUER.into(),
        }];
        if let Some(settings) = &settings {
            let cluster = settings.issuer_kind == "ClusterIssuer";
            aio_issuers.push(IssuerKey {
                cluster,
                namespace: (!cluster).then(|| options.namespace.clone()),
                name: settings.issuer_name.clone(),
            });
        }
        for object in objects {
            if let Object::Aio(listener) = object {
                for reference in &listener.issuer_refs {
                    let cluster = reference.kind == "ClusterIssuer";
                    aio_issuers.push(IssuerKey {
                        cluster,
                        namespace: if cluster {
                            None
                        } else {
                            listener.meta.namespace.clone()
                        },
                        name: reference.name.clone(),
                    });
                }
            }
        }
        Self {
            objects,
            made,
            options,
            aio_issuers,
            checked: Vec::new(),
            settings,
            settings_findings,
            findings: Vec::new(),
            certificates: Vec::new(),
            bundles: Vec::new(),
            secrets: Vec::new(),
        }
    }

    fn finish(mut self, objects: Vec<ObjectRef>) -> Report {
        self.findings.append(&mut self.settings_findings);
        normalize(&mut self.findings);
        dedupe_causes(&mut self.findings);
        Report {
            checked: self.checked,
            valid: is_valid(&self.findings),
            clients: crate::client::answers(&self.findings, crate::client::ClientSet::ALL),
            findings: self.findings,
            certificates: self.certificates,
            path: None,
            complete: None,
            objects,
        }
    }

    fn push(&mut self, finding: Finding, object: &ObjectRef) {
        self.findings.push(finding.object(object.clone()));
    }

    fn config_map(&self, namespace: &str, name: &str) -> Found<'a, ConfigMap> {
        let here = self.objects.iter().find_map(|object| match object {
            Object::ConfigMap(config_map)
                if config_map.meta.name == name
                    && config_map.meta.namespace.as_deref() == Some(namespace) =>
            {
                Some(config_map)
            }
            _ => None,
        });
        match here {
            Some(config_map) => Found::Here(config_map),
            None => self.made("ConfigMap", Some(namespace), name),
        }
    }

    fn secret(&self, namespace: &str, name: &str) -> Found<'a, Secret> {
        let here = self.objects.iter().find_map(|object| match object {
            Object::Secret(secret)
                if secret.meta.name == name
                    && secret.meta.namespace.as_deref() == Some(namespace) =>
            {
                Some(secret)
            }
            _ => None,
        });
        match here {
            Some(secret) => Found::Here(secret),
            None => self.made("Secret", Some(namespace), name),
        }
    }

    /// An object of `kind` that the set (or AIO) will create.
    fn made<T>(&self, kind: &str, namespace: Option<&str>, name: &str) -> Found<'a, T> {
        let made = self.made.iter().find(|made| {
            made.kind == kind
                && made.name == name
                && match (&made.namespace, namespace) {
                    (Some(made_in), Some(namespace)) => made_in == namespace,
                    (Some(_), None) => false,
                    (None, Some(namespace)) => self.bundle_targets(made, namespace),
                    (None, None) => true,
                }
        });
        made.map_or(Found::Absent, Found::Made)
    }

    /// Whether a Bundle target goes to `namespace`: every namespace without
    /// a selector; by the labels of the Namespace object when the set has
    /// it; possibly (so yes) when it does not, unless the set is complete.
    fn bundle_targets(&self, made: &Made, namespace: &str) -> bool {
        if made.match_labels.is_empty() || made.selector_unknown {
            return true;
        }
        // The API server labels every namespace with its own name.
        if let Some(wanted) = made.match_labels.get("kubernetes.io/metadata.name")
            && wanted != namespace
        {
            return false;
        }
        let found = self.objects.iter().find_map(|object| match object {
            Object::Namespace(meta) if meta.name == namespace => Some(meta),
            _ => None,
        });
        match found {
            Some(meta) => made
                .match_labels
                .iter()
                .all(|(key, value)| meta.labels.get(key) == Some(value)),
            None => !self.options.complete,
        }
    }

    /// Names `kind` `name` in namespaces other than `namespace`, for a
    /// message about a reference that missed it: ` (a Secret of that name is
    /// in namespace x)`.
    fn elsewhere(&self, kind: &str, namespace: &str, name: &str) -> String {
        let others: Vec<&str> = self
            .objects
            .iter()
            .map(Object::meta)
            .filter(|meta| meta.kind == kind && meta.name == name)
            .filter_map(|meta| meta.namespace.as_deref())
            .filter(|other| *other != namespace)
            .collect();
        match others.as_slice() {
            [] => String::new(),
            [one] => format!(" (a {kind} of that name is in namespace {one})"),
            many => format!(
                " ({kind}s of that name are in namespaces {})",
                many.join(", ")
            ),
        }
    }

    /// A reference the set does not resolve: an error that it does not
    /// exist when the set is complete, else a warning that it is not in the
    /// given files (with how to check it); nothing offline.
    fn unresolved(&self, rule: &'static rules::Rule, what: &str, detail: &str) -> Option<Finding> {
        if self.options.offline {
            return None;
        }
        Some(if self.options.complete {
            Finding::new(rule, format!("{what} does not exist{detail}"))
        } else {
            Finding::new(
                rule,
                format!(
                    "{what} is not in the given files{detail}; to check it, pass the file that defines it too, or --complete if the files are the whole cluster"
                ),
            )
            .severity(Severity::Warning)
        })
    }

    /// True for an issuer Azure IoT Operations uses.
    fn is_aio_issuer(&self, issuer: &Issuer) -> bool {
        let key = IssuerKey {
            cluster: issuer.is_cluster(),
            namespace: if issuer.is_cluster() {
                None
            } else {
                issuer.meta.namespace.clone()
            },
            name: issuer.meta.name.clone(),
        };
        self.aio_issuers.contains(&key)
    }

    /// True for the CA Secret of an issuer Azure IoT Operations uses (or
    /// the quickstart CA Secret).
    fn is_aio_secret(&self, secret: &Secret) -> bool {
        let namespace = secret.meta.namespace.as_deref();
        (secret.meta.name == QUICKSTART_CA_SECRET
            && namespace == Some(self.options.cluster_resource_namespace.as_str()))
            || self.issuers().any(|issuer| {
                self.is_aio_issuer(issuer)
                    && issuer
                        .ca
                        .as_ref()
                        .is_some_and(|ca| ca.secret_name == secret.meta.name)
                    && namespace == Some(ca_secret_namespace(issuer, self.options))
            })
    }

    fn issuers(&self) -> impl Iterator<Item = &'a Issuer> {
        self.objects.iter().filter_map(|object| match object {
            Object::Issuer(issuer) => Some(issuer),
            _ => None,
        })
    }

    /// The Issuer (in `namespace`) or ClusterIssuer an issuerRef names.
    fn resolve(&self, reference: &IssuerRef, namespace: Option<&str>) -> Found<'a, Issuer> {
        let cluster = reference.kind == "ClusterIssuer";
        let here = self.issuers().find(|issuer| {
            issuer.meta.name == reference.name
                && issuer.is_cluster() == cluster
                && (cluster || issuer.meta.namespace.as_deref() == namespace)
        });
        match here {
            Some(issuer) => Found::Here(issuer),
            None if cluster => self.made("ClusterIssuer", None, &reference.name),
            None => self.made("Issuer", namespace, &reference.name),
        }
    }

    /// For a reference to an issuer the set lacks: the issuer of the other
    /// kind (or in another namespace) with that name, if there is one.
    fn issuer_hint(&self, name: &str, cluster: bool, namespace: &str) -> String {
        let mut hints = Vec::new();
        for issuer in self.issuers().filter(|issuer| issuer.meta.name == name) {
            match (cluster, issuer.is_cluster()) {
                (true, false) => hints.push(format!(
                    "an Issuer of that name is in namespace {} (kind: Issuer?)",
                    issuer.meta.namespace.as_deref().unwrap_or("default")
                )),
                (false, true) => {
                    hints.push("a ClusterIssuer of that name exists (kind: ClusterIssuer?)".into());
                }
                (false, false) if issuer.meta.namespace.as_deref() != Some(namespace) => hints
                    .push(format!(
                        "an Issuer of that name is in namespace {}",
                        issuer.meta.namespace.as_deref().unwrap_or("default")
                    )),
                _ => {}
            }
        }
        hints.dedup();
        if hints.is_empty() {
            String::new()
        } else {
            format!(" ({})", hints.join("; "))
        }
    }

    fn check(&mut self, object: &'a Object) {
        let identity = object.meta().object_ref();
        let outcome = match object {
            Object::ConfigMap(config_map) => {
                let mut keys = bundle_keys(config_map, self.options, self.settings.as_ref());
                if keys.is_empty() && self.aio_trusts(config_map) {
                    keys = config_map
                        .data
                        .keys()
                        .chain(config_map.binary_data.keys())
                        .cloned()
                        .collect();
                }
                for key in &keys {
                    self.bundle(config_map, key);
                }
                let others = self.config_map_values(config_map, &keys);
                let mut what = Vec::new();
                if !keys.is_empty() {
                    what.push(format!("trust bundle ({})", keys.join(", ")));
                }
                if !others.is_empty() {
                    what.push(format!("certificates ({})", others.join(", ")));
                }
                if what.is_empty() {
                    Err("holds no certificate or key".to_string())
                } else {
                    Ok(what.join("; "))
                }
            }
            Object::Secret(secret) => {
                let referenced = self.issuers().any(|issuer| {
                    issuer
                        .ca
                        .as_ref()
                        .is_some_and(|ca| ca.secret_name == secret.meta.name)
                        && secret.meta.namespace.as_deref()
                            == Some(ca_secret_namespace(issuer, self.options))
                });
                if referenced || is_default_or_labelled_ca_secret(&secret.meta, self.options) {
                    self.ca_secret(secret);
                    Ok("CA Secret".to_string())
                } else {
                    self.other_secret(secret)
                }
            }
            Object::Issuer(issuer) => {
                let made_by = self.issuer(issuer);
                let kind = if issuer.is_cluster() {
                    "ClusterIssuer"
                } else {
                    "Issuer"
                };
                Ok(match made_by {
                    Some(by) => format!("{kind} (its CA Secret is made by {by}; contents unknown)"),
                    None => kind.into(),
                })
            }
            Object::Certificate(certificate) => {
                let object = certificate.meta.object_ref();
                self.issuer_ref(&certificate.issuer_ref, &certificate.meta);
                self.secret_overwrites_ca(certificate, &object);
                Ok("Certificate (issuerRef, secretName)".into())
            }
            Object::Aio(aio) => Ok(self.aio(aio)),
            Object::TrustBundle(bundle) => Ok(self.trust_bundle_sources(bundle)),
            Object::Namespace(_) => Err("a Namespace: its labels select Bundle targets".into()),
            Object::Other(meta) => Err(format!("certgate has no checks for kind {}", meta.kind)),
        };
        self.checked.push(match outcome {
            Ok(checked_as) => ObjectCheck::checked(identity, checked_as),
            Err(reason) => ObjectCheck::skipped(identity, reason),
        });
    }

    /// True when an AIO object in the set names `config_map` as its CA
    /// certificates (trustedClientCaCert, trustedCaCertificateConfigMapRef).
    fn aio_trusts(&self, config_map: &ConfigMap) -> bool {
        self.objects.iter().any(|object| match object {
            Object::Aio(aio) => {
                aio.meta.namespace == config_map.meta.namespace
                    && aio
                        .trust_config_maps
                        .iter()
                        .any(|(_, name)| *name == config_map.meta.name)
            }
            _ => false,
        })
    }

    /// A BrokerListener, BrokerAuthentication or DataflowEndpoint: its
    /// issuerRefs, Manual TLS Secrets, CA ConfigMaps and placeholders.
    fn aio(&mut self, aio: &'a AioObject) -> String {
        let object = aio.meta.object_ref();
        let namespace = aio.meta.namespace.clone().unwrap_or_default();
        for (field, value) in &aio.placeholders {
            self.push(
                Finding::new(
                    &rules::AIO_PLACEHOLDER,
                    format!("{value:?} is a placeholder from the documentation, not a name"),
                )
                .field(field.clone()),
                &object,
            );
        }
        let byo = self
            .settings
            .as_ref()
            .filter(|settings| settings.issuer_name != QUICKSTART_ISSUER)
            .map(|settings| (settings.issuer_kind.clone(), settings.issuer_name.clone()));
        for (position, reference) in aio.issuer_refs.iter().enumerate() {
            if let Some((kind, name)) = &byo
                && reference.name == QUICKSTART_ISSUER
            {
                let port = aio
                    .issuer_ports
                    .get(position)
                    .copied()
                    .flatten()
                    .map_or_else(String::new, |port| format!("port {port} "));
                self.push(
                    Finding::new(
                        &rules::LISTENER_QUICKSTART_ISSUER,
                        format!(
                            "{port}still uses the quickstart ClusterIssuer {QUICKSTART_ISSUER}, but the trust settings name {kind} {name:?}: with trust settings AIO creates no quickstart issuer"
                        ),
                    )
                    .field(reference.field.clone()),
                    &object,
                );
            } else {
                self.issuer_ref(reference, &aio.meta);
            }
        }
        for (field, name) in &aio.server_secrets {
            if name.is_empty() {
                self.push(
                    Finding::new(
                        &rules::LISTENER_SECRET_NOT_FOUND,
                        "tls.mode is Manual but tls.manual.secretRef names no Secret",
                    )
                    .field(field.clone()),
                    &object,
                );
                continue;
            }
            match self.secret(&namespace, name) {
                Found::Here(secret) => self.server_secret(secret, field, &object),
                Found::Made(_) => {}
                Found::Absent => {
                    let detail = self.elsewhere("Secret", &namespace, name);
                    if let Some(finding) = self.unresolved(
                        &rules::LISTENER_SECRET_NOT_FOUND,
                        &format!("Secret {namespace}/{name}"),
                        &detail,
                    ) {
                        self.push(finding.field(field.clone()), &object);
                    }
                }
            }
        }
        for (field, name) in &aio.trust_config_maps {
            if let Found::Absent = self.config_map(&namespace, name) {
                let detail = self.elsewhere("ConfigMap", &namespace, name);
                if let Some(finding) = self.unresolved(
                    &rules::AIO_CONFIGMAP_NOT_FOUND,
                    &format!("ConfigMap {namespace}/{name}"),
                    &detail,
                ) {
                    self.push(finding.field(field.clone()), &object);
                }
            }
        }
        let mut what = Vec::new();
        if !aio.issuer_refs.is_empty() {
            what.push("issuerRef");
        }
        if !aio.server_secrets.is_empty() {
            what.push("manual TLS Secret");
        }
        if !aio.trust_config_maps.is_empty() {
            what.push("CA ConfigMap");
        }
        if what.is_empty() {
            aio.meta.kind.clone()
        } else {
            format!("{} ({})", aio.meta.kind, what.join(", "))
        }
    }

    /// `listener.not_server_cert`: a Manual TLS listener serves tls.crt[0].
    fn server_secret(&mut self, secret: &Secret, field: &str, object: &ObjectRef) {
        let certificate = match secret.data.get("tls.crt") {
            Some(Ok(bytes)) => read(bytes)
                .ok()
                .and_then(|inventory| inventory.certificates.into_iter().next()),
            _ => None,
        };
        let problem = match &certificate {
            None => Some(format!(
                "Secret {} holds no certificate in tls.crt",
                secret.meta.object_ref()
            )),
            Some(entry) if entry.certificate.is_ca() => Some(format!(
                "tls.crt[0] of {} is a CA ({}), not the broker's server certificate",
                secret.meta.object_ref(),
                entry.certificate.subject
            )),
            Some(entry)
                if entry
                    .certificate
                    .extended_key_usage()
                    .is_some_and(|purposes| {
                        !purposes.iter().any(|purpose| {
                            *purpose == crate::certificate::oid::SERVER_AUTH
                                || *purpose == crate::certificate::oid::ANY_EXTENDED_KEY_USAGE
                        })
                    }) =>
            {
                Some(format!(
                    "tls.crt[0] of {} ({}) has an extendedKeyUsage without serverAuth",
                    secret.meta.object_ref(),
                    entry.certificate.subject
                ))
            }
            Some(_) => None,
        };
        if let Some(message) = problem {
            self.push(
                Finding::new(&rules::LISTENER_NOT_SERVER_CERT, message).field(field),
                object,
            );
        }
    }

    /// A trust-manager Bundle: its sources as trust-manager's webhook
    /// checks them, and its inline certificates as a trust bundle (a leaf
    /// or a private key inline is an error).
    fn trust_bundle_sources(&mut self, bundle: &TrustBundle) -> String {
        let object = bundle.meta.object_ref();
        if bundle.sources.is_empty() {
            self.push(
                Finding::new(
                    &rules::TRUSTBUNDLE_SOURCE_INVALID,
                    "must define at least one source",
                )
                .field("spec.sources"),
                &object,
            );
        }
        let mut defaults = 0;
        for (position, source) in bundle.sources.iter().enumerate() {
            let field = format!("spec.sources[{position}]");
            let problem = match source {
                BundleSource::Other(count) => Some(format!(
                    "must define exactly one source type (inLine, configMap, secret, useDefaultCAs) but defines {count}"
                )),
                BundleSource::Object {
                    kind,
                    name,
                    key,
                    selector,
                    include_all_keys,
                } => {
                    if name.is_some() == *selector {
                        Some(format!(
                            "a {kind} source must give exactly one of name and selector"
                        ))
                    } else if key.is_none() && !include_all_keys {
                        Some(format!(
                            "a {kind} source must give key when includeAllKeys is false"
                        ))
                    } else {
                        None
                    }
                }
                BundleSource::DefaultCas => {
                    defaults += 1;
                    None
                }
                BundleSource::NoDefaultCas => None,
                BundleSource::InLine(pem) => {
                    self.inline_source(pem, &object, &format!("{field}.inLine"));
                    None
                }
            };
            if let Some(message) = problem {
                self.push(
                    Finding::new(&rules::TRUSTBUNDLE_SOURCE_INVALID, message).field(field),
                    &object,
                );
            }
        }
        if defaults > 1 {
            self.push(
                Finding::new(
                    &rules::TRUSTBUNDLE_SOURCE_INVALID,
                    format!("must request default CAs either once or not at all but requests them {defaults} times"),
                )
                .field("spec.sources"),
                &object,
            );
        }
        let mut targets = Vec::new();
        if let Some(key) = &bundle.target.config_map_key {
            targets.push(format!("ConfigMap key {key}"));
        }
        if let Some(key) = &bundle.target.secret_key {
            targets.push(format!("Secret key {key}"));
        }
        format!(
            "trust-manager Bundle (sources; writes {})",
            if targets.is_empty() {
                "no target".to_string()
            } else {
                targets.join(", ")
            }
        )
    }

    /// An inline source: trust-manager takes CERTIFICATE blocks only, and
    /// every member of a trust bundle must be a CA.
    fn inline_source(&mut self, pem: &str, object: &ObjectRef, field: &str) {
        let inventory = match read(pem.as_bytes()) {
            Ok(inventory) => inventory,
            Err(error) => {
                self.push(
                    Finding::new(&rules::BUNDLE_PARSE_ERROR, format!("{field}: {error}"))
                        .field(field),
                    object,
                );
                return;
            }
        };
        let first_index = self.certificates.len();
        let source = format!("{object} {field}");
        for entry in &inventory.certificates {
            let index = self.certificates.len();
            self.certificates.push(ReportCertificate::new(
                index,
                &source,
                &entry.certificate,
                Some(entry.block),
                false,
            ));
        }
        let mut findings = inventory.findings.clone();
        findings.extend(lint_bundle(&inventory, first_index, self.options.time));
        for finding in findings {
            self.push(finding.field(field), object);
        }
    }

    /// The values of a ConfigMap that are not its trust bundle: a private
    /// key anywhere is `configmap.private_key` (ConfigMaps are not secret);
    /// certificates are listed and their validity checked. Returns the
    /// fields that held certificates or keys.
    fn config_map_values(&mut self, config_map: &ConfigMap, bundle_keys: &[String]) -> Vec<String> {
        let object = config_map.meta.object_ref();
        let mut fields = Vec::new();
        let values =
            config_map
                .data
                .iter()
                .map(|(key, text)| (key, "data", Some(text.as_bytes())))
                .chain(config_map.binary_data.iter().map(|(key, bytes)| {
                    (key, "binaryData", bytes.as_ref().ok().map(Vec::as_slice))
                }));
        for (key, place, bytes) in values {
            let Some(bytes) = bytes else { continue };
            let field = format!("{place}.{key}");
            if bundle_keys.contains(key) {
                // Read as a bundle, where a key is bundle.contains_private_key.
                continue;
            }
            let der = place == "binaryData" && bytes.first() == Some(&0x30);
            if !der && !contains(bytes, b"-----BEGIN") {
                continue;
            }
            let Ok(decoded) = decode(bytes) else { continue };
            let mut held = false;
            for block in &decoded.blocks {
                if matches!(block.content, BlockContent::PrivateKey { .. }) {
                    held = true;
                    self.push(
                        Finding::new(
                            &rules::CONFIGMAP_PRIVATE_KEY,
                            format!(
                                "{field} holds a private key (block {}, {}): anyone who can read ConfigMaps in namespace {} can read it",
                                block.index,
                                block.label,
                                config_map.meta.namespace.as_deref().unwrap_or("default")
                            ),
                        )
                        .block(block.index)
                        .field(field.clone()),
                        &object,
                    );
                }
            }
            held |= self.certificates_in(bytes, &object, &field);
            if held {
                fields.push(field);
            }
        }
        fields
    }

    /// Lists the certificates of `bytes` and checks their validity period;
    /// true when there were any.
    fn certificates_in(&mut self, bytes: &[u8], object: &ObjectRef, field: &str) -> bool {
        let Ok(inventory) = read(bytes) else {
            return false;
        };
        let source = format!("{object} {field}");
        for entry in &inventory.certificates {
            let index = self.certificates.len();
            self.certificates.push(ReportCertificate::new(
                index,
                &source,
                &entry.certificate,
                Some(entry.block),
                false,
            ));
            if let Some(finding) =
                crate::lint::cert::time_findings(&entry.certificate, self.options.time)
            {
                self.push(finding.certificate(index).field(field), object);
            }
        }
        !inventory.certificates.is_empty()
    }

    /// A Secret that is no CA Secret: a kubernetes.io/tls Secret's tls.crt
    /// and tls.key (they must match, the certificate be valid), and any
    /// other value holding PEM certificates.
    fn other_secret(&mut self, secret: &Secret) -> Result<String, String> {
        let object = secret.meta.object_ref();
        let mut fields = Vec::new();
        let tls = secret.secret_type.as_deref() == Some("kubernetes.io/tls");
        if tls {
            match secret.data.get("tls.crt") {
                Some(Ok(bytes)) if !bytes.is_empty() => match read(bytes) {
                    Ok(inventory) => {
                        if let Some(first) = inventory.certificates.first() {
                            let index = self.certificates.len();
                            if let Some(Ok(key)) = secret.data.get("tls.key")
                                && !key.is_empty()
                            {
                                self.key_matches(key, &first.certificate, index, &object);
                            }
                        }
                        self.certificates_in(bytes, &object, "data.tls.crt");
                        fields.push("data.tls.crt".to_string());
                    }
                    Err(error) => self.push(
                        Finding::new(&rules::SECRET_MALFORMED, format!("tls.crt: {error}"))
                            .field("data.tls.crt"),
                        &object,
                    ),
                },
                Some(Err(reason)) => self.push(
                    Finding::new(&rules::SECRET_MALFORMED, format!("tls.crt {reason}"))
                        .field("data.tls.crt"),
                    &object,
                ),
                // Not issued yet (cert-manager creates it empty first).
                _ => return Err("kubernetes.io/tls Secret without tls.crt yet".into()),
            }
        }
        for (key, value) in &secret.data {
            let Ok(bytes) = value else { continue };
            if (tls && matches!(key.as_str(), "tls.crt" | "tls.key"))
                || !contains(bytes, b"-----BEGIN CERTIFICATE")
            {
                continue;
            }
            let field = format!("data.{key}");
            if self.certificates_in(bytes, &object, &field) {
                fields.push(field);
            }
        }
        match (tls, fields.is_empty()) {
            (true, _) => Ok(format!("TLS Secret ({})", fields.join(", "))),
            (false, false) => Ok(format!("certificates ({})", fields.join(", "))),
            (false, true) => Err(format!(
                "holds no certificate (type {})",
                secret.secret_type.as_deref().unwrap_or("Opaque")
            )),
        }
    }

    /// Reads and lints one trust-bundle value: `bundle.*`, validity of every
    /// member (`cert.expired`, `cert.not_yet_valid`) and `settings.quickstart_ca`.
    fn bundle(&mut self, config_map: &'a ConfigMap, key: &str) -> Option<usize> {
        let object = config_map.meta.object_ref();
        if let Some(position) = self
            .bundles
            .iter()
            .position(|(o, k, _)| *o == object && k == key)
        {
            return Some(position);
        }
        let (field, bytes) = if let Some(text) = config_map.data.get(key) {
            (format!("data.{key}"), text.as_bytes().to_vec())
        } else if let Some(value) = config_map.binary_data.get(key) {
            let field = format!("binaryData.{key}");
            match value {
                Ok(bytes) => (field, bytes.clone()),
                Err(reason) => {
                    self.push(
                        Finding::new(&rules::BUNDLE_PARSE_ERROR, format!("{field} {reason}"))
                            .field(field),
                        &object,
                    );
                    return None;
                }
            }
        } else {
            // With trust settings, a missing key is settings.configmap_key_not_found;
            // without, the AIO default bundle simply trusts nothing.
            if self.settings.is_none() {
                self.push(
                    Finding::new(
                        &rules::BUNDLE_EMPTY,
                        format!("no key {key:?} in data or binaryData"),
                    )
                    .field(format!("data.{key}")),
                    &object,
                );
            }
            return None;
        };
        let source = format!("{object} {field}");
        let inventory = match read(&bytes) {
            Ok(inventory) => inventory,
            Err(error) => {
                let rule = if matches!(error, Error::Empty) {
                    &rules::BUNDLE_EMPTY
                } else {
                    &rules::BUNDLE_PARSE_ERROR
                };
                self.push(
                    Finding::new(rule, format!("{field}: {error}")).field(field),
                    &object,
                );
                return None;
            }
        };
        let first_index = self.certificates.len();
        let mut members = Vec::new();
        for (offset, entry) in inventory.certificates.iter().enumerate() {
            let index = first_index + offset;
            self.certificates.push(ReportCertificate::new(
                index,
                &source,
                &entry.certificate,
                Some(entry.block),
                true,
            ));
            self.quickstart(&entry.certificate, index, &object, &field);
            members.push((index, entry.certificate.clone()));
        }
        let mut findings = inventory.findings.clone();
        findings.extend(lint_bundle(&inventory, first_index, self.options.time));
        for finding in findings {
            self.push(finding.field(field.clone()), &object);
        }
        self.bundles.push((
            object.clone(),
            key.into(),
            Bundle {
                object,
                certificates: members,
            },
        ));
        Some(self.bundles.len() - 1)
    }

    /// `settings.quickstart_ca`: the quickstart root is for trying AIO out.
    fn quickstart(
        &mut self,
        certificate: &X509Certificate,
        index: usize,
        object: &ObjectRef,
        field: &str,
    ) {
        if certificate.subject.common_name() == Some(QUICKSTART_ROOT_CN) {
            self.push(
                Finding::new(
                    &rules::SETTINGS_QUICKSTART_CA,
                    format!("\"{QUICKSTART_ROOT_CN}\" is the quickstart CA; bring your own CA for production"),
                )
                .certificate(index)
                .field(field),
                object,
            );
        }
    }

    /// The trust bundle that CA Secrets must chain to: the trust settings'
    /// ConfigMap key, else the AIO default bundle, if present.
    fn trust_bundle(&mut self) -> Option<usize> {
        let namespace = self.options.namespace.clone();
        let (name, key) = match &self.settings {
            Some(settings) => (
                settings.config_map_name.clone(),
                settings.config_map_key.clone(),
            ),
            None => (QUICKSTART_BUNDLE.into(), "ca.crt".into()),
        };
        match self.config_map(&namespace, &name) {
            Found::Here(config_map) => self.bundle(config_map, &key),
            Found::Made(Made {
                config_map: Some(config_map),
                ..
            }) => self.bundle(config_map, &key),
            Found::Made(_) | Found::Absent => None,
        }
    }

    /// A CA Secret as cert-manager's CA issuer reads it: `secret.*`, the
    /// CA certificate's own lints, and whether it chains to the trust bundle.
    fn ca_secret(&mut self, secret: &'a Secret) -> Option<usize> {
        let object = secret.meta.object_ref();
        if let Some(position) = self.secrets.iter().position(|(o, _)| *o == object) {
            return Some(position);
        }
        let material = self.read_ca_secret(secret, &object);
        // Only the CAs Azure IoT Operations uses must chain to its bundle:
        // an Istio CA or a team's own CA beside it need not.
        if let Some(material) = &material
            && self.is_aio_secret(secret)
        {
            self.chain_to_bundle(material, &object, &rules::SECRET_NOT_IN_TRUST_BUNDLE);
        }
        self.secrets.push((object, material));
        Some(self.secrets.len() - 1)
    }

    fn read_ca_secret(&mut self, secret: &Secret, object: &ObjectRef) -> Option<CaMaterial> {
        if secret.secret_type.as_deref() != Some("kubernetes.io/tls") {
            self.push(
                Finding::new(
                    &rules::SECRET_WRONG_TYPE,
                    format!(
                        "type is {}, not kubernetes.io/tls",
                        secret.secret_type.as_deref().unwrap_or("Opaque (unset)")
                    ),
                )
                .field("type"),
                object,
            );
        }
        let value = |key: &str| -> Result<&Vec<u8>, String> {
            match secret.data.get(key) {
                Some(Ok(bytes)) if !bytes.is_empty() => Ok(bytes),
                Some(Ok(_)) => Err(format!("{key} is empty")),
                Some(Err(reason)) => Err(format!("{key} {reason}")),
                None => Err(format!("no data for {key:?}")),
            }
        };
        let certificate_bytes = match value("tls.crt") {
            Ok(bytes) => Some(bytes),
            Err(message) => {
                self.push(
                    Finding::new(&rules::SECRET_MALFORMED, message).field("data.tls.crt"),
                    object,
                );
                None
            }
        };
        let key_bytes = match value("tls.key") {
            Ok(bytes) => Some(bytes),
            Err(message) => {
                self.push(
                    Finding::new(&rules::SECRET_MALFORMED, message).field("data.tls.key"),
                    object,
                );
                None
            }
        };
        let source = format!("{object} data.tls.crt");
        let inventory = match certificate_bytes.map(|bytes| read(bytes)) {
            Some(Ok(inventory)) => inventory,
            Some(Err(error)) => {
                self.push(
                    Finding::new(&rules::SECRET_MALFORMED, format!("tls.crt: {error}"))
                        .field("data.tls.crt"),
                    object,
                );
                return None;
            }
            None => return None,
        };
        for finding in &inventory.findings {
            // A key inside tls.crt, or a block that does not parse.
            self.push(finding.clone().field("data.tls.crt"), object);
        }
        let mut entries = inventory.certificates.into_iter();
        let Some(first) = entries.next() else {
            self.push(
                Finding::new(&rules::SECRET_MALFORMED, "tls.crt holds no certificate")
                    .field("data.tls.crt"),
                object,
            );
            return None;
        };
        let index = self.certificates.len();
        self.certificates.push(ReportCertificate::new(
            index,
            &source,
            &first.certificate,
            Some(first.block),
            false,
        ));
        let mut chain = Vec::new();
        for entry in entries {
            let chain_index = self.certificates.len();
            self.certificates.push(ReportCertificate::new(
                chain_index,
                &source,
                &entry.certificate,
                Some(entry.block),
                false,
            ));
            chain.push((chain_index, entry.certificate));
        }
        let certificate = first.certificate;
        if let Some(key_bytes) = key_bytes {
            self.key_matches(key_bytes, &certificate, index, object);
        }
        let is_ca = certificate.is_ca()
            && certificate
                .key_usage()
                .is_none_or(|usage| usage.contains(crate::certificate::KeyUsageBit::KeyCertSign));
        if !is_ca {
            let hint = if chain.iter().any(|(_, c)| c.is_ca()) {
                "; tls.crt must start with the CA certificate (cert-manager signs with the first one)"
            } else {
                ""
            };
            self.push(
                Finding::new(
                    &rules::SECRET_CERT_NOT_CA,
                    format!(
                        "tls.crt[0] ({}) is not a CA with keyCertSign{hint}",
                        certificate.subject
                    ),
                )
                .certificate(index)
                .field("data.tls.crt"),
                object,
            );
        } else {
            let lint_options = LintOptions::new(self.options.time).role(Role::Ca);
            for finding in lint_certificate(&certificate, index, &lint_options) {
                self.push(finding.field("data.tls.crt"), object);
            }
        }
        if !is_ca {
            // A CA's validity is among its lints above; say it for others too.
            if let Some(finding) = crate::lint::cert::time_findings(&certificate, self.options.time)
            {
                self.push(finding.certificate(index).field("data.tls.crt"), object);
            }
        }
        self.quickstart(&certificate, index, object, "data.tls.crt");
        // ca.crt: cert-manager appends it to issued chains; it should hold
        // the CA itself (a root) or the CA's issuer.
        if let Some(Ok(bytes)) = secret.data.get("ca.crt") {
            let ca_source = format!("{object} data.ca.crt");
            match read(bytes) {
                Ok(inventory) => {
                    for finding in &inventory.findings {
                        // A key or an unreadable block in the chain cert-manager hands out.
                        self.push(finding.clone().field("data.ca.crt"), object);
                    }
                    let mut consistent = false;
                    for entry in inventory.certificates {
                        let ca_index = self.certificates.len();
                        self.certificates.push(ReportCertificate::new(
                            ca_index,
                            &ca_source,
                            &entry.certificate,
                            Some(entry.block),
                            false,
                        ));
                        consistent = consistent
                            || entry.certificate.der == certificate.der
                            || (entry.certificate.subject.matches(&certificate.issuer)
                                && certificate
                                    .signed
                                    .verify(&entry.certificate.spki_der)
                                    .is_ok());
                        chain.push((ca_index, entry.certificate));
                    }
                    if !consistent {
                        self.push(
                            Finding::new(
                                &rules::SECRET_CA_CRT_MISMATCH,
                                format!(
                                    "ca.crt holds neither the CA ({}) nor its issuer ({})",
                                    certificate.subject, certificate.issuer
                                ),
                            )
                            .certificate(index)
                            .field("data.ca.crt"),
                            object,
                        );
                    }
                }
                Err(error) => self.push(
                    Finding::new(&rules::SECRET_CA_CRT_MISMATCH, format!("ca.crt: {error}"))
                        .field("data.ca.crt"),
                    object,
                ),
            }
        }
        Some(CaMaterial {
            index,
            certificate,
            chain,
        })
    }

    /// `secret.key_encrypted`, `secret.malformed`, `secret.key_mismatch`.
    fn key_matches(
        &mut self,
        key_bytes: &[u8],
        certificate: &X509Certificate,
        index: usize,
        object: &ObjectRef,
    ) {
        let field = "data.tls.key";
        let decoded = match decode(key_bytes) {
            Ok(decoded) => decoded,
            Err(error) => {
                self.push(
                    Finding::new(&rules::SECRET_MALFORMED, format!("tls.key: {error}"))
                        .field(field),
                    object,
                );
                return;
            }
        };
        let Some(block) = decoded
            .blocks
            .iter()
            .find(|block| matches!(block.content, BlockContent::PrivateKey { .. }))
        else {
            self.push(
                Finding::new(
                    &rules::SECRET_MALFORMED,
                    "tls.key holds no private key block",
                )
                .field(field),
                object,
            );
            return;
        };
        let BlockContent::PrivateKey { der, encrypted } = &block.content else {
            return;
        };
        if *encrypted {
            self.push(
                Finding::new(
                    &rules::SECRET_KEY_ENCRYPTED,
                    "tls.key is an encrypted private key; cert-manager needs it unencrypted",
                )
                .field(field),
                object,
            );
            return;
        }
        match crate::crypto::private_key_matches(der, &block.label, &certificate.spki_der) {
            Ok(true) => {}
            Ok(false) => self.push(
                Finding::new(
                    &rules::SECRET_KEY_MISMATCH,
                    format!(
                        "tls.key is not the private key of tls.crt ({})",
                        certificate.subject
                    ),
                )
                .certificate(index)
                .field(field),
                object,
            ),
            Err(crate::crypto::KeyError::Encrypted) => self.push(
                Finding::new(&rules::SECRET_KEY_ENCRYPTED, "tls.key is encrypted").field(field),
                object,
            ),
            Err(error) => self.push(
                Finding::new(&rules::SECRET_MALFORMED, format!("tls.key: {error}")).field(field),
                object,
            ),
        }
    }

    /// Validates a CA against the trust bundle (RFC 5280 §6 with the CA as
    /// the target): reports `rule` when it does not chain.
    fn chain_to_bundle(
        &mut self,
        material: &CaMaterial,
        object: &ObjectRef,
        rule: &'static rules::Rule,
    ) {
        let Some(position) = self.trust_bundle() else {
            return;
        };
        let bundle = &self.bundles[position].2;
        let intermediates: Vec<X509Certificate> =
            material.chain.iter().map(|(_, c)| c.clone()).collect();
        let anchors: Vec<X509Certificate> =
            bundle.certificates.iter().map(|(_, c)| c.clone()).collect();
        let mut indices: Vec<usize> = alloc::vec![material.index];
        indices.extend(material.chain.iter().map(|(index, _)| *index));
        indices.extend(bundle.certificates.iter().map(|(index, _)| *index));
        let bundle_object = bundle.object.clone();
        let mut options = ValidationOptions::new(self.options.time);
        options.purpose = Purpose::Any;
        let result = validate_path(&material.certificate, &intermediates, &anchors, &options);
        // The target is a CA by design: `leaf.is_ca` (what rustls says of a
        // CA presented by a TLS peer) is beside the point here.
        let reasons: Vec<&str> = result
            .findings
            .iter()
            .filter(|finding| {
                finding.severity == Severity::Error && finding.rule != &rules::LEAF_IS_CA
            })
            .map(|finding| finding.id())
            .collect();
        if result.complete && reasons.is_empty() {
            return;
        }
        self.push(
            Finding::new(
                rule,
                format!(
                    "{} does not chain to a certificate in the trust bundle {bundle_object} ({})",
                    material.certificate.subject,
                    reasons.join(", ")
                ),
            )
            .certificate(indices[0]),
            object,
        );
    }

    /// `issuer.*`. Returns who makes its CA Secret when the set only
    /// promises it.
    fn issuer(&mut self, issuer: &'a Issuer) -> Option<String> {
        let object = issuer.meta.object_ref();
        if issuer.types.len() != 1 {
            self.push(
                Finding::new(
                    &rules::ISSUER_TYPE_COUNT,
                    if issuer.types.is_empty() {
                        "no issuer type is configured (ca, selfSigned, acme, vault or venafi)"
                            .to_string()
                    } else {
                        format!(
                            "more than one issuer type is configured: {}",
                            issuer.types.join(", ")
                        )
                    },
                )
                .field("spec"),
                &object,
            );
        }
        if let Some((status, message)) = issuer
            .ready
            .as_ref()
            .filter(|(status, _)| status == "False")
        {
            self.push(
                Finding::new(
                    &rules::ISSUER_NOT_READY,
                    format!("Ready is {status}: {message:?}"),
                )
                .field("status.conditions"),
                &object,
            );
        }
        for (field, text) in &issuer.ca_bundles {
            self.issuer_ca_bundle(text, field, &object);
        }
        if let Some(server) = &issuer.acme_server
            && !server.to_ascii_lowercase().starts_with("https://")
        {
            self.push(
                Finding::new(
                    &rules::ISSUER_URL_INVALID,
                    format!("ACME server {server:?} is not an absolute https URL (e.g. https://acme-v02.api.letsencrypt.org/directory)"),
                )
                .field("spec.acme.server"),
                &object,
            );
        }
        let ca = issuer.ca.as_ref()?;
        for (field, url) in &ca.urls {
            if !is_absolute_url(url) {
                self.push(
                    Finding::new(
                        &rules::ISSUER_URL_INVALID,
                        format!("{url:?} is not an absolute http(s) or ldap URL"),
                    )
                    .field(field.clone()),
                    &object,
                );
            }
        }
        if ca.secret_name.is_empty() {
            self.push(
                Finding::new(
                    &rules::ISSUER_CA_SECRET_NAME_MISSING,
                    "spec.ca.secretName is required",
                )
                .field("spec.ca.secretName"),
                &object,
            );
            return None;
        }
        let namespace = ca_secret_namespace(issuer, self.options).to_string();
        match self.secret(&namespace, &ca.secret_name) {
            Found::Absent => {
                let detail = format!(
                    " where cert-manager looks{}{}",
                    if issuer.is_cluster() {
                        " (a ClusterIssuer's Secret lives in the cluster resource namespace)"
                    } else {
                        " (an Issuer's Secret lives in its own namespace)"
                    },
                    self.elsewhere("Secret", &namespace, &ca.secret_name)
                );
                if let Some(finding) = self.unresolved(
                    &rules::ISSUER_CA_SECRET_NOT_FOUND,
                    &format!("Secret {namespace}/{}", ca.secret_name),
                    &detail,
                ) {
                    self.push(finding.field("spec.ca.secretName"), &object);
                }
            }
            // A Certificate (or AIO) creates it; its contents are unknown.
            Found::Made(made) => return Some(made.by.clone()),
            Found::Here(secret) => {
                // Reading the Secret reports its own problems on it.
                self.ca_secret(secret);
            }
        }
        None
    }

    /// `issuer.ca_bundle_invalid`: a caBundle is base64 of PEM CA certificates.
    fn issuer_ca_bundle(&mut self, text: &str, field: &str, object: &ObjectRef) {
        use base64ct::Encoding as _;
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let problem = match base64ct::Base64::decode_vec(&compact) {
            Err(_) => Some(format!(
                "{:?} is not base64 (a placeholder?); give base64 of the server's PEM CA certificates",
                truncate_chars(text, 40)
            )),
            Ok(bytes) => match read(&bytes) {
                Err(error) => Some(format!("does not hold PEM certificates: {error}")),
                Ok(inventory) if inventory.certificates.is_empty() => {
                    Some("holds no certificate".into())
                }
                Ok(inventory) if !inventory.findings.is_empty() => Some(
                    "holds something other than certificates (a private key?): cert-manager reads CERTIFICATE blocks only".into(),
                ),
                Ok(inventory) => inventory
                    .certificates
                    .iter()
                    .find(|entry| !entry.certificate.is_ca())
                    .map(|entry| {
                        format!(
                            "holds {}, which is not a CA: the server's certificate is verified against caBundle as a trust anchor",
                            entry.certificate.subject
                        )
                    }),
            },
        };
        if let Some(message) = problem {
            self.push(
                Finding::new(&rules::ISSUER_CA_BUNDLE_INVALID, message).field(field),
                object,
            );
        }
    }

    /// `issuerref.*` for a reference from `meta`'s object.
    fn issuer_ref(&mut self, reference: &IssuerRef, meta: &Meta) {
        let object = meta.object_ref();
        if reference.name.is_empty() {
            self.push(
                Finding::new(
                    &rules::ISSUERREF_NAME_MISSING,
                    "issuerRef.name must be specified",
                )
                .field(format!("{}.name", reference.field)),
                &object,
            );
            return;
        }
        if !matches!(reference.group.as_str(), "" | "cert-manager.io") {
            // External issuers (other groups) are not checked, as cert-manager does.
            return;
        }
        if !matches!(reference.kind.as_str(), "" | "Issuer" | "ClusterIssuer") {
            let hint = if reference.kind.eq_ignore_ascii_case("ClusterIssuer") {
                " (did you mean ClusterIssuer?)"
            } else if reference.kind.eq_ignore_ascii_case("Issuer") {
                " (did you mean Issuer?)"
            } else if reference.group.is_empty() {
                " (did you forget to set issuerRef.group?)"
            } else {
                ""
            };
            self.push(
                Finding::new(
                    &rules::ISSUERREF_KIND_INVALID,
                    format!(
                        "kind {:?} must be one of Issuer or ClusterIssuer (case-sensitive){hint}",
                        reference.kind
                    ),
                )
                .field(format!("{}.kind", reference.field)),
                &object,
            );
            return;
        }
        if matches!(
            self.resolve(reference, meta.namespace.as_deref()),
            Found::Absent
        ) {
            let kind = if reference.kind.is_empty() {
                "Issuer"
            } else {
                reference.kind.as_str()
            };
            let namespace = meta.namespace.as_deref().unwrap_or("default");
            let place = if kind == "Issuer" {
                format!(" in namespace {namespace}")
            } else {
                String::new()
            };
            let hint = self.issuer_hint(&reference.name, kind == "ClusterIssuer", namespace);
            if let Some(finding) = self.unresolved(
                &rules::ISSUERREF_NOT_FOUND,
                &format!("{kind} {:?}{place}", reference.name),
                &hint,
            ) {
                self.push(finding.field(reference.field.clone()), &object);
            }
        }
    }

    /// `certificate.secret_overwrites_ca`.
    fn secret_overwrites_ca(&mut self, certificate: &objects::Certificate, object: &ObjectRef) {
        let Found::Here(issuer) = self.resolve(
            &certificate.issuer_ref,
            certificate.meta.namespace.as_deref(),
        ) else {
            return;
        };
        let Some(ca) = &issuer.ca else {
            return;
        };
        let namespace = ca_secret_namespace(issuer, self.options);
        if !ca.secret_name.is_empty()
            && ca.secret_name == certificate.secret_name
            && certificate.meta.namespace.as_deref() == Some(namespace)
        {
            self.push(
                Finding::new(
                    &rules::CERTIFICATE_SECRET_OVERWRITES_CA,
                    format!(
                        "secretName {:?} is the CA Secret of {}; issuing would overwrite the CA",
                        certificate.secret_name,
                        issuer.meta.object_ref()
                    ),
                )
                .field("spec.secretName"),
                object,
            );
        }
    }

    /// `settings.*` against the snapshot, when trust settings are given.
    fn check_settings(&mut self) {
        let Some(settings) = self.settings.clone() else {
            return;
        };
        let namespace = self.options.namespace.clone();
        let found = match self.config_map(&namespace, &settings.config_map_name) {
            Found::Here(config_map) => Some(config_map),
            Found::Made(made) => made.config_map.as_ref(),
            Found::Absent => {
                let detail = self.elsewhere("ConfigMap", &namespace, &settings.config_map_name);
                if let Some(finding) = self.unresolved(
                    &rules::SETTINGS_CONFIGMAP_NOT_FOUND,
                    &format!("ConfigMap {namespace}/{}", settings.config_map_name),
                    &detail,
                ) {
                    self.settings_findings
                        .push(finding.field("trustSettings.configMapName"));
                }
                None
            }
        };
        match found {
            None => {}
            Some(config_map) => {
                let has_key = config_map.data.contains_key(&settings.config_map_key)
                    || config_map
                        .binary_data
                        .contains_key(&settings.config_map_key);
                if has_key {
                    self.bundle(config_map, &settings.config_map_key);
                } else {
                    let keys: Vec<&str> = config_map
                        .data
                        .keys()
                        .chain(config_map.binary_data.keys())
                        .map(String::as_str)
                        .collect();
                    self.push(
                        Finding::new(
                            &rules::SETTINGS_CONFIGMAP_KEY_NOT_FOUND,
                            format!(
                                "no key {:?} in data or binaryData (keys: {}); kubectl create configmap --from-file uses the file name as the key",
                                settings.config_map_key,
                                keys.join(", ")
                            ),
                        )
                        .field("trustSettings.configMapKey"),
                        &config_map.meta.object_ref(),
                    );
                }
            }
        }
        let wanted_cluster = settings.issuer_kind == "ClusterIssuer";
        let found = self.issuers().find(|issuer| {
            issuer.meta.name == settings.issuer_name
                && issuer.is_cluster() == wanted_cluster
                && (wanted_cluster || issuer.meta.namespace.as_deref() == Some(namespace.as_str()))
        });
        let made = if wanted_cluster {
            self.made::<Issuer>("ClusterIssuer", None, &settings.issuer_name)
        } else {
            self.made::<Issuer>("Issuer", Some(&namespace), &settings.issuer_name)
        };
        if found.is_none() && matches!(made, Found::Made(_)) {
            return;
        }
        let Some(issuer) = found else {
            let elsewhere = self.issuers().find(|issuer| {
                issuer.meta.name == settings.issuer_name && issuer.is_cluster() == wanted_cluster
            });
            match elsewhere {
                Some(issuer) => self.push(
                    Finding::new(
                        &rules::SETTINGS_ISSUER_WRONG_NAMESPACE,
                        format!(
                            "Issuer {:?} is in namespace {}, but an Issuer named in trust settings must be in {namespace}",
                            settings.issuer_name,
                            issuer.meta.namespace.as_deref().unwrap_or("default")
                        ),
                    )
                    .field("metadata.namespace"),
                    &issuer.meta.object_ref(),
                ),
                None => {
                    let place = if wanted_cluster {
                        String::new()
                    } else {
                        format!(" in namespace {namespace}")
                    };
                    let hint =
                        self.issuer_hint(&settings.issuer_name, wanted_cluster, &namespace);
                    let hint = hint.replace("(kind: Issuer?)", "(issuerKind=Issuer?)").replace(
                        "(kind: ClusterIssuer?)",
                        "(issuerKind=ClusterIssuer?)",
                    );
                    if let Some(finding) = self.unresolved(
                        &rules::SETTINGS_ISSUER_NOT_FOUND,
                        &format!("{} {:?}{place}", settings.issuer_kind, settings.issuer_name),
                        &hint,
                    ) {
                        self.settings_findings
                            .push(finding.field("trustSettings.issuerName"));
                    }
                }
            }
            return;
        };
        let object = issuer.meta.object_ref();
        let Some(ca) = issuer.ca.as_ref().filter(|ca| !ca.secret_name.is_empty()) else {
            return;
        };
        let secret_namespace = ca_secret_namespace(issuer, self.options).to_string();
        let Found::Here(secret) = self.secret(&secret_namespace, &ca.secret_name) else {
            return;
        };
        let Some(position) = self.ca_secret(secret) else {
            return;
        };
        if let Some((_, Some(material))) = self.secrets.get(position) {
            let material = CaMaterial {
                index: material.index,
                certificate: material.certificate.clone(),
                chain: material.chain.clone(),
            };
            self.chain_to_bundle(&material, &object, &rules::SETTINGS_ISSUER_CHAIN_UNTRUSTED);
            if material.certificate.subject.common_name() == Some(QUICKSTART_ROOT_CN) {
                self.quickstart(
                    &material.certificate,
                    material.index,
                    &object,
                    "spec.ca.secretName",
                );
            }
        }
    }
}

/// One cause said once: the same rule, message and object reported from
/// two places (a CA read for its issuer and for the trust settings) keeps
/// the first.
fn dedupe_causes(findings: &mut Vec<Finding>) {
    let mut seen = alloc::collections::BTreeSet::new();
    findings.retain(|finding| {
        seen.insert((
            finding.id(),
            finding.object.clone(),
            finding.message.clone(),
            finding.certificate,
        ))
    });
}

fn truncate_chars(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// `issuer.url_invalid`: cert-manager copies these URLs verbatim into every
/// certificate it issues, so they must be absolute http(s) or ldap URLs.
fn is_absolute_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ldap" | "ldaps"
    ) && rest
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|host| !host.is_empty() && !host.contains(' '))
}

#[cfg(test)]
mod tests;

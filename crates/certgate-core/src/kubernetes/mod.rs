//! Kubernetes trust objects: trust-bundle ConfigMaps, CA Secrets,
//! cert-manager Issuers/ClusterIssuers and Certificates, and AIO
//! BrokerListeners, checked on their own and against each other
//! (`settings.*`, `issuer.*`, `issuerref.*`, `certificate.*`, `secret.*`,
//! and `bundle.*`/`cert.*` for the certificates they hold).
//!
//! References resolve against a snapshot: every object of a `check`
//! (manifests, the CLI) or the objects a webhook fetched (`review`). A
//! reference to an object that is not in the snapshot does not exist.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;

use serde_json::Value;

use crate::catalogue as rules;
use crate::certificate::Certificate as X509Certificate;
use crate::finding::{Finding, Findings, ObjectRef, Severity, is_valid, normalize};
use crate::input::{BlockContent, decode};
use crate::lint::{LintOptions, Role, lint_bundle, lint_certificate};
use crate::path::{Purpose, ValidationOptions, validate_path};
use crate::report::{ObjectCheck, Report, ReportCertificate};
use crate::time::UnixTime;
use crate::{Error, read};

mod aio;
mod bundle;
mod certificate;
mod field;
mod issuer;
mod objects;
mod plan;
mod secret;
mod settings;
mod trust_manager;

use field::FieldPath;
use objects::{
    AioObject, BundleSource, ConfigMap, Issuer, IssuerRef, Made, Meta, Object, Secret, TrustBundle,
    parse_object,
};
use settings::TrustSettings;

pub use bundle::{BundleRead, BundleReader};
pub use plan::{Decision, Lookup, LookupKind, Plan, lookups, plan, reviewed, trust_bundle_lookup};

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
    let mut report = context.finish(
        objects
            .iter()
            .map(|object| object.meta().object_ref())
            .collect(),
        None,
    );
    add_opcua(&mut report, documents, options, None);
    Ok(report)
}

/// The OPC UA connector's store Secrets, SecretSyncs and
/// SecretProviderClasses among `documents` (`opcua::cluster`); with
/// `only`, the findings about that object.
fn add_opcua(
    report: &mut Report,
    documents: &[Value],
    options: &CheckOptions,
    only: Option<&ObjectRef>,
) {
    let mut findings = crate::opcua::cluster::check(
        documents,
        &crate::opcua::Options::new(options.time),
        options.offline,
    );
    if let Some(identity) = only {
        findings.retain(|finding| finding.object.as_ref() == Some(identity));
    }
    if findings.is_empty() {
        return;
    }
    report.findings.extend(findings);
    normalize(&mut report.findings);
    report.valid = is_valid(&report.findings);
    report.clients = crate::client::answers(&report.findings, crate::client::ClientSet::ALL);
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
    review_parsed(parse_object(object, 0)?, cluster, options, None)
}

fn review_parsed(
    reviewed: Object,
    cluster: &[Value],
    options: &CheckOptions,
    reader: Option<BundleReader<'_>>,
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
    context.reader = reader;
    context.check(reviewed);
    context.check_settings();
    // Only findings about `object`: trust-settings findings without an
    // object are about the caller's configuration (the webhook checks those
    // at startup), others about the objects it was checked against.
    Ok(context.finish(alloc::vec![identity.clone()], Some(&identity)))
}

fn is_default_or_labelled_ca_secret(meta: &Meta, options: &CheckOptions) -> bool {
    (meta.name == QUICKSTART_CA_SECRET
        && meta.namespace.as_deref() == Some(options.cluster_resource_namespace.as_str()))
        || meta.label_is_true(CA_SECRET_LABEL)
}

/// The keys of a ConfigMap that hold a trust bundle, if it is one
/// (borrowed: a labelled ConfigMap may have 100,000 of them).
fn bundle_keys<'a>(
    config_map: &'a ConfigMap,
    options: &CheckOptions,
    settings: Option<&TrustSettings>,
) -> Vec<Cow<'a, str>> {
    let in_aio = config_map.meta.namespace.as_deref() == Some(options.namespace.as_str());
    if let Some(settings) = settings.filter(|s| in_aio && s.config_map_name == config_map.meta.name)
    {
        return alloc::vec![Cow::Owned(settings.config_map_key.clone())];
    }
    if config_map.meta.label_is_true(TRUST_BUNDLE_LABEL) {
        return all_keys(config_map);
    }
    if in_aio && config_map.meta.name == QUICKSTART_BUNDLE {
        return alloc::vec![Cow::Borrowed("ca.crt")];
    }
    Vec::new()
}

/// Every key of `data` and `binaryData`.
fn all_keys(config_map: &ConfigMap) -> Vec<Cow<'_, str>> {
    config_map
        .data
        .keys()
        .chain(config_map.binary_data.keys())
        .map(|key| Cow::Borrowed(key.as_str()))
        .collect()
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
    /// Report index of the first certificate; the others follow in order.
    first_index: usize,
    members: Members,
}

/// A trust bundle's certificates: read for this review, or shared with the
/// caller's cache of bundle reads (not copied).
enum Members {
    Owned(Vec<X509Certificate>),
    Shared(Arc<BundleRead>),
}

impl Bundle {
    /// The certificates with their report indices.
    fn certificates(&self) -> impl Iterator<Item = (usize, &X509Certificate)> {
        let certificates: alloc::boxed::Box<dyn Iterator<Item = &X509Certificate>> =
            match &self.members {
                Members::Owned(certificates) => alloc::boxed::Box::new(certificates.iter()),
                Members::Shared(read) => alloc::boxed::Box::new(read.certificates()),
            };
        certificates
            .enumerate()
            .map(|(offset, certificate)| (self.first_index + offset, certificate))
    }
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
    /// Bounded per rule and object as they are found.
    findings: Findings,
    certificates: Vec<ReportCertificate>,
    /// Read trust bundles, by ConfigMap (and key).
    bundles: Vec<(ObjectRef, String, Bundle)>,
    /// Read CA Secrets, by Secret.
    secrets: Vec<(ObjectRef, Option<CaMaterial>)>,
    /// Where trust-bundle values are read, when the caller keeps them.
    reader: Option<BundleReader<'a>>,
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
            findings: Findings::default(),
            certificates: Vec::new(),
            bundles: Vec::new(),
            secrets: Vec::new(),
            reader: None,
        }
    }

    /// The report on `objects`; with `only`, of the findings about it.
    fn finish(mut self, objects: Vec<ObjectRef>, only: Option<&ObjectRef>) -> Report {
        for finding in core::mem::take(&mut self.settings_findings) {
            self.findings.push(finding);
        }
        let mut findings = self.findings.into_vec();
        if let Some(identity) = only {
            findings.retain(|finding| finding.object.as_ref() == Some(identity));
        }
        normalize(&mut findings);
        dedupe_causes(&mut findings);
        Report {
            checked: self.checked,
            valid: is_valid(&findings),
            clients: crate::client::answers(&findings, crate::client::ClientSet::ALL),
            findings,
            certificates: self.certificates,
            path: None,
            complete: None,
            objects,
        }
    }

    /// Keeps `finding` about `object`, or only counts it once its rule's
    /// cap for `object` is reached (see [`Findings`]).
    fn push(&mut self, finding: Finding, object: &ObjectRef) {
        self.findings.push_about(finding, object);
    }

    /// As [`Context::push`] for a finding of `rule` at its own severity,
    /// built by `make` only when it is kept: what a check does per key or
    /// per value, so that a flood of them costs a count, not a message each.
    fn push_with(
        &mut self,
        rule: &'static rules::Rule,
        object: &ObjectRef,
        make: impl FnOnce() -> Finding,
    ) {
        self.findings
            .push_with(rule, Some(object), || make().object(object.clone()));
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
                    keys = all_keys(config_map);
                }
                for key in &keys {
                    self.bundle_of(config_map, key, &identity);
                }
                let others = self.config_map_values(config_map, &keys);
                let mut what = Vec::new();
                if !keys.is_empty() {
                    what.push(format!("trust bundle ({})", listed(&keys, "key")));
                }
                if !others.is_empty() {
                    what.push(format!("certificates ({})", listed(&others, "field")));
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
}

/// `items` joined by `, `: the first [`crate::SHOWN_FINDINGS`] of them,
/// then how many more, so that what an object was checked as is a line,
/// not a list of its 100,000 keys.
fn listed<T: AsRef<str>>(items: &[T], noun: &str) -> String {
    let (shown, omitted) = crate::report::bounded(items, crate::report::SHOWN_FINDINGS);
    let mut text = String::new();
    for (index, item) in shown.iter().enumerate() {
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str(item.as_ref());
    }
    if omitted > 0 {
        let plural = if omitted == 1 { "" } else { "s" };
        text.push_str(&format!(", … and {omitted} more {noun}{plural}"));
    }
    text
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests;

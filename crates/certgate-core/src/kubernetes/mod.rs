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
use crate::report::{Report, ReportCertificate};
use crate::time::UnixTime;
use crate::{Error, read};

mod objects;
mod settings;

use objects::{ConfigMap, Issuer, IssuerRef, Meta, Object, Secret, parse_object};
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
    let mut context = Context::new(&objects, options);
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

/// Reviews one object as an admission webhook does: `object` on its own
/// and against `cluster` (what [`lookups`] asked for, as fetched). Only
/// findings about `object` are kept.
///
/// # Errors
/// [`Error::Manifest`] when `object` lacks what its kind requires.
pub fn review(object: &Value, cluster: &[Value], options: &CheckOptions) -> Result<Report, Error> {
    let reviewed = parse_object(object, 0)?;
    let identity = reviewed.meta().object_ref();
    // The object under review replaces its stored version.
    let mut objects: Vec<Object> = cluster
        .iter()
        .filter_map(|value| parse_object(value, 0).ok())
        .filter(|other| other.meta().object_ref() != identity)
        .collect();
    objects.push(reviewed);
    let Some(reviewed) = objects.last() else {
        return Err(Error::Empty);
    };
    let mut context = Context::new(&objects, options);
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

/// Whether an admission webhook should review this object: trust-bundle
/// ConfigMaps (by the trust settings, the AIO default name, or the label),
/// CA Secrets (the AIO default name or the label; the webhook also reviews
/// Secrets an issuer references), cert-manager Issuers, ClusterIssuers and
/// Certificates, and BrokerListeners.
pub fn reviewed(object: &Value, options: &CheckOptions) -> bool {
    let Ok(parsed) = parse_object(object, 0) else {
        // Unreadable objects of the kinds certgate owns are reviewed (and denied).
        return matches!(
            object.get("kind").and_then(Value::as_str),
            Some("Issuer" | "ClusterIssuer" | "Certificate" | "BrokerListener")
        );
    };
    let settings = options
        .trust_settings
        .as_deref()
        .and_then(|text| settings::parse(text, &mut Vec::new()));
    match &parsed {
        Object::ConfigMap(config_map) => {
            !bundle_keys(config_map, options, settings.as_ref()).is_empty()
        }
        Object::Secret(secret) => is_default_or_labelled_ca_secret(&secret.meta, options),
        Object::Issuer(_) | Object::Certificate(_) | Object::BrokerListener(_) => true,
        Object::Other(_) => false,
    }
}

/// What [`review`] needs from the cluster to check `object`'s references.
pub fn lookups(object: &Value, options: &CheckOptions) -> Vec<Lookup> {
    let Ok(parsed) = parse_object(object, 0) else {
        return Vec::new();
    };
    let settings = options
        .trust_settings
        .as_deref()
        .and_then(|text| settings::parse(text, &mut Vec::new()));
    let bundle = match &settings {
        Some(settings) => Lookup {
            kind: LookupKind::ConfigMap,
            namespace: Some(options.namespace.clone()),
            name: settings.config_map_name.clone(),
        },
        None => Lookup {
            kind: LookupKind::ConfigMap,
            namespace: Some(options.namespace.clone()),
            name: QUICKSTART_BUNDLE.into(),
        },
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
    match &parsed {
        Object::Secret(_) => alloc::vec![bundle],
        Object::Issuer(issuer) => {
            let mut wanted = alloc::vec![bundle];
            if let Some(ca) = issuer.ca.as_ref().filter(|ca| !ca.secret_name.is_empty()) {
                wanted.push(Lookup {
                    kind: LookupKind::Secret,
                    namespace: Some(ca_secret_namespace(issuer, options).into()),
                    name: ca.secret_name.clone(),
                });
            }
            wanted
        }
        Object::Certificate(certificate) => issuer_lookup(
            &certificate.issuer_ref,
            certificate.meta.namespace.as_deref(),
        )
        .into_iter()
        .collect(),
        Object::BrokerListener(listener) => listener
            .issuer_refs
            .iter()
            .filter_map(|reference| issuer_lookup(reference, listener.meta.namespace.as_deref()))
            .collect(),
        Object::ConfigMap(_) | Object::Other(_) => Vec::new(),
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

struct Context<'a> {
    objects: &'a [Object],
    options: &'a CheckOptions,
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
    fn new(objects: &'a [Object], options: &'a CheckOptions) -> Self {
        let mut settings_findings = Vec::new();
        let settings = options
            .trust_settings
            .as_deref()
            .and_then(|text| settings::parse(text, &mut settings_findings));
        Self {
            objects,
            options,
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
        Report {
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

    fn config_map(&self, namespace: &str, name: &str) -> Option<&'a ConfigMap> {
        self.objects.iter().find_map(|object| match object {
            Object::ConfigMap(config_map)
                if config_map.meta.name == name
                    && config_map.meta.namespace.as_deref() == Some(namespace) =>
            {
                Some(config_map)
            }
            _ => None,
        })
    }

    fn secret(&self, namespace: &str, name: &str) -> Option<&'a Secret> {
        self.objects.iter().find_map(|object| match object {
            Object::Secret(secret)
                if secret.meta.name == name
                    && secret.meta.namespace.as_deref() == Some(namespace) =>
            {
                Some(secret)
            }
            _ => None,
        })
    }

    fn issuers(&self) -> impl Iterator<Item = &'a Issuer> {
        self.objects.iter().filter_map(|object| match object {
            Object::Issuer(issuer) => Some(issuer),
            _ => None,
        })
    }

    /// The Issuer (in `namespace`) or ClusterIssuer an issuerRef names.
    fn resolve(&self, reference: &IssuerRef, namespace: Option<&str>) -> Option<&'a Issuer> {
        let cluster = reference.kind == "ClusterIssuer";
        self.issuers().find(|issuer| {
            issuer.meta.name == reference.name
                && issuer.is_cluster() == cluster
                && (cluster || issuer.meta.namespace.as_deref() == namespace)
        })
    }

    fn check(&mut self, object: &'a Object) {
        match object {
            Object::ConfigMap(config_map) => {
                for key in bundle_keys(config_map, self.options, self.settings.as_ref()) {
                    self.bundle(config_map, &key);
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
                }
            }
            Object::Issuer(issuer) => self.issuer(issuer),
            Object::Certificate(certificate) => {
                let object = certificate.meta.object_ref();
                self.issuer_ref(&certificate.issuer_ref, &certificate.meta);
                self.secret_overwrites_ca(certificate, &object);
            }
            Object::BrokerListener(listener) => {
                for reference in &listener.issuer_refs {
                    self.issuer_ref(reference, &listener.meta);
                }
            }
            Object::Other(_) => {}
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
        let config_map = self.config_map(&namespace, &name)?;
        self.bundle(config_map, &key)
    }

    /// A CA Secret as cert-manager's CA issuer reads it: `secret.*`, the
    /// CA certificate's own lints, and whether it chains to the trust bundle.
    fn ca_secret(&mut self, secret: &'a Secret) -> Option<usize> {
        let object = secret.meta.object_ref();
        if let Some(position) = self.secrets.iter().position(|(o, _)| *o == object) {
            return Some(position);
        }
        let material = self.read_ca_secret(secret, &object);
        if let Some(material) = &material {
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

    /// `issuer.*`.
    fn issuer(&mut self, issuer: &'a Issuer) {
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
        let Some(ca) = &issuer.ca else {
            return;
        };
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
            return;
        }
        let namespace = ca_secret_namespace(issuer, self.options).to_string();
        match self.secret(&namespace, &ca.secret_name) {
            None if self.options.offline => {}
            None => self.push(
                Finding::new(
                    &rules::ISSUER_CA_SECRET_NOT_FOUND,
                    format!(
                        "Secret {namespace}/{} does not exist where cert-manager looks{}",
                        ca.secret_name,
                        if issuer.is_cluster() {
                            " (a ClusterIssuer's Secret lives in the cluster resource namespace)"
                        } else {
                            " (an Issuer's Secret lives in its own namespace)"
                        }
                    ),
                )
                .field("spec.ca.secretName"),
                &object,
            ),
            Some(secret) => {
                // Reading the Secret reports its own problems on it.
                self.ca_secret(secret);
            }
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
            let hint = if reference.group.is_empty() {
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
        if !self.options.offline && self.resolve(reference, meta.namespace.as_deref()).is_none() {
            let kind = if reference.kind.is_empty() {
                "Issuer"
            } else {
                reference.kind.as_str()
            };
            let place = if kind == "Issuer" {
                format!(
                    " in namespace {}",
                    meta.namespace.as_deref().unwrap_or("default")
                )
            } else {
                String::new()
            };
            self.push(
                Finding::new(
                    &rules::ISSUERREF_NOT_FOUND,
                    format!("{kind} {:?} does not exist{place}", reference.name),
                )
                .field(reference.field.clone()),
                &object,
            );
        }
    }

    /// `certificate.secret_overwrites_ca`.
    fn secret_overwrites_ca(&mut self, certificate: &objects::Certificate, object: &ObjectRef) {
        let Some(issuer) = self.resolve(
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
        match self.config_map(&namespace, &settings.config_map_name) {
            None if self.options.offline => {}
            None => self.settings_findings.push(
                Finding::new(
                    &rules::SETTINGS_CONFIGMAP_NOT_FOUND,
                    format!(
                        "ConfigMap {namespace}/{} does not exist",
                        settings.config_map_name
                    ),
                )
                .field("trustSettings.configMapName"),
            ),
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
                None if self.options.offline => {}
                None => self.settings_findings.push(
                    Finding::new(
                        &rules::SETTINGS_ISSUER_NOT_FOUND,
                        format!(
                            "no {} named {:?}{}",
                            settings.issuer_kind,
                            settings.issuer_name,
                            if wanted_cluster { String::new() } else { format!(" in namespace {namespace}") }
                        ),
                    )
                    .field("trustSettings.issuerName"),
                ),
            }
            return;
        };
        let object = issuer.meta.object_ref();
        let Some(ca) = issuer.ca.as_ref().filter(|ca| !ca.secret_name.is_empty()) else {
            return;
        };
        let secret_namespace = ca_secret_namespace(issuer, self.options).to_string();
        let Some(secret) = self.secret(&secret_namespace, &ca.secret_name) else {
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

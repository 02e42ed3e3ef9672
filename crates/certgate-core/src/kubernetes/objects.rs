//! Typed views of the Kubernetes objects certgate checks, read from
//! `serde_json::Value`s (the surfaces turn YAML into values). Parse, don't
//! validate: an object missing what its kind requires is an error naming
//! the document and the field; everything else is a finding later.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64ct::Encoding as _;
use serde_json::Value;

use super::field::FieldPath;
use crate::Error;
use crate::finding::ObjectRef;

/// metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub labels: BTreeMap<String, String>,
}

impl Meta {
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef::new(&self.kind, self.namespace.as_deref(), &self.name)
    }

    pub fn label_is_true(&self, key: &str) -> bool {
        self.labels.get(key).is_some_and(|value| value == "true")
    }
}

/// A ConfigMap: `data` (text) and `binaryData` (base64 in the manifest).
#[derive(Clone, Debug)]
pub(crate) struct ConfigMap {
    pub meta: Meta,
    pub data: BTreeMap<String, String>,
    /// Decoded bytes, or the reason they did not decode.
    pub binary_data: BTreeMap<String, Result<Vec<u8>, String>>,
}

/// A Secret: `data` (base64) merged with `stringData` (text), as the API server does.
#[derive(Clone)]
pub(crate) struct Secret {
    pub meta: Meta,
    pub secret_type: Option<String>,
    /// Decoded values, or the reason a value did not decode.
    pub data: BTreeMap<String, Result<Vec<u8>, String>>,
}

impl core::fmt::Debug for Secret {
    // Never print values: tls.key is private.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Secret")
            .field("meta", &self.meta)
            .field("type", &self.secret_type)
            .field("keys", &self.data.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The CA issuer configuration (`spec.ca`).
#[derive(Clone, Debug, Default)]
pub(crate) struct CaIssuer {
    pub secret_name: String,
    pub urls: Vec<(String, String)>,
}

/// An Issuer or ClusterIssuer (cert-manager.io/v1).
#[derive(Clone, Debug)]
pub(crate) struct Issuer {
    pub meta: Meta,
    /// Which issuer types `spec` configures (`ca`, `selfSigned`, `acme`…).
    pub types: Vec<String>,
    pub ca: Option<CaIssuer>,
    /// `spec.acme.caBundle`, `spec.vault.caBundle`: (field, base64 text).
    pub ca_bundles: Vec<(String, String)>,
    /// `spec.acme.server`.
    pub acme_server: Option<String>,
    /// `status.conditions[type=Ready]`: (status, message).
    pub ready: Option<(String, String)>,
}

impl Issuer {
    pub fn is_cluster(&self) -> bool {
        self.meta.kind == "ClusterIssuer"
    }
}

/// An issuerRef as cert-manager reads it.
#[derive(Clone, Debug, Default)]
pub(crate) struct IssuerRef {
    pub name: String,
    pub kind: String,
    pub group: String,
    /// Field path of the reference, e.g. `spec.issuerRef`.
    pub field: String,
}

/// A cert-manager Certificate.
#[derive(Clone, Debug)]
pub(crate) struct Certificate {
    pub meta: Meta,
    pub issuer_ref: IssuerRef,
    pub secret_name: String,
}

/// An Azure IoT Operations object that refers to certificates: a
/// BrokerListener (mqttbroker.iotoperations.azure.com/v1, or the older
/// mq.iotoperations.azure.com/v1beta1), a BrokerAuthentication or a
/// DataflowEndpoint.
#[derive(Clone, Debug, Default)]
pub(crate) struct AioObject {
    pub meta: Meta,
    /// Each port's cert-manager issuerRef (v1 `certManagerCertificateSpec`,
    /// v1beta1 `automatic`), with the port number.
    pub issuer_refs: Vec<IssuerRef>,
    pub issuer_ports: Vec<Option<u64>>,
    /// `tls.manual.secretRef` of a `mode: Manual` port: (field, Secret name).
    pub server_secrets: Vec<(String, String)>,
    /// ConfigMaps of CA certificates: `x509Settings.trustedClientCaCert`,
    /// `trustedCaCertificateConfigMapRef`: (field, ConfigMap name).
    pub trust_config_maps: Vec<(String, String)>,
    /// Values still holding a documentation placeholder such as
    /// `<LISTENER_NAME>`: (field, value).
    pub placeholders: Vec<(String, String)>,
}

/// One entry of a trust-manager Bundle's `spec.sources`.
#[derive(Clone, Debug)]
pub(crate) enum BundleSource {
    /// `inLine`: PEM text.
    InLine(String),
    /// `configMap` / `secret`: by name or selector, one key or all.
    Object {
        /// `ConfigMap` or `Secret`.
        kind: &'static str,
        name: Option<String>,
        key: Option<String>,
        selector: bool,
        include_all_keys: bool,
    },
    /// `useDefaultCAs: true`.
    DefaultCas,
    /// `useDefaultCAs: false`: a source that adds nothing.
    NoDefaultCas,
    /// Anything else: no source type, or several (their count).
    Other(usize),
}

/// What a Bundle writes: one ConfigMap and/or Secret key, named as the
/// Bundle, in every namespace its selector matches.
#[derive(Clone, Debug, Default)]
pub(crate) struct BundleTarget {
    pub config_map_key: Option<String>,
    pub secret_key: Option<String>,
    /// `namespaceSelector.matchLabels`; empty selects every namespace.
    pub match_labels: BTreeMap<String, String>,
    /// A selector certgate cannot evaluate (`matchExpressions`).
    pub selector_unknown: bool,
}

/// A trust-manager Bundle (trust.cert-manager.io/v1alpha1, cluster-scoped).
#[derive(Clone, Debug)]
pub(crate) struct TrustBundle {
    pub meta: Meta,
    pub sources: Vec<BundleSource>,
    pub target: BundleTarget,
}

impl TrustBundle {
    /// The PEM text of its sources when every one is inline: what the
    /// target will hold. `None` when another source adds what the set does
    /// not show.
    pub fn inline_contents(&self) -> Option<String> {
        let mut text = String::new();
        for source in &self.sources {
            match source {
                BundleSource::InLine(pem) => {
                    text.push_str(pem);
                    if !pem.ends_with('\n') {
                        text.push('\n');
                    }
                }
                BundleSource::NoDefaultCas => {}
                _ => return None,
            }
        }
        (!text.is_empty()).then_some(text)
    }
}

/// An object the set does not hold but that another object (or Azure IoT
/// Operations itself) will create: it counts as present, with contents
/// unknown unless `config_map` says them.
#[derive(Clone, Debug)]
pub(crate) struct Made {
    pub kind: &'static str,
    /// `None`: in any namespace (a Bundle target whose selector certgate
    /// cannot evaluate), or cluster-scoped.
    pub namespace: Option<String>,
    pub name: String,
    /// Who makes it, for messages: `Certificate ns/x`, `Azure IoT Operations`.
    pub by: String,
    /// For a Bundle target: the namespaces it goes to, by label (empty:
    /// every namespace).
    pub match_labels: BTreeMap<String, String>,
    /// A selector certgate cannot evaluate: every namespace might match.
    pub selector_unknown: bool,
    /// Known contents, as a ConfigMap whose meta is the maker's (findings
    /// about the contents go to the object that defines them).
    pub config_map: Option<ConfigMap>,
}

/// Every object certgate knows, or another one it only lists.
#[derive(Clone, Debug)]
pub(crate) enum Object {
    ConfigMap(ConfigMap),
    Secret(Secret),
    Issuer(Issuer),
    Certificate(Certificate),
    Aio(AioObject),
    TrustBundle(TrustBundle),
    Namespace(Meta),
    Other(Meta),
}

impl Object {
    pub fn meta(&self) -> &Meta {
        match self {
            Self::ConfigMap(object) => &object.meta,
            Self::Secret(object) => &object.meta,
            Self::Issuer(object) => &object.meta,
            Self::Certificate(object) => &object.meta,
            Self::Aio(object) => &object.meta,
            Self::TrustBundle(object) => &object.meta,
            Self::Namespace(meta) | Self::Other(meta) => meta,
        }
    }
}

fn missing(document: usize, field: &str, message: &str) -> Error {
    Error::Manifest {
        document,
        field: field.into(),
        message: message.into(),
    }
}

fn string_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |value, key| value.get(key))
        .and_then(Value::as_str)
}

fn string_map(
    value: Option<&Value>,
    document: usize,
    field: &str,
) -> Result<BTreeMap<String, String>, Error> {
    let Some(value) = value else {
        return Ok(BTreeMap::new());
    };
    if value.is_null() {
        return Ok(BTreeMap::new());
    }
    let map = value
        .as_object()
        .ok_or_else(|| missing(document, field, "must be a map of strings"))?;
    // Inserted one by one rather than collected: `collect` into a BTreeMap
    // sorts first, one more copy of the standard sort in the wasm per map
    // type (see `crate::order`); the keys come in order anyway.
    let mut strings = BTreeMap::new();
    for (key, value) in map {
        let Value::String(text) = value else {
            // YAML turns `true`/numbers into non-strings; Kubernetes rejects them.
            return Err(missing(
                document,
                &format!("{field}.{key}"),
                "must be a string",
            ));
        };
        strings.insert(key.clone(), text.clone());
    }
    Ok(strings)
}

fn base64_map(
    value: Option<&Value>,
    document: usize,
    field: &str,
) -> Result<BTreeMap<String, Result<Vec<u8>, String>>, Error> {
    // Inserted one by one, as in `string_map`.
    let mut decoded = BTreeMap::new();
    for (key, text) in string_map(value, document, field)? {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let bytes =
            base64ct::Base64::decode_vec(&compact).map_err(|_| "is not valid base64".to_string());
        decoded.insert(key, bytes);
    }
    Ok(decoded)
}

/// Reads one object. `document` is its index, for errors.
pub(crate) fn parse_object(value: &Value, document: usize) -> Result<Object, Error> {
    if !value.is_object() {
        return Err(missing(document, "", "is not an object"));
    }
    let kind =
        string_at(value, &["kind"]).ok_or_else(|| missing(document, "kind", "is required"))?;
    let api_version = string_at(value, &["apiVersion"])
        .ok_or_else(|| missing(document, "apiVersion", "is required"))?;
    let name = match value.pointer("/metadata/name") {
        Some(Value::String(name)) if !name.is_empty() => name.as_str(),
        None | Some(Value::Null) => return Err(missing(document, "metadata.name", "is required")),
        Some(Value::String(_)) => return Err(missing(document, "metadata.name", "is empty")),
        Some(other) => {
            // YAML reads `name: 0123` or `name: true` as a number or boolean.
            return Err(missing(
                document,
                "metadata.name",
                &format!(
                    "must be a string, not the {} {other} (quote it in YAML)",
                    json_type(other)
                ),
            ));
        }
    };
    let group = api_version.split_once('/').map_or("", |(group, _)| group);
    // The API server puts a namespaced object without metadata.namespace
    // into `default` (kubectl's default context): so do both sides of
    // every reference here.
    let namespace = if is_cluster_scoped(group, kind) {
        None
    } else {
        Some(
            string_at(value, &["metadata", "namespace"])
                .filter(|namespace| !namespace.is_empty())
                .unwrap_or("default")
                .to_string(),
        )
    };
    let meta = Meta {
        kind: kind.into(),
        namespace,
        name: name.into(),
        labels: string_map(
            value.pointer("/metadata/labels"),
            document,
            "metadata.labels",
        )?,
    };
    Ok(match (group, kind) {
        ("", "ConfigMap") => Object::ConfigMap(ConfigMap {
            data: string_map(value.get("data"), document, "data")?,
            binary_data: base64_map(value.get("binaryData"), document, "binaryData")?,
            meta,
        }),
        ("", "Secret") => {
            let mut data = base64_map(value.get("data"), document, "data")?;
            for (key, text) in string_map(value.get("stringData"), document, "stringData")? {
                data.insert(key, Ok(text.into_bytes()));
            }
            Object::Secret(Secret {
                secret_type: string_at(value, &["type"]).map(Into::into),
                data,
                meta,
            })
        }
        ("cert-manager.io", "Issuer" | "ClusterIssuer") => {
            Object::Issuer(parse_issuer(value, meta, document)?)
        }
        ("cert-manager.io", "Certificate") => {
            let spec = value
                .get("spec")
                .ok_or_else(|| missing(document, "spec", "is required"))?;
            Object::Certificate(Certificate {
                issuer_ref: parse_issuer_ref(spec.get("issuerRef"), "spec.issuerRef"),
                secret_name: string_at(spec, &["secretName"]).unwrap_or_default().into(),
                meta,
            })
        }
        (
            "mqttbroker.iotoperations.azure.com" | "mq.iotoperations.azure.com",
            "BrokerListener" | "BrokerAuthentication",
        )
        | ("connectivity.iotoperations.azure.com", "DataflowEndpoint") => {
            Object::Aio(parse_aio(value, meta))
        }
        ("trust.cert-manager.io", "Bundle") => Object::TrustBundle(parse_trust_bundle(value, meta)),
        ("", "Namespace") => Object::Namespace(meta),
        _ => Object::Other(meta),
    })
}

fn parse_aio(value: &Value, meta: Meta) -> AioObject {
    let mut object = AioObject {
        meta,
        ..AioObject::default()
    };
    // v1 (and the v1beta1 broker): spec.ports[]; the Azure IoT MQ
    // preview's v1beta1: one port, spec.port and spec.tls.
    let mut ports: Vec<(FieldPath, &Value)> = value
        .pointer("/spec/ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(position, port)| (FieldPath::root("spec").key("ports").index(position), port))
        .collect();
    if let Some(spec) = value.get("spec").filter(|spec| spec.get("tls").is_some()) {
        ports.push((FieldPath::root("spec"), spec));
    }
    for (at, port) in ports {
        let number = port.get("port").and_then(Value::as_u64);
        let tls = port.get("tls");
        // v1: certManagerCertificateSpec; v1beta1: automatic.
        for shape in ["certManagerCertificateSpec", "automatic"] {
            if let Some(reference) = tls
                .and_then(|tls| tls.get(shape))
                .and_then(|spec| spec.get("issuerRef"))
            {
                object.issuer_refs.push(parse_issuer_ref(
                    Some(reference),
                    at.key("tls").key(shape).key("issuerRef").as_str(),
                ));
                object.issuer_ports.push(number);
            }
        }
        let mode = tls.and_then(|tls| tls.get("mode")).and_then(Value::as_str);
        let manual = tls.and_then(|tls| tls.get("manual"));
        if mode.is_some_and(|mode| mode.eq_ignore_ascii_case("manual")) || manual.is_some() {
            // v1: secretRef; v1beta1: secretName.
            let (key, name) = ["secretRef", "secretName"]
                .iter()
                .find_map(|key| {
                    let reference = manual?.get(*key)?;
                    let name = reference
                        .as_str()
                        .or_else(|| string_at(reference, &["name"]))?;
                    Some((*key, name))
                })
                .unwrap_or(("secretRef", ""));
            object
                .server_secrets
                .push((at.key("tls").key("manual").key(key).into(), name.into()));
        }
    }
    let mut path = String::from("spec");
    walk(value.get("spec"), &mut path, &mut object);
    if is_placeholder(&object.meta.name) {
        object
            .placeholders
            .push(("metadata.name".into(), object.meta.name.clone()));
    }
    object
}

/// Collects, anywhere under `spec`, the ConfigMaps of CA certificates and
/// the values that are still documentation placeholders.
fn walk(value: Option<&Value>, path: &mut String, object: &mut AioObject) {
    match value {
        Some(Value::Object(map)) => {
            for (key, inner) in map {
                let length = path.len();
                path.push('.');
                path.push_str(key);
                if let (
                    "trustedClientCaCert" | "trustedCaCertificateConfigMapRef",
                    Value::String(name),
                ) = (key.as_str(), inner)
                {
                    object.trust_config_maps.push((path.clone(), name.clone()));
                }
                walk(Some(inner), path, object);
                path.truncate(length);
            }
        }
        Some(Value::Array(items)) => {
            for (position, inner) in items.iter().enumerate() {
                let length = path.len();
                path.push_str(&format!("[{position}]"));
                walk(Some(inner), path, object);
                path.truncate(length);
            }
        }
        Some(Value::String(text)) if is_placeholder(text) => {
            object.placeholders.push((path.clone(), text.clone()));
        }
        _ => {}
    }
}

/// `<LISTENER_NAME>`, `<your-issuer>`: the docs' words to replace.
fn is_placeholder(text: &str) -> bool {
    let Some(start) = text.find('<') else {
        return false;
    };
    text[start + 1..].find('>').is_some_and(|end| {
        let inner = &text[start + 1..start + 1 + end];
        !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' '))
    })
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    }
}

/// Kinds the API server keeps outside namespaces (of those a manifest set
/// or a cluster dump commonly holds).
fn is_cluster_scoped(group: &str, kind: &str) -> bool {
    matches!(
        (group, kind),
        ("cert-manager.io", "ClusterIssuer")
            | ("trust.cert-manager.io", "Bundle")
            | ("trust-manager.io", "ClusterBundle")
            | (
                "",
                "Namespace" | "Node" | "PersistentVolume" | "ComponentStatus"
            )
            | (
                "rbac.authorization.k8s.io",
                "ClusterRole" | "ClusterRoleBinding"
            )
            | ("apiextensions.k8s.io", "CustomResourceDefinition")
            | (
                "admissionregistration.k8s.io",
                "ValidatingWebhookConfiguration"
                    | "MutatingWebhookConfiguration"
                    | "ValidatingAdmissionPolicy"
                    | "ValidatingAdmissionPolicyBinding"
            )
            | (
                "storage.k8s.io",
                "StorageClass" | "CSIDriver" | "VolumeAttachment"
            )
            | ("scheduling.k8s.io", "PriorityClass")
            | ("apiregistration.k8s.io", "APIService")
            | ("networking.k8s.io", "IngressClass")
            | ("node.k8s.io", "RuntimeClass")
            | ("certificates.k8s.io", "CertificateSigningRequest")
    )
}

fn parse_trust_bundle(value: &Value, meta: Meta) -> TrustBundle {
    let spec = value.get("spec");
    let sources = spec
        .and_then(|spec| spec.get("sources"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|source| {
            let types = ["inLine", "configMap", "secret", "useDefaultCAs"]
                .iter()
                .filter(|key| source.get(**key).is_some_and(|v| !v.is_null()))
                .count();
            if types != 1 {
                return BundleSource::Other(types);
            }
            if let Some(pem) = source.get("inLine").and_then(Value::as_str) {
                return BundleSource::InLine(pem.into());
            }
            for (field, kind) in [("configMap", "ConfigMap"), ("secret", "Secret")] {
                if let Some(reference) = source.get(field).filter(|v| v.is_object()) {
                    return BundleSource::Object {
                        kind,
                        name: string_at(reference, &["name"]).map(Into::into),
                        key: string_at(reference, &["key"]).map(Into::into),
                        selector: reference.get("selector").is_some_and(Value::is_object),
                        include_all_keys: reference.get("includeAllKeys").and_then(Value::as_bool)
                            == Some(true),
                    };
                }
            }
            match source.get("useDefaultCAs").and_then(Value::as_bool) {
                Some(true) => return BundleSource::DefaultCas,
                Some(false) => return BundleSource::NoDefaultCas,
                None => {}
            }
            BundleSource::Other(1)
        })
        .collect();
    let target = spec.and_then(|spec| spec.get("target"));
    let selector = target.and_then(|target| target.get("namespaceSelector"));
    let match_labels = selector
        .and_then(|selector| selector.get("matchLabels"))
        .and_then(Value::as_object)
        .map(|labels| {
            // Inserted one by one, as in `string_map`.
            let mut strings = BTreeMap::new();
            for (key, value) in labels {
                if let Some(text) = value.as_str() {
                    strings.insert(key.clone(), text.to_string());
                }
            }
            strings
        })
        .unwrap_or_default();
    let selector_unknown = selector
        .and_then(|selector| selector.get("matchExpressions"))
        .and_then(Value::as_array)
        .is_some_and(|expressions| !expressions.is_empty());
    TrustBundle {
        meta,
        sources,
        target: BundleTarget {
            config_map_key: target
                .and_then(|target| string_at(target, &["configMap", "key"]))
                .map(Into::into),
            secret_key: target
                .and_then(|target| string_at(target, &["secret", "key"]))
                .map(Into::into),
            match_labels,
            selector_unknown,
        },
    }
}

fn parse_issuer(value: &Value, meta: Meta, document: usize) -> Result<Issuer, Error> {
    const TYPES: [&str; 5] = ["acme", "ca", "vault", "selfSigned", "venafi"];
    let spec = value
        .get("spec")
        .and_then(Value::as_object)
        .ok_or_else(|| missing(document, "spec", "is required"))?;
    let types = TYPES
        .iter()
        .filter(|name| spec.get(**name).is_some_and(|v| !v.is_null()))
        .map(|name| (*name).to_string())
        .collect();
    let ca = spec.get("ca").filter(|v| v.is_object()).map(|ca| {
        let mut urls = Vec::new();
        for field in [
            "ocspServers",
            "issuingCertificateURLs",
            "crlDistributionPoints",
        ] {
            for (position, url) in ca
                .get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                urls.push((
                    FieldPath::root("spec")
                        .key("ca")
                        .key(field)
                        .index(position)
                        .into(),
                    url.as_str().unwrap_or_default().to_string(),
                ));
            }
        }
        CaIssuer {
            secret_name: string_at(ca, &["secretName"]).unwrap_or_default().into(),
            urls,
        }
    });
    let ready = value
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|condition| string_at(condition, &["type"]) == Some("Ready"))
        .map(|condition| {
            (
                string_at(condition, &["status"])
                    .unwrap_or_default()
                    .to_string(),
                string_at(condition, &["message"])
                    .unwrap_or_default()
                    .to_string(),
            )
        });
    let ca_bundles = ["acme", "vault"]
        .iter()
        .filter_map(|kind| {
            let text = spec.get(*kind)?.get("caBundle")?.as_str()?;
            Some((
                FieldPath::root("spec").key(kind).key("caBundle").into(),
                text.to_string(),
            ))
        })
        .collect();
    let acme_server = spec
        .get("acme")
        .and_then(|acme| string_at(acme, &["server"]))
        .map(Into::into);
    Ok(Issuer {
        meta,
        types,
        ca,
        ca_bundles,
        acme_server,
        ready,
    })
}

fn parse_issuer_ref(value: Option<&Value>, field: &str) -> IssuerRef {
    let text = |key: &str| {
        value
            .and_then(|v| string_at(v, &[key]))
            .unwrap_or_default()
            .to_string()
    };
    IssuerRef {
        name: text("name"),
        kind: text("kind"),
        group: text("group"),
        field: field.into(),
    }
}

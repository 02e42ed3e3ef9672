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

use crate::Error;
use crate::finding::ObjectRef;

/// metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// An MQTT broker listener (mqttbroker.iotoperations.azure.com/v1).
#[derive(Clone, Debug)]
pub(crate) struct BrokerListener {
    pub meta: Meta,
    pub issuer_refs: Vec<IssuerRef>,
}

/// Every object certgate knows, or another one it only lists.
#[derive(Clone, Debug)]
pub(crate) enum Object {
    ConfigMap(ConfigMap),
    Secret(Secret),
    Issuer(Issuer),
    Certificate(Certificate),
    BrokerListener(BrokerListener),
    Other(Meta),
}

impl Object {
    pub fn meta(&self) -> &Meta {
        match self {
            Self::ConfigMap(object) => &object.meta,
            Self::Secret(object) => &object.meta,
            Self::Issuer(object) => &object.meta,
            Self::Certificate(object) => &object.meta,
            Self::BrokerListener(object) => &object.meta,
            Self::Other(meta) => meta,
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
    map.iter()
        .map(|(key, value)| match value {
            Value::String(text) => Ok((key.clone(), text.clone())),
            // YAML turns `true`/numbers into non-strings; Kubernetes rejects them.
            _ => Err(missing(
                document,
                &format!("{field}.{key}"),
                "must be a string",
            )),
        })
        .collect()
}

fn base64_map(
    value: Option<&Value>,
    document: usize,
    field: &str,
) -> Result<BTreeMap<String, Result<Vec<u8>, String>>, Error> {
    Ok(string_map(value, document, field)?
        .into_iter()
        .map(|(key, text)| {
            let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let decoded = base64ct::Base64::decode_vec(&compact)
                .map_err(|_| "is not valid base64".to_string());
            (key, decoded)
        })
        .collect())
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
    let name = string_at(value, &["metadata", "name"])
        .filter(|name| !name.is_empty())
        .ok_or_else(|| missing(document, "metadata.name", "is required"))?;
    let meta = Meta {
        kind: kind.into(),
        namespace: string_at(value, &["metadata", "namespace"])
            .filter(|namespace| !namespace.is_empty())
            .map(Into::into),
        name: name.into(),
        labels: string_map(
            value.pointer("/metadata/labels"),
            document,
            "metadata.labels",
        )?,
    };
    let group = api_version.split_once('/').map_or("", |(group, _)| group);
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
        ("mqttbroker.iotoperations.azure.com", "BrokerListener") => {
            let mut issuer_refs = Vec::new();
            let ports = value.pointer("/spec/ports").and_then(Value::as_array);
            for (position, port) in ports.into_iter().flatten().enumerate() {
                if let Some(reference) = port.pointer("/tls/certManagerCertificateSpec/issuerRef") {
                    issuer_refs.push(parse_issuer_ref(
                        Some(reference),
                        &format!("spec.ports[{position}].tls.certManagerCertificateSpec.issuerRef"),
                    ));
                }
            }
            Object::BrokerListener(BrokerListener { meta, issuer_refs })
        }
        _ => Object::Other(meta),
    })
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
                    format!("spec.ca.{field}[{position}]"),
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
    Ok(Issuer {
        meta,
        types,
        ca,
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

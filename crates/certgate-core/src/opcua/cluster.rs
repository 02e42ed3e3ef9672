//! The OPC UA stores in the cluster (`opcua.cluster.*`, and the file,
//! store and application rules on what the objects hold): the Secrets
//! `aio-opc-ua-broker-trust-list`, `aio-opc-ua-broker-issuer-list`,
//! `aio-opc-ua-broker-client-certificate` and
//! `aio-opc-opcuabroker-default-application-cert` (data keys are file
//! names), the `SecretSync`s that make them and the
//! `SecretProviderClass`es those name. Objects come parsed (the CLI's
//! manifest reader, a webhook's snapshot); other objects are ignored.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64ct::Encoding as _;
use serde_json::Value;

use super::application::{ClientExpectations, client_findings};
use super::file::{StoreFile, Upload, name_findings, read_file, split_name};
use super::stores::store_findings;
use super::{
    CLIENT_CERTIFICATE_SECRET, DEFAULT_APPLICATION_CERT_SECRET, ISSUER_LIST_SECRET, Options,
    Source, Store, TRUST_LIST_SECRET,
};
use crate::catalogue as rules;
use crate::finding::{Finding, Findings, ObjectRef};

fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |value, key| value.get(key))
        .and_then(Value::as_str)
}

fn store_of(name: &str) -> Option<Store> {
    match name {
        TRUST_LIST_SECRET => Some(Store::TrustList),
        ISSUER_LIST_SECRET => Some(Store::IssuerList),
        _ => None,
    }
}

/// A Secret's data as `(key, bytes)`; `stringData` wins, as the API server merges it.
fn secret_data(value: &Value) -> Vec<(String, Vec<u8>)> {
    let mut data: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(map) = value.get("data").and_then(Value::as_object) {
        for (key, encoded) in map {
            let compact: String = encoded
                .as_str()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            // Not base64: the Kubernetes rules (secret.*) say so; the bytes stay as written.
            let bytes =
                base64ct::Base64::decode_vec(&compact).unwrap_or_else(|_| compact.into_bytes());
            data.push((key.clone(), bytes));
        }
    }
    if let Some(map) = value.get("stringData").and_then(Value::as_object) {
        for (key, plain) in map {
            data.retain(|(existing, _)| existing != key);
            data.push((
                key.clone(),
                plain.as_str().unwrap_or("").as_bytes().to_vec(),
            ));
        }
    }
    data
}

struct Object<'a> {
    value: &'a Value,
    kind: &'a str,
    namespace: &'a str,
    name: &'a str,
}

impl Object<'_> {
    fn reference(&self) -> ObjectRef {
        ObjectRef::new(self.kind, Some(self.namespace), self.name)
    }
}

/// The objects of a SecretProviderClass's `spec.parameters.objects`: the
/// Azure provider's YAML text (`array:` of `- |` blocks of `key: value`
/// lines), read line by line, or an already structured list.
fn provider_objects(value: &Value) -> Vec<Vec<(String, String)>> {
    let objects = value
        .get("spec")
        .and_then(|spec| spec.get("parameters"))
        .and_then(|p| p.get("objects"));
    let mut result: Vec<Vec<(String, String)>> = Vec::new();
    match objects {
        Some(Value::String(text)) => {
            for line in text.lines() {
                let trimmed = line.trim();
                let body = if let Some(rest) = trimmed.strip_prefix('-') {
                    result.push(Vec::new());
                    rest.trim()
                } else {
                    trimmed
                };
                if let Some((key, item)) = body.split_once(':')
                    && key.trim() != "array"
                    && let Some(current) = result.last_mut()
                {
                    current.push((
                        key.trim().into(),
                        item.trim().trim_matches(['"', '\'']).into(),
                    ));
                }
            }
            result.retain(|object| !object.is_empty());
        }
        Some(Value::Array(items)) => {
            for item in items {
                if let Some(map) = item.as_object() {
                    result.push(
                        map.iter()
                            .map(|(key, value)| (key.clone(), value.as_str().unwrap_or("").into()))
                            .collect(),
                    );
                }
            }
        }
        _ => {}
    }
    result
}

fn field<'a>(object: &'a [(String, String)], key: &str) -> Option<&'a str> {
    object
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
}

/// Every OPC UA rule over the objects: the store Secrets' files, the two
/// stores together (per namespace), the application certificate, and the
/// SecretSync / SecretProviderClass wiring. `offline`: the objects are not
/// the whole cluster, so a SecretProviderClass that is not among them is
/// unknown rather than missing.
///
/// The findings are capped per rule for each object (the Secret, SecretSync
/// or SecretProviderClass they are about, as in [`crate::kubernetes`]): a
/// trust-list Secret of 2,000 bad keys gives [`crate::MAX_FINDINGS_PER_RULE`]
/// findings of a rule about it and a summary that counts the rest.
pub fn check(documents: &[Value], options: &Options, offline: bool) -> Vec<Finding> {
    let objects: Vec<Object<'_>> = documents
        .iter()
        .filter_map(|value| {
            Some(Object {
                value,
                kind: text(value, &["kind"])?,
                namespace: text(value, &["metadata", "namespace"]).unwrap_or("default"),
                name: text(value, &["metadata", "name"])?,
            })
        })
        .collect();
    let mut findings = Findings::default();
    let mut namespaces: Vec<&str> = objects.iter().map(|object| object.namespace).collect();
    crate::order::sort(&mut namespaces);
    namespaces.dedup();
    for namespace in namespaces {
        let secret = |name: &str| {
            objects.iter().find(|object| {
                object.kind == "Secret" && object.namespace == namespace && object.name == name
            })
        };
        // The two stores: per-file rules on each key, then across.
        let mut stores: [Vec<StoreFile>; 2] = [Vec::new(), Vec::new()];
        for (slot, store) in [Store::TrustList, Store::IssuerList]
            .into_iter()
            .enumerate()
        {
            let name = if store == Store::TrustList {
                TRUST_LIST_SECRET
            } else {
                ISSUER_LIST_SECRET
            };
            let Some(object) = secret(name) else { continue };
            for (key, bytes) in secret_data(object.value) {
                let (file, file_findings) =
                    read_file(&Source::new(&key, &bytes), store, Upload::Cluster, options);
                for finding in file_findings {
                    findings.push(
                        finding
                            .object(object.reference())
                            .field(format!("data.{key}")),
                    );
                }
                stores[slot].push(file);
            }
        }
        let [trust, issuer] = &stores;
        let reference_of = |source: Option<&String>| {
            let in_trust = source.is_some_and(|s| trust.iter().any(|f| &f.name == s));
            secret(if in_trust {
                TRUST_LIST_SECRET
            } else {
                ISSUER_LIST_SECRET
            })
            .map(Object::reference)
        };
        if !trust.is_empty() || !issuer.is_empty() {
            // The whole cluster: a store Secret that is absent is empty.
            let both = !offline
                || (secret(TRUST_LIST_SECRET).is_some() && secret(ISSUER_LIST_SECRET).is_some());
            store_findings(trust, issuer, options, both, &mut |finding| {
                let reference = reference_of(finding.source.as_ref());
                let key = finding.source.clone().unwrap_or_default();
                findings.push(match reference {
                    Some(reference) => finding.object(reference).field(format!("data.{key}")),
                    None => finding,
                });
            });
        }
        // The application certificate.
        for (name, file_names) in [
            (CLIENT_CERTIFICATE_SECRET, true),
            (DEFAULT_APPLICATION_CERT_SECRET, false),
        ] {
            let Some(object) = secret(name) else { continue };
            let data = secret_data(object.value);
            let (public, private) = if file_names {
                (
                    data.iter()
                        .find(|(key, _)| split_name(key).1.eq_ignore_ascii_case("der")),
                    data.iter()
                        .find(|(key, _)| split_name(key).1.eq_ignore_ascii_case("pem")),
                )
            } else {
                (
                    data.iter().find(|(key, _)| key == "tls.crt"),
                    data.iter().find(|(key, _)| key == "tls.key"),
                )
            };
            let (Some((public_name, public_bytes)), Some((private_name, private_bytes))) =
                (public, private)
            else {
                findings.push(
                    Finding::new(
                        &rules::OPCUA_APPLICATION_KEY_PAIR_FILES,
                        if file_names {
                            "the Secret holds no <stem>.der with a <stem>.pem".to_string()
                        } else {
                            "the Secret holds no tls.crt with a tls.key".to_string()
                        },
                    )
                    .object(object.reference()),
                );
                continue;
            };
            let (file, file_findings) = read_file(
                &Source::new(public_name, public_bytes),
                Store::TrustList,
                Upload::Cluster,
                options,
            );
            let keep = |finding: &Finding| {
                !matches!(
                    finding.rule.id,
                    "opcua.file.extension_unsupported"
                        | "opcua.file.encoding_mismatch"
                        | "opcua.file.expired"
                        | "opcua.file.not_yet_valid"
                )
            };
            let mut all: Vec<Finding> = if file_names {
                file_findings.into_iter().filter(keep).collect()
            } else {
                Vec::new()
            };
            all.extend(client_findings(
                public_name,
                file.certificate(),
                &Source::new(private_name, private_bytes),
                &ClientExpectations {
                    file_names,
                    ..ClientExpectations::default()
                },
                issuer,
                options,
            ));
            for finding in all {
                let key = finding.source.clone().unwrap_or_default();
                findings.push(
                    finding
                        .object(object.reference())
                        .field(format!("data.{key}")),
                );
            }
        }
        // SecretSyncs and their SecretProviderClasses.
        for sync in objects
            .iter()
            .filter(|o| o.kind == "SecretSync" && o.namespace == namespace)
        {
            let store = store_of(sync.name);
            let known = store.is_some() || sync.name == CLIENT_CERTIFICATE_SECRET;
            if !known {
                continue;
            }
            let target = secret(sync.name);
            let target_keys: Vec<(String, Vec<u8>)> =
                target.map(|o| secret_data(o.value)).unwrap_or_default();
            let class_name = text(sync.value, &["spec", "secretProviderClassName"]).unwrap_or("");
            let class = objects.iter().find(|o| {
                o.kind == "SecretProviderClass" && o.namespace == namespace && o.name == class_name
            });
            if class.is_none() && !offline {
                findings.push(
                    Finding::new(
                        &rules::OPCUA_CLUSTER_PROVIDER_CLASS_MISSING,
                        format!("SecretSync {} names SecretProviderClass {class_name:?}, which is not among the objects in {namespace}", sync.name),
                    )
                    .object(sync.reference())
                    .field("spec.secretProviderClassName"),
                );
            }
            let class_objects = class
                .map(|class| provider_objects(class.value))
                .unwrap_or_default();
            let items = sync
                .value
                .get("spec")
                .and_then(|s| s.get("secretObject"))
                .and_then(|s| s.get("data"))
                .and_then(Value::as_array);
            for (position, item) in items.into_iter().flatten().enumerate() {
                let target_key = text(item, &["targetKey"]).unwrap_or("");
                let source_path = text(item, &["sourcePath"]).unwrap_or("");
                let item_field = format!("spec.secretObject.data[{position}]");
                if let Some(store) = store {
                    for finding in name_findings(target_key, store, Upload::Cluster) {
                        findings.push(
                            finding
                                .object(sync.reference())
                                .field(format!("{item_field}.targetKey"))
                                .source(target_key),
                        );
                    }
                }
                if target.is_some() && !target_keys.iter().any(|(key, _)| key == target_key) {
                    findings.push(
                        Finding::new(
                            &rules::OPCUA_CLUSTER_TARGET_KEY_MISSING,
                            format!(
                                "targetKey {target_key:?} is not a data key of Secret {}",
                                sync.name
                            ),
                        )
                        .object(sync.reference())
                        .field(format!("{item_field}.targetKey")),
                    );
                }
                let Some(class) = class else { continue };
                let provided = class_objects.iter().find(|object| {
                    field(object, "objectAlias").or_else(|| field(object, "objectName"))
                        == Some(source_path)
                        || field(object, "objectName") == Some(source_path)
                });
                match provided {
                    None => findings.push(
                        Finding::new(
                            &rules::OPCUA_CLUSTER_SOURCE_PATH_UNKNOWN,
                            format!("sourcePath {source_path:?} is not an object of SecretProviderClass {}", class.name),
                        )
                        .object(sync.reference())
                        .field(format!("{item_field}.sourcePath")),
                    ),
                    Some(object) if field(object, "objectEncoding") != Some("hex") => findings.push(
                        Finding::new(
                            &rules::OPCUA_CLUSTER_OBJECT_ENCODING,
                            format!(
                                "object {source_path} has objectEncoding {:?}, not hex: {target_key} would hold the hex text the az CLI stored",
                                field(object, "objectEncoding").unwrap_or("(none: utf-8)")
                            ),
                        )
                        .object(class.reference())
                        .field("spec.parameters.objects"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    findings.into_vec()
}

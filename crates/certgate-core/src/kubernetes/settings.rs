//! `settings.*` (syntax): the az CLI's `--trust-settings` as it parses it
//! (azext_edge `parse_kvp_nargs`: items split at the first `=`, a repeated
//! key's last value wins, unknown keys dropped) and the checks it skips.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::catalogue as rules;
use crate::finding::Finding;

/// The four trust settings, as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct TrustSettings {
    pub config_map_name: String,
    pub config_map_key: String,
    pub issuer_kind: String,
    pub issuer_name: String,
}

const KEYS: [&str; 4] = ["configMapName", "configMapKey", "issuerKind", "issuerName"];

/// Parses `text` and reports `settings.key_missing`, `settings.value_empty`,
/// `settings.unknown_key`, `settings.issuer_kind_invalid` and
/// `settings.name_invalid`. Returns the settings when all four are usable.
pub(crate) fn parse(text: &str, findings: &mut Vec<Finding>) -> Option<TrustSettings> {
    let mut values: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for item in text.split_whitespace() {
        match item.split_once('=') {
            Some((key, value)) => values.insert(key, Some(value)),
            None => values.insert(item, None),
        };
    }
    for key in values.keys().filter(|key| !KEYS.contains(key)) {
        findings.push(
            Finding::new(
                &rules::SETTINGS_UNKNOWN_KEY,
                format!(
                    "unknown trust-settings key {key:?}; the az CLI silently drops it (keys: {})",
                    KEYS.join(", ")
                ),
            )
            .field(format!("trustSettings.{key}")),
        );
    }
    let mut usable = true;
    let mut value = |key: &str| -> String {
        match values.get(key) {
            Some(Some(value)) if !value.is_empty() => (*value).into(),
            Some(Some(_)) => {
                usable = false;
                findings.push(
                    Finding::new(
                        &rules::SETTINGS_VALUE_EMPTY,
                        format!("{key} is given with an empty value"),
                    )
                    .field(format!("trustSettings.{key}")),
                );
                String::new()
            }
            _ => {
                usable = false;
                findings.push(
                    Finding::new(
                        &rules::SETTINGS_KEY_MISSING,
                        format!("{key} is a required trust setting ({key}=…)"),
                    )
                    .field(format!("trustSettings.{key}")),
                );
                String::new()
            }
        }
    };
    let settings = TrustSettings {
        config_map_name: value("configMapName"),
        config_map_key: value("configMapKey"),
        issuer_kind: value("issuerKind"),
        issuer_name: value("issuerName"),
    };
    if !settings.issuer_kind.is_empty()
        && !matches!(settings.issuer_kind.as_str(), "ClusterIssuer" | "Issuer")
    {
        usable = false;
        findings.push(
            Finding::new(
                &rules::SETTINGS_ISSUER_KIND_INVALID,
                format!(
                    "issuerKind {:?} must be exactly ClusterIssuer or Issuer (case-sensitive)",
                    settings.issuer_kind
                ),
            )
            .field("trustSettings.issuerKind"),
        );
    }
    for (key, name) in [
        ("configMapName", &settings.config_map_name),
        ("issuerName", &settings.issuer_name),
    ] {
        if !name.is_empty() && !is_dns_subdomain(name) {
            usable = false;
            findings.push(
                Finding::new(
                    &rules::SETTINGS_NAME_INVALID,
                    format!("{key} {name:?} is not a valid Kubernetes object name (lower-case DNS-1123 subdomain)"),
                )
                .field(format!("trustSettings.{key}")),
            );
        }
    }
    if !settings.config_map_key.is_empty() && !is_config_map_key(&settings.config_map_key) {
        usable = false;
        findings.push(
            Finding::new(
                &rules::SETTINGS_NAME_INVALID,
                format!(
                    "configMapKey {:?} is not a valid ConfigMap key (letters, digits, '-', '_', '.'; at most 253)",
                    settings.config_map_key
                ),
            )
            .field("trustSettings.configMapKey"),
        );
    }
    usable.then_some(settings)
}

/// RFC 1123 subdomain as Kubernetes validates object names.
pub(crate) fn is_dns_subdomain(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// A ConfigMap data key (Kubernetes `IsConfigMapKey`).
fn is_config_map_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 253
        && key != "."
        && key != ".."
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `settings.*` against the snapshot, in the check of a set.
#[allow(clippy::wildcard_imports)]
mod against_objects {
    use super::super::*;

    impl<'a> Context<'a> {
        /// `settings.*` against the snapshot, when trust settings are given.
        pub(in crate::kubernetes) fn check_settings(&mut self) {
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
                    && (wanted_cluster
                        || issuer.meta.namespace.as_deref() == Some(namespace.as_str()))
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
                    issuer.meta.name == settings.issuer_name
                        && issuer.is_cluster() == wanted_cluster
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> (Option<TrustSettings>, Vec<&'static str>) {
        let mut findings = Vec::new();
        let settings = parse(text, &mut findings);
        (settings, findings.iter().map(|f| f.id()).collect())
    }

    #[test]
    fn good_settings_parse_and_last_value_wins() {
        let (settings, found) =
            ids("configMapName=a configMapKey=ca.crt issuerKind=Issuer issuerName=x issuerName=y");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(settings.unwrap_or_default().issuer_name, "y");
    }

    #[test]
    fn every_problem_is_named() {
        let (settings, found) =
            ids("configMapName=Bad_Name configMapKey= issuerKind=clusterissuer extra=1");
        assert!(settings.is_none());
        for id in [
            "settings.unknown_key",
            "settings.value_empty",
            "settings.key_missing",
            "settings.issuer_kind_invalid",
            "settings.name_invalid",
        ] {
            assert!(found.contains(&id), "{id} missing from {found:?}");
        }
    }
}

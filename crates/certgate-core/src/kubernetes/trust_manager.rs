//! trust-manager Bundles (`trustbundle.*`): sources as trust-manager's
//! webhook checks them, inline certificates as a trust bundle.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'a> Context<'a> {
    /// A trust-manager Bundle: its sources as trust-manager's webhook
    /// checks them, and its inline certificates as a trust bundle (a leaf
    /// or a private key inline is an error).
    pub(super) fn trust_bundle_sources(&mut self, bundle: &TrustBundle) -> String {
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
            let field = FieldPath::root("spec").key("sources").index(position);
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
                    self.inline_source(pem, &object, field.key("inLine").as_str());
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
    pub(super) fn inline_source(&mut self, pem: &str, object: &ObjectRef, field: &str) {
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
}

//! Trust bundles: ConfigMap values read as trust bundles (`bundle.*`,
//! validity, `settings.quickstart_ca`), the chain of a CA to the AIO trust
//! bundle, and every other ConfigMap value holding certificates or keys
//! (`configmap.private_key`).

#[allow(clippy::wildcard_imports)]
use super::*;

use crate::certificate::CertificateView;
use crate::inventory::Inventory;

/// A trust-bundle value as read: its inventory and its certificates'
/// views. Both depend on the value's bytes alone (not on the time, the
/// object or the options), so a caller may keep one and answer the next
/// value with the same bytes from it: trust-manager writes the same bundle
/// into every namespace. The review built from it is the same as from
/// reading the bytes again.
#[derive(Clone, Debug)]
pub struct BundleRead {
    inventory: Inventory,
    views: Vec<Arc<CertificateView>>,
}

impl BundleRead {
    /// Reads `bytes` as a review reads a trust-bundle value.
    ///
    /// # Errors
    /// What [`crate::read`] returns for an unusable value.
    pub fn read(bytes: &[u8]) -> Result<Self, Error> {
        let inventory = read(bytes)?;
        let views = inventory
            .certificates
            .iter()
            .map(|entry| Arc::new(entry.certificate.view()))
            .collect();
        Ok(Self { inventory, views })
    }

    /// True when the value held a private key (`bundle.contains_private_key`):
    /// a cache should not keep such a value's bytes.
    pub fn held_private_key(&self) -> bool {
        self.inventory
            .findings
            .iter()
            .any(|finding| finding.id() == rules::BUNDLE_CONTAINS_PRIVATE_KEY.id)
    }

    /// Its certificates, in input order.
    pub(super) fn certificates(&self) -> impl Iterator<Item = &X509Certificate> {
        self.inventory
            .certificates
            .iter()
            .map(|entry| &entry.certificate)
    }

    /// How many certificates it holds.
    pub fn certificate_count(&self) -> usize {
        self.inventory.certificates.len()
    }

    /// An upper estimate of its heap size in bytes, for bounding a cache:
    /// per certificate its DER, the copies of its signed part and key, and
    /// a view, plus the findings.
    pub fn estimated_size(&self) -> usize {
        let certificates: usize = self
            .inventory
            .certificates
            .iter()
            .map(|entry| 5 * entry.certificate.der.len() + 4096)
            .sum();
        let findings: usize = self
            .inventory
            .findings
            .iter()
            .map(|finding| finding.message.len() + 512)
            .sum();
        certificates + findings + 1024
    }
}

/// Reads a trust-bundle value, as [`BundleRead::read`] does or from a
/// cache of its earlier answers for the same bytes.
pub type BundleReader<'a> = &'a (dyn Fn(&[u8]) -> Result<Arc<BundleRead>, Error> + Sync);

impl<'a> Context<'a> {
    /// The values of a ConfigMap that are not its trust bundle: a private
    /// key anywhere is `configmap.private_key` (ConfigMaps are not secret);
    /// certificates are listed and their validity checked. Returns the
    /// fields that held certificates or keys.
    pub(super) fn config_map_values(
        &mut self,
        config_map: &ConfigMap,
        bundle_keys: &[Cow<'_, str>],
    ) -> Vec<String> {
        let object = config_map.meta.object_ref();
        let mut fields = Vec::new();
        // Sorted for lookup: a labelled ConfigMap may have 100,000 keys.
        let mut in_bundle: Vec<&str> = bundle_keys.iter().map(AsRef::as_ref).collect();
        crate::order::sort(&mut in_bundle);
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
            if in_bundle.binary_search(&key.as_str()).is_ok() {
                // Read as a bundle, where a key is bundle.contains_private_key.
                continue;
            }
            let der = place == "binaryData" && bytes.first() == Some(&0x30);
            if !der && !contains(bytes, b"-----BEGIN") {
                continue;
            }
            let Ok(decoded) = decode(bytes) else { continue };
            let field = FieldPath::root(place).key(key).to_string();
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
    pub(super) fn certificates_in(
        &mut self,
        bytes: &[u8],
        object: &ObjectRef,
        field: &str,
    ) -> bool {
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
    /// Reads and lints one trust-bundle value: `bundle.*`, validity of every
    /// member (`cert.expired`, `cert.not_yet_valid`) and `settings.quickstart_ca`.
    pub(super) fn bundle(&mut self, config_map: &'a ConfigMap, key: &str) -> Option<usize> {
        self.bundle_of(config_map, key, &config_map.meta.object_ref())
    }

    /// [`Context::bundle`] of `config_map`, which is `object`. Per key, the
    /// findings of an unreadable value are built only when kept (see
    /// [`Context::push_with`]): a ConfigMap of 100,000 one-byte keys costs
    /// a count per key, not a message.
    pub(super) fn bundle_of(
        &mut self,
        config_map: &'a ConfigMap,
        key: &str,
        object: &ObjectRef,
    ) -> Option<usize> {
        if let Some(position) = self
            .bundles
            .iter()
            .position(|(o, k, _)| o == object && k == key)
        {
            return Some(position);
        }
        let field_of = |place: &str| FieldPath::root(place).key(key).to_string();
        let (place, bytes): (&str, &[u8]) = if let Some(text) = config_map.data.get(key) {
            ("data", text.as_bytes())
        } else if let Some(value) = config_map.binary_data.get(key) {
            match value {
                Ok(bytes) => ("binaryData", bytes.as_slice()),
                Err(reason) => {
                    self.push_with(&rules::BUNDLE_PARSE_ERROR, object, || {
                        let field = field_of("binaryData");
                        Finding::new(&rules::BUNDLE_PARSE_ERROR, format!("{field} {reason}"))
                            .field(field)
                    });
                    return None;
                }
            }
        } else {
            // With trust settings, a missing key is settings.configmap_key_not_found;
            // without, the AIO default bundle simply trusts nothing.
            if self.settings.is_none() {
                self.push_with(&rules::BUNDLE_EMPTY, object, || {
                    Finding::new(
                        &rules::BUNDLE_EMPTY,
                        format!("no key {key:?} in data or binaryData"),
                    )
                    .field(field_of("data"))
                });
            }
            return None;
        };
        if let Some(reader) = self.reader {
            return match reader(bytes) {
                Ok(read) => Some(self.bundle_from(read, key, object, place)),
                Err(error) => {
                    self.unreadable_bundle(&error, object, key, place);
                    None
                }
            };
        }
        let inventory = match read(bytes) {
            Ok(inventory) => inventory,
            Err(error) => {
                self.unreadable_bundle(&error, object, key, place);
                return None;
            }
        };
        let field = field_of(place);
        let source = format!("{object} {field}");
        let first_index = self.certificates.len();
        // Linted first so the certificates can move into the bundle rather
        // than be copied (the findings are pushed in the same order).
        let linted = lint_bundle(&inventory, first_index, self.options.time);
        let mut members = Vec::with_capacity(inventory.certificates.len());
        for (offset, entry) in inventory.certificates.into_iter().enumerate() {
            let index = first_index + offset;
            self.certificates.push(ReportCertificate::new(
                index,
                &source,
                &entry.certificate,
                Some(entry.block),
                true,
            ));
            self.quickstart(&entry.certificate, index, object, &field);
            members.push(entry.certificate);
        }
        let mut findings = inventory.findings;
        findings.extend(linted);
        for finding in findings {
            self.push(finding.field(field.clone()), object);
        }
        self.bundles.push((
            object.clone(),
            key.into(),
            Bundle {
                object: object.clone(),
                first_index,
                members: Members::Owned(members),
            },
        ));
        Some(self.bundles.len() - 1)
    }

    /// `bundle.empty` or `bundle.parse_error` for a value that is not a bundle.
    fn unreadable_bundle(&mut self, error: &Error, object: &ObjectRef, key: &str, place: &str) {
        let rule = if matches!(error, Error::Empty) {
            &rules::BUNDLE_EMPTY
        } else {
            &rules::BUNDLE_PARSE_ERROR
        };
        self.push_with(rule, object, || {
            let field = FieldPath::root(place).key(key).to_string();
            Finding::new(rule, format!("{field}: {error}")).field(field)
        });
    }

    /// [`Context::bundle_of`] from `read`: the same certificates, views and
    /// findings, in the same order. Moved out when the reader kept no other
    /// reference to it; shared when it did (a cache).
    fn bundle_from(
        &mut self,
        read: Arc<BundleRead>,
        key: &str,
        object: &ObjectRef,
        place: &str,
    ) -> usize {
        let field = FieldPath::root(place).key(key).to_string();
        let source = format!("{object} {field}");
        let first_index = self.certificates.len();
        let linted = lint_bundle(&read.inventory, first_index, self.options.time);
        let (members, mut findings) = match Arc::try_unwrap(read) {
            Ok(BundleRead { inventory, views }) => {
                let mut members = Vec::with_capacity(inventory.certificates.len());
                for (offset, (entry, view)) in
                    inventory.certificates.into_iter().zip(views).enumerate()
                {
                    let index = first_index + offset;
                    self.member(index, &source, &entry, view, object, &field);
                    members.push(entry.certificate);
                }
                (Members::Owned(members), inventory.findings)
            }
            Err(shared) => {
                for (offset, (entry, view)) in shared
                    .inventory
                    .certificates
                    .iter()
                    .zip(&shared.views)
                    .enumerate()
                {
                    let index = first_index + offset;
                    self.member(index, &source, entry, Arc::clone(view), object, &field);
                }
                let findings = shared.inventory.findings.clone();
                (Members::Shared(shared), findings)
            }
        };
        findings.extend(linted);
        for finding in findings {
            self.push(finding.field(field.clone()), object);
        }
        self.bundles.push((
            object.clone(),
            key.into(),
            Bundle {
                object: object.clone(),
                first_index,
                members,
            },
        ));
        self.bundles.len() - 1
    }

    /// One certificate of a bundle into the report, and its quickstart check.
    fn member(
        &mut self,
        index: usize,
        source: &str,
        entry: &crate::inventory::Entry,
        view: Arc<CertificateView>,
        object: &ObjectRef,
        field: &str,
    ) {
        self.certificates.push(ReportCertificate::with_view(
            index,
            source,
            &entry.certificate,
            Some(entry.block),
            true,
            view,
        ));
        self.quickstart(&entry.certificate, index, object, field);
    }
    /// `settings.quickstart_ca`: the quickstart root is for trying AIO out.
    pub(super) fn quickstart(
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
    pub(super) fn trust_bundle(&mut self) -> Option<usize> {
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
    /// Validates a CA against the trust bundle (RFC 5280 §6 with the CA as
    /// the target): reports `rule` when it does not chain.
    pub(super) fn chain_to_bundle(
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
        let anchors: Vec<X509Certificate> = bundle.certificates().map(|(_, c)| c.clone()).collect();
        let mut indices: Vec<usize> = alloc::vec![material.index];
        indices.extend(material.chain.iter().map(|(index, _)| *index));
        indices.extend(bundle.certificates().map(|(index, _)| index));
        let bundle_object = bundle.object.clone();
        let mut options = ValidationOptions::new(self.options.time);
        options.purpose = Purpose::Any;
        let result = validate_path(&material.certificate, &intermediates, &anchors, &options);
        // The target is a CA by design: `leaf.is_ca` (what rustls says of a
        // CA presented by a TLS peer) is beside the point here.
        let mut reasons: Vec<&str> = Vec::new();
        for finding in &result.findings {
            // One cause said once: two certificates expired is one reason.
            if finding.severity == Severity::Error
                && finding.rule != &rules::LEAF_IS_CA
                && !reasons.contains(&finding.id())
            {
                reasons.push(finding.id());
            }
        }
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
}

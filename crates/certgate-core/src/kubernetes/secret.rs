//! Secrets: CA Secrets as cert-manager's CA issuer reads them
//! (`secret.*`), and TLS or other Secrets holding certificates.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'a> Context<'a> {
    /// A Secret that is no CA Secret: a kubernetes.io/tls Secret's tls.crt
    /// and tls.key (they must match, the certificate be valid), and any
    /// other value holding PEM certificates.
    pub(super) fn other_secret(&mut self, secret: &Secret) -> Result<String, String> {
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
    /// A CA Secret as cert-manager's CA issuer reads it: `secret.*`, the
    /// CA certificate's own lints, and whether it chains to the trust bundle.
    pub(super) fn ca_secret(&mut self, secret: &'a Secret) -> Option<usize> {
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
    pub(super) fn read_ca_secret(
        &mut self,
        secret: &Secret,
        object: &ObjectRef,
    ) -> Option<CaMaterial> {
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
    pub(super) fn key_matches(
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
}

//! Azure IoT Operations objects: BrokerListener (v1 and the MQ preview's
//! v1beta1), BrokerAuthentication, DataflowEndpoint (`aio.*`, `listener.*`).

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'a> Context<'a> {
    /// True when an AIO object in the set names `config_map` as its CA
    /// certificates (trustedClientCaCert, trustedCaCertificateConfigMapRef).
    pub(super) fn aio_trusts(&self, config_map: &ConfigMap) -> bool {
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
    pub(super) fn aio(&mut self, aio: &'a AioObject) -> String {
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
    pub(super) fn server_secret(&mut self, secret: &Secret, field: &str, object: &ObjectRef) {
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
}

//! issuerRefs (`issuerref.*`) of Certificates and AIO objects, and
//! `certificate.secret_overwrites_ca`.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'a> Context<'a> {
    /// `issuerref.*` for a reference from `meta`'s object.
    pub(super) fn issuer_ref(&mut self, reference: &IssuerRef, meta: &Meta) {
        let object = meta.object_ref();
        if reference.name.is_empty() {
            self.push(
                Finding::new(
                    &rules::ISSUERREF_NAME_MISSING,
                    "issuerRef.name must be specified",
                )
                .field(FieldPath::root(&reference.field).key("name")),
                &object,
            );
            return;
        }
        if !matches!(reference.group.as_str(), "" | "cert-manager.io") {
            // External issuers (other groups) are not checked, as cert-manager does.
            return;
        }
        if !matches!(reference.kind.as_str(), "" | "Issuer" | "ClusterIssuer") {
            let hint = if reference.kind.eq_ignore_ascii_case("ClusterIssuer") {
                " (did you mean ClusterIssuer?)"
            } else if reference.kind.eq_ignore_ascii_case("Issuer") {
                " (did you mean Issuer?)"
            } else if reference.group.is_empty() {
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
                .field(FieldPath::root(&reference.field).key("kind")),
                &object,
            );
            return;
        }
        if matches!(
            self.resolve(reference, meta.namespace.as_deref()),
            Found::Absent
        ) {
            let kind = if reference.kind.is_empty() {
                "Issuer"
            } else {
                reference.kind.as_str()
            };
            let namespace = meta.namespace.as_deref().unwrap_or("default");
            let place = if kind == "Issuer" {
                format!(" in namespace {namespace}")
            } else {
                String::new()
            };
            let hint = self.issuer_hint(&reference.name, kind == "ClusterIssuer", namespace);
            if let Some(finding) = self.unresolved(
                &rules::ISSUERREF_NOT_FOUND,
                &format!("{kind} {:?}{place}", reference.name),
                &hint,
            ) {
                self.push(finding.field(reference.field.clone()), &object);
            }
        }
    }
    /// `certificate.secret_overwrites_ca`.
    pub(super) fn secret_overwrites_ca(
        &mut self,
        certificate: &objects::Certificate,
        object: &ObjectRef,
    ) {
        let Found::Here(issuer) = self.resolve(
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
}

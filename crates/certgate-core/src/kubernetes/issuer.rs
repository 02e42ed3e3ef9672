//! cert-manager Issuers and ClusterIssuers (`issuer.*`), as cert-manager's
//! `internal/apis/certmanager/validation/issuer.go` and its CA issuer read them.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'a> Context<'a> {
    /// `issuer.*`. Returns who makes its CA Secret when the set only
    /// promises it.
    pub(super) fn issuer(&mut self, issuer: &'a Issuer) -> Option<String> {
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
        for (field, text) in &issuer.ca_bundles {
            self.issuer_ca_bundle(text, field, &object);
        }
        if let Some(server) = &issuer.acme_server
            && !server.to_ascii_lowercase().starts_with("https://")
        {
            self.push(
                Finding::new(
                    &rules::ISSUER_URL_INVALID,
                    format!("ACME server {server:?} is not an absolute https URL (e.g. https://acme-v02.api.letsencrypt.org/directory)"),
                )
                .field("spec.acme.server"),
                &object,
            );
        }
        let ca = issuer.ca.as_ref()?;
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
            return None;
        }
        let namespace = ca_secret_namespace(issuer, self.options).to_string();
        match self.secret(&namespace, &ca.secret_name) {
            Found::Absent => {
                let detail = format!(
                    " where cert-manager looks{}{}",
                    if issuer.is_cluster() {
                        " (a ClusterIssuer's Secret lives in the cluster resource namespace)"
                    } else {
                        " (an Issuer's Secret lives in its own namespace)"
                    },
                    self.elsewhere("Secret", &namespace, &ca.secret_name)
                );
                if let Some(finding) = self.unresolved(
                    &rules::ISSUER_CA_SECRET_NOT_FOUND,
                    &format!("Secret {namespace}/{}", ca.secret_name),
                    &detail,
                ) {
                    self.push(finding.field("spec.ca.secretName"), &object);
                }
            }
            // A Certificate (or AIO) creates it; its contents are unknown.
            Found::Made(made) => return Some(made.by.clone()),
            Found::Here(secret) => {
                // Reading the Secret reports its own problems on it.
                self.ca_secret(secret);
            }
        }
        None
    }
    /// `issuer.ca_bundle_invalid`: a caBundle is base64 of PEM CA certificates.
    pub(super) fn issuer_ca_bundle(&mut self, text: &str, field: &str, object: &ObjectRef) {
        use base64ct::Encoding as _;
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let problem = match base64ct::Base64::decode_vec(&compact) {
            Err(_) => Some(format!(
                "{:?} is not base64 (a placeholder?); give base64 of the server's PEM CA certificates",
                truncate_chars(text, 40)
            )),
            Ok(bytes) => match read(&bytes) {
                Err(error) => Some(format!("does not hold PEM certificates: {error}")),
                Ok(inventory) if inventory.certificates.is_empty() => {
                    Some("holds no certificate".into())
                }
                Ok(inventory) if !inventory.findings.is_empty() => Some(
                    "holds something other than certificates (a private key?): cert-manager reads CERTIFICATE blocks only".into(),
                ),
                Ok(inventory) => inventory
                    .certificates
                    .iter()
                    .find(|entry| !entry.certificate.is_ca())
                    .map(|entry| {
                        format!(
                            "holds {}, which is not a CA: the server's certificate is verified against caBundle as a trust anchor",
                            entry.certificate.subject
                        )
                    }),
            },
        };
        if let Some(message) = problem {
            self.push(
                Finding::new(&rules::ISSUER_CA_BUNDLE_INVALID, message).field(field),
                object,
            );
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

fn truncate_chars(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

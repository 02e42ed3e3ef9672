//! Lints: checks of one certificate or one bundle on its own, one family per
//! file (`cert`, `ca`, `leaf`, `bundle`). Each check's doc comment names its
//! finding id and cites the rule it follows.

use alloc::vec::Vec;

use crate::certificate::{Certificate, KeyUsageBit};
use crate::client::Position;
use crate::finding::Finding;
use crate::time::UnixTime;

pub(crate) mod bundle;
pub(crate) mod ca;
pub(crate) mod cert;
pub(crate) mod leaf;

pub use bundle::lint_bundle;

/// What a certificate is meant to be; decides which families apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Role {
    /// Decide from the certificate: a CA if it says cA=TRUE or keyCertSign.
    #[default]
    Auto,
    /// A CA certificate (root or intermediate).
    Ca,
    /// An intermediate CA (not self-issued).
    Intermediate,
    /// An end-entity (TLS) certificate.
    Leaf,
    /// A member of a trust bundle: a CA, ideally a self-signed root.
    Bundle,
}

/// Options for linting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintOptions {
    /// The evaluation time.
    pub time: UnixTime,
    /// What the certificates are meant to be.
    pub role: Role,
    /// Days before expiry that `cert.expires_soon` warns (default 30).
    pub expiry_warning_days: u32,
    /// Which verdict decides severities (the client model by default).
    pub verdict: crate::client::Verdict,
    /// Verify self-issued certificates' own signatures (`ca.self_signature_invalid`).
    pub(crate) check_self_signature: bool,
}

impl LintOptions {
    /// Defaults for `time`: role auto, warn 30 days before expiry.
    pub fn new(time: UnixTime) -> Self {
        Self {
            time,
            role: Role::Auto,
            expiry_warning_days: 30,
            verdict: crate::client::Verdict::clients(crate::client::ClientSet::ALL),
            check_self_signature: true,
        }
    }

    /// Sets the role.
    #[must_use]
    pub fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    /// Sets the verdict.
    #[must_use]
    pub fn verdict(mut self, verdict: crate::client::Verdict) -> Self {
        self.verdict = verdict;
        self
    }
}

/// Where a certificate of `role` sits on the paths clients build: what
/// decides which of its findings they reject.
pub(crate) fn position(certificate: &Certificate, role: Role) -> Position {
    let issuer = |certificate: &Certificate| {
        if certificate.is_self_issued() {
            Position::Anchor
        } else {
            Position::Intermediate
        }
    };
    match role {
        Role::Bundle => Position::Anchor,
        Role::Intermediate => Position::Intermediate,
        Role::Leaf => Position::Leaf,
        Role::Ca => issuer(certificate),
        Role::Auto if looks_like_ca(certificate) => issuer(certificate),
        Role::Auto => Position::Leaf,
    }
}

/// True when the certificate presents itself as a CA: the one definition
/// the lints, bundles and Kubernetes rules share.
pub(crate) fn looks_like_ca(certificate: &Certificate) -> bool {
    certificate.is_ca()
        || certificate
            .key_usage()
            .is_some_and(|usage| usage.contains(KeyUsageBit::KeyCertSign))
}

/// Lints one certificate (`cert.*`, and `ca.*` or `leaf.*` by role).
/// `index` is the certificate's index in the report. The findings are
/// capped per rule for the certificate (its object, see
/// [`crate::MAX_FINDINGS_PER_RULE`]): a certificate of 10,000 names gives
/// at most the cap of one rule's findings about them, then a summary.
pub fn lint_certificate(
    certificate: &Certificate,
    index: usize,
    options: &LintOptions,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    cert::check(certificate, options, &mut findings);
    let is_ca = match options.role {
        Role::Auto => looks_like_ca(certificate),
        Role::Ca | Role::Intermediate | Role::Bundle => true,
        Role::Leaf => false,
    };
    if is_ca {
        ca::check(certificate, options, &mut findings);
    } else {
        leaf::check(certificate, options, &mut findings);
    }
    let position = position(certificate, options.role);
    // Judged before the cap, so that a summary has the severity the
    // findings it counts have under the verdict.
    let judged = findings.into_iter().map(|mut finding| {
        finding.certificate = Some(index);
        options.verdict.judge(&mut finding, Some(position));
        finding
    });
    let mut capped = crate::finding::capped(alloc::format!("certificate {index}"), judged);
    for summary in capped.iter_mut().filter(|finding| finding.omitted > 0) {
        summary.certificate = Some(index);
    }
    capped
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const NOW: UnixTime = UnixTime(1_798_761_600);

    fn lint_ids(pem: &[u8], role: Role) -> Vec<&'static str> {
        let inventory = crate::read(pem).unwrap();
        let mut ids: Vec<_> = inventory
            .findings
            .iter()
            .map(|finding| finding.id())
            .collect();
        for (index, entry) in inventory.certificates.iter().enumerate() {
            let options = LintOptions::new(NOW).role(role);
            ids.extend(
                lint_certificate(&entry.certificate, index, &options)
                    .iter()
                    .map(|f| f.id()),
            );
        }
        if role == Role::Bundle {
            ids.extend(
                lint_bundle(&inventory, 0, NOW)
                    .iter()
                    .map(|finding| finding.id()),
            );
        }
        ids
    }

    #[test]
    fn leaf_in_trust_bundle() {
        let ids = lint_ids(
            include_bytes!("../../../../examples/pki/leaf-as-ca-bundle.pem"),
            Role::Bundle,
        );
        assert!(ids.contains(&"bundle.non_ca_cert"), "{ids:?}");
    }

    #[test]
    fn ca_without_key_cert_sign() {
        let ids = lint_ids(
            include_bytes!("../../../../examples/pki/no-keycertsign-ca.pem"),
            Role::Auto,
        );
        assert!(ids.contains(&"ca.ku_no_keycertsign"), "{ids:?}");
    }

    #[test]
    fn der_bundle_and_private_key_are_named() {
        let ids = lint_ids(
            include_bytes!("../../../../examples/pki/root-ca.der"),
            Role::Bundle,
        );
        assert!(ids.contains(&"bundle.der_encoded"), "{ids:?}");
        let ids = lint_ids(
            include_bytes!("../../../../examples/pki/root-ca.key"),
            Role::Bundle,
        );
        assert!(
            ids.contains(&"bundle.contains_private_key") && ids.contains(&"bundle.empty"),
            "{ids:?}"
        );
    }

    #[test]
    fn good_root_has_no_errors() {
        let inventory =
            crate::read(include_bytes!("../../../../examples/pki/root-ca.pem")).unwrap();
        let findings = lint_certificate(
            &inventory.certificates[0].certificate,
            0,
            &LintOptions::new(NOW),
        );
        assert!(crate::finding::is_valid(&findings), "{findings:?}");
    }
}

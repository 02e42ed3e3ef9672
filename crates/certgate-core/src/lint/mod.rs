//! Lints: checks of one certificate or one bundle on its own, one family per
//! file (`cert`, `ca`, `leaf`, `bundle`). Each check's doc comment names its
//! finding id and cites the rule it follows.

use alloc::vec::Vec;

use crate::certificate::{Certificate, KeyUsageBit};
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
}

impl LintOptions {
    /// Defaults for `time`: role auto, warn 30 days before expiry.
    pub fn new(time: UnixTime) -> Self {
        Self {
            time,
            role: Role::Auto,
            expiry_warning_days: 30,
        }
    }

    /// Sets the role.
    #[must_use]
    pub fn role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }
}

/// True when the certificate presents itself as a CA.
pub(crate) fn looks_like_ca(certificate: &Certificate) -> bool {
    certificate.is_ca()
        || certificate
            .key_usage()
            .is_some_and(|usage| usage.contains(KeyUsageBit::KeyCertSign))
}

/// Lints one certificate (`cert.*`, and `ca.*` or `leaf.*` by role).
/// `index` is the certificate's index in the report.
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
    for finding in &mut findings {
        finding.certificate = Some(index);
    }
    findings
}

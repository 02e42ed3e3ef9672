//! RFC 5280 §6.1 basic path validation of one candidate path.

use alloc::format;
use alloc::vec::Vec;

use super::names::{ConstraintState, peer_name_matches};
use super::{PathValidation, Pool, Purpose, ValidationOptions};
use crate::catalogue as rules;
use crate::certificate::{Certificate, KeyUsageBit, oid};
use crate::finding::Finding;
use crate::lint::{self, LintOptions, Role};

fn certificate_lints(
    certificate: &Certificate,
    index: usize,
    role: Role,
    options: &ValidationOptions,
    findings: &mut Vec<Finding>,
) {
    let mut lint_options = LintOptions::new(options.time).role(role);
    // Path validation checks the signatures that matter itself, and no
    // client checks an anchor's own signature (RFC 5280 §6.1.1(d)).
    lint_options.check_self_signature = false;
    // Every lint is a fact about the path; the verdict decides which fail it.
    findings.extend(lint::lint_certificate(certificate, index, &lint_options));
}

/// Validates a complete path: `path[0]` is the leaf, the last entry an anchor.
pub(super) fn validate(
    pool: &Pool<'_>,
    path: &[usize],
    options: &ValidationOptions,
) -> PathValidation {
    let mut findings = Vec::new();
    let anchor_index = *path.last().unwrap_or(&0);
    let anchor = pool.certificates[anchor_index];
    anchor_checks(anchor, anchor_index, options, &mut findings);

    // §6.1.2 initialisation from the anchor.
    let mut constraints = ConstraintState::default();
    if let Some(anchor_constraints) = anchor.name_constraints() {
        constraints.add(
            anchor_constraints.permitted.as_deref(),
            anchor_constraints.excluded.as_deref(),
        );
    }
    let mut max_path_length = PathLength {
        all: path.len(),
        without_anchor: path.len(),
    };
    // The anchor's own pathLenConstraint binds too, as its name constraints
    // do (OpenSSL and Go agree; RFC 5280 §6.2 leaves it to the anchor's use;
    // rustls-webpki ignores it, hence the second count).
    if let Some(length) = anchor.basic_constraints().and_then(|c| c.path_len) {
        max_path_length.all = max_path_length.all.min(usize::from(length));
    }
    let mut allowed_purposes: Option<Vec<const_oid::ObjectIdentifier>> = None;
    let mut policies = Policies::new(path.len() - 1);

    // §6.1.3/§6.1.4, from the certificate under the anchor down to the leaf.
    let count = path.len() - 1;
    for position in (0..count).rev() {
        let index = path[position];
        let issuer_index = path[position + 1];
        let certificate = pool.certificates[index];
        let issuer = pool.certificates[issuer_index];
        let is_leaf = position == 0;

        signature(pool, index, issuer_index, &mut findings);
        revocation(pool, index, issuer_index, options, &mut findings);
        key_identifiers(certificate, index, issuer, &mut findings);
        if let Some(finding) = lint::cert::time_findings(certificate, options.time) {
            findings.push(finding.certificate(index));
        }
        if certificate.validity.not_after > issuer.validity.not_after {
            findings.push(
                Finding::new(
                    &rules::CHAIN_VALIDITY_OUTSIDE_ISSUER,
                    format!(
                        "valid until {}, after its issuer expires on {}",
                        certificate.validity.not_after.to_rfc3339(),
                        issuer.validity.not_after.to_rfc3339()
                    ),
                )
                .certificate(index),
            );
        }
        certificate_lints(
            certificate,
            index,
            if is_leaf {
                Role::Leaf
            } else {
                Role::Intermediate
            },
            options,
            &mut findings,
        );

        // §6.1.3(b)/(c): names, except for self-issued intermediates.
        if (is_leaf || !certificate.is_self_issued())
            && let Err(violation) = constraints.check(
                &certificate.subject,
                certificate.subject_alt_names(),
                is_leaf,
            )
        {
            findings.push(if violation.budget {
                Finding::new(
                    &rules::CHAIN_BUDGET_EXHAUSTED,
                    "too many names and name constraints to compare; refused rather than risk a denial of service",
                )
                .certificate(index)
            } else if violation.wildcard_only {
                Finding::new(
                    &rules::CHAIN_WILDCARD_IN_EXCLUDED_SUBTREE,
                    format!(
                        "{} covers names inside an excluded subtree of the issuers' name constraints",
                        violation.name.to_text(),
                    ),
                )
                .certificate(index)
            } else {
                Finding::new(
                    &rules::CHAIN_NAME_CONSTRAINTS_VIOLATED,
                    format!(
                        "{} is {} the issuers' name constraints",
                        violation.name.to_text(),
                        if violation.excluded {
                            "inside an excluded subtree of"
                        } else {
                            "outside the permitted subtrees of"
                        }
                    ),
                )
                .certificate(index)
            });
        }

        // Go and rustls-webpki parse every dNSName they compare against
        // constraints, and refuse one that is not a host name.
        if (is_leaf || !certificate.is_self_issued())
            && !constraints.is_empty()
            && let Some(name) = certificate
                .subject_alt_names()
                .unwrap_or_default()
                .iter()
                .find(|name| matches!(name, crate::name::GeneralName::Dns(dns) if !super::names::is_valid_dns_name(dns, true, true)))
        {
            findings.push(
                Finding::new(
                    &rules::CHAIN_MALFORMED_NAME_UNDER_CONSTRAINTS,
                    format!(
                        "{} cannot be compared with the issuers' name constraints: it is not a host name",
                        name.to_text()
                    ),
                )
                .certificate(index)
                .field("extensions.subjectAltName"),
            );
        }

        if is_leaf {
            openssl_common_name(certificate, index, &constraints, &mut findings);
        }

        // EKU chaining: each restricting intermediate narrows the set
        // (anyExtendedKeyUsage restricts nothing).
        // An empty list (`cert.eku_empty`) restricts nothing for Go.
        if let Some(purposes) = certificate.extended_key_usage()
            && !is_leaf
            && !purposes.is_empty()
            && !purposes.contains(&oid::ANY_EXTENDED_KEY_USAGE)
        {
            allowed_purposes = Some(match allowed_purposes {
                None => purposes.to_vec(),
                Some(previous) => previous
                    .into_iter()
                    .filter(|purpose| purposes.contains(purpose))
                    .collect(),
            });
        }
        policies.process(certificate, is_leaf);

        if is_leaf {
            break;
        }
        // §6.1.4: preparation for the next certificate.
        intermediate_checks(certificate, index, &mut max_path_length, &mut findings);
        if let Some(own) = certificate.name_constraints() {
            constraints.add(own.permitted.as_deref(), own.excluded.as_deref());
        }
    }
    leaf_checks(
        pool,
        path,
        options,
        allowed_purposes.as_deref(),
        &mut findings,
    );
    if policies.explicit_policy_unmet() {
        findings.push(
            Finding::new(
                &rules::CHAIN_EXPLICIT_POLICY_REQUIRED,
                "a policyConstraints requireExplicitPolicy applies, and no certificate policy is valid along the whole path",
            )
            .certificate(0),
        );
    }
    finish(pool, path.to_vec(), true, findings, options)
}

/// `chain.cn_outside_name_constraints` — OpenSSL's `NAME_CONSTRAINTS_check_CN`:
/// a leaf without dNSName SANs has its host-name-like common name checked
/// against DNS constraints even when it has other SANs (an IP address),
/// where RFC 5280, Go and rustls leave the CN alone.
fn openssl_common_name(
    leaf: &Certificate,
    index: usize,
    constraints: &ConstraintState,
    findings: &mut Vec<Finding>,
) {
    let Some(names) = leaf.subject_alt_names() else {
        // No SAN at all: `ConstraintState::check` already reads the CN.
        return;
    };
    if names
        .iter()
        .any(|name| matches!(name, crate::name::GeneralName::Dns(_)))
    {
        return;
    }
    let Some(common_name) = leaf.subject.common_name() else {
        return;
    };
    if !super::names::is_valid_dns_name(common_name, true, true) || !common_name.contains('.') {
        return;
    }
    if let Err(violation) = constraints.check_dns_name(common_name) {
        if violation.budget {
            return;
        }
        findings.push(
            Finding::new(
                &rules::CHAIN_CN_OUTSIDE_NAME_CONSTRAINTS,
                format!(
                    "the common name {common_name} is {} the issuers' DNS name constraints (OpenSSL checks it, as the certificate has no DNS subjectAltName)",
                    if violation.excluded {
                        "inside an excluded subtree of"
                    } else {
                        "outside the permitted subtrees of"
                    }
                ),
            )
            .certificate(index)
            .field("subject"),
        );
    }
}

/// RFC 5280 §6.1 policy processing, reduced to what decides a verdict
/// without policy mappings: the set of policies valid along the whole path
/// (§6.1.3(d)-(f), `anyPolicy` standing for every policy) and the
/// explicit_policy counter (§6.1.2(d), §6.1.4(h)/(i), §6.1.5(a)/(b)).
/// When explicit_policy reaches 0 the set must not be empty.
struct Policies {
    /// `None`: still anyPolicy (nothing restricted yet).
    valid: Option<Vec<const_oid::ObjectIdentifier>>,
    /// The set became empty (a certificate without certificatePolicies).
    empty: bool,
    explicit_policy: usize,
}

impl Policies {
    fn new(certificates: usize) -> Self {
        Self {
            valid: None,
            empty: false,
            explicit_policy: certificates + 1,
        }
    }

    fn process(&mut self, certificate: &Certificate, is_leaf: bool) {
        match certificate
            .extension(oid::CERTIFICATE_POLICIES)
            .map(|extension| &extension.value)
        {
            Some(crate::certificate::ExtensionValue::CertificatePolicies(policies)) => {
                if !policies.contains(&oid::ANY_POLICY) {
                    self.valid = Some(match self.valid.take() {
                        None => policies.clone(),
                        Some(previous) => previous
                            .into_iter()
                            .filter(|policy| policies.contains(policy))
                            .collect(),
                    });
                }
            }
            _ => self.empty = true,
        }
        let require = match certificate
            .extension(oid::POLICY_CONSTRAINTS)
            .map(|extension| &extension.value)
        {
            Some(crate::certificate::ExtensionValue::PolicyConstraints(constraints)) => {
                constraints.require_explicit_policy
            }
            _ => None,
        };
        // (h)/(a): count down for every certificate but self-issued
        // intermediates; (i)/(b): requireExplicitPolicy can only shorten it.
        if (is_leaf || !certificate.is_self_issued()) && self.explicit_policy > 0 {
            self.explicit_policy -= 1;
        }
        if let Some(skip) = require {
            let skip = usize::try_from(skip).unwrap_or(usize::MAX);
            self.explicit_policy = self.explicit_policy.min(skip);
        }
    }

    fn explicit_policy_unmet(&self) -> bool {
        self.explicit_policy == 0 && (self.empty || self.valid.as_ref().is_some_and(Vec::is_empty))
    }
}

/// A leaf found verbatim among the trust anchors: trusted directly, so only
/// its own validity, purpose and name are checked.
pub(super) fn validate_trusted_leaf(
    pool: &Pool<'_>,
    path: &[usize],
    options: &ValidationOptions,
) -> PathValidation {
    let mut findings = Vec::new();
    let leaf = pool.certificates[0];
    if let Some(finding) = lint::cert::time_findings(leaf, options.time) {
        findings.push(finding.certificate(0));
    }
    certificate_lints(leaf, 0, Role::Leaf, options, &mut findings);
    // Trusted as it is: nobody checks its own signature (RFC 5280 §6.1.1(d)).
    findings.retain(|finding| finding.rule != &rules::CERT_WEAK_SIGNATURE_ALG);
    leaf_checks(pool, path, options, None, &mut findings);
    finish(pool, path.to_vec(), true, findings, options)
}

/// A path that reached no anchor: what can still be said about its certificates.
pub(super) fn validate_partial(
    pool: &Pool<'_>,
    path: &[usize],
    options: &ValidationOptions,
) -> PathValidation {
    let mut findings = Vec::new();
    for (position, &index) in path.iter().enumerate() {
        let certificate = pool.certificates[index];
        if let Some(finding) = lint::cert::time_findings(certificate, options.time) {
            findings.push(finding.certificate(index));
        }
        if let Some(&issuer_index) = path.get(position + 1) {
            signature(pool, index, issuer_index, &mut findings);
        }
    }
    finish(pool, path.to_vec(), false, findings, options)
}

/// Judges every finding at its certificate's position on the path, then
/// derives the verdict and each client's answer from them.
pub(super) fn finish(
    pool: &Pool<'_>,
    path: Vec<usize>,
    complete: bool,
    mut findings: Vec<Finding>,
    options: &ValidationOptions,
) -> PathValidation {
    let verdict = options.verdict();
    for finding in &mut findings {
        let position = finding.certificate.map(|index| pool.position(index));
        verdict.judge(finding, position);
    }
    crate::finding::normalize(&mut findings);
    let mut clients = crate::client::answers(&findings, verdict.clients);
    for answer in &mut clients {
        // No path to an anchor: every client refuses, whatever else.
        answer.accepts &= complete;
    }
    PathValidation {
        valid: complete && crate::finding::is_valid(&findings),
        path,
        complete,
        findings,
        clients,
    }
}

/// RFC 5280 §6.1.1(d) takes the anchor as given; certgate also refuses an
/// anchor that is not a CA or not valid now (`chain.anchor_not_ca`,
/// `cert.expired`), as OpenSSL and Go do: a Kubernetes trust bundle with an
/// expired root or a leaf in it is a mistake to catch, not to honour.
fn anchor_checks(
    anchor: &Certificate,
    index: usize,
    options: &ValidationOptions,
    findings: &mut Vec<Finding>,
) {
    if let Some(finding) = lint::cert::time_findings(anchor, options.time) {
        findings.push(finding.certificate(index));
    }
    // Without basicConstraints at all it is `ca.bc_missing` (its lint),
    // which OpenSSL accepts on an anchor and Go does not.
    let not_ca = anchor
        .basic_constraints()
        .is_some_and(|constraints| !constraints.ca);
    let no_key_cert_sign = anchor
        .key_usage()
        .is_some_and(|usage| !usage.contains(KeyUsageBit::KeyCertSign));
    if not_ca {
        findings.push(
            Finding::new(
                &rules::CHAIN_ANCHOR_NOT_CA,
                format!(
                    "trust anchor {} is not a CA (no cA=TRUE) and cannot issue certificates",
                    anchor.subject,
                ),
            )
            .certificate(index),
        );
    }
    if no_key_cert_sign {
        findings.push(no_key_cert_sign_finding(anchor, index));
    }
    if !issues_itself_for_openssl(anchor) {
        findings.push(
            Finding::new(
                &rules::CHAIN_ANCHOR_NOT_SELF_SIGNED,
                format!(
                    "trust anchor {} does not name itself as issuer (issuer name or authorityKeyIdentifier), so OpenSSL looks further for its issuer",
                    anchor.subject
                ),
            )
            .certificate(index),
        );
    }
    certificate_lints(anchor, index, Role::Bundle, options, findings);
}

/// OpenSSL's `X509_check_issued(x, x)`: a certificate is its own issuer
/// when the names match and its authorityKeyIdentifier, if any, points at
/// itself (keyIdentifier = its SKI, authorityCertSerialNumber = its serial,
/// authorityCertIssuer = its issuer). Without X509_V_FLAG_PARTIAL_CHAIN,
/// OpenSSL accepts a chain only when it ends in such a trusted certificate.
fn issues_itself_for_openssl(certificate: &Certificate) -> bool {
    if !certificate.is_self_issued() {
        return false;
    }
    let Some(aki) = certificate.authority_key_identifier() else {
        return true;
    };
    let key_id_matches = match (&aki.key_identifier, certificate.subject_key_identifier()) {
        (Some(key_id), Some(own)) => key_id.as_slice() == own,
        _ => true,
    };
    let serial_matches = aki
        .serial
        .as_ref()
        .is_none_or(|serial| *serial == certificate.serial);
    let issuer_matches = aki.issuer.as_ref().is_none_or(|names| {
        names.iter().all(|name| match name {
            crate::name::GeneralName::Directory(issuer) => issuer.matches(&certificate.issuer),
            _ => true,
        })
    });
    key_id_matches && serial_matches && issuer_matches
}

/// `chain.revoked`, `chain.crl_invalid` — RFC 5280 §6.1.3(a)(3) and §6.3:
/// the CRLs that `issuer` signed (name and signature) and whose scope
/// covers the certificate (issuingDistributionPoint, §6.3.3(b)(2), see
/// `Crl::covers`) decide; one that cannot be used (§5.2 cRLNumber rules,
/// §4.2.1.3 cRLSign, out of date, indirect or reason-partitioned) fails
/// closed rather than letting a revoked certificate through. A delta CRL
/// revokes what it lists; what it does not list is left to the others.
fn revocation(
    pool: &Pool<'_>,
    index: usize,
    issuer_index: usize,
    options: &ValidationOptions,
    findings: &mut Vec<Finding>,
) {
    let certificate = pool.certificates[index];
    let issuer = pool.certificates[issuer_index];
    let mut covered = false;
    for (position, crl) in options.crls.iter().enumerate() {
        // Scope before signature: the cheap test first.
        if !crl.issuer.matches(&issuer.subject)
            || !crl.covers(certificate)
            || !pool.crl_signed_by(&options.crls, position, issuer_index)
        {
            continue;
        }
        covered = true;
        let mut problems = crl.problems.clone();
        problems.extend(crl.unsupported());
        // Issuance faults some clients overlook: facts of their own, so the
        // client model can tell them from a list nobody can use.
        if !crl.nonconforming.is_empty() {
            findings.push(
                Finding::new(
                    &rules::CHAIN_CRL_NONCONFORMING,
                    format!(
                        "the CRL of {} breaks RFC 5280: {}",
                        issuer.subject,
                        crl.nonconforming.join("; ")
                    ),
                )
                .certificate(index),
            );
        }
        if crl.number_critical {
            findings.push(
                Finding::new(
                    &rules::CHAIN_CRL_NUMBER_CRITICAL,
                    format!(
                        "the CRL of {} marks its cRLNumber critical (RFC 5280 §5.2.3: MUST be non-critical)",
                        issuer.subject
                    ),
                )
                .certificate(index),
            );
        }
        if issuer
            .key_usage()
            .is_some_and(|usage| !usage.contains(KeyUsageBit::CrlSign))
        {
            findings.push(
                Finding::new(
                    &rules::CHAIN_CRL_ISSUER_NO_CRLSIGN,
                    format!(
                        "the CRL of {} is signed by a key whose keyUsage lacks cRLSign",
                        issuer.subject
                    ),
                )
                .certificate(index),
            );
        }
        if crl.this_update > options.time {
            problems.push("its thisUpdate is in the future".into());
        }
        if crl.next_update.is_some_and(|next| next < options.time) {
            problems.push("its nextUpdate has passed".into());
        }
        if !problems.is_empty() {
            findings.push(
                Finding::new(
                    &rules::CHAIN_CRL_INVALID,
                    format!(
                        "the {}CRL of {} cannot be used: {}",
                        if crl.delta { "delta " } else { "" },
                        issuer.subject,
                        problems.join("; ")
                    ),
                )
                .certificate(index),
            );
        } else if crl.revoked.contains(&certificate.serial) {
            findings.push(
                Finding::new(
                    &rules::CHAIN_REVOKED,
                    format!(
                        "serial {} is revoked by the {}CRL of {}",
                        crate::name::hex_colons(&certificate.serial),
                        if crl.delta { "delta " } else { "" },
                        issuer.subject
                    ),
                )
                .certificate(index),
            );
        }
    }
    // `chain.crl_missing`: revocation was asked for (CRLs given) and none
    // speaks for this certificate; OpenSSL (CRL_CHECK_ALL) and rustls then
    // refuse the path as of unknown status.
    if !options.crls.is_empty() && !covered {
        findings.push(
            Finding::new(
                &rules::CHAIN_CRL_MISSING,
                format!(
                    "no CRL given covers it (none from {} in scope), so its revocation status is unknown",
                    issuer.subject
                ),
            )
            .certificate(index),
        );
    }
}

/// `chain.signature_invalid` — RFC 5280 §6.1.3(a)(1).
fn signature(pool: &Pool<'_>, index: usize, issuer_index: usize, findings: &mut Vec<Finding>) {
    let issuer = pool.certificates[issuer_index];
    if let Err(error) = pool.verify(index, issuer_index) {
        findings.push(
            Finding::new(
                &rules::CHAIN_SIGNATURE_INVALID,
                format!(
                    "signature does not verify with the key of {}: {error}",
                    issuer.subject
                ),
            )
            .certificate(index)
            .field("signatureValue"),
        );
    }
}

/// `chain.aki_ski_mismatch` — RFC 5280 §4.2.1.1: the keyIdentifier names
/// the issuer's key; OpenSSL does not find an issuer whose SKI differs.
fn key_identifiers(
    certificate: &Certificate,
    index: usize,
    issuer: &Certificate,
    findings: &mut Vec<Finding>,
) {
    let key_id = certificate
        .authority_key_identifier()
        .and_then(|aki| aki.key_identifier.as_deref());
    if let (Some(key_id), Some(subject_key_id)) = (key_id, issuer.subject_key_identifier())
        && key_id != subject_key_id
    {
        findings.push(
            Finding::new(
                &rules::CHAIN_AKI_SKI_MISMATCH,
                format!(
                    "authorityKeyIdentifier {} differs from the issuer's subjectKeyIdentifier {}",
                    crate::name::hex_colons(key_id),
                    crate::name::hex_colons(subject_key_id)
                ),
            )
            .certificate(index)
            .field("extensions.authorityKeyIdentifier"),
        );
    }
}

/// RFC 5280 §6.1.2(m) `max_path_length`, counted twice: with the anchor's
/// pathLenConstraint and without it.
struct PathLength {
    all: usize,
    without_anchor: usize,
}

/// §6.1.4(k)–(n) for an intermediate: `chain.issuer_not_ca`,
/// `chain.pathlen_exceeded`, `chain.anchor_pathlen_exceeded`,
/// `chain.issuer_no_keycertsign`.
fn intermediate_checks(
    certificate: &Certificate,
    index: usize,
    max_path_length: &mut PathLength,
    findings: &mut Vec<Finding>,
) {
    // (k); a CA with keyCertSign but no basicConstraints is `ca.bc_missing`
    // (its lint), which OpenSSL accepts and Go and rustls do not.
    let key_cert_sign_without_constraints = certificate.basic_constraints().is_none()
        && certificate.version == 3
        && certificate
            .key_usage()
            .is_some_and(|usage| usage.contains(KeyUsageBit::KeyCertSign));
    if !certificate.is_ca() && !key_cert_sign_without_constraints {
        findings.push(
            Finding::new(
                &rules::CHAIN_ISSUER_NOT_CA,
                format!(
                    "{} issued a certificate but is not a CA (no cA=TRUE)",
                    certificate.subject
                ),
            )
            .certificate(index)
            .field("extensions.basicConstraints"),
        );
    }
    // (l)
    if !certificate.is_self_issued() {
        if max_path_length.all == 0 {
            let (rule, whose) = if max_path_length.without_anchor == 0 {
                (&rules::CHAIN_PATHLEN_EXCEEDED, "an ancestor's")
            } else {
                (&rules::CHAIN_ANCHOR_PATHLEN_EXCEEDED, "the trust anchor's")
            };
            findings.push(
                Finding::new(
                    rule,
                    format!(
                        "{} is beyond {whose} pathLenConstraint",
                        certificate.subject
                    ),
                )
                .certificate(index),
            );
        }
        max_path_length.all = max_path_length.all.saturating_sub(1);
        max_path_length.without_anchor = max_path_length.without_anchor.saturating_sub(1);
    }
    // (m)
    if let Some(length) = certificate.basic_constraints().and_then(|c| c.path_len) {
        max_path_length.all = max_path_length.all.min(usize::from(length));
        max_path_length.without_anchor = max_path_length.without_anchor.min(usize::from(length));
    }
    // (n)
    if certificate
        .key_usage()
        .is_some_and(|usage| !usage.contains(KeyUsageBit::KeyCertSign))
    {
        findings.push(no_key_cert_sign_finding(certificate, index));
    }
}

/// `chain.issuer_no_keycertsign`, `chain.issuer_ku_empty` — RFC 5280 §6.1.4(n), for an
/// intermediate or the anchor that issued the next certificate.
fn no_key_cert_sign_finding(issuer: &Certificate, index: usize) -> Finding {
    // Go's CheckSignatureFrom tests keyCertSign only when some bit is set.
    if issuer.key_usage().is_some_and(|usage| usage.is_empty()) {
        return Finding::new(
            &rules::CHAIN_ISSUER_KU_EMPTY,
            format!(
                "{} issued a certificate but its keyUsage is empty",
                issuer.subject
            ),
        )
        .certificate(index)
        .field("extensions.keyUsage");
    }
    Finding::new(
        &rules::CHAIN_ISSUER_NO_KEYCERTSIGN,
        format!(
            "{} issued a certificate but its keyUsage lacks keyCertSign",
            issuer.subject
        ),
    )
    .certificate(index)
    .field("extensions.keyUsage")
}

/// OpenSSL's `X509_check_host` reads the subject's common name when the
/// certificate has no dNSName SAN; Go and rustls never do.
fn common_name_fallback(
    leaf: &Certificate,
    names: &[crate::name::GeneralName],
    reference: &super::PeerName,
) -> bool {
    let super::PeerName::Dns(host) = reference else {
        return false;
    };
    let has_dns_name = names
        .iter()
        .any(|name| matches!(name, crate::name::GeneralName::Dns(_)));
    !has_dns_name
        && leaf.subject.common_name().is_some_and(|common_name| {
            super::names::peer_name_matches(
                &[crate::name::GeneralName::Dns(common_name.into())],
                &super::PeerName::Dns(host.clone()),
            )
        })
}

/// Purpose, peer name and profile rules for the leaf.
fn leaf_checks(
    pool: &Pool<'_>,
    path: &[usize],
    options: &ValidationOptions,
    issuer_purposes: Option<&[const_oid::ObjectIdentifier]>,
    findings: &mut Vec<Finding>,
) {
    let leaf = pool.certificates[0];
    let wanted = match options.purpose {
        Purpose::Server => Some(oid::SERVER_AUTH),
        Purpose::Client => Some(oid::CLIENT_AUTH),
        Purpose::Any => None,
    };
    if let Some(wanted) = wanted {
        // RFC 5280 §4.2.1.12: the purposes listed are the only ones allowed.
        if let Some(purposes) = leaf.extended_key_usage() {
            // anyExtendedKeyUsage without the purpose is `leaf.eku_only_any`
            // (Go accepts it, OpenSSL and rustls-webpki do not); an empty
            // list is `cert.eku_empty` (its lint).
            if !purposes.contains(&wanted) && purposes.contains(&oid::ANY_EXTENDED_KEY_USAGE) {
                findings.push(
                    Finding::new(
                        &rules::LEAF_EKU_ONLY_ANY,
                        format!(
                            "extendedKeyUsage has anyExtendedKeyUsage but not {}",
                            crate::certificate::eku_name(wanted)
                        ),
                    )
                    .certificate(0)
                    .field("extensions.extendedKeyUsage"),
                );
            }
            if !purposes.is_empty()
                && !purposes.contains(&wanted)
                && !purposes.contains(&oid::ANY_EXTENDED_KEY_USAGE)
            {
                findings.push(
                    Finding::new(
                        &rules::CHAIN_EKU_MISMATCH,
                        format!(
                            "extendedKeyUsage ({}) does not include {}",
                            purposes
                                .iter()
                                .map(|p| crate::certificate::eku_name(*p))
                                .collect::<Vec<_>>()
                                .join(", "),
                            crate::certificate::eku_name(wanted)
                        ),
                    )
                    .certificate(0)
                    .field("extensions.extendedKeyUsage"),
                );
            }
        }
        if let Some(purposes) = issuer_purposes
            && !purposes.contains(&wanted)
            && !purposes.contains(&oid::ANY_EXTENDED_KEY_USAGE)
        {
            findings.push(
                Finding::new(
                    &rules::CHAIN_EKU_NOT_PERMITTED_BY_ISSUER,
                    format!(
                        "an intermediate restricts extendedKeyUsage and does not allow {}",
                        crate::certificate::eku_name(wanted)
                    ),
                )
                .certificate(0),
            );
        }
    }
    // `leaf.ku_incompatible`: OpenSSL's TLS purposes want one of
    // digitalSignature, keyEncipherment or keyAgreement when keyUsage is
    // present (`ku_reject(x, KU_TLS)`); Go and rustls ignore a leaf's keyUsage.
    if wanted.is_some()
        && let Some(usage) = leaf.key_usage()
        && ![
            KeyUsageBit::DigitalSignature,
            KeyUsageBit::KeyEncipherment,
            KeyUsageBit::KeyAgreement,
        ]
        .iter()
        .any(|bit| usage.contains(*bit))
    {
        findings.push(
            Finding::new(
                &rules::LEAF_KU_INCOMPATIBLE,
                "keyUsage has none of digitalSignature, keyEncipherment and keyAgreement, which TLS needs",
            )
            .certificate(0)
            .field("extensions.keyUsage"),
        );
    }
    if wanted.is_some() && leaf.extended_key_usage().is_none() {
        findings.push(
            Finding::new(
                &rules::LEAF_EKU_MISSING,
                "TLS certificate has no extendedKeyUsage",
            )
            .certificate(0)
            .field("extensions.extendedKeyUsage"),
        );
    }
    if let Some(reference) = &options.peer_name {
        let names = leaf.subject_alt_names().unwrap_or_default();
        if !peer_name_matches(names, reference) {
            findings.push(if common_name_fallback(leaf, names, reference) {
                Finding::new(
                    &rules::LEAF_NAME_ONLY_IN_CN,
                    format!(
                        "{} is only the subject's common name; the certificate has no DNS subjectAltName",
                        reference.to_text()
                    ),
                )
                .certificate(0)
                .field("subject")
            } else {
                Finding::new(
                    &rules::LEAF_NAME_MISMATCH,
                    format!("certificate is not valid for {}", reference.to_text()),
                )
                .certificate(0)
                .field("extensions.subjectAltName")
            });
        }
    }
    if leaf.is_ca() && path.len() > 1 {
        findings.push(
            Finding::new(
                &rules::LEAF_IS_CA,
                "a CA certificate is presented as the end-entity certificate",
            )
            .certificate(0)
            .field("extensions.basicConstraints"),
        );
    }
    if leaf.is_ca()
        && let Some(&issuer_index) = path.get(1)
    {
        let issuer = pool.certificates[issuer_index];
        if issuer.basic_constraints().and_then(|c| c.path_len) == Some(0) && !pool.is_anchor(0) {
            findings.push(
                    Finding::new(
                        &rules::CHAIN_SUBCA_UNDER_PATHLEN_ZERO,
                        format!("{} has pathLenConstraint 0 yet issued a CA certificate, which cannot issue further", issuer.subject),
                    )
                    .certificate(0),
                );
        }
    }
}

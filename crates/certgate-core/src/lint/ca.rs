//! `ca.*`: rules for CA certificates (roots and intermediates).

use alloc::format;
use alloc::vec::Vec;

use super::LintOptions;
use crate::catalogue as rules;
use crate::certificate::{Certificate, KeyUsageBit, oid};
use crate::finding::Finding;

pub(crate) fn check(certificate: &Certificate, options: &LintOptions, findings: &mut Vec<Finding>) {
    basic_constraints(certificate, findings);
    key_usage(certificate, findings);
    subject_key_identifier(certificate, findings);
    subject(certificate, findings);
    root_rules(certificate, findings);
    extended_key_usage(certificate, findings);
    root_authority_key_identifier(certificate, findings);
    if options.check_self_signature {
        self_signature(certificate, findings);
    }
}

/// `ca.issuer_not_v3`, `ca.bc_missing`, `ca.bc_not_critical`, `ca.keycertsign_without_ca`,
/// `ca.pathlen_without_ca` — RFC 5280 §4.2.1.9 and §6.1.4(k): a CA MUST
/// carry a critical basicConstraints with cA=TRUE.
fn basic_constraints(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let field = "extensions.basicConstraints";
    // A v1/v2 certificate without extensions cannot say it is a CA: only a
    // trust anchor may be one. (OpenSSL reads basicConstraints even in v1;
    // Go ignores it, which is `cert.extensions_before_v3`.)
    if certificate.version != 3 && certificate.basic_constraints().is_none() {
        findings.push(Finding::new(
            &rules::CA_ISSUER_NOT_V3,
            format!(
                "X.509 v{} certificate used as a CA: only a trust anchor may be v1",
                certificate.version
            ),
        ));
        return;
    }
    let extension = certificate.extension(oid::BASIC_CONSTRAINTS);
    let constraints = certificate.basic_constraints();
    let key_cert_sign = certificate
        .key_usage()
        .map(|usage| usage.contains(KeyUsageBit::KeyCertSign));
    match constraints {
        None if extension.is_none() => findings.push(
            Finding::new(
                &rules::CA_BC_MISSING,
                "used as a CA but has no basicConstraints; validators will not accept it as an issuer",
            )
            .field(field),
        ),
        None => {}
        Some(constraints) => {
            if constraints.ca && !extension.is_some_and(|extension| extension.critical) {
                findings.push(
                    Finding::new(&rules::CA_BC_NOT_CRITICAL, "basicConstraints of a CA is not critical")
                        .field(field),
                );
            }
            if constraints.path_len.is_some() && (!constraints.ca || key_cert_sign == Some(false)) {
                findings.push(
                    Finding::new(
                        &rules::CA_PATHLEN_WITHOUT_CA,
                        "pathLenConstraint is set but the certificate is not a CA with keyCertSign",
                    )
                    .field(field),
                );
            }
        }
    }
}

/// `ca.keycertsign_without_ca` — RFC 5280 §4.2.1.3: keyCertSign only with
/// cA=TRUE. Run for every certificate (from `cert`): the mistake is a leaf
/// that claims to sign certificates.
pub(crate) fn key_cert_sign_without_ca(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let key_cert_sign = certificate
        .key_usage()
        .is_some_and(|usage| usage.contains(KeyUsageBit::KeyCertSign));
    if key_cert_sign && certificate.basic_constraints().is_some_and(|c| !c.ca) {
        findings.push(
            Finding::new(
                &rules::CA_KEYCERTSIGN_WITHOUT_CA,
                "keyUsage asserts keyCertSign while basicConstraints says cA=FALSE",
            )
            .field("extensions.keyUsage"),
        );
    }
}

/// `ca.ku_missing`, `ca.ku_no_keycertsign`, `ca.ku_not_critical` —
/// RFC 5280 §4.2.1.3 and §4.2.1.9; CA/B Forum BR §7.1.2.10.7.
fn key_usage(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let field = "extensions.keyUsage";
    match certificate.extension(oid::KEY_USAGE) {
        None => findings.push(
            Finding::new(&rules::CA_KU_MISSING, "CA certificate has no keyUsage").field(field),
        ),
        Some(extension) => {
            if certificate.is_ca()
                && certificate
                    .key_usage()
                    .is_some_and(|usage| !usage.contains(KeyUsageBit::KeyCertSign))
            {
                findings.push(
                    Finding::new(
                        &rules::CA_KU_NO_KEYCERTSIGN,
                        "cA=TRUE but keyUsage lacks keyCertSign, so it cannot sign certificates",
                    )
                    .field(field),
                );
            }
            if !extension.critical {
                findings.push(
                    Finding::new(
                        &rules::CA_KU_NOT_CRITICAL,
                        "keyUsage of a CA is not critical",
                    )
                    .field(field),
                );
            }
        }
    }
}

/// `ca.ski_missing` — RFC 5280 §4.2.1.2: CA certificates MUST carry
/// subjectKeyIdentifier.
fn subject_key_identifier(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate.extension(oid::SUBJECT_KEY_IDENTIFIER).is_none() {
        findings.push(
            Finding::new(
                &rules::CA_SKI_MISSING,
                "CA certificate has no subjectKeyIdentifier",
            )
            .field("extensions.subjectKeyIdentifier"),
        );
    }
}

/// `ca.subject_empty` — RFC 5280 §4.1.2.6: a CA's subject MUST be non-empty.
fn subject(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate.subject.is_empty() {
        findings.push(
            Finding::new(
                &rules::CA_SUBJECT_EMPTY,
                "CA certificate has an empty subject",
            )
            .field("subject"),
        );
    }
}

/// `ca.root_pathlen_present` (BR §7.1.2.1.4), `ca.root_eku_present`
/// (BR §7.1.2.1.2): roots carry neither.
fn root_rules(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if !certificate.is_self_issued() {
        return;
    }
    if certificate
        .basic_constraints()
        .is_some_and(|c| c.path_len.is_some())
    {
        findings.push(
            Finding::new(
                &rules::CA_ROOT_PATHLEN_PRESENT,
                "root CA carries a pathLenConstraint",
            )
            .field("extensions.basicConstraints"),
        );
    }
    if certificate.extension(oid::EXTENDED_KEY_USAGE).is_some() {
        findings.push(
            Finding::new(
                &rules::CA_ROOT_EKU_PRESENT,
                "root CA carries extendedKeyUsage",
            )
            .field("extensions.extendedKeyUsage"),
        );
    }
}

/// `ca.eku_any` — BR §7.1.2.10.6, Mozilla policy §5.3: CAs should not assert
/// anyExtendedKeyUsage.
fn extended_key_usage(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate
        .extended_key_usage()
        .is_some_and(|purposes| purposes.contains(&oid::ANY_EXTENDED_KEY_USAGE))
    {
        findings.push(
            Finding::new(
                &rules::CA_EKU_ANY,
                "CA certificate asserts anyExtendedKeyUsage",
            )
            .field("extensions.extendedKeyUsage"),
        );
    }
}

/// `ca.nc_not_critical`, `ca.nc_in_non_ca`, `ca.nc_empty` — RFC 5280
/// §4.2.1.10: only in CA certificates, critical, with at least one subtree.
/// Run for every certificate (from `cert`), since a leaf may carry it.
pub(crate) fn check_name_constraints(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let field = "extensions.nameConstraints";
    let Some(extension) = certificate.extension(oid::NAME_CONSTRAINTS) else {
        return;
    };
    if !certificate.is_ca() {
        findings.push(
            Finding::new(
                &rules::CA_NC_IN_NON_CA,
                "nameConstraints in a certificate that is not a CA",
            )
            .field(field),
        );
    }
    if !extension.critical {
        findings.push(
            Finding::new(
                &rules::CA_NC_NOT_CRITICAL,
                "nameConstraints is not critical",
            )
            .field(field),
        );
    }
    if let Some(constraints) = certificate.name_constraints() {
        subtrees(constraints, findings);
        unsupported_forms(constraints, extension.critical, findings);
        let empty = |trees: &Option<Vec<crate::certificate::GeneralSubtree>>| {
            trees.as_ref().is_none_or(Vec::is_empty)
        };
        if empty(&constraints.permitted) && empty(&constraints.excluded) {
            findings.push(
                Finding::new(
                    &rules::CA_NC_EMPTY,
                    "nameConstraints has neither permitted nor excluded subtrees",
                )
                .field(field),
            );
        }
    }
}

/// `ca.nc_unsupported_form` — Go evaluates dNSName, iPAddress, rfc822Name
/// and URI constraints only; a critical nameConstraints with any other form
/// is an unhandled critical extension to it (`crypto/x509/parser.go`).
fn unsupported_forms(
    constraints: &crate::certificate::NameConstraints,
    critical: bool,
    findings: &mut Vec<Finding>,
) {
    use crate::name::GeneralName;
    if !critical {
        return;
    }
    let unsupported = constraints
        .permitted
        .iter()
        .chain(constraints.excluded.iter())
        .flatten()
        .find(|subtree| {
            !matches!(
                subtree.base,
                GeneralName::Dns(_)
                    | GeneralName::Ip(_)
                    | GeneralName::Email(_)
                    | GeneralName::Uri(_)
            )
        });
    if let Some(subtree) = unsupported {
        findings.push(
            Finding::new(
                &rules::CA_NC_UNSUPPORTED_FORM,
                format!(
                    "critical nameConstraints constrains {}, which Go cannot evaluate",
                    subtree.base.to_text()
                ),
            )
            .field("extensions.nameConstraints"),
        );
    }
}

/// `ca.nc_invalid_subtree`, `ca.nc_minimum_maximum`, `ca.nc_ip_malformed`,
/// `ca.nc_dns_leading_period` — RFC 5280
/// §4.2.1.10: minimum is 0 and maximum absent; an iPAddress base is an
/// address and a mask; a dNSName base is a host name, and only e-mail and
/// URI bases may start with a period.
fn subtrees(constraints: &crate::certificate::NameConstraints, findings: &mut Vec<Finding>) {
    use crate::name::GeneralName;
    let field = "extensions.nameConstraints";
    let all = constraints
        .permitted
        .iter()
        .chain(&constraints.excluded)
        .flatten();
    for subtree in all {
        if subtree.minimum != 0 || subtree.maximum.is_some() {
            findings.push(
                Finding::new(
                    &rules::CA_NC_MINIMUM_MAXIMUM,
                    alloc::format!(
                        "subtree {} has minimum {}{}; minimum must be 0 and maximum absent",
                        subtree.base.to_text(),
                        subtree.minimum,
                        subtree
                            .maximum
                            .map_or(alloc::string::String::new(), |maximum| alloc::format!(
                                " and maximum {maximum}"
                            ))
                    ),
                )
                .field(field),
            );
            continue;
        }
        if let GeneralName::Ip(bytes) = &subtree.base
            && bytes.len() != 8
            && bytes.len() != 32
        {
            findings.push(
                Finding::new(
                    &rules::CA_NC_IP_MALFORMED,
                    alloc::format!(
                        "iPAddress constraint is {} bytes, not address and mask",
                        bytes.len()
                    ),
                )
                .field(field),
            );
            continue;
        }
        let problem = match &subtree.base {
            GeneralName::Ip(bytes) if !is_contiguous_mask(&bytes[bytes.len() / 2..]) => {
                Some(alloc::format!(
                    "iPAddress constraint {} has a non-contiguous mask",
                    subtree.base.to_text()
                ))
            }
            GeneralName::Dns(name) if name.starts_with('.') => {
                findings.push(
                    Finding::new(
                        &rules::CA_NC_DNS_LEADING_PERIOD,
                        alloc::format!("dNSName constraint {name:?} starts with a period"),
                    )
                    .field(field),
                );
                None
            }
            GeneralName::Dns(name)
                if !name.is_empty()
                    && !crate::path::names::is_valid_dns_name(name, false, true) =>
            {
                Some(alloc::format!(
                    "dNSName constraint {name:?} is not a valid host name"
                ))
            }
            _ => None,
        };
        if let Some(message) = problem {
            findings.push(Finding::new(&rules::CA_NC_INVALID_SUBTREE, message).field(field));
        }
    }
}

fn is_contiguous_mask(mask: &[u8]) -> bool {
    let mut ended = false;
    for byte in mask {
        for bit in (0..8).rev() {
            let set = byte & (1 << bit) != 0;
            if set && ended {
                return false;
            }
            ended |= !set;
        }
    }
    true
}

/// `ca.root_aki_invalid` — BR §7.1.2.1.3: a root's authorityKeyIdentifier,
/// if present, holds only a keyIdentifier equal to its subjectKeyIdentifier.
fn root_authority_key_identifier(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if !certificate.is_self_issued() {
        return;
    }
    let Some(aki) = certificate.authority_key_identifier() else {
        return;
    };
    let problem = if aki.key_identifier.is_none() {
        Some("has no keyIdentifier")
    } else if aki.issuer.is_some() || aki.serial.is_some() {
        Some("carries authorityCertIssuer or authorityCertSerialNumber")
    } else if certificate.subject_key_identifier().is_some()
        && aki.key_identifier.as_deref() != certificate.subject_key_identifier()
    {
        Some("keyIdentifier differs from the subjectKeyIdentifier")
    } else {
        None
    };
    if let Some(problem) = problem {
        findings.push(
            Finding::new(
                &rules::CA_ROOT_AKI_INVALID,
                alloc::format!("root's authorityKeyIdentifier {problem}"),
            )
            .field("extensions.authorityKeyIdentifier"),
        );
    }
}

/// `ca.self_signature_invalid` — RFC 5280 §6.1.1(d): a trust anchor's own
/// signature is not checked by path validation, but a self-issued
/// certificate whose signature does not verify is usually corrupt or mislabelled.
fn self_signature(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if !certificate.is_self_issued() {
        return;
    }
    if let Err(error) = certificate.signed.verify(&certificate.spki_der) {
        findings.push(
            Finding::new(
                &rules::CA_SELF_SIGNATURE_INVALID,
                alloc::format!(
                    "self-issued certificate's signature does not verify with its own key: {error}"
                ),
            )
            .field("signatureValue"),
        );
    }
}

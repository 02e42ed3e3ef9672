//! `cert.*`: rules every certificate must follow, whatever its role.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::vec::Vec;

use super::LintOptions;
use crate::catalogue as rules;
use crate::certificate::{Certificate, ExtensionValue, TimeEncoding, oid};
use crate::finding::Finding;
use crate::name::GeneralName;
use crate::path::names::{is_valid_dns_name, is_valid_email};

pub(crate) fn check(certificate: &Certificate, options: &LintOptions, findings: &mut Vec<Finding>) {
    version_not_v3(certificate, findings);
    serial(certificate, findings);
    sig_alg_mismatch(certificate, findings);
    weak_signature_alg(certificate, findings);
    weak_key(certificate, findings);
    validity(certificate, options, findings);
    time_encoding(certificate, findings);
    unique_identifier_present(certificate, findings);
    extensions(certificate, findings);
    authority_key_identifier(certificate, findings);
    subject_alt_name(certificate, findings);
    crate::lint::ca::check_name_constraints(certificate, findings);
    crate::lint::ca::key_cert_sign_without_ca(certificate, findings);
}

/// `cert.version_not_v3`, `cert.version_v2`, `cert.extensions_before_v3` — RFC 5280 §4.1.2.1: certificates with extensions
/// MUST be v3; the CA/B Forum requires v3 for all.
fn version_not_v3(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate.version != 3 {
        findings.push(Finding::new(
            &rules::CERT_VERSION_NOT_V3,
            format!("certificate is X.509 v{}, not v3", certificate.version),
        ));
        if certificate.version == 2 {
            findings.push(Finding::new(
                &rules::CERT_VERSION_V2,
                "certificate is X.509 v2: rustls-webpki reads v1 trust anchors, never v2",
            ));
        }
        if !certificate.extensions.is_empty() {
            findings.push(Finding::new(
                &rules::CERT_EXTENSIONS_BEFORE_V3,
                format!(
                    "X.509 v{} certificate carries {} extensions, which Go ignores",
                    certificate.version,
                    certificate.extensions.len()
                ),
            ));
        }
    }
}

/// `cert.serial_not_positive`, `cert.serial_too_long` — RFC 5280 §4.1.2.2:
/// a positive integer of at most 20 octets.
fn serial(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let serial = &certificate.serial;
    let negative = serial.first().is_some_and(|byte| byte & 0x80 != 0);
    if negative || serial.iter().all(|byte| *byte == 0) {
        findings.push(
            Finding::new(
                &rules::CERT_SERIAL_NOT_POSITIVE,
                if negative {
                    "serial number is negative"
                } else {
                    "serial number is zero"
                },
            )
            .field("serialNumber"),
        );
    }
    if negative {
        findings.push(
            Finding::new(
                &rules::CERT_SERIAL_NEGATIVE,
                "serial number is negative: Go's crypto/x509 refuses to parse the certificate",
            )
            .field("serialNumber"),
        );
    }
    if serial.len() > 20 {
        findings.push(
            Finding::new(
                &rules::CERT_SERIAL_TOO_LONG,
                format!(
                    "serial number is {} octets, over the limit of 20",
                    serial.len()
                ),
            )
            .field("serialNumber"),
        );
    }
}

/// `cert.sig_alg_mismatch` — RFC 5280 §4.1.1.2: signatureAlgorithm MUST
/// equal tbsCertificate.signature.
fn sig_alg_mismatch(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate.signed.algorithm != certificate.tbs_signature_algorithm_der {
        findings.push(
            Finding::new(
                &rules::CERT_SIG_ALG_MISMATCH,
                "signatureAlgorithm differs from tbsCertificate.signature",
            )
            .field("signatureAlgorithm"),
        );
    }
}

/// `cert.weak_signature_alg` — CA/B Forum BR §7.1.3.2: no MD5 or SHA-1.
fn weak_signature_alg(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate.signature_algorithm.is_weak() {
        findings.push(
            Finding::new(
                &rules::CERT_WEAK_SIGNATURE_ALG,
                format!(
                    "signed with {}, which is no longer collision-resistant",
                    certificate.signature_algorithm.name()
                ),
            )
            .field("signatureAlgorithm"),
        );
    }
}

/// `cert.weak_key` — CA/B Forum BR §6.1.5/§6.1.6: RSA of at least 2048 bits
/// with an odd exponent of at least 3; EC on P-256, P-384 or P-521.
fn weak_key(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let key = &certificate.public_key;
    let problem = match key.algorithm.as_str() {
        "RSA" | "RSASSA-PSS" => match (key.bits, key.exponent) {
            (Some(bits), _) if bits < 2048 => Some(format!("RSA key is {bits} bits, under 2048")),
            (Some(bits), _) if bits % 8 != 0 => {
                Some(format!("RSA modulus is {bits} bits, not a multiple of 8"))
            }
            (_, Some(exponent)) if exponent < 3 || exponent % 2 == 0 => Some(format!(
                "RSA public exponent {exponent} is not an odd number of at least 3"
            )),
            _ => None,
        },
        "EC" => match key.curve.as_deref() {
            Some("P-256" | "P-384" | "P-521") => None,
            Some(curve) => Some(format!(
                "EC key on curve {curve}, not P-256, P-384 or P-521"
            )),
            None => Some("EC key without a named curve".into()),
        },
        "DSA" => Some("DSA keys are not allowed".into()),
        _ => None,
    };
    if let Some(message) = problem {
        findings.push(Finding::new(&rules::CERT_WEAK_KEY, message).field("subjectPublicKeyInfo"));
    }
    key_too_small(certificate, findings);
}

/// `cert.key_too_small` and `cert.ec_curve_unsupported` — under 112 bits of security: what OpenSSL at
/// security level 2 (Debian's default for libssl clients) refuses on every
/// certificate, and what rustls-webpki cannot verify a signature with.
fn key_too_small(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let key = &certificate.public_key;
    let problem = match (key.algorithm.as_str(), key.bits) {
        ("RSA" | "RSASSA-PSS", Some(bits)) if bits < 2048 => Some(format!(
            "RSA key of {bits} bits, under the 2048 that OpenSSL (security level 2) and rustls require"
        )),
        ("EC", Some(bits)) if bits < 224 => Some(format!(
            "EC key of {bits} bits, under the 224 that OpenSSL (security level 2) requires"
        )),
        _ => None,
    };
    if let Some(message) = problem {
        findings
            .push(Finding::new(&rules::CERT_KEY_TOO_SMALL, message).field("subjectPublicKeyInfo"));
    }
    // Go's parser knows P-224, P-256, P-384 and P-521 only and refuses the
    // whole certificate otherwise ("x509: unsupported elliptic curve").
    if key.algorithm == "EC"
        && !matches!(
            key.curve.as_deref(),
            Some("P-224" | "P-256" | "P-384" | "P-521")
        )
    {
        findings.push(
            Finding::new(
                &rules::CERT_EC_CURVE_UNSUPPORTED,
                format!(
                    "EC key on {}, which Go cannot parse",
                    key.curve
                        .as_deref()
                        .map_or("no named curve".into(), |curve| format!("curve {curve}"))
                ),
            )
            .field("subjectPublicKeyInfo"),
        );
    }
}

/// `cert.validity_negative` (RFC 5280 §4.1.2.5), `cert.expired`,
/// `cert.not_yet_valid` (§6.1.3(a)(2)) and `cert.expires_soon`.
fn validity(certificate: &Certificate, options: &LintOptions, findings: &mut Vec<Finding>) {
    let validity = &certificate.validity;
    if validity.not_after < validity.not_before {
        findings.push(
            Finding::new(
                &rules::CERT_VALIDITY_NEGATIVE,
                format!(
                    "notAfter {} is before notBefore {}",
                    validity.not_after.to_rfc3339(),
                    validity.not_before.to_rfc3339()
                ),
            )
            .field("validity"),
        );
    }
    // A bundle member's validity is judged with the bundle (`lint_bundle`):
    // one expired root beside valid ones breaks nothing.
    if options.role != super::Role::Bundle {
        findings.extend(time_findings(certificate, options.time));
    }
    let warn_from = validity
        .not_after
        .seconds()
        .saturating_sub(i64::from(options.expiry_warning_days) * 86_400);
    if options.time <= validity.not_after && options.time.seconds() > warn_from {
        let days = (validity.not_after.seconds() - options.time.seconds()) / 86_400;
        findings.push(
            Finding::new(
                &rules::CERT_EXPIRES_SOON,
                format!(
                    "expires in {days} days, on {}",
                    validity.not_after.to_rfc3339()
                ),
            )
            .field("validity.notAfter"),
        );
    }
}

/// `cert.expired`, `cert.not_yet_valid` — RFC 5280 §6.1.3(a)(2); shared with
/// path validation.
pub(crate) fn time_findings(certificate: &Certificate, time: crate::UnixTime) -> Option<Finding> {
    let validity = &certificate.validity;
    if time > validity.not_after {
        Some(
            Finding::new(
                &rules::CERT_EXPIRED,
                format!(
                    "expired on {} (evaluated at {})",
                    validity.not_after.to_rfc3339(),
                    time.to_rfc3339()
                ),
            )
            .field("validity.notAfter"),
        )
    } else if time == validity.not_after {
        // RFC 5280 counts notAfter itself as valid; OpenSSL's X509_cmp_time
        // does not (`notafter-exact`).
        Some(
            Finding::new(
                &rules::CERT_AT_NOT_AFTER,
                format!(
                    "evaluated at its notAfter second {}: OpenSSL counts it expired",
                    validity.not_after.to_rfc3339()
                ),
            )
            .field("validity.notAfter"),
        )
    } else if time < validity.not_before {
        Some(
            Finding::new(
                &rules::CERT_NOT_YET_VALID,
                format!(
                    "not valid before {} (evaluated at {})",
                    validity.not_before.to_rfc3339(),
                    time.to_rfc3339()
                ),
            )
            .field("validity.notBefore"),
        )
    } else {
        None
    }
}

/// `cert.time_encoding` — RFC 5280 §4.1.2.5: dates through 2049 MUST be
/// UTCTime, from 2050 GeneralizedTime.
fn time_encoding(certificate: &Certificate, findings: &mut Vec<Finding>) {
    // 1950-01-01T00:00:00Z and 2050-01-01T00:00:00Z: UTCTime's range.
    const YEAR_1950: i64 = -631_152_000;
    const YEAR_2050: i64 = 2_524_608_000;
    let validity = &certificate.validity;
    for (field, time, encoding) in [
        (
            "validity.notBefore",
            validity.not_before,
            validity.not_before_encoding,
        ),
        (
            "validity.notAfter",
            validity.not_after,
            validity.not_after_encoding,
        ),
    ] {
        if (YEAR_1950..YEAR_2050).contains(&time.seconds()) && encoding == TimeEncoding::Generalized
        {
            findings.push(
                Finding::new(
                    &rules::CERT_TIME_ENCODING,
                    format!(
                        "{} is within 1950-2049 but encoded as GeneralizedTime",
                        time.to_rfc3339()
                    ),
                )
                .field(field),
            );
        }
    }
}

/// `cert.unique_identifier_present` — RFC 5280 §4.1.2.8: conforming CAs
/// MUST NOT generate unique identifiers.
fn unique_identifier_present(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate.unique_identifiers {
        findings.push(Finding::new(
            &rules::CERT_UNIQUE_IDENTIFIER_PRESENT,
            "issuerUniqueID or subjectUniqueID is present",
        ));
    }
}

/// `cert.duplicate_extension`, `cert.unknown_critical_extension`,
/// `cert.extension_malformed`, `cert.aki_critical`, `cert.ski_critical`,
/// `cert.ku_empty`, `cert.aia_critical`, `cert.policy_duplicate` —
/// RFC 5280 §4.2 and the sections of each extension.
fn extensions(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let mut seen = BTreeSet::new();
    for extension in &certificate.extensions {
        let name = crate::certificate::extension_name(extension.oid);
        let field = if name == "unknown" {
            format!("extensions.{}", extension.oid)
        } else {
            format!("extensions.{name}")
        };
        if !seen.insert(extension.oid) {
            findings.push(
                Finding::new(
                    &rules::CERT_DUPLICATE_EXTENSION,
                    format!(
                        "extension {} ({}) appears more than once",
                        name, extension.oid
                    ),
                )
                .field(field.clone()),
            );
        }
        match &extension.value {
            ExtensionValue::Unknown | ExtensionValue::Opaque if extension.critical => {
                findings.push(
                    Finding::new(
                        &rules::CERT_UNKNOWN_CRITICAL_EXTENSION,
                        format!("critical extension {} is not understood", extension.oid),
                    )
                    .field(field.clone()),
                );
            }
            ExtensionValue::Malformed(reason) => findings.push(
                Finding::new(
                    &rules::CERT_EXTENSION_MALFORMED,
                    format!("extension {name} does not decode: {reason}"),
                )
                .field(field.clone()),
            ),
            ExtensionValue::ExtendedKeyUsage(purposes) if purposes.is_empty() => findings.push(
                Finding::new(&rules::CERT_EKU_EMPTY, "extendedKeyUsage lists no purpose")
                    .field(field.clone()),
            ),
            ExtensionValue::PolicyConstraints(_) if !extension.critical => findings.push(
                Finding::new(
                    &rules::CERT_PC_NOT_CRITICAL,
                    "policyConstraints MUST be critical",
                )
                .field(field.clone()),
            ),
            ExtensionValue::AuthorityKeyIdentifier(aki)
                if aki.issuer.is_some() != aki.serial.is_some() =>
            {
                findings.push(
                    Finding::new(
                        &rules::CERT_AKI_INCONSISTENT,
                        "authorityCertIssuer and authorityCertSerialNumber must be both present or both absent",
                    )
                    .field(field.clone()),
                );
            }
            ExtensionValue::KeyUsage(usage) if usage.is_empty() => findings.push(
                Finding::new(&rules::CERT_KU_EMPTY, "keyUsage has no bit set").field(field.clone()),
            ),
            ExtensionValue::CertificatePolicies(policies) => {
                let mut unique = BTreeSet::new();
                if policies.iter().any(|policy| !unique.insert(*policy)) {
                    findings.push(
                        Finding::new(
                            &rules::CERT_POLICY_DUPLICATE,
                            "a policy OID appears more than once in certificatePolicies",
                        )
                        .field(field.clone()),
                    );
                }
            }
            _ => {}
        }
        let critical_rule = match extension.oid {
            oid::AUTHORITY_KEY_IDENTIFIER => Some(&rules::CERT_AKI_CRITICAL),
            oid::SUBJECT_KEY_IDENTIFIER => Some(&rules::CERT_SKI_CRITICAL),
            oid::AUTHORITY_INFO_ACCESS => Some(&rules::CERT_AIA_CRITICAL),
            _ => None,
        };
        if let Some(rule) = critical_rule.filter(|_| extension.critical) {
            findings.push(
                Finding::new(rule, format!("{name} is marked critical; it MUST NOT be"))
                    .field(field),
            );
        }
    }
}

/// `cert.aki_missing` — RFC 5280 §4.2.1.1: every certificate but a
/// self-signed one MUST carry authorityKeyIdentifier with keyIdentifier.
fn authority_key_identifier(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let has_key_id = certificate
        .authority_key_identifier()
        .is_some_and(|aki| aki.key_identifier.is_some());
    if !has_key_id && !certificate.is_self_issued() {
        findings.push(
            Finding::new(
                &rules::CERT_AKI_MISSING,
                "authorityKeyIdentifier with keyIdentifier is missing (the issuer cannot be found by key id)",
            )
            .field("extensions.authorityKeyIdentifier"),
        );
    }
}

/// `cert.san_empty`, `cert.empty_subject_without_san`,
/// `cert.san_not_critical_empty_subject`, `cert.malformed_name`,
/// `cert.malformed_ip_address` —
/// RFC 5280 §4.1.2.6 and §4.2.1.6.
fn subject_alt_name(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let extension = certificate.extension(oid::SUBJECT_ALT_NAME);
    let names = certificate.subject_alt_names();
    if let Some(names) = names {
        if names.is_empty() {
            findings.push(
                Finding::new(&rules::CERT_SAN_EMPTY, "subjectAltName holds no names")
                    .field("extensions.subjectAltName"),
            );
        }
        for name in names {
            if let GeneralName::Ip(bytes) = name
                && bytes.len() != 4
                && bytes.len() != 16
            {
                findings.push(
                    Finding::new(
                        &rules::CERT_MALFORMED_IP_ADDRESS,
                        format!("subjectAltName entry {} is malformed", name.to_text()),
                    )
                    .field("extensions.subjectAltName"),
                );
            }
            let malformed = match name {
                GeneralName::Dns(dns) => !is_valid_dns_name(dns, true, false),
                GeneralName::Email(email) => !is_valid_email(email),
                _ => false,
            };
            if malformed {
                findings.push(
                    Finding::new(
                        &rules::CERT_MALFORMED_NAME,
                        format!("subjectAltName entry {} is malformed", name.to_text()),
                    )
                    .field("extensions.subjectAltName"),
                );
            }
        }
    }
    if certificate.subject.is_empty() {
        match extension {
            None => findings.push(
                Finding::new(
                    &rules::CERT_EMPTY_SUBJECT_WITHOUT_SAN,
                    "subject is empty and there is no subjectAltName",
                )
                .field("subject"),
            ),
            Some(extension) if !extension.critical => findings.push(
                Finding::new(
                    &rules::CERT_SAN_NOT_CRITICAL_EMPTY_SUBJECT,
                    "subject is empty, so subjectAltName MUST be critical",
                )
                .field("extensions.subjectAltName"),
            ),
            Some(_) => {}
        }
    }
}

//! `leaf.*`: rules for end-entity (TLS) certificates.

use alloc::format;
use alloc::vec::Vec;

use super::LintOptions;
use crate::catalogue as rules;
use crate::certificate::{Certificate, oid};
use crate::finding::Finding;

/// 2026-03-15T00:00:00Z, from when BR §6.3.2 caps TLS leaves at 200 days.
const BR_200_DAYS_FROM: i64 = 1_773_532_800;

pub(crate) fn check(
    certificate: &Certificate,
    _options: &LintOptions,
    findings: &mut Vec<Finding>,
) {
    if !is_tls_leaf(certificate) {
        return;
    }
    san_missing(certificate, findings);
    validity_too_long(certificate, findings);
    eku_any(certificate, findings);
}

/// A leaf that TLS may use: no EKU, or serverAuth/clientAuth/any.
fn is_tls_leaf(certificate: &Certificate) -> bool {
    certificate.extended_key_usage().is_none_or(|purposes| {
        purposes.iter().any(|purpose| {
            *purpose == oid::SERVER_AUTH
                || *purpose == oid::CLIENT_AUTH
                || *purpose == oid::ANY_EXTENDED_KEY_USAGE
        })
    })
}

/// `leaf.san_missing` — BR §7.1.2.7.12, RFC 6125 §6.4.4: clients match names
/// in subjectAltName only; the common name is ignored.
fn san_missing(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate.extension(oid::SUBJECT_ALT_NAME).is_none() {
        findings.push(
            Finding::new(
                &rules::LEAF_SAN_MISSING,
                "TLS certificate has no subjectAltName; clients ignore the common name",
            )
            .field("extensions.subjectAltName"),
        );
    }
}

/// `leaf.validity_too_long` — BR §6.3.2: 398 days, 200 days for
/// certificates issued from 2026-03-15.
fn validity_too_long(certificate: &Certificate, findings: &mut Vec<Finding>) {
    let validity = &certificate.validity;
    let days = (validity.not_after.seconds() - validity.not_before.seconds()) / 86_400;
    let limit = if validity.not_before.seconds() >= BR_200_DAYS_FROM {
        200
    } else {
        398
    };
    if days > limit {
        findings.push(
            Finding::new(
                &rules::LEAF_VALIDITY_TOO_LONG,
                format!("TLS certificate is valid for {days} days, over the {limit}-day maximum"),
            )
            .field("validity"),
        );
    }
}

/// `leaf.eku_any` — BR §7.1.2.7.10: TLS leaves assert serverAuth/clientAuth,
/// not anyExtendedKeyUsage.
fn eku_any(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate
        .extended_key_usage()
        .is_some_and(|purposes| purposes.contains(&oid::ANY_EXTENDED_KEY_USAGE))
    {
        findings.push(
            Finding::new(
                &rules::LEAF_EKU_ANY,
                "TLS certificate asserts anyExtendedKeyUsage",
            )
            .field("extensions.extendedKeyUsage"),
        );
    }
}

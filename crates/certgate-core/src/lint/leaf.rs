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
    eku_critical(certificate, findings);
    san_critical_with_subject(certificate, findings);
    common_name_in_san(certificate, findings);
}

/// `leaf.eku_critical` — BR §7.1.2.7.10: extendedKeyUsage is not critical.
fn eku_critical(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if certificate
        .extension(oid::EXTENDED_KEY_USAGE)
        .is_some_and(|extension| extension.critical)
    {
        findings.push(
            Finding::new(
                &rules::LEAF_EKU_CRITICAL,
                "extendedKeyUsage is marked critical",
            )
            .field("extensions.extendedKeyUsage"),
        );
    }
}

/// `leaf.san_critical_with_subject` — RFC 5280 §4.2.1.6: subjectAltName
/// SHOULD NOT be critical when the subject is non-empty.
fn san_critical_with_subject(certificate: &Certificate, findings: &mut Vec<Finding>) {
    if !certificate.subject.is_empty()
        && certificate
            .extension(oid::SUBJECT_ALT_NAME)
            .is_some_and(|extension| extension.critical)
    {
        findings.push(
            Finding::new(
                &rules::LEAF_SAN_CRITICAL_WITH_SUBJECT,
                "subjectAltName is critical although the subject is not empty",
            )
            .field("extensions.subjectAltName"),
        );
    }
}

/// `leaf.cn_not_in_san`, `leaf.cn_misencoded` — BR §7.1.4.3: a common
/// name, if present, is a byte-for-byte copy of a subjectAltName value (IP
/// addresses in canonical text, RFC 5952 for IPv6). A CN that nearly
/// matches (an IP in another notation, a U-label for an A-label, another
/// letter case) is reported as misencoded: it shows a broken issuance
/// pipeline rather than a stale name.
fn common_name_in_san(certificate: &Certificate, findings: &mut Vec<Finding>) {
    use crate::name::GeneralName;
    let Some(names) = certificate.subject_alt_names() else {
        return;
    };
    for common_name in certificate.subject.attributes(const_oid::db::rfc4519::CN) {
        let listed = names.iter().any(|name| match name {
            GeneralName::Dns(dns) => dns == common_name,
            GeneralName::Ip(bytes) => crate::name::ip_text(bytes) == common_name,
            _ => false,
        });
        if listed {
            continue;
        }
        // An address-looking CN in a non-canonical notation (hex, leading
        // zeros, upper-case or uncompressed IPv6); a canonical one that is
        // simply absent from the SAN is only `leaf.cn_not_in_san`.
        let looks_like_address = common_name.contains(':')
            || (common_name.bytes().any(|byte| byte.is_ascii_digit())
                && common_name.bytes().all(|byte| {
                    byte.is_ascii_hexdigit() || byte == b'.' || byte == b'x' || byte == b'X'
                }));
        let ip_like = looks_like_address
            && common_name
                .parse::<core::net::IpAddr>()
                .map_or(true, |address| alloc::format!("{address}") != common_name);
        let international = !common_name.is_ascii()
            || common_name
                .split('.')
                .any(|label| label.len() > 4 && label[..4].eq_ignore_ascii_case("xn--"));
        let case_variant = names.iter().any(
            |name| matches!(name, GeneralName::Dns(dns) if dns.eq_ignore_ascii_case(common_name)),
        );
        let (rule, message) = if ip_like || international || case_variant {
            (
                &rules::LEAF_CN_MISENCODED,
                format!(
                    "common name {common_name:?} is not the exact text of any subjectAltName entry"
                ),
            )
        } else {
            (
                &rules::LEAF_CN_NOT_IN_SAN,
                format!("common name {common_name:?} is not one of the subjectAltName values"),
            )
        };
        findings.push(Finding::new(rule, message).field("subject"));
    }
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

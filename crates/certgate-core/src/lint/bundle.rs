//! `bundle.*`: rules for a set of certificates read from one input, such as
//! a trust bundle (a ConfigMap value, a `ca.crt`).

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;

use crate::catalogue as rules;
use crate::finding::{Finding, Findings, Severity};
use crate::input::Encoding;
use crate::inventory::Inventory;
use crate::time::UnixTime;

/// Lints an input meant as a trust bundle: `bundle.empty`,
/// `bundle.non_ca_cert`, `bundle.duplicate_cert`, `bundle.not_self_signed`,
/// `bundle.der_encoded`, `bundle.text_normalized`. `first_index` is the
/// report index of the inventory's first certificate. Members' validity at
/// `time` is judged here too (`cert.expired`, `cert.not_yet_valid`,
/// `bundle.no_usable_ca`).
///
/// The findings are capped per rule for the bundle (the object is the
/// input, as for a Kubernetes object): of 2,000 duplicate members the first
/// [`crate::MAX_FINDINGS_PER_RULE`] are reported in full and one summary
/// finding of the rule counts the rest ([`Finding::omitted`]).
pub fn lint_bundle(inventory: &Inventory, first_index: usize, time: UnixTime) -> Vec<Finding> {
    // About the input as a whole; callers gather these into their own sink.
    let mut findings = Findings::default();
    empty(inventory, &mut findings);
    members(inventory, first_index, &mut findings);
    validity(inventory, first_index, time, &mut findings);
    encoding(inventory, &mut findings);
    findings.into_vec()
}

/// `cert.expired`/`cert.not_yet_valid` of members, and
/// `bundle.no_usable_ca`: clients pick the anchor a path needs, so a root
/// out of its validity beside usable CAs is a warning (it fails only the
/// paths that end in it, which `verify` reports); a bundle whose every CA is
/// unusable fails every path.
fn validity(inventory: &Inventory, first_index: usize, time: UnixTime, findings: &mut Findings) {
    if inventory.certificates.is_empty() {
        return;
    }
    // Positions only: the findings are built once `usable` is known, and
    // then through the cap.
    let mut usable = false;
    let mut out_of_validity = Vec::new();
    for (position, entry) in inventory.certificates.iter().enumerate() {
        if crate::lint::cert::time_findings(&entry.certificate, time).is_some() {
            out_of_validity.push(position);
        } else {
            usable |= entry.certificate.is_ca();
        }
    }
    for position in out_of_validity {
        let entry = &inventory.certificates[position];
        let Some(finding) = crate::lint::cert::time_findings(&entry.certificate, time) else {
            continue;
        };
        let mut finding = finding
            .certificate(first_index + position)
            .block(entry.block);
        if usable {
            finding.severity = Severity::Warning;
            finding.message.push_str(
                "; other CAs of the bundle are usable, so only paths that need this one fail",
            );
        }
        findings.push(finding);
    }
    if !usable {
        findings.push(Finding::new(
            &rules::BUNDLE_NO_USABLE_CA,
            "no certificate of the bundle is a CA within its validity period: every path that ends in this bundle fails",
        ));
    }
}

/// `bundle.empty` — a bundle with no certificate trusts nothing
/// (trust-manager: "couldn't find any valid certificates in bundle").
fn empty(inventory: &Inventory, findings: &mut Findings) {
    if inventory.certificates.is_empty() {
        findings.push(Finding::new(
            &rules::BUNDLE_EMPTY,
            "bundle contains no certificate",
        ));
    }
}

/// `bundle.non_ca_cert` (RFC 5280 §6.1.4(k): an issuer must be a CA),
/// `bundle.duplicate_cert`, `bundle.not_self_signed` — per member.
fn members(inventory: &Inventory, first_index: usize, findings: &mut Findings) {
    // Keyed on the DER itself: what a SHA-256 fingerprint stands for,
    // without hashing every member.
    let mut seen: BTreeMap<&[u8], usize> = BTreeMap::new();
    for (position, entry) in inventory.certificates.iter().enumerate() {
        let index = first_index + position;
        let certificate = &entry.certificate;
        if !certificate.is_ca() {
            findings.push(
                Finding::new(
                    &rules::BUNDLE_NON_CA_CERT,
                    format!(
                        "{} is not a CA certificate (cA=FALSE or no basicConstraints); a trust bundle holds CAs only",
                        certificate.subject
                    ),
                )
                .certificate(index)
                .block(entry.block),
            );
        }
        if let Some(first) = seen.insert(certificate.der.as_slice(), index) {
            findings.push(
                Finding::new(
                    &rules::BUNDLE_DUPLICATE_CERT,
                    format!(
                        "same certificate as certificate {first} ({})",
                        certificate.subject
                    ),
                )
                .certificate(index)
                .block(entry.block),
            );
        }
        if certificate.is_ca() && !certificate.is_self_issued() {
            findings.push(
                Finding::new(
                    &rules::BUNDLE_NOT_SELF_SIGNED,
                    format!(
                        "{} is an intermediate CA, not a self-signed root",
                        certificate.subject
                    ),
                )
                .certificate(index)
                .block(entry.block),
            );
        }
    }
}

/// `bundle.der_encoded`, `bundle.text_normalized` — what PEM-only consumers
/// (trust-manager reads zero certificates from DER) would trip over.
fn encoding(inventory: &Inventory, findings: &mut Findings) {
    if inventory.encoding == Encoding::Der {
        findings.push(Finding::new(
            &rules::BUNDLE_DER_ENCODED,
            "bundle is DER, not PEM; PEM-only consumers such as trust-manager read zero certificates from it",
        ));
    }
    let normalization = inventory.normalization;
    if normalization.any() {
        let mut what = Vec::new();
        if normalization.byte_order_mark {
            what.push("a byte-order mark");
        }
        if normalization.crlf {
            what.push("CRLF line endings");
        }
        if normalization.headers {
            what.push("PEM headers");
        }
        if normalization.surrounding_text {
            what.push("text outside the PEM blocks");
        }
        findings.push(Finding::new(
            &rules::BUNDLE_TEXT_NORMALIZED,
            format!(
                "accepted, but the input has {}; some consumers reject it",
                what.join(", ")
            ),
        ));
    }
}

//! Application instance certificates (`opcua.application.*`): the
//! connector's own certificate (`az iot ops connector opcua client add`:
//! `<stem>.der` with `<stem>.pem`, the key matching, a CN and exactly one
//! SAN URI equal to `--subject-name`/`--application-uri`, its CA in the
//! issuer list) and the profile of OPC 10000-6 §6.2.2 / 10000-12 §7.8.4.9
//! that every application certificate, a server's included, should follow.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::chain::is_self_signed;
use super::file::{StoreFile, Upload, finish, read_store, split_name, time_findings};
use super::{Options, Source, Store};
use crate::Error;
use crate::catalogue as rules;
use crate::certificate::{Certificate, KeyUsageBit, oid};
use crate::crypto::{HashAlgorithm, private_key_matches};
use crate::finding::{Finding, Severity};
use crate::input::{BlockContent, decode};
use crate::name::GeneralName;
use crate::report::{Report, ReportCertificate};

/// The certificate's SAN URIs.
pub(crate) fn uris(certificate: &Certificate) -> Vec<&str> {
    certificate
        .subject_alt_names()
        .unwrap_or_default()
        .iter()
        .filter_map(|name| match name {
            GeneralName::Uri(uri) => Some(uri.as_str()),
            _ => None,
        })
        .collect()
}

/// The profile rules for one application instance certificate. `peer`:
/// a server's certificate, whose URI and CN rules are warnings here (the
/// validator's verdict does not depend on them).
pub(crate) fn profile(
    name: &str,
    certificate: &Certificate,
    options: &Options,
    peer: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let soft = |finding: Finding| {
        if peer {
            finding.severity(Severity::Warning)
        } else {
            finding
        }
    };
    if certificate.subject.common_name().is_none() {
        findings.push(soft(Finding::new(
            &rules::OPCUA_APPLICATION_COMMON_NAME_MISSING,
            format!("{name}: the subject {} has no CN", certificate.subject),
        )));
    }
    let uris = uris(certificate);
    if uris.len() != 1 {
        findings.push(soft(Finding::new(
            &rules::OPCUA_APPLICATION_URI_COUNT,
            if uris.is_empty() {
                format!("Not able to extract application URI from {name}: no subjectAltName URI")
            } else {
                format!("{name} carries {} subjectAltName URIs ({}); exactly one, the application URI, is expected", uris.len(), uris.join(", "))
            },
        )));
    }
    let rsa = certificate.public_key.algorithm == "RSA";
    let ec = certificate.public_key.algorithm == "EC";
    let key_usage = certificate.key_usage();
    let wanted = [
        (KeyUsageBit::DigitalSignature, "digitalSignature"),
        (KeyUsageBit::ContentCommitment, "nonRepudiation"),
        (KeyUsageBit::KeyEncipherment, "keyEncipherment"),
        (KeyUsageBit::DataEncipherment, "dataEncipherment"),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(bit, _)| !key_usage.is_some_and(|usage| usage.contains(*bit)))
        .map(|(_, bit_name)| *bit_name)
        .filter(|bit_name| !ec || matches!(*bit_name, "digitalSignature" | "nonRepudiation"))
        .collect();
    if !missing.is_empty() && key_usage.is_some() {
        // What a .NET peer checks (BadCertificateUseNotAllowed) is an error.
        let checked = (rsa && missing.contains(&"dataEncipherment"))
            || (ec && missing.contains(&"digitalSignature"));
        let mut finding = Finding::new(
            &rules::OPCUA_APPLICATION_KEY_USAGE,
            format!(
                "{name}: keyUsage lacks {}{}",
                missing.join(", "),
                if checked {
                    " (a .NET peer answers BadCertificateUseNotAllowed)"
                } else {
                    ""
                }
            ),
        );
        if checked && !peer {
            finding = finding.severity(Severity::Error);
        }
        findings.push(finding);
    } else if key_usage.is_none() {
        findings.push(Finding::new(
            &rules::OPCUA_APPLICATION_KEY_USAGE,
            format!("{name}: no keyUsage extension; the OPC UA profile asks for digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment"),
        ));
    }
    let purposes = certificate.extended_key_usage().unwrap_or_default();
    let missing_purposes: Vec<&str> = [
        (oid::SERVER_AUTH, "serverAuth"),
        (oid::CLIENT_AUTH, "clientAuth"),
    ]
    .iter()
    .filter(|(purpose, _)| !purposes.contains(purpose))
    .map(|(_, purpose_name)| *purpose_name)
    .collect();
    if !missing_purposes.is_empty() {
        findings.push(Finding::new(
            &rules::OPCUA_APPLICATION_EXTENDED_KEY_USAGE,
            format!(
                "{name}: extendedKeyUsage lacks {}",
                missing_purposes.join(" and ")
            ),
        ));
    }
    if !peer {
        let bits = certificate.public_key.bits.unwrap_or(0);
        if !rsa || !matches!(bits, 2048 | 3072 | 4096) {
            let mut finding = Finding::new(
                &rules::OPCUA_APPLICATION_KEY_SIZE,
                format!(
                    "{name}: the key is {} {bits} bits; Basic256Sha256 takes RSA 2048, 3072 or 4096",
                    certificate.public_key.algorithm
                ),
            );
            if rsa && bits < options.settings.minimum_certificate_key_size.max(2048) {
                finding = finding.severity(Severity::Error);
            }
            findings.push(finding);
        }
        let weak = match &certificate.signature_algorithm {
            crate::SignatureAlgorithm::RsaPkcs1 { hash }
            | crate::SignatureAlgorithm::RsaPss { hash, .. }
            | crate::SignatureAlgorithm::Ecdsa { hash } => {
                matches!(hash, HashAlgorithm::Sha1 | HashAlgorithm::Md5)
            }
            other => other.is_weak(),
        };
        if weak {
            findings.push(Finding::new(
                &rules::OPCUA_APPLICATION_SIGNATURE_HASH,
                format!(
                    "{name} is signed with {}; OPC UA peers reject SHA-1 by default",
                    certificate.signature_algorithm.name()
                ),
            ));
        }
    }
    findings
        .into_iter()
        .map(|finding| finding.source(name))
        .collect()
}

/// What the connector's certificate is checked against.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct ClientExpectations<'a> {
    /// `--subject-name`, if given.
    pub subject_name: Option<&'a str>,
    /// `--application-uri`, if given.
    pub application_uri: Option<&'a str>,
    /// Check `<stem>.der` + `<stem>.pem` (false for cert-manager's `tls.crt`/`tls.key`).
    pub file_names: bool,
}

/// The rules for the connector's certificate given as parsed parts;
/// `certificate` is `None` when the public file held none (a per-file
/// finding already says why).
pub(crate) fn client_findings(
    public_name: &str,
    certificate: Option<&Certificate>,
    private: &Source<'_>,
    expectations: &ClientExpectations<'_>,
    issuer: &[StoreFile],
    options: &Options,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if expectations.file_names {
        let (public_stem, public_extension) = split_name(public_name);
        let (private_stem, private_extension) = split_name(private.name);
        if public_extension != "der" || private_extension != "pem" || public_stem != private_stem {
            findings.push(
                Finding::new(
                    &rules::OPCUA_APPLICATION_KEY_PAIR_FILES,
                    format!("{public_name} and {}: the public key must be <stem>.der and the private key <stem>.pem, with the same stem", private.name),
                )
                .source(public_name),
            );
        }
    }
    let key = decode(private.bytes).ok().and_then(|decoded| {
        decoded
            .blocks
            .into_iter()
            .find_map(|block| match block.content {
                BlockContent::PrivateKey { der, encrypted } => Some((block.label, der, encrypted)),
                _ => None,
            })
    });
    match (&key, certificate) {
        (None, _) => findings.push(
            Finding::new(
                &rules::OPCUA_APPLICATION_KEY_UNREADABLE,
                format!("{} holds no private key", private.name),
            )
            .source(private.name),
        ),
        (Some((_, _, true)), _) => findings.push(
            Finding::new(
                &rules::OPCUA_APPLICATION_KEY_UNREADABLE,
                format!(
                    "{}: the private key is encrypted; the connector loads it without a password",
                    private.name
                ),
            )
            .source(private.name),
        ),
        (Some((label, der, false)), Some(certificate)) => match private_key_matches(
            der,
            label,
            &certificate.spki_der,
        ) {
            Ok(true) => {}
            Ok(false) => findings.push(
                Finding::new(
                    &rules::OPCUA_APPLICATION_KEY_MISMATCH,
                    format!(
                        "the private key in {} does not belong to the certificate in {public_name}",
                        private.name
                    ),
                )
                .source(private.name),
            ),
            Err(error) => findings.push(
                Finding::new(
                    &rules::OPCUA_APPLICATION_KEY_UNREADABLE,
                    format!("{}: {error}", private.name),
                )
                .source(private.name),
            ),
        },
        (Some(_), None) => {}
    }
    let Some(certificate) = certificate else {
        return findings;
    };
    findings
        .extend(time_findings(public_name, certificate, options).map(|f| f.source(public_name)));
    findings.extend(profile(public_name, certificate, options, false));
    if let Some(subject_name) = expectations.subject_name {
        let subject = alloc::string::ToString::to_string(&certificate.subject);
        let common_name = certificate.subject.common_name();
        let normalise =
            |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
        if normalise(subject_name) != normalise(&subject) && Some(subject_name) != common_name {
            findings.push(
                Finding::new(
                    &rules::OPCUA_APPLICATION_SUBJECT_NAME_MISMATCH,
                    format!("--subject-name {subject_name:?} is not the certificate's subject {subject:?}"),
                )
                .source(public_name),
            );
        }
    }
    if let Some(application_uri) = expectations.application_uri {
        let uris = uris(certificate);
        if !uris.contains(&application_uri) {
            findings.push(
                Finding::new(
                    &rules::OPCUA_APPLICATION_URI_MISMATCH,
                    format!("--application-uri {application_uri:?} is not the certificate's SAN URI ({})", if uris.is_empty() { "none" } else { uris[0] }),
                )
                .source(public_name),
            );
        }
    }
    if !is_self_signed(certificate) {
        let issued = issuer.iter().filter_map(StoreFile::certificate).any(|ca| {
            ca.subject.matches(&certificate.issuer)
                && certificate.signed.verify(&ca.spki_der).is_ok()
        });
        if !issued {
            findings.push(
                Finding::new(
                    &rules::OPCUA_APPLICATION_ISSUER_MISSING,
                    format!("{public_name} is issued by {}, which is not in the issuer list; a peer cannot complete its chain", certificate.issuer),
                )
                .source(public_name),
            );
        }
    }
    findings
}

/// What `az iot ops connector opcua client add` would say about the
/// connector's application certificate, and what fails after it.
///
/// # Errors
/// [`Error::Source`] when the public file holds no certificate at all.
pub fn check_client(
    public: &Source<'_>,
    private: &Source<'_>,
    expectations: &ClientExpectations<'_>,
    issuer: &[Source<'_>],
    options: &Options,
) -> Result<Report, Error> {
    let (issuer_files, mut findings) = read_store(issuer, Store::IssuerList, Upload::Cli, options);
    let (public_file, public_findings) =
        super::file::read_file(public, Store::TrustList, Upload::Cli, options);
    let Some(certificate) = public_file.certificate() else {
        let reason = public_findings
            .first()
            .map_or_else(|| "holds no certificate".into(), |f| f.message.clone());
        return Err(Error::Source {
            name: public.name.into(),
            message: reason,
        });
    };
    // Only what the public file is (not the trust list's name rules).
    findings.extend(public_findings.into_iter().filter(|finding| {
        !matches!(
            finding.rule.id,
            "opcua.file.extension_unsupported" | "opcua.file.expired" | "opcua.file.not_yet_valid"
        )
    }));
    findings.extend(client_findings(
        public.name,
        Some(certificate),
        private,
        expectations,
        &issuer_files,
        options,
    ));
    let mut files: Vec<&StoreFile> = alloc::vec![&public_file];
    files.extend(issuer_files.iter());
    let mut report = finish(findings, &files);
    if report.certificates.is_empty() {
        report.certificates.push(ReportCertificate::new(
            0,
            public.name,
            certificate,
            None,
            false,
        ));
    }
    Ok(report)
}

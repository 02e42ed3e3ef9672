//! Will the connector accept this OPC UA server's certificate? (`opcua.server.*`)
//! The answer the OPC UA .NET stack's `CertificateValidator` would give,
//! with the `Bad…` status code it would return: the chain through the
//! presented certificates and both stores, validity, revocation, trust,
//! key usage, key size and SHA-1 under the extension settings, and the
//! endpoint host in the SAN. The validator wraps each failure around the
//! earlier ones and throws the outermost, so the status is the last failing
//! check in its order (`wrap_order`, read from UA-.NETStandard's
//! `CertificateValidator.InternalValidateAsync`); `statuses` lists them all,
//! outermost first.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::application::profile;
use super::chain::{Origin, Revocation, Stores, revocation};
use super::file::{StoreFile, Upload, read_store};
use super::{Options, Source, Store};
use crate::Error;
use crate::catalogue::{self as rules, Rule};
use crate::certificate::{Certificate, KeyUsageBit};
use crate::crypto::HashAlgorithm;
use crate::finding::{Finding, Severity, is_valid, normalize};
use crate::input::{BlockContent, decode};
use crate::path::PeerName;
use crate::report::{Report, ReportCertificate};

/// The stack's status code for a server finding.
pub fn status(rule: &Rule) -> Option<&'static str> {
    Some(match rule.id {
        "opcua.server.untrusted" => "BadCertificateUntrusted",
        "opcua.server.chain_incomplete" => "BadCertificateChainIncomplete",
        "opcua.server.time_invalid" => "BadCertificateTimeInvalid",
        "opcua.server.issuer_time_invalid" => "BadCertificateIssuerTimeInvalid",
        "opcua.server.revoked" => "BadCertificateRevoked",
        "opcua.server.issuer_revoked" => "BadCertificateIssuerRevoked",
        "opcua.server.revocation_unknown" => "BadCertificateRevocationUnknown",
        "opcua.server.issuer_revocation_unknown" => "BadCertificateIssuerRevocationUnknown",
        "opcua.server.use_not_allowed" => "BadCertificateUseNotAllowed",
        "opcua.server.key_too_small"
        | "opcua.server.sha1_signature"
        | "opcua.server.ecdsa_hash_mismatch" => "BadCertificatePolicyCheckFailed",
        "opcua.server.host_name_invalid" => "BadCertificateHostNameInvalid",
        _ => return None,
    })
}

/// One certificate of the chain the connector would build.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ChainElement {
    /// Index in the report's `certificates`.
    pub certificate: usize,
    /// Its subject.
    pub subject: String,
    /// `server` (presented by the server), `trustList` or `issuerList`.
    pub from: &'static str,
}

/// A [`Report`] with the connector's verdict beside it: serialized as the
/// report's fields plus `opcua`.
#[derive(Clone, Debug, serde::Serialize)]
#[non_exhaustive]
pub struct ServerReport {
    /// Every finding and certificate, as every command reports them.
    #[serde(flatten)]
    pub report: Report,
    /// The verdict.
    pub opcua: ServerVerdict,
}

/// The connector's verdict on a server certificate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ServerVerdict {
    /// True when the stack would accept the certificate.
    pub accepted: bool,
    /// `Good`, or the `Bad…` status the stack would return (the outermost).
    pub status: &'static str,
    /// Why, in one sentence (the finding that decided the status).
    pub reason: String,
    /// Every failing status, outermost first.
    pub statuses: Vec<&'static str>,
    /// The chain, server certificate first.
    pub chain: Vec<ChainElement>,
    /// The chain ends at a self-signed root.
    pub complete: bool,
    /// The settings applied.
    pub settings: super::Settings,
}

fn hash_of(certificate: &Certificate) -> Option<HashAlgorithm> {
    match &certificate.signature_algorithm {
        crate::SignatureAlgorithm::RsaPkcs1 { hash }
        | crate::SignatureAlgorithm::RsaPss { hash, .. }
        | crate::SignatureAlgorithm::Ecdsa { hash }
        | crate::SignatureAlgorithm::Dsa { hash } => Some(*hash),
        _ => None,
    }
}

/// Where each status sits in `CertificateValidator`'s wrapping, innermost
/// first: revocation results from the issuer lookup, the chain elements'
/// validity, trust, the endpoint host, key usage, SHA-1, key size and ECDSA
/// hash, and the incomplete chain last (outermost).
fn wrap_order(id: &str) -> u8 {
    match id {
        "opcua.server.issuer_revocation_unknown" => 0,
        "opcua.server.revocation_unknown" => 1,
        "opcua.server.issuer_revoked" => 2,
        "opcua.server.revoked" => 3,
        "opcua.server.time_invalid" => 4,
        "opcua.server.issuer_time_invalid" => 5,
        "opcua.server.untrusted" => 6,
        "opcua.server.host_name_invalid" => 7,
        "opcua.server.use_not_allowed" => 8,
        "opcua.server.sha1_signature" => 9,
        "opcua.server.ecdsa_hash_mismatch" | "opcua.server.key_too_small" => 10,
        _ => 11,
    }
}

fn read_server(server: &Source<'_>) -> Result<(Vec<Certificate>, Vec<usize>), Error> {
    let unusable = |message: String| Error::Source {
        name: server.name.into(),
        message,
    };
    let decoded = decode(server.bytes).map_err(|error| unusable(error.to_string()))?;
    let mut certificates = Vec::new();
    let mut blocks = Vec::new();
    for block in &decoded.blocks {
        if let BlockContent::Certificate(der) = &block.content {
            let certificate = Certificate::from_der(der)
                .map_err(|error| unusable(format!("block {}: {}", block.index, error.0)))?;
            certificates.push(certificate);
            blocks.push(block.index);
        }
    }
    if certificates.is_empty() {
        return Err(unusable("holds no certificate".into()));
    }
    Ok((certificates, blocks))
}

/// The connector's verdict on an OPC UA server certificate: `server` holds
/// the server's certificate first, then any chain it presents; `trust` and
/// `issuer` are the two stores as files; `endpoint_host` is the host of
/// the endpoint URL, if the SAN check is wanted. The report carries every
/// finding, and the [`ServerVerdict`].
///
/// # Errors
/// [`Error::Source`] when `server` holds no certificate;
/// [`Error::InvalidOption`] when `endpoint_host` is no DNS name or IP address.
pub fn check_server(
    server: &Source<'_>,
    trust: &[Source<'_>],
    issuer: &[Source<'_>],
    endpoint_host: Option<&str>,
    options: &Options,
) -> Result<ServerReport, Error> {
    let host = match endpoint_host {
        Some(text) => Some(PeerName::parse(text).ok_or_else(|| Error::InvalidOption {
            option: "endpoint host",
            message: format!("{text:?} is not a DNS name or an IP address"),
        })?),
        None => None,
    };
    let (mut certificates, blocks) = read_server(server)?;
    let leaf = certificates.remove(0);
    let presented = certificates;
    // The stores as they are in the cluster (a CRL may be patched into the trust list).
    let (trust_files, mut findings) = read_store(trust, Store::TrustList, Upload::Cluster, options);
    let (issuer_files, issuer_findings) =
        read_store(issuer, Store::IssuerList, Upload::Cluster, options);
    findings.extend(issuer_findings);

    // Report certificates: the server's, the presented ones, then the stores'.
    let mut report = Report::default();
    report.certificates.push(ReportCertificate::new(
        0,
        server.name,
        &leaf,
        blocks.first().copied(),
        false,
    ));
    for (offset, certificate) in presented.iter().enumerate() {
        report.certificates.push(ReportCertificate::new(
            offset + 1,
            server.name,
            certificate,
            blocks.get(offset + 1).copied(),
            false,
        ));
    }
    let store_index = |files: &[StoreFile], report: &mut Report| -> Vec<Option<usize>> {
        files
            .iter()
            .map(|file| {
                file.certificate().map(|certificate| {
                    let index = report.certificates.len();
                    report.certificates.push(ReportCertificate::new(
                        index,
                        &file.name,
                        certificate,
                        None,
                        false,
                    ));
                    index
                })
            })
            .collect()
    };
    let trust_index = store_index(&trust_files, &mut report);
    let issuer_index = store_index(&issuer_files, &mut report);
    let place = |origin: Origin| -> usize {
        match origin {
            Origin::Subject => 0,
            Origin::Presented(index) => index + 1,
            Origin::Trust(index) => trust_index.get(index).copied().flatten().unwrap_or(0),
            Origin::Issuer(index) => issuer_index.get(index).copied().flatten().unwrap_or(0),
        }
    };
    let name_of = |origin: Origin| -> String {
        match origin {
            Origin::Subject | Origin::Presented(_) => server.name.into(),
            Origin::Trust(index) => trust_files
                .get(index)
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            Origin::Issuer(index) => issuer_files
                .get(index)
                .map(|f| f.name.clone())
                .unwrap_or_default(),
        }
    };
    for finding in &mut findings {
        if let Some(source) = &finding.source {
            if let Some(index) = trust_files.iter().position(|f| &f.name == source) {
                finding.certificate = trust_index[index];
            } else if let Some(index) = issuer_files.iter().position(|f| &f.name == source) {
                finding.certificate = issuer_index[index];
            }
        }
    }

    let stores = Stores {
        trust: &trust_files,
        issuer: &issuer_files,
    };
    let chain = stores.build(&leaf, &presented);
    let mut checks: Vec<Finding> = Vec::new();
    let at = |finding: Finding, origin: Origin| {
        finding.certificate(place(origin)).source(name_of(origin))
    };
    let leaf_origin = chain.elements[0].origin;
    // 1. The chain.
    if !chain.complete {
        let last = chain.elements.last().map_or(&leaf, |e| e.certificate);
        let not_ca = chain
            .not_ca_issuer
            .as_ref()
            .map(|e| format!(" ({} signed it but has no cA=TRUE)", e.certificate.subject))
            .unwrap_or_default();
        checks.push(at(
            Finding::new(
                &rules::OPCUA_SERVER_CHAIN_INCOMPLETE,
                format!(
                    "BadCertificateChainIncomplete: the issuer of {}, {}, is not presented by the server nor in the trust or issuer list{not_ca}",
                    last.subject, last.issuer
                ),
            ),
            leaf_origin,
        ));
    }
    // 2. Validity of each element.
    for (position, element) in chain.elements.iter().enumerate() {
        let validity = &element.certificate.validity;
        if validity.not_after < options.time || validity.not_before > options.time {
            let (rule, status) = if position == 0 {
                (
                    &rules::OPCUA_SERVER_TIME_INVALID,
                    "BadCertificateTimeInvalid",
                )
            } else {
                (
                    &rules::OPCUA_SERVER_ISSUER_TIME_INVALID,
                    "BadCertificateIssuerTimeInvalid",
                )
            };
            checks.push(at(
                Finding::new(
                    rule,
                    format!(
                        "{status}: {} is valid from {} to {}, not at {}",
                        element.certificate.subject,
                        validity.not_before.to_rfc3339(),
                        validity.not_after.to_rfc3339(),
                        options.time.to_rfc3339()
                    ),
                ),
                element.origin,
            ));
        }
    }
    // 3. Revocation, by the CRLs in the store where each issuer was found.
    for (position, pair) in chain.elements.windows(2).enumerate() {
        let (child, parent) = (&pair[0], &pair[1]);
        let status = match parent.origin.store() {
            Some(store) => revocation(
                child.certificate,
                parent.certificate,
                stores.files(store),
                options.time,
            ),
            None => Revocation::Unknown,
        };
        let leaf_position = position == 0;
        match status {
            Revocation::Good => {}
            Revocation::Revoked => {
                let (rule, code) = if leaf_position {
                    (&rules::OPCUA_SERVER_REVOKED, "BadCertificateRevoked")
                } else {
                    (
                        &rules::OPCUA_SERVER_ISSUER_REVOKED,
                        "BadCertificateIssuerRevoked",
                    )
                };
                checks.push(at(
                    Finding::new(
                        rule,
                        format!(
                            "{code}: the CRL of {} lists {}",
                            name_of(parent.origin),
                            child.certificate.subject
                        ),
                    ),
                    child.origin,
                ));
            }
            Revocation::Unknown => {
                let (rule, code) = if leaf_position {
                    (
                        &rules::OPCUA_SERVER_REVOCATION_UNKNOWN,
                        "BadCertificateRevocationUnknown",
                    )
                } else {
                    (
                        &rules::OPCUA_SERVER_ISSUER_REVOCATION_UNKNOWN,
                        "BadCertificateIssuerRevocationUnknown",
                    )
                };
                let reject = options.settings.reject_unknown_revocation_status;
                let mut finding = at(
                    Finding::new(
                        rule,
                        format!(
                            "{code}{}: no current CRL of {} ({}) is in its store",
                            if reject {
                                ""
                            } else {
                                " (suppressed: rejectUnknownRevocationStatus is false)"
                            },
                            parent.certificate.subject,
                            name_of(parent.origin)
                        ),
                    ),
                    child.origin,
                );
                if reject {
                    finding = finding.severity(Severity::Error);
                }
                checks.push(finding);
            }
        }
    }
    // 4. Trust: the server certificate or a CA on its chain is in the trust list.
    if !chain.trusted() {
        checks.push(at(
            Finding::new(
                &rules::OPCUA_SERVER_UNTRUSTED,
                format!(
                    "BadCertificateUntrusted: neither {} nor a CA on its chain is in the trust list{}",
                    leaf.subject,
                    if chain.elements.iter().any(|e| matches!(e.origin, Origin::Issuer(_))) {
                        " (the issuer list completes the chain but grants no trust)"
                    } else {
                        ""
                    }
                ),
            ),
            leaf_origin,
        ));
    }
    // 5. Key usage of the server certificate.
    let key_usage = leaf.key_usage();
    let has = |bit| key_usage.is_some_and(|usage| usage.contains(bit));
    let is_ec = leaf.public_key.algorithm == "EC";
    if is_ec && !has(KeyUsageBit::DigitalSignature) {
        checks.push(at(
            Finding::new(&rules::OPCUA_SERVER_USE_NOT_ALLOWED, "BadCertificateUseNotAllowed: the ECDSA certificate's keyUsage lacks digitalSignature"),
            leaf_origin,
        ));
    } else if !is_ec && !has(KeyUsageBit::DataEncipherment) {
        checks.push(at(
            Finding::new(&rules::OPCUA_SERVER_USE_NOT_ALLOWED, "BadCertificateUseNotAllowed: the RSA certificate's keyUsage lacks dataEncipherment"),
            leaf_origin,
        ));
    }
    // 6. Policy, on the server's certificate only: SHA-1, key size, ECDSA hash and curve.
    let minimum = options.settings.minimum_certificate_key_size;
    let key = &leaf.public_key;
    if key.algorithm == "RSA" && key.bits.unwrap_or(0) < minimum {
        checks.push(at(
            Finding::new(
                &rules::OPCUA_SERVER_KEY_TOO_SMALL,
                format!("BadCertificatePolicyCheckFailed: {} has a {}-bit RSA key, under minimumCertificateKeySize {minimum}", leaf.subject, key.bits.unwrap_or(0)),
            ),
            leaf_origin,
        ));
    }
    if options.settings.reject_sha1_signed_certificates
        && hash_of(&leaf) == Some(HashAlgorithm::Sha1)
    {
        checks.push(at(
            Finding::new(
                &rules::OPCUA_SERVER_SHA1_SIGNATURE,
                format!("BadCertificatePolicyCheckFailed: {} is signed with {} and rejectSha1SignedCertificates is true", leaf.subject, leaf.signature_algorithm.name()),
            ),
            leaf_origin,
        ));
    }
    if is_ec && let crate::SignatureAlgorithm::Ecdsa { hash } = &leaf.signature_algorithm {
        let expected = match leaf.public_key.curve.as_deref() {
            Some("P-256") => Some(HashAlgorithm::Sha256),
            Some("P-384") => Some(HashAlgorithm::Sha384),
            Some("P-521") => Some(HashAlgorithm::Sha512),
            _ => None,
        };
        // Only SHA-256/384/512 signatures are judged against the curve (SHA-1 has its own rule).
        let judged = matches!(
            hash,
            HashAlgorithm::Sha256 | HashAlgorithm::Sha384 | HashAlgorithm::Sha512
        );
        if judged && expected.is_some_and(|expected| expected != *hash) {
            checks.push(at(
                Finding::new(
                    &rules::OPCUA_SERVER_ECDSA_HASH_MISMATCH,
                    format!(
                        "BadCertificatePolicyCheckFailed: a {} key signed with {}",
                        leaf.public_key.curve.as_deref().unwrap_or("?"),
                        leaf.signature_algorithm.name()
                    ),
                ),
                leaf_origin,
            ));
        }
    }
    // 7. The endpoint host (checked by the client after validation).
    if let Some(host) = &host
        && !crate::path::names::peer_name_matches(
            leaf.subject_alt_names().unwrap_or_default(),
            host,
        )
    {
        let names: Vec<String> = leaf
            .subject_alt_names()
            .unwrap_or_default()
            .iter()
            .filter(|name| {
                matches!(
                    name,
                    crate::name::GeneralName::Dns(_) | crate::name::GeneralName::Ip(_)
                )
            })
            .map(crate::name::GeneralName::to_text)
            .collect();
        checks.push(at(
            Finding::new(
                &rules::OPCUA_SERVER_HOST_NAME_INVALID,
                format!(
                    "BadCertificateHostNameInvalid: {} is not among the certificate's SAN names ({})",
                    host.to_text(),
                    if names.is_empty() { "none".into() } else { names.join(", ") }
                ),
            ),
            leaf_origin,
        ));
    }
    // The validator wraps each failure around the earlier ones and throws the
    // outermost: the status is the last failing check in its order.
    crate::order::sort_by_key(&mut checks, |finding| wrap_order(finding.rule.id));
    let errors: Vec<&Finding> = checks
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    let statuses: Vec<&'static str> = errors
        .iter()
        .rev()
        .filter_map(|finding| status(finding.rule))
        .fold(Vec::new(), |mut list, code| {
            if !list.contains(&code) {
                list.push(code);
            }
            list
        });
    let first_error = errors.last().copied();
    let verdict = ServerVerdict {
        accepted: first_error.is_none(),
        status: statuses.first().copied().unwrap_or("Good"),
        reason: first_error.map_or_else(
            || match chain
                .elements
                .iter()
                .find(|e| matches!(e.origin, Origin::Trust(_)))
            {
                Some(element) => format!(
                    "trusted through {} in the trust list",
                    name_of(element.origin)
                ),
                None => "trusted".into(),
            },
            |finding| finding.message.clone(),
        ),
        statuses,
        chain: chain
            .elements
            .iter()
            .map(|element| ChainElement {
                certificate: place(element.origin),
                subject: element.certificate.subject.to_string(),
                from: match element.origin {
                    Origin::Trust(_) => "trustList",
                    Origin::Issuer(_) => "issuerList",
                    Origin::Subject | Origin::Presented(_) => "server",
                },
            })
            .collect(),
        complete: chain.complete,
        settings: options.settings,
    };
    findings.extend(checks);
    findings.extend(
        profile(server.name, &leaf, options, true)
            .into_iter()
            .map(|finding| finding.certificate(0)),
    );
    normalize(&mut findings);
    report.valid = is_valid(&findings);
    report.findings = findings;
    Ok(ServerReport {
        report,
        opcua: verdict,
    })
}

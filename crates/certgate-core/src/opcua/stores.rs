//! The two stores together (`opcua.stores.*`), as the OPC UA .NET stack
//! reads them at connection time: the issuer list grants no trust; every
//! chain from a trust-list certificate closes at a self-signed root through
//! both stores; issuers are CAs; CRLs belong to a CA of their store, are
//! signed by it and current; a revoked certificate in a store is an error;
//! with `rejectUnknownRevocationStatus`, every CA on a path has a CRL.

use alloc::format;
use alloc::vec::Vec;

use super::chain::{Chain, Origin, Revocation, Stores, is_current, revocation};
use super::file::{StoreFile, Upload, finish, read_store};
use super::{Options, Source, Store};
use crate::Error;
use crate::catalogue as rules;
use crate::finding::{Finding, Findings, Severity};
use crate::report::Report;

fn source_of<'a>(stores: &Stores<'a>, origin: Origin) -> Option<&'a str> {
    match origin {
        Origin::Trust(index) => stores.trust.get(index).map(|file| file.name.as_str()),
        Origin::Issuer(index) => stores.issuer.get(index).map(|file| file.name.as_str()),
        _ => None,
    }
}

/// Chain rules for one certificate's chain.
fn chain_findings(
    stores: &Stores<'_>,
    name: &str,
    chain: &Chain<'_>,
    findings: &mut impl FnMut(Finding),
) {
    if chain.complete {
        return;
    }
    if let Some(not_ca) = &chain.not_ca_issuer {
        let issuer_name = source_of(stores, not_ca.origin).unwrap_or("a presented certificate");
        findings(
            Finding::new(
                &rules::OPCUA_STORES_ISSUER_NOT_CA,
                format!(
                    "{issuer_name} ({}) signed a certificate on the chain of {name} but has no basicConstraints cA=TRUE",
                    not_ca.certificate.subject
                ),
            )
            .source(issuer_name),
        );
    }
    let missing = chain
        .missing_issuer
        .map_or_else(|| "?".into(), alloc::string::ToString::to_string);
    findings(
        Finding::new(
            &rules::OPCUA_STORES_CHAIN_INCOMPLETE,
            format!(
                "the chain of {name} stops at {}: its issuer {missing} is in neither the trust list nor the issuer list (BadCertificateChainIncomplete)",
                chain.elements.last().map_or_else(|| "?".into(), |e| alloc::string::ToString::to_string(&e.certificate.subject))
            ),
        )
        .source(name),
    );
}

fn crl_findings(stores: &Stores<'_>, options: &Options, findings: &mut impl FnMut(Finding)) {
    for store in [Store::TrustList, Store::IssuerList] {
        let files = stores.files(store);
        for file in files {
            let Some(crl) = file.crl() else { continue };
            let named: Vec<&StoreFile> = files
                .iter()
                .filter(|other| {
                    other
                        .certificate()
                        .is_some_and(|c| c.subject.matches(&crl.issuer))
                })
                .collect();
            if named.is_empty() {
                findings(
                    Finding::new(
                        &rules::OPCUA_STORES_CRL_NO_ISSUER,
                        format!("{}: no CA certificate in the {} is named {}, the CRL's issuer; the stack never reads it", file.name, store.name(), crl.issuer),
                    )
                    .source(file.name.clone()),
                );
                continue;
            }
            let signer = named.iter().find(|ca| {
                ca.certificate()
                    .is_some_and(|c| crl.signed.verify(&c.spki_der).is_ok())
            });
            let Some(signer) = signer else {
                findings(
                    Finding::new(
                        &rules::OPCUA_STORES_CRL_BAD_SIGNATURE,
                        format!(
                            "{}: names {} but is not signed by the key of {}; the stack ignores it",
                            file.name, crl.issuer, named[0].name
                        ),
                    )
                    .source(file.name.clone()),
                );
                continue;
            };
            if !is_current(crl, options.time) {
                let next = crl
                    .next_update
                    .map_or_else(|| "none".into(), |t| t.to_rfc3339());
                let mut finding = Finding::new(
                    &rules::OPCUA_STORES_CRL_NOT_CURRENT,
                    format!(
                        "{}: the CRL of {} is not current (thisUpdate {}, nextUpdate {next}){}",
                        file.name,
                        signer.name,
                        crl.this_update.to_rfc3339(),
                        if options.settings.reject_unknown_revocation_status {
                            "; with rejectUnknownRevocationStatus the CA's certificates are rejected"
                        } else {
                            ""
                        }
                    ),
                )
                .source(file.name.clone());
                if options.settings.reject_unknown_revocation_status {
                    finding = finding.severity(Severity::Error);
                }
                findings(finding);
            }
        }
    }
}

/// Every store rule over `trust` and `issuer`, each finding handed to
/// `findings` as it is found: the caller's sink caps them (see
/// `Findings`), after naming the object they are about (the store Secret
/// in a cluster). `both` says the two stores are complete; when only one
/// store is given, the rules that need the other one (chains, issuer-list
/// usefulness) stay silent.
pub(crate) fn store_findings(
    trust: &[StoreFile],
    issuer: &[StoreFile],
    options: &Options,
    both: bool,
    findings: &mut impl FnMut(Finding),
) {
    let stores = Stores { trust, issuer };
    let mut chains: Vec<(Store, &StoreFile, Chain<'_>)> = Vec::new();
    for (store, files) in [(Store::TrustList, trust), (Store::IssuerList, issuer)] {
        for file in files {
            if let Some(certificate) = file.certificate() {
                chains.push((store, file, stores.build(certificate, &[])));
            }
        }
    }
    if both {
        for (store, file, chain) in &chains {
            if *store == Store::TrustList {
                chain_findings(&stores, &file.name, chain, findings);
            }
        }
        // An issuer-list CA is useful when it completes a trust-list
        // certificate's chain or a trust-list CA is on its own chain.
        for (store, file, chain) in &chains {
            if *store != Store::IssuerList {
                continue;
            }
            let Some(certificate) = file.certificate() else {
                continue;
            };
            let completes = chains.iter().any(|(other_store, _, other)| {
                *other_store == Store::TrustList
                    && other
                        .elements
                        .iter()
                        .any(|e| e.certificate.der == certificate.der)
            });
            if !completes && !chain.trusted() {
                findings(
                    Finding::new(
                        &rules::OPCUA_STORES_ISSUER_GRANTS_NO_TRUST,
                        format!("{} ({}) is on no chain of a trust-list certificate and no trust-list CA is above it: a certificate in the issuer list is not trusted, so no server is ever accepted through it", file.name, certificate.subject),
                    )
                    .source(file.name.clone()),
                );
            }
        }
    }
    crl_findings(&stores, options, findings);
    // Revocation of every store certificate by its issuer's CRLs, and, with
    // rejectUnknownRevocationStatus, a CRL for every CA that issues on a path.
    let mut crl_missing_reported: Vec<&[u8]> = Vec::new();
    for (_, file, chain) in &chains {
        for pair in chain.elements.windows(2) {
            let (child, parent) = (&pair[0], &pair[1]);
            let Some(parent_store) = parent.origin.store() else {
                continue;
            };
            let status = revocation(
                child.certificate,
                parent.certificate,
                stores.files(parent_store),
                options.time,
            );
            let parent_name = source_of(&stores, parent.origin).unwrap_or("?");
            if status == Revocation::Revoked
                && child.certificate.der
                    == file
                        .certificate()
                        .map(|c| c.der.as_slice())
                        .unwrap_or_default()
            {
                findings(
                    Finding::new(
                        &rules::OPCUA_STORES_REVOKED,
                        format!("{} ({}) is revoked by the CRL of {parent_name} (BadCertificateRevoked)", file.name, child.certificate.subject),
                    )
                    .source(file.name.clone()),
                );
            }
            if status == Revocation::Unknown
                && options.settings.reject_unknown_revocation_status
                && !crl_missing_reported.contains(&parent.certificate.der.as_slice())
            {
                crl_missing_reported.push(&parent.certificate.der);
                findings(
                    Finding::new(
                        &rules::OPCUA_STORES_CRL_MISSING,
                        format!("{parent_name} ({}) issues on a path but the {} holds no current CRL signed by it; with rejectUnknownRevocationStatus the certificates it issued are rejected", parent.certificate.subject, parent_store.name()),
                    )
                    .source(parent_name),
                );
            }
        }
    }
}

/// Both stores as the connector would read them: every per-file rule of
/// each file and every rule across the two stores. Findings are capped per
/// rule for each store (per-file rules) and for the two stores together
/// (the rules across them): a trust list of 2,000 bad files gives
/// [`crate::MAX_FINDINGS_PER_RULE`] findings of a rule and a summary.
///
/// # Errors
/// [`Error::Empty`] when both lists are empty. Unreadable files are findings.
pub fn check_stores(
    trust: &[Source<'_>],
    issuer: &[Source<'_>],
    options: &Options,
) -> Result<Report, Error> {
    if trust.is_empty() && issuer.is_empty() {
        return Err(Error::Empty);
    }
    let (trust_files, mut findings) = read_store(trust, Store::TrustList, Upload::Cli, options);
    let (issuer_files, issuer_findings) =
        read_store(issuer, Store::IssuerList, Upload::Cli, options);
    findings.extend(issuer_findings);
    // The rules across the stores are capped for the two stores together.
    let mut across = Findings::about("the trust and issuer lists");
    store_findings(&trust_files, &issuer_files, options, true, &mut |finding| {
        across.push(finding);
    });
    findings.extend(across.into_vec());
    let files: Vec<&StoreFile> = trust_files.iter().chain(issuer_files.iter()).collect();
    Ok(finish(findings, &files))
}

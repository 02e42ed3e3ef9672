//! rustls-webpki, called as rustls's `WebPkiServerVerifier` (and
//! `WebPkiClientVerifier`) call it with the *ring* provider: path building
//! with `verify_for_usage`, then the server name.
//!
//! The mapping follows upstream limbo's `harness/rust-rustls`: max-chain-depth
//! cases are skipped (webpki has no such option), a SERVER case without a peer
//! name too once its chain verifies (rustls always verifies one), and CRLs go through
//! `RevocationOptions` with rustls's defaults (whole chain, unknown status
//! denied, expired CRLs accepted).

use core::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{
    CertificateDer, CertificateRevocationListDer, ServerName, SignatureVerificationAlgorithm,
    UnixTime,
};
use webpki::{
    CertRevocationList, EndEntityCert, KeyUsage, OwnedCertRevocationList, RevocationOptionsBuilder,
    anchor_from_trusted_cert, ring,
};

use super::{Usage, Verdict, run_each, usage, validation_seconds};
use crate::{PeerNameJson, Results, Suite, Testcase};

/// rustls's `crypto::ring` verification algorithms (`SUPPORTED_SIG_ALGS.all`).
static ALGORITHMS: &[&dyn SignatureVerificationAlgorithm] = &[
    ring::ECDSA_P256_SHA256,
    ring::ECDSA_P256_SHA384,
    ring::ECDSA_P384_SHA256,
    ring::ECDSA_P384_SHA384,
    ring::ED25519,
    ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
    ring::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
    ring::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
    ring::RSA_PKCS1_2048_8192_SHA256,
    ring::RSA_PKCS1_2048_8192_SHA384,
    ring::RSA_PKCS1_2048_8192_SHA512,
    ring::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
    ring::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
    ring::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
];

pub(super) fn run(suite: &Suite) -> Results {
    // The version Cargo.lock resolves (`cargo tree -i rustls-webpki`).
    run_each(suite, "rustls-webpki-0.103".into(), evaluate)
}

fn evaluate(case: &Testcase) -> Verdict {
    if case.features.iter().any(|f| f == "max-chain-depth") {
        return Verdict::Skipped("rustls-webpki has no maximum chain depth option".into());
    }
    if !case.signature_algorithms.is_empty() {
        return Verdict::Skipped("signature algorithms are fixed by the crypto provider".into());
    }
    let usage = match usage(case) {
        Ok(usage) => usage,
        Err(why) => return Verdict::Skipped(why),
    };
    // A SERVER case without a name is skipped only once the chain verifies,
    // as upstream's harness does: a chain that fails, fails without one too.
    let names: Vec<&PeerNameJson> = if case.validation_kind == "SERVER" {
        case.expected_peer_name.iter().collect()
    } else {
        case.expected_peer_names.iter().collect()
    };
    if let Some(name) = names.iter().find(|name| name.kind == "RFC822") {
        return Verdict::Skipped(format!(
            "rustls-webpki does not verify RFC822 names ({})",
            name.value
        ));
    }
    let seconds = match validation_seconds(case) {
        Ok(seconds) => seconds,
        Err(why) => return Verdict::Skipped(why),
    };
    let Ok(seconds) = u64::try_from(seconds) else {
        return Verdict::Skipped("rustls's UnixTime cannot be before 1970".into());
    };
    let time = UnixTime::since_unix_epoch(Duration::from_secs(seconds));

    let Ok(leaf_der) = CertificateDer::from_pem_slice(case.peer_certificate.as_bytes()) else {
        return Verdict::Failure("leaf: not a PEM certificate".into());
    };
    let leaf = match EndEntityCert::try_from(&leaf_der) {
        Ok(leaf) => leaf,
        Err(error) => return Verdict::Failure(format!("leaf: {error}")),
    };
    // rustls's RootCertStore::add_parsable_certificates leaves out what it
    // cannot use as an anchor; intermediates are parsed while building.
    let anchor_ders: Vec<CertificateDer<'static>> = case
        .trusted_certs
        .iter()
        .filter_map(|pem| CertificateDer::from_pem_slice(pem.as_bytes()).ok())
        .collect();
    let anchors: Vec<_> = anchor_ders
        .iter()
        .filter_map(|der| anchor_from_trusted_cert(der).ok())
        .collect();
    let intermediates: Vec<CertificateDer<'static>> = case
        .untrusted_intermediates
        .iter()
        .filter_map(|pem| CertificateDer::from_pem_slice(pem.as_bytes()).ok())
        .collect();

    let mut crls = Vec::new();
    for pem in &case.crls {
        // rustls's verifier builder refuses a CRL it cannot parse: no
        // connection is possible, which is a rejection.
        let crl = CertificateRevocationListDer::from_pem_slice(pem.as_bytes())
            .map_err(|error| error.to_string())
            .and_then(|der| OwnedCertRevocationList::from_der(&der).map_err(|e| e.to_string()));
        match crl {
            Ok(crl) => crls.push(CertRevocationList::from(crl)),
            Err(error) => return Verdict::Failure(format!("CRL: {error}")),
        }
    }
    let crl_refs: Vec<&CertRevocationList<'_>> = crls.iter().collect();
    let revocation = RevocationOptionsBuilder::new(&crl_refs)
        .ok()
        .map(RevocationOptionsBuilder::build);

    let key_usage = match usage {
        Usage::Server => KeyUsage::server_auth(),
        // rustls's client-certificate verifier always checks clientAuth
        // (required only if the certificate has an EKU).
        Usage::Client | Usage::Unspecified => KeyUsage::client_auth(),
    };
    if let Err(error) = leaf.verify_for_usage(
        ALGORITHMS,
        &anchors,
        &intermediates,
        time,
        key_usage,
        revocation,
        None,
    ) {
        return Verdict::Failure(format!("{error:?}"));
    }
    if names.is_empty() && case.validation_kind == "SERVER" {
        return Verdict::Skipped("rustls always verifies a server name".into());
    }
    for name in names {
        let server_name = match ServerName::try_from(name.value.as_str()) {
            Ok(server_name) => server_name,
            Err(error) => {
                return Verdict::Failure(format!("invalid peer name {}: {error}", name.value));
            }
        };
        if let Err(error) = leaf.verify_is_valid_for_subject_name(&server_name) {
            return Verdict::Failure(format!("{}: {error:?}", name.value));
        }
    }
    Verdict::Success
}

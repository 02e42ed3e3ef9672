//! OpenSSL 3 `X509_verify_cert`, in process through the `openssl` crate.
//!
//! `TlsClient` is what libssl sets up when a TLS client (curl, Node,
//! mosquitto, `openssl s_client`) verifies its peer: default verify flags (no
//! `X509_STRICT`, no `PARTIAL_CHAIN`), purpose sslserver or sslclient (none
//! for a CLIENT case naming no EKU), the peer name in the verify parameters,
//! the auth level of libssl's default security level (as `ssl_verify_cert_chain` sets it: 2 on Debian 12, whose
//! libssl is built with level 2; 1 in upstream OpenSSL 3.0), and CRL checking
//! of the whole chain when CRLs are given.

use core::net::IpAddr;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::io::Write;

use openssl::ssl::{SslContext, SslFiletype, SslMethod};
use openssl::stack::Stack;
use openssl::x509::store::{X509Lookup, X509StoreBuilder};
use openssl::x509::verify::{X509CheckFlags, X509VerifyFlags, X509VerifyParam};
use openssl::x509::{X509, X509PurposeId, X509StoreContext};

use super::{Usage, Verdict, run_each, usage, validation_seconds};
use crate::{PeerNameJson, Results, Suite, Testcase};

/// Which verify settings to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenSslFlags {
    /// A TLS client's defaults (the oracle).
    TlsClient,
    /// Upstream limbo's `harness/openssl` settings (`X509_STRICT`,
    /// `PARTIAL_CHAIN`, auth level 2, no partial wildcards, purpose only when
    /// the case names an EKU, no time check without a validation time, CLIENT
    /// cases skipped): only to compare this runner with the
    /// published OpenSSL results.
    LimboHarness,
}

pub(super) fn run(suite: &Suite, flags: OpenSslFlags) -> Result<Results, String> {
    // The level a TLS client context gets from this libssl and its config.
    let security_level = SslContext::builder(SslMethod::tls_client())
        .map(|builder| builder.build().security_level())
        .map_err(|error| format!("openssl: {error}"))?;
    let auth_level = i32::try_from(security_level).map_err(|e| format!("openssl: {e}"))?;
    let suffix = match flags {
        OpenSslFlags::TlsClient => "",
        OpenSslFlags::LimboHarness => "-limbo-harness",
    };
    // version() is "OpenSSL 3.0.19 27 Jan 2026"; the harness name wants 3.0.19.
    let version = openssl::version::version();
    let number = version.split_whitespace().nth(1).unwrap_or(version);
    let harness = format!("openssl-{number}{suffix}");
    let setup = Setup { flags, auth_level };
    Ok(run_each(suite, harness, |case| {
        evaluate(case, setup).unwrap_or_else(Verdict::Skipped)
    }))
}

#[derive(Clone, Copy)]
struct Setup {
    flags: OpenSslFlags,
    /// The TLS client's auth level (`TlsClient` only).
    auth_level: i32,
}

/// Err is a setup step libssl refused: reported as SKIPPED, since it says
/// nothing about the chain.
fn evaluate(case: &Testcase, setup: Setup) -> Result<Verdict, String> {
    let harness = setup.flags == OpenSslFlags::LimboHarness;
    if !case.signature_algorithms.is_empty() {
        return Ok(Verdict::Skipped(
            "OpenSSL's verifier has no signature-algorithm allow list".into(),
        ));
    }
    if harness && case.validation_kind != "SERVER" {
        return Ok(Verdict::Skipped(
            "non-SERVER testcases not supported yet".into(),
        ));
    }
    let usage = match usage(case) {
        Ok(usage) => usage,
        Err(why) => return Ok(Verdict::Skipped(why)),
    };
    let leaf = match X509::from_pem(case.peer_certificate.as_bytes()) {
        Ok(leaf) => leaf,
        Err(error) => return Ok(Verdict::Failure(format!("leaf: {error}"))),
    };

    // SERVER: the one expected name. CLIENT: every expected name must match,
    // and OpenSSL's host list matches when any does, so each name gets a run.
    let names: Vec<Option<&PeerNameJson>> = if case.validation_kind == "SERVER" {
        vec![case.expected_peer_name.as_ref()]
    } else if harness || case.expected_peer_names.is_empty() {
        vec![None]
    } else {
        case.expected_peer_names.iter().map(Some).collect()
    };
    for name in names {
        let verdict = verify_once(case, setup, usage, &leaf, name)?;
        if !matches!(verdict, Verdict::Success) {
            return Ok(verdict);
        }
    }
    Ok(Verdict::Success)
}

/// One `X509_verify_cert` with at most one peer name.
fn verify_once(
    case: &Testcase,
    setup: Setup,
    usage: Usage,
    leaf: &X509,
    name: Option<&PeerNameJson>,
) -> Result<Verdict, String> {
    let harness = setup.flags == OpenSslFlags::LimboHarness;
    let mut store = X509StoreBuilder::new().map_err(setup_error)?;
    // A certificate libcrypto cannot read is not in the store or the pool,
    // as when a client loads a bundle.
    for pem in &case.trusted_certs {
        if let Ok(anchor) = X509::from_pem(pem.as_bytes()) {
            store.add_cert(anchor).map_err(setup_error)?;
        }
    }
    let mut verify_flags = X509VerifyFlags::empty();
    // Held until the CRLs are read into the store, then removed.
    let mut crl_file = None;
    if !case.crls.is_empty() {
        // The openssl crate adds CRLs to a store only through a file lookup.
        let file = CrlFile::write(&case.crls).map_err(|e| format!("CRL file: {e}"))?;
        let lookup = store.add_lookup(X509Lookup::file()).map_err(setup_error)?;
        if let Err(error) = lookup.load_crl_file(&file.path, SslFiletype::PEM) {
            return Ok(Verdict::Failure(format!("CRL: {error}")));
        }
        verify_flags |= X509VerifyFlags::CRL_CHECK | X509VerifyFlags::CRL_CHECK_ALL;
        crl_file = Some(file);
    }

    let mut param = X509VerifyParam::new().map_err(setup_error)?;
    if harness && case.validation_time.is_none() {
        verify_flags |= X509VerifyFlags::NO_CHECK_TIME;
    } else {
        match validation_seconds(case) {
            Ok(seconds) => param.set_time(seconds),
            Err(why) => return Ok(Verdict::Skipped(why)),
        }
    }
    if harness {
        verify_flags |= X509VerifyFlags::X509_STRICT | X509VerifyFlags::PARTIAL_CHAIN;
        param.set_auth_level(2);
        param.set_hostflags(X509CheckFlags::NO_PARTIAL_WILDCARDS);
        if let Some(purpose) = purpose(usage)
            && !case.extended_key_usage.is_empty()
        {
            param.set_purpose(purpose).map_err(setup_error)?;
        }
    } else {
        param.set_auth_level(setup.auth_level);
        if let Some(purpose) = purpose(usage) {
            param.set_purpose(purpose).map_err(setup_error)?;
        }
    }
    if let Some(depth) = case.max_chain_depth {
        // OpenSSL's depth counts intermediates, as limbo's does.
        param.set_depth(i32::try_from(depth).unwrap_or(i32::MAX));
    }
    param.set_flags(verify_flags).map_err(setup_error)?;
    if let Some(name) = name
        && let Err(why) = set_peer_name(&mut param, name)
    {
        return Ok(Verdict::Failure(why));
    }
    store.set_param(&param).map_err(setup_error)?;
    let store = store.build();
    drop(crl_file);

    let mut pool = Stack::new().map_err(setup_error)?;
    for pem in &case.untrusted_intermediates {
        if let Ok(intermediate) = X509::from_pem(pem.as_bytes()) {
            pool.push(intermediate).map_err(setup_error)?;
        }
    }
    let mut context = X509StoreContext::new().map_err(setup_error)?;
    let (ok, error, depth) = context
        .init(&store, leaf, &pool, |context| {
            let ok = context.verify_cert()?;
            Ok((ok, context.error(), context.error_depth()))
        })
        .map_err(setup_error)?;
    Ok(if ok {
        Verdict::Success
    } else {
        Verdict::Failure(format!(
            "{} (X509_V_ERR {} at depth {depth})",
            error.error_string(),
            error.as_raw()
        ))
    })
}

/// None: no purpose, as `openssl verify` without `-purpose`.
const fn purpose(usage: Usage) -> Option<X509PurposeId> {
    match usage {
        Usage::Server => Some(X509PurposeId::SSL_SERVER),
        Usage::Client => Some(X509PurposeId::SSL_CLIENT),
        Usage::Unspecified => None,
    }
}

/// The name the client would ask for; Err when OpenSSL refuses it (a client
/// could not connect with it either).
fn set_peer_name(param: &mut X509VerifyParam, name: &PeerNameJson) -> Result<(), String> {
    let refused = |error| format!("OpenSSL refuses peer name {}: {error}", name.value);
    match name.kind.as_str() {
        "DNS" => param.set_host(&name.value).map_err(refused),
        "IP" => {
            let ip: IpAddr = name
                .value
                .parse()
                .map_err(|error| format!("invalid IP peer name {}: {error}", name.value))?;
            param.set_ip(ip).map_err(refused)
        }
        "RFC822" => param.set_email(&name.value).map_err(refused),
        other => Err(format!("unknown peer name kind {other}")),
    }
}

fn setup_error(error: openssl::error::ErrorStack) -> String {
    format!("openssl setup: {error}")
}

/// A case's CRLs in a temporary PEM file, removed on drop.
struct CrlFile {
    path: std::path::PathBuf,
}

impl CrlFile {
    fn write(crls: &[String]) -> std::io::Result<Self> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "certgate-oracle-crl-{}-{}.pem",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut file = std::fs::File::create(&path)?;
        for crl in crls {
            file.write_all(crl.as_bytes())?;
            file.write_all(b"\n")?;
        }
        Ok(Self { path })
    }
}

impl Drop for CrlFile {
    fn drop(&mut self) {
        // A leftover temp file is harmless; nothing to report.
        let _ = std::fs::remove_file(&self.path);
    }
}

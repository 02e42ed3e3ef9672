//! Every `opcua.*` rule with a good and a bad case, on the openssl-made
//! material of `tests/data/opcua/gen.sh` (fixed dates; evaluated at
//! 2027-01-01).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use alloc::string::String;
use alloc::vec::Vec;

use super::application::ClientExpectations;
use super::*;
use crate::finding::{Finding, Severity};

macro_rules! data {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/data/opcua/", $name)).as_slice()
    };
}

/// A file of the material under its own name.
macro_rules! file {
    ($name:literal) => {
        Source::new($name, data!($name))
    };
}

fn options() -> Options {
    Options::new(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap())
}

fn strict() -> Options {
    let mut options = options();
    options.settings.reject_unknown_revocation_status = true;
    options
}

fn ids(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(Finding::id).collect()
}

fn has(findings: &[Finding], id: &str) -> bool {
    findings.iter().any(|finding| finding.id() == id)
}

fn severity_of(findings: &[Finding], id: &str) -> Option<Severity> {
    findings
        .iter()
        .find(|finding| finding.id() == id)
        .map(|finding| finding.severity)
}

fn trust(files: &[Source<'_>]) -> Vec<Finding> {
    check_trust_list(files, &options()).unwrap().findings
}

fn issuer(files: &[Source<'_>]) -> Vec<Finding> {
    check_issuer_list(files, &options()).unwrap().findings
}

fn stores(trust: &[Source<'_>], issuer: &[Source<'_>], options: &Options) -> Vec<Finding> {
    check_stores(trust, issuer, options).unwrap().findings
}

// --- opcua.file.* ---

#[test]
fn good_files_have_no_finding() {
    let trust = trust(&[
        file!("selfsigned-server.der"),
        file!("selfsigned-server.crt"),
        file!("server-root-ca.der"),
    ]);
    assert!(trust.is_empty(), "{:?}", ids(&trust));
    let issuer = issuer(&[
        file!("server-int-ca.der"),
        file!("server-int-ca.crl"),
        file!("server-root-ca.der"),
        file!("server-root-ca.crl"),
    ]);
    assert!(issuer.is_empty(), "{:?}", ids(&issuer));
}

#[test]
fn extension_rules() {
    let id = "opcua.file.extension_unsupported";
    assert!(
        has(&trust(&[file!("server-root-ca.crl")]), id),
        "no CRL in the trust list by the CLI"
    );
    assert!(!has(
        &issuer(&[file!("server-root-ca.der"), file!("server-root-ca.crl")]),
        id
    ));
    assert!(has(
        &trust(&[Source::new("server.cer", data!("selfsigned-server.der"))]),
        id
    ));
    let case = trust(&[file!("Selfsigned-Server.DER")]);
    assert!(has(&case, "opcua.file.extension_case"), "{:?}", ids(&case));
    assert!(!has(&case, id));
    assert!(!has(
        &trust(&[file!("selfsigned-server.der")]),
        "opcua.file.extension_case"
    ));
}

#[test]
fn encoding_rules() {
    let id = "opcua.file.encoding_mismatch";
    let pem_in_der = trust(&[file!("pem-in.der")]);
    assert!(has(&pem_in_der, id));
    assert!(
        pem_in_der[0].message.contains("openssl x509"),
        "{}",
        pem_in_der[0].message
    );
    assert!(has(&trust(&[file!("der-in.crt")]), id));
    assert!(!has(
        &trust(&[
            file!("selfsigned-server.crt"),
            file!("selfsigned-server.der")
        ]),
        id
    ));
    let undecodable = "opcua.file.undecodable";
    assert!(has(
        &trust(&[Source::new("garbage.der", b"not a certificate")]),
        undecodable
    ));
    assert!(has(
        &issuer(&[
            file!("server-root-ca.der"),
            Source::new("server-root-ca.crl", data!("server-root-ca.der"))
        ]),
        undecodable
    ));
    assert!(has(
        &issuer(&[Source::new(
            "server-root-ca.der",
            data!("server-root-ca.crl")
        )]),
        undecodable
    ));
}

#[test]
fn a_pkcs12_or_a_key_where_a_certificate_belongs() {
    let pkcs12 = trust(&[Source::new("server.der", data!("selfsigned-server.pfx"))]);
    assert_eq!(ids(&pkcs12), ["opcua.file.pkcs12"]);
    assert!(pkcs12[0].message.contains("-nokeys"));
    let key = trust(&[file!("server-key.der")]);
    assert_eq!(ids(&key), ["opcua.file.private_key"]);
    let pem_key = trust(&[Source::new("connector.crt", data!("connector.pem"))]);
    assert_eq!(ids(&pem_key), ["opcua.file.private_key"]);
    // No key byte reaches a message.
    let text: String = key
        .iter()
        .chain(pem_key.iter())
        .map(|f| f.message.clone())
        .collect();
    assert!(!text.contains("MII"), "{text}");
}

#[test]
fn one_certificate_per_file() {
    let id = "opcua.file.multiple_certificates";
    assert!(has(&trust(&[file!("two-certs.crt")]), id));
    assert!(!has(&trust(&[file!("selfsigned-server.crt")]), id));
}

#[test]
fn validity_rules() {
    assert!(has(
        &trust(&[file!("selfsigned-expired.der")]),
        "opcua.file.expired"
    ));
    assert!(has(
        &trust(&[file!("selfsigned-notyet.der")]),
        "opcua.file.not_yet_valid"
    ));
    let good = trust(&[file!("selfsigned-server.der")]);
    assert!(!has(&good, "opcua.file.expired") && !has(&good, "opcua.file.not_yet_valid"));
}

#[test]
fn the_issuer_list_takes_cas_only() {
    let id = "opcua.file.issuer_not_ca";
    assert!(has(&issuer(&[file!("not-a-ca.der")]), id));
    assert!(!has(&issuer(&[file!("server-int-ca.der")]), id));
    // The trust list takes servers.
    assert!(!has(&trust(&[file!("not-a-ca.der")]), id));
}

#[test]
fn a_crl_needs_its_ca_file_beside_it() {
    let id = "opcua.file.crl_without_certificate";
    assert!(has(
        &issuer(&[file!("server-root-ca.der"), file!("orphan.crl")]),
        id
    ));
    assert!(!has(
        &issuer(&[file!("server-root-ca.der"), file!("server-root-ca.crl")]),
        id
    ));
    assert!(!has(
        &issuer(&[file!("server-root-ca.crt"), file!("server-root-ca.crl")]),
        id
    ));
}

#[test]
fn key_vault_secret_names() {
    let invalid = "opcua.file.secret_name_invalid";
    assert!(has(&trust(&[file!("my_server.der")]), invalid));
    assert!(!has(
        &trust(&[Source::new("my-server.der", data!("selfsigned-server.der"))]),
        invalid
    ));
    let collision = "opcua.file.secret_name_collision";
    let both = trust(&[
        Source::new("line1.plc.der", data!("selfsigned-server.der")),
        Source::new("line1-plc.der", data!("ec-server.der")),
    ]);
    assert!(has(&both, collision), "{:?}", ids(&both));
    // The message names the second file, then the first one it overwrites.
    let message = &both
        .iter()
        .find(|finding| finding.id() == collision)
        .expect("the collision finding")
        .message;
    assert!(
        message.starts_with(
            "line1-plc.der and line1.plc.der both become the Key Vault secret line1-plc-der"
        ),
        "{message}"
    );
    assert!(!has(
        &trust(&[file!("selfsigned-server.der"), file!("ec-server.der")]),
        collision
    ));
    assert_eq!(file::secret_name("my-server.der"), "my-server-der");
}

// --- opcua.stores.* ---

#[test]
fn the_issuer_list_grants_no_trust() {
    let id = "opcua.stores.issuer_grants_no_trust";
    let unrelated = stores(
        &[file!("selfsigned-server.der")],
        &[file!("other-root.der")],
        &options(),
    );
    assert!(has(&unrelated, id), "{:?}", ids(&unrelated));
    // Below a trusted root, or completing a trusted server's chain: useful.
    assert!(!has(
        &stores(
            &[file!("server-root-ca.der")],
            &[file!("server-int-ca.der")],
            &options()
        ),
        id
    ));
    assert!(!has(
        &stores(
            &[file!("opcua-server.der")],
            &[file!("server-int-ca.der"), file!("server-root-ca.der")],
            &options()
        ),
        id
    ));
}

#[test]
fn chains_close_at_a_self_signed_root() {
    let id = "opcua.stores.chain_incomplete";
    let missing_root = stores(
        &[file!("opcua-server.der")],
        &[file!("server-int-ca.der")],
        &options(),
    );
    assert!(has(&missing_root, id));
    assert!(
        missing_root
            .iter()
            .any(|f| f.message.contains("Plant OPC UA Root CA"))
    );
    let complete = stores(
        &[file!("opcua-server.der")],
        &[file!("server-int-ca.der"), file!("server-root-ca.der")],
        &options(),
    );
    assert!(!has(&complete, id), "{:?}", ids(&complete));
    // On its own, the trust list is not judged for chains the issuer list may close.
    assert!(!has(&trust(&[file!("opcua-server.der")]), id));
}

#[test]
fn every_issuer_is_a_ca() {
    let id = "opcua.stores.issuer_not_ca";
    let by_leaf = stores(
        &[file!("issued-by-leaf.der")],
        &[file!("opcua-server.der")],
        &options(),
    );
    assert!(has(&by_leaf, id), "{:?}", ids(&by_leaf));
    assert!(has(&by_leaf, "opcua.stores.chain_incomplete"));
    assert!(!has(
        &stores(
            &[file!("opcua-server.der")],
            &[file!("server-int-ca.der"), file!("server-root-ca.der")],
            &options()
        ),
        id
    ));
}

#[test]
fn crls_match_their_ca() {
    let no_issuer = "opcua.stores.crl_no_issuer";
    assert!(has(
        &issuer(&[
            file!("server-int-ca.der"),
            Source::new("server-int-ca.crl", data!("server-root-ca.crl"))
        ]),
        no_issuer
    ));
    assert!(!has(
        &issuer(&[file!("server-int-ca.der"), file!("server-int-ca.crl")]),
        no_issuer
    ));
    // The CRL must be in the CA's store.
    assert!(has(
        &stores(
            &[file!("server-root-ca.crl")],
            &[file!("server-root-ca.der")],
            &options()
        ),
        no_issuer
    ));
    let forged = "opcua.stores.crl_bad_signature";
    assert!(has(
        &issuer(&[
            file!("server-int-ca.der"),
            Source::new("server-int-ca.crl", data!("server-int-ca-forged.crl"))
        ]),
        forged
    ));
    assert!(!has(
        &issuer(&[file!("server-int-ca.der"), file!("server-int-ca.crl")]),
        forged
    ));
}

#[test]
fn crls_are_current() {
    let id = "opcua.stores.crl_not_current";
    let stale = [
        file!("server-int-ca.der"),
        Source::new("server-int-ca.crl", data!("server-int-ca-stale.crl")),
    ];
    assert_eq!(
        severity_of(&stores(&[], &stale, &options()), id),
        Some(Severity::Warning)
    );
    assert_eq!(
        severity_of(&stores(&[], &stale, &strict()), id),
        Some(Severity::Error)
    );
    assert!(!has(
        &issuer(&[file!("server-int-ca.der"), file!("server-int-ca.crl")]),
        id
    ));
}

#[test]
fn reject_unknown_revocation_status_needs_a_crl_per_ca() {
    let id = "opcua.stores.crl_missing";
    let trust = [file!("server-root-ca.der")];
    let without = [file!("server-int-ca.der")];
    assert!(has(&stores(&trust, &without, &strict()), id));
    assert!(
        !has(&stores(&trust, &without, &options()), id),
        "off by default"
    );
    let with_crls = [file!("server-root-ca.der"), file!("server-root-ca.crl")];
    let issuer_with = [file!("server-int-ca.der"), file!("server-int-ca.crl")];
    let checked = stores(&with_crls, &issuer_with, &strict());
    assert!(!has(&checked, id), "{:?}", ids(&checked));
}

#[test]
fn a_revoked_certificate_in_a_store() {
    let id = "opcua.stores.revoked";
    let issuer_list = [
        file!("server-int-ca.der"),
        file!("server-int-ca.crl"),
        file!("server-root-ca.der"),
    ];
    assert!(has(
        &stores(&[file!("opcua-revoked.der")], &issuer_list, &options()),
        id
    ));
    assert!(!has(
        &stores(&[file!("opcua-server.der")], &issuer_list, &options()),
        id
    ));
}

// --- opcua.server.* ---

fn server(
    certificate: Source<'_>,
    trust: &[Source<'_>],
    issuer: &[Source<'_>],
    host: Option<&str>,
    options: &Options,
) -> ServerReport {
    check_server(&certificate, trust, issuer, host, options).unwrap()
}

fn pki_issuer() -> [Source<'static>; 4] {
    [
        file!("server-int-ca.der"),
        file!("server-int-ca.crl"),
        file!("server-root-ca.der"),
        file!("server-root-ca.crl"),
    ]
}

#[test]
fn a_trusted_self_signed_server_is_accepted() {
    let checked = server(
        file!("selfsigned-server.der"),
        &[file!("selfsigned-server.der")],
        &[],
        Some("line1-plc.plant.local"),
        &options(),
    );
    assert!(checked.opcua.accepted, "{:?}", checked.opcua);
    assert_eq!(checked.opcua.status, "Good");
    assert!(checked.report.valid);
}

#[test]
fn a_server_trusted_through_its_root_with_the_issuer_list() {
    let checked = server(
        file!("opcua-server.der"),
        &[file!("server-root-ca.der"), file!("server-root-ca.crl")],
        &pki_issuer()[..2],
        Some("10.0.0.5"),
        &strict(),
    );
    assert!(checked.opcua.accepted, "{:?}", checked.opcua);
    assert_eq!(checked.opcua.chain.len(), 3);
    assert_eq!(checked.opcua.chain[2].from, "trustList");
}

#[test]
fn untrusted_when_only_the_issuer_list_holds_the_chain() {
    let checked = server(
        file!("opcua-server.der"),
        &[file!("selfsigned-server.der")],
        &pki_issuer(),
        None,
        &options(),
    );
    assert_eq!(checked.opcua.status, "BadCertificateUntrusted");
    assert!(has(&checked.report.findings, "opcua.server.untrusted"));
}

#[test]
fn chain_incomplete_without_the_intermediate() {
    let checked = server(
        file!("opcua-server.der"),
        &[file!("server-root-ca.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(checked.opcua.status, "BadCertificateChainIncomplete");
    // The chain the server presents closes it.
    let presented = server(
        file!("opcua-server-chain.pem"),
        &[file!("server-root-ca.der")],
        &[],
        None,
        &options(),
    );
    assert!(presented.opcua.accepted, "{:?}", presented.opcua);
    assert_eq!(presented.opcua.chain[1].from, "server");
}

#[test]
fn time_invalid_for_the_server_and_its_issuers() {
    let expired = server(
        file!("selfsigned-expired.der"),
        &[file!("selfsigned-expired.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(expired.opcua.status, "BadCertificateTimeInvalid");
    let not_yet = server(
        file!("selfsigned-notyet.der"),
        &[file!("selfsigned-notyet.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(not_yet.opcua.status, "BadCertificateTimeInvalid");
    let issuer_expired = server(
        file!("under-expired-ca.der"),
        &[file!("expired-ca.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(
        issuer_expired.opcua.status,
        "BadCertificateIssuerTimeInvalid"
    );
}

#[test]
fn revoked_servers_and_issuers() {
    let revoked = server(
        file!("opcua-revoked.der"),
        &[file!("server-root-ca.der")],
        &pki_issuer()[..2],
        None,
        &options(),
    );
    assert_eq!(revoked.opcua.status, "BadCertificateRevoked");
    let trust = [file!("server-root-ca.der"), file!("server-root-ca.crl")];
    let issuer_revoked = server(
        file!("under-revoked-int.der"),
        &trust,
        &[file!("revoked-int-ca.der")],
        None,
        &options(),
    );
    assert_eq!(issuer_revoked.opcua.status, "BadCertificateIssuerRevoked");
}

#[test]
fn unknown_revocation_is_an_error_only_when_asked() {
    let trust = [file!("server-root-ca.der")];
    let issuer = [file!("server-int-ca.der")];
    let lax = server(file!("opcua-server.der"), &trust, &issuer, None, &options());
    assert!(lax.opcua.accepted);
    assert_eq!(
        severity_of(&lax.report.findings, "opcua.server.revocation_unknown"),
        Some(Severity::Info)
    );
    assert_eq!(
        severity_of(
            &lax.report.findings,
            "opcua.server.issuer_revocation_unknown"
        ),
        Some(Severity::Info)
    );
    let strict_verdict = server(file!("opcua-server.der"), &trust, &issuer, None, &strict());
    assert_eq!(
        strict_verdict.opcua.status,
        "BadCertificateRevocationUnknown"
    );
    assert!(
        strict_verdict
            .opcua
            .statuses
            .contains(&"BadCertificateIssuerRevocationUnknown")
    );
}

#[test]
fn key_usage_rsa_data_encipherment_ecdsa_digital_signature() {
    let rsa = server(
        file!("selfsigned-no-dataenc.der"),
        &[file!("selfsigned-no-dataenc.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(rsa.opcua.status, "BadCertificateUseNotAllowed");
    let ec_bad = server(
        file!("ec-server-no-ds.der"),
        &[file!("ec-server-no-ds.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(ec_bad.opcua.status, "BadCertificateUseNotAllowed");
    let ec_good = server(
        file!("ec-server.der"),
        &[file!("ec-server.der")],
        &[],
        None,
        &options(),
    );
    assert!(ec_good.opcua.accepted, "{:?}", ec_good.opcua);
}

#[test]
fn policy_key_size_sha1_and_ecdsa_hash() {
    let small = server(
        file!("selfsigned-1024.der"),
        &[file!("selfsigned-1024.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(small.opcua.status, "BadCertificatePolicyCheckFailed");
    assert!(has(&small.report.findings, "opcua.server.key_too_small"));
    let mut lowered = options();
    lowered.settings.minimum_certificate_key_size = 1024;
    assert!(
        server(
            file!("selfsigned-1024.der"),
            &[file!("selfsigned-1024.der")],
            &[],
            None,
            &lowered
        )
        .opcua
        .accepted
    );
    let sha1 = server(
        file!("selfsigned-sha1.der"),
        &[file!("selfsigned-sha1.der")],
        &[],
        None,
        &options(),
    );
    assert!(has(&sha1.report.findings, "opcua.server.sha1_signature"));
    assert_eq!(sha1.opcua.status, "BadCertificatePolicyCheckFailed");
    let mut allow_sha1 = options();
    allow_sha1.settings.reject_sha1_signed_certificates = false;
    assert!(
        server(
            file!("selfsigned-sha1.der"),
            &[file!("selfsigned-sha1.der")],
            &[],
            None,
            &allow_sha1
        )
        .opcua
        .accepted
    );
    let mismatch = server(
        file!("ec-server-sha384.der"),
        &[file!("ec-server-sha384.der")],
        &[],
        None,
        &options(),
    );
    assert!(has(
        &mismatch.report.findings,
        "opcua.server.ecdsa_hash_mismatch"
    ));
}

#[test]
fn the_endpoint_host_is_in_the_san() {
    let trust = [file!("server-root-ca.der")];
    let issuer = [file!("server-int-ca.der")];
    for good in [
        "opcua-server.plant.local",
        "10.0.0.5",
        "OPCUA-SERVER.plant.local",
    ] {
        assert!(
            server(
                file!("opcua-server.der"),
                &trust,
                &issuer,
                Some(good),
                &options()
            )
            .opcua
            .accepted,
            "{good}"
        );
    }
    let wrong = server(
        file!("opcua-server.der"),
        &trust,
        &issuer,
        Some("10.0.0.6"),
        &options(),
    );
    assert_eq!(wrong.opcua.status, "BadCertificateHostNameInvalid");
    assert!(
        check_server(
            &file!("opcua-server.der"),
            &trust,
            &issuer,
            Some("not a host"),
            &options()
        )
        .is_err()
    );
    assert!(
        check_server(
            &Source::new("x.der", b"junk"),
            &trust,
            &issuer,
            None,
            &options()
        )
        .is_err()
    );
}

// --- opcua.application.* ---

fn client(
    public: Source<'_>,
    private: Source<'_>,
    subject: Option<&str>,
    uri: Option<&str>,
    issuer: &[Source<'_>],
) -> Vec<Finding> {
    let expectations = ClientExpectations {
        subject_name: subject,
        application_uri: uri,
        file_names: true,
    };
    check_client(&public, &private, &expectations, issuer, &options())
        .unwrap()
        .findings
}

#[test]
fn a_good_connector_certificate() {
    let findings = client(
        file!("connector.der"),
        file!("connector.pem"),
        Some("O=AIO, CN=aio-opc-ua-broker"),
        Some("urn:aio:opc-ua-broker"),
        &[],
    );
    assert!(findings.is_empty(), "{:?}", ids(&findings));
    let by_cn = client(
        file!("connector.der"),
        file!("connector.pem"),
        Some("aio-opc-ua-broker"),
        None,
        &[],
    );
    assert!(by_cn.is_empty(), "{:?}", ids(&by_cn));
}

#[test]
fn key_pair_files_and_key_match() {
    let stems = client(
        file!("connector.der"),
        Source::new("other.pem", data!("connector.pem")),
        None,
        None,
        &[],
    );
    assert_eq!(ids(&stems), ["opcua.application.key_pair_files"]);
    let mismatch = client(
        file!("mismatch.der"),
        file!("mismatch.pem"),
        None,
        None,
        &[],
    );
    assert_eq!(ids(&mismatch), ["opcua.application.key_mismatch"]);
    let encrypted = client(
        file!("encrypted.der"),
        file!("encrypted.pem"),
        None,
        None,
        &[],
    );
    assert_eq!(ids(&encrypted), ["opcua.application.key_unreadable"]);
    let not_a_key = client(
        file!("connector.der"),
        Source::new("connector.pem", data!("selfsigned-server.crt")),
        None,
        None,
        &[],
    );
    assert_eq!(ids(&not_a_key), ["opcua.application.key_unreadable"]);
}

#[test]
fn common_name_and_one_application_uri() {
    let no_uri = client(file!("nouri.der"), file!("nouri.pem"), None, None, &[]);
    assert_eq!(ids(&no_uri), ["opcua.application.uri_count"]);
    let two = client(file!("twouris.der"), file!("twouris.pem"), None, None, &[]);
    assert!(
        has(&two, "opcua.application.uri_count")
            && has(&two, "opcua.application.common_name_missing"),
        "{:?}",
        ids(&two)
    );
}

#[test]
fn subject_name_and_application_uri_must_match() {
    let wrong = client(
        file!("connector.der"),
        file!("connector.pem"),
        Some("CN=someone-else"),
        Some("urn:aio:other"),
        &[],
    );
    assert!(has(&wrong, "opcua.application.subject_name_mismatch"));
    assert!(has(&wrong, "opcua.application.uri_mismatch"));
}

#[test]
fn a_ca_issued_certificate_needs_its_ca_in_the_issuer_list() {
    let id = "opcua.application.issuer_missing";
    assert!(has(
        &client(
            file!("client-issued.der"),
            file!("client-issued.pem"),
            None,
            None,
            &[]
        ),
        id
    ));
    let with_ca = client(
        file!("client-issued.der"),
        file!("client-issued.pem"),
        None,
        None,
        &[file!("client-ca.der")],
    );
    assert!(with_ca.is_empty(), "{:?}", ids(&with_ca));
}

#[test]
fn the_application_certificate_profile() {
    let no_profile = client(
        file!("noprofile.der"),
        file!("noprofile.pem"),
        None,
        None,
        &[],
    );
    assert_eq!(
        severity_of(&no_profile, "opcua.application.key_usage"),
        Some(Severity::Error),
        "RSA without dataEncipherment"
    );
    assert!(has(&no_profile, "opcua.application.extended_key_usage"));
    let weak = client(file!("weak.der"), file!("weak.pem"), None, None, &[]);
    assert_eq!(
        severity_of(&weak, "opcua.application.key_size"),
        Some(Severity::Error)
    );
    assert!(has(&weak, "opcua.application.signature_hash"));
    // A server's profile: warnings beside the verdict.
    let peer = server(
        file!("nouri.der"),
        &[file!("nouri.der")],
        &[],
        None,
        &options(),
    );
    assert_eq!(
        severity_of(&peer.report.findings, "opcua.application.uri_count"),
        Some(Severity::Warning)
    );
}

// --- opcua.cluster.* ---

fn secret(name: &str, data: &[(&str, &[u8])]) -> serde_json::Value {
    use base64ct::Encoding as _;
    let mut map = serde_json::Map::new();
    for (key, bytes) in data {
        map.insert(
            (*key).into(),
            serde_json::Value::String(base64ct::Base64::encode_string(bytes)),
        );
    }
    serde_json::json!({
        "apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": name, "namespace": "azure-iot-operations"},
        "data": map,
    })
}

fn provider_class(encoding: &str) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "secrets-store.csi.x-k8s.io/v1", "kind": "SecretProviderClass",
        "metadata": {"name": "opc-ua-connector", "namespace": "azure-iot-operations"},
        "spec": {"provider": "azure", "parameters": {"objects": alloc::format!(
            "array:\n  - |\n    objectName: line1-plc-der\n    objectType: secret\n    {encoding}\n"
        )}},
    })
}

fn secret_sync(class: &str, source_path: &str, target_key: &str) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "secret-sync.x-k8s.io/v1alpha1", "kind": "SecretSync",
        "metadata": {"name": TRUST_LIST_SECRET, "namespace": "azure-iot-operations"},
        "spec": {"serviceAccountName": "aio-ssc-sa", "secretProviderClassName": class,
                 "secretObject": {"type": "Opaque", "data": [{"sourcePath": source_path, "targetKey": target_key}]}},
    })
}

#[test]
fn cluster_objects_good_and_bad() {
    let trust_list = secret(
        TRUST_LIST_SECRET,
        &[("line1-plc.der", data!("selfsigned-server.der"))],
    );
    let good = [
        trust_list.clone(),
        provider_class("objectEncoding: hex"),
        secret_sync("opc-ua-connector", "line1-plc-der", "line1-plc.der"),
    ];
    let findings = cluster::check(&good, &options(), false);
    assert!(findings.is_empty(), "{:?}", ids(&findings));

    let not_hex = [
        trust_list.clone(),
        provider_class("objectEncoding: base64"),
        secret_sync("opc-ua-connector", "line1-plc-der", "line1-plc.der"),
    ];
    assert_eq!(
        ids(&cluster::check(&not_hex, &options(), false)),
        ["opcua.cluster.object_encoding"]
    );
    let no_encoding = [
        trust_list.clone(),
        provider_class(""),
        secret_sync("opc-ua-connector", "line1-plc-der", "line1-plc.der"),
    ];
    assert_eq!(
        ids(&cluster::check(&no_encoding, &options(), false)),
        ["opcua.cluster.object_encoding"]
    );

    let missing_key = [
        trust_list.clone(),
        provider_class("objectEncoding: hex"),
        secret_sync("opc-ua-connector", "line1-plc-der", "line2-plc.der"),
    ];
    assert_eq!(
        ids(&cluster::check(&missing_key, &options(), false)),
        ["opcua.cluster.target_key_missing"]
    );

    let bad_name = [
        provider_class("objectEncoding: hex"),
        secret_sync("opc-ua-connector", "line1-plc-der", "line1-plc.pfx"),
    ];
    assert_eq!(
        ids(&cluster::check(&bad_name, &options(), false)),
        ["opcua.file.extension_unsupported"]
    );

    let no_class = [
        trust_list.clone(),
        secret_sync("elsewhere", "line1-plc-der", "line1-plc.der"),
    ];
    assert_eq!(
        ids(&cluster::check(&no_class, &options(), false)),
        ["opcua.cluster.provider_class_missing"]
    );
    assert!(
        cluster::check(&no_class, &options(), true).is_empty(),
        "offline: unknown, not missing"
    );

    let unknown_path = [
        trust_list,
        provider_class("objectEncoding: hex"),
        secret_sync("opc-ua-connector", "line2-plc-der", "line1-plc.der"),
    ];
    assert_eq!(
        ids(&cluster::check(&unknown_path, &options(), false)),
        ["opcua.cluster.source_path_unknown"]
    );
}

#[test]
fn cluster_secrets_carry_the_file_rules() {
    let bad = [secret(
        TRUST_LIST_SECRET,
        &[
            ("line1.DER", data!("selfsigned-server.der")),
            ("server-root-ca.crl", data!("server-root-ca.crl")),
            ("server-root-ca.der", data!("server-root-ca.der")),
        ],
    )];
    let findings = cluster::check(&bad, &options(), false);
    // A CRL patched into the trust list is fine in the cluster.
    assert_eq!(ids(&findings), ["opcua.file.extension_case"]);
    assert_eq!(findings[0].field.as_deref(), Some("data.line1.DER"));
    let client_secret = [secret(
        CLIENT_CERTIFICATE_SECRET,
        &[
            ("mismatch.der", data!("mismatch.der")),
            ("mismatch.pem", data!("mismatch.pem")),
        ],
    )];
    assert_eq!(
        ids(&cluster::check(&client_secret, &options(), false)),
        ["opcua.application.key_mismatch"]
    );
    let default_cert = [secret(
        DEFAULT_APPLICATION_CERT_SECRET,
        &[
            ("tls.crt", data!("selfsigned-server.crt")),
            ("tls.key", data!("connector.pem")),
        ],
    )];
    assert_eq!(
        ids(&cluster::check(&default_cert, &options(), false)),
        ["opcua.application.key_mismatch"]
    );
    // Offline (a webhook's partial view), a chain the issuer list may close is not judged.
    let issued = [secret(
        TRUST_LIST_SECRET,
        &[("opcua-server.der", data!("opcua-server.der"))],
    )];
    assert_eq!(
        ids(&cluster::check(&issued, &options(), false)),
        ["opcua.stores.chain_incomplete"]
    );
    assert!(cluster::check(&issued, &options(), true).is_empty());
    let good_client = [secret(
        CLIENT_CERTIFICATE_SECRET,
        &[
            ("connector.der", data!("connector.der")),
            ("connector.pem", data!("connector.pem")),
        ],
    )];
    assert!(cluster::check(&good_client, &options(), false).is_empty());
}

#[test]
fn the_status_is_the_outermost_failure() {
    // CertificateValidator wraps the key-usage result around the host-name one.
    let both = server(
        file!("selfsigned-no-dataenc.der"),
        &[],
        &[],
        Some("10.9.9.9"),
        &options(),
    );
    assert_eq!(
        both.opcua.statuses,
        [
            "BadCertificateUseNotAllowed",
            "BadCertificateHostNameInvalid",
            "BadCertificateUntrusted"
        ]
    );
    assert_eq!(both.opcua.status, "BadCertificateUseNotAllowed");
    assert!(
        both.opcua.reason.contains("dataEncipherment"),
        "{}",
        both.opcua.reason
    );
    // An incomplete chain is the last check, so it wins over untrusted.
    let incomplete = server(file!("opcua-server.der"), &[], &[], None, &options());
    assert_eq!(
        incomplete.opcua.statuses,
        ["BadCertificateChainIncomplete", "BadCertificateUntrusted"]
    );
}

// --- findings capped per store and per object ---

/// `count` file names, `plc-<n>.der`.
fn many_files(count: usize) -> Vec<String> {
    (0..count).map(|n| alloc::format!("plc-{n}.der")).collect()
}

/// (findings of `id` in full, the count of its summary).
fn of_rule(findings: &[Finding], id: &str) -> (usize, usize) {
    let shown = findings
        .iter()
        .filter(|f| f.id() == id && f.omitted == 0)
        .count();
    let summaries: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.id() == id && f.omitted > 0)
        .collect();
    assert!(summaries.len() <= 1, "{summaries:?}");
    (shown, summaries.first().map_or(0, |f| f.omitted))
}

#[test]
fn a_store_of_1000_bad_files_keeps_the_first_of_each_rule_and_counts_the_rest() {
    let cap = crate::MAX_FINDINGS_PER_RULE;
    let names = many_files(1_000);
    let expired = data!("selfsigned-expired.der");
    let sources: Vec<Source<'_>> = names.iter().map(|n| Source::new(n, expired)).collect();
    let few = check_trust_list(&sources[..2], &options()).unwrap();
    let many = check_trust_list(&sources, &options()).unwrap();
    assert_eq!(of_rule(&few.findings, "opcua.file.expired"), (2, 0));
    assert_eq!(
        of_rule(&many.findings, "opcua.file.expired"),
        (cap, 1_000 - cap)
    );
    let summary = many.findings.iter().find(|f| f.omitted > 0).unwrap();
    assert!(
        summary
            .message
            .contains("744 more findings of this rule about the trust list"),
        "{}",
        summary.message
    );
    assert_eq!(
        summary.severity,
        severity_of(&few.findings, "opcua.file.expired").unwrap()
    );
    assert!(!many.valid);
    assert_eq!(many.valid, few.valid);
    // Both stores: the per-file rules capped per store, the rules across
    // the stores (every chain incomplete) for the two together. (300 of
    // each: every chain is looked for through every file.)
    let orphan = data!("opcua-server.der");
    let orphans: Vec<Source<'_>> = names[..300]
        .iter()
        .map(|n| Source::new(n, orphan))
        .collect();
    let issuer_names: Vec<String> = (0..300).map(|n| alloc::format!("ca-{n}.der")).collect();
    let not_ca = data!("not-a-ca.der");
    let issuers: Vec<Source<'_>> = issuer_names
        .iter()
        .map(|n| Source::new(n, not_ca))
        .collect();
    let few = stores(&orphans[..2], &issuers[..2], &options());
    let many = stores(&orphans, &issuers, &options());
    for id in ["opcua.stores.chain_incomplete", "opcua.file.issuer_not_ca"] {
        assert_eq!(of_rule(&few, id), (2, 0), "{id}: {:?}", ids(&few));
        assert_eq!(of_rule(&many, id), (cap, 300 - cap), "{id}");
    }
    let across = many
        .iter()
        .find(|f| f.id() == "opcua.stores.chain_incomplete" && f.omitted > 0)
        .unwrap();
    assert!(
        across.message.contains("about the trust and issuer lists"),
        "{}",
        across.message
    );
    assert_eq!(crate::is_valid(&many), crate::is_valid(&few));
}

#[test]
fn a_store_secret_of_1000_bad_keys_is_capped_for_the_secret() {
    let cap = crate::MAX_FINDINGS_PER_RULE;
    let names = many_files(1_000);
    let expired = data!("selfsigned-expired.der");
    let data: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), expired)).collect();
    let few = cluster::check(&[secret(TRUST_LIST_SECRET, &data[..2])], &options(), false);
    let many = cluster::check(&[secret(TRUST_LIST_SECRET, &data)], &options(), false);
    assert_eq!(
        of_rule(&few, "opcua.file.expired"),
        (2, 0),
        "{:?}",
        ids(&few)
    );
    assert_eq!(of_rule(&many, "opcua.file.expired"), (cap, 1_000 - cap));
    let summary = many.iter().find(|f| f.omitted > 0).unwrap();
    assert_eq!(
        summary.object.as_ref().map(|o| o.name.as_str()),
        Some(TRUST_LIST_SECRET)
    );
    assert!(
        summary
            .message
            .contains("about Secret azure-iot-operations/"),
        "{}",
        summary.message
    );
    assert_eq!(crate::is_valid(&many), crate::is_valid(&few));
    assert!(!crate::is_valid(&many));
}

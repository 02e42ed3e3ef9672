//! The committed corpus (`data/corpus/*.json`, made by `gen.sh`) is what the
//! differential runners feed the real clients: it must stay well-formed.
//! Each suite reads as limbo's schema, ids are unique and in `corpus::`, each
//! case has the fixed validation time, and OpenSSL reads every certificate
//! and CRL in it. Prints how often certgate agrees with `expected_result`
//! (informational: the runners score against the real clients).

use std::collections::BTreeSet;
use std::path::Path;

const SUITES: &[(&str, usize)] = &[
    ("lints", 138),
    ("recipes", 18),
    ("classes", 17),
    ("crl", 4),
    ("debian-anchors", 142),
];

#[test]
fn corpus_suites_are_well_formed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
    let mut ids = BTreeSet::new();
    for (name, cases) in SUITES {
        let path = dir.join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let suite: certgate_tests::Suite =
            serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            suite.testcases.len(),
            *cases,
            "{name}: case count (rerun gen.sh?)"
        );
        for case in &suite.testcases {
            assert!(case.id.starts_with("corpus::"), "{}", case.id);
            assert!(ids.insert(case.id.clone()), "repeated id {}", case.id);
            assert_eq!(
                case.validation_time.as_deref(),
                Some("2026-12-01T00:00:00Z"),
                "{}",
                case.id
            );
            let certificates = case
                .trusted_certs
                .iter()
                .chain(&case.untrusted_intermediates)
                .chain([&case.peer_certificate]);
            for pem in certificates {
                assert!(
                    openssl::x509::X509::from_pem(pem.as_bytes()).is_ok(),
                    "{}: OpenSSL cannot read a certificate",
                    case.id
                );
            }
            for pem in &case.crls {
                assert!(
                    openssl::x509::X509Crl::from_pem(pem.as_bytes()).is_ok(),
                    "{}: OpenSSL cannot read a CRL",
                    case.id
                );
            }
        }
        let results = certgate_tests::run_suite(&suite);
        let agree = results
            .results
            .iter()
            .zip(&suite.testcases)
            .filter(|(result, case)| {
                case.expected_result.as_deref() == Some(result.actual_result.as_str())
            })
            .count();
        println!("{name}: {cases} cases, certgate agrees with expected_result on {agree}");
    }
}

/// Debian 12's trust store (`ca-certificates`, the Mozilla roots) linted as
/// the trust bundle it is: every client uses it, so nothing in it is an
/// error. Its five roots past their notAfter on 2026-12-01 are warnings
/// beside the usable ones; RFC 5280 issuance rules the roots break are
/// warnings too.
#[test]
fn debian_store_as_a_bundle_has_no_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/debian-ca-certificates/ca-certificates.crt");
    let bytes = std::fs::read(&path).expect("the vendored Debian store");
    let options = certgate_core::LintOptions::new(certgate_core::UnixTime(1_796_083_200))
        .role(certgate_core::Role::Bundle);
    let report = certgate_core::lint(
        &[certgate_core::Source::new("ca-certificates.crt", &bytes)],
        &options,
    )
    .expect("the store reads");
    let count = |severity| {
        report
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let (errors, warnings) = (
        count(certgate_core::Severity::Error),
        count(certgate_core::Severity::Warning),
    );
    println!(
        "Debian store as a bundle: {} certificates, {errors} errors, {warnings} warnings, {} info",
        report.certificates.len(),
        count(certgate_core::Severity::Info)
    );
    assert!(report.valid, "{:?}", report.findings);
    assert_eq!(errors, 0);
    assert!(report.clients.iter().all(|answer| answer.accepts));
    let expired = report
        .findings
        .iter()
        .filter(|finding| finding.id() == "cert.expired")
        .count();
    assert_eq!(expired, 5, "the roots past notAfter on 2026-12-01");
}

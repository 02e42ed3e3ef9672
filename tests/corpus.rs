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

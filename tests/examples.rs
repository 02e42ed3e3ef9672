//! Every Kubernetes example under `examples/k8s/` gets the verdict its
//! README line promises, through the same core call the CLI, the npm
//! package and the webhook make.

use std::path::PathBuf;

use certgate_core::UnixTime;
use certgate_core::kubernetes::{CheckOptions, check_objects};

fn check(scenario: &str, with_settings: bool) -> (bool, Vec<(String, String)>) {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/k8s")
        .join(scenario);
    let text = std::fs::read_to_string(folder.join("manifests.yaml")).expect("manifests");
    let documents = values(&text);
    let mut options =
        CheckOptions::new(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time"));
    if with_settings {
        let settings =
            std::fs::read_to_string(folder.join("trust-settings.txt")).expect("settings");
        options.trust_settings = Some(settings.trim().to_string());
    }
    let report = check_objects(&documents, &options).expect("checks");
    let findings = report
        .findings
        .iter()
        .map(|finding| {
            (
                finding.id().to_string(),
                finding.severity.as_str().to_string(),
            )
        })
        .collect();
    (report.valid, findings)
}

/// The objects of a manifest text, which must all be Kubernetes objects.
fn values(text: &str) -> Vec<serde_json::Value> {
    let parsed = certgate_manifests::parse(text).expect("parses");
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    parsed
        .objects
        .into_iter()
        .map(|object| object.value)
        .collect()
}

fn ids(findings: &[(String, String)]) -> Vec<&str> {
    findings.iter().map(|(id, _)| id.as_str()).collect()
}

#[test]
fn quickstart_is_valid_but_not_for_production() {
    let (valid, findings) = check("quickstart", true);
    assert!(valid, "{findings:?}");
    assert!(ids(&findings).contains(&"settings.quickstart_ca"));
    assert!(findings.iter().all(|(_, severity)| severity != "error"));
}

#[test]
fn bring_your_own_issuer_is_clean() {
    for with_settings in [true, false] {
        let (valid, findings) = check("byo-issuer", with_settings);
        assert!(valid && findings.is_empty(), "{findings:?}");
    }
}

#[test]
fn each_broken_example_names_its_problem() {
    for (scenario, expected) in [
        (
            "wrong-namespace",
            &["settings.issuer_wrong_namespace", "issuerref.not_found"][..],
        ),
        ("leaf-in-bundle", &["bundle.non_ca_cert"]),
        ("key-mismatch", &["secret.key_mismatch"]),
        (
            "not-chaining",
            &[
                "settings.issuer_chain_untrusted",
                "secret.not_in_trust_bundle",
            ],
        ),
    ] {
        let (valid, findings) = check(scenario, true);
        assert!(!valid, "{scenario} should be invalid");
        for id in expected {
            assert!(
                ids(&findings).contains(id),
                "{scenario}: {id} missing from {findings:?}"
            );
        }
    }
}

#[test]
fn der_bundle_is_valid_and_says_so() {
    let (valid, findings) = check("der-bundle", true);
    assert!(valid, "{findings:?}");
    assert_eq!(ids(&findings), ["bundle.der_encoded"]);
}

/// What the webhook says about one object (`review`, with the rest of the
/// set as the cluster) is what `certgate check` says about that object.
#[test]
fn webhook_review_agrees_with_check_on_every_object() {
    let now = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/k8s");
    let mut scenarios: Vec<_> = std::fs::read_dir(&folder)
        .expect("examples/k8s")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 7);
    for scenario in scenarios {
        let text = std::fs::read_to_string(scenario.join("manifests.yaml")).expect("manifests");
        let settings =
            std::fs::read_to_string(scenario.join("trust-settings.txt")).expect("settings");
        let documents = values(&text);
        let mut options = CheckOptions::new(now);
        options.trust_settings = Some(settings.trim().to_string());
        let checked = check_objects(&documents, &options).expect("checks");
        for document in &documents {
            let reviewed =
                certgate_core::kubernetes::review(document, &documents, &options).expect("reviews");
            let identity = &reviewed.objects[0];
            let key = |finding: &certgate_core::Finding| {
                (
                    finding.id(),
                    finding.severity,
                    finding.field.clone(),
                    finding.message.clone(),
                )
            };
            let mut from_check: Vec<_> = checked
                .findings
                .iter()
                .filter(|finding| finding.object.as_ref() == Some(identity))
                .map(key)
                .collect();
            let mut from_review: Vec<_> = reviewed.findings.iter().map(key).collect();
            from_check.sort();
            from_review.sort();
            assert_eq!(from_review, from_check, "{} {identity}", scenario.display());
        }
    }
}

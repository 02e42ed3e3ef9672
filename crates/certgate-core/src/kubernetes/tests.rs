//! One test per rule family, on the example PKI (real certificates made by
//! `examples/generate.sh`) wrapped in the objects operators apply.
#![allow(clippy::unwrap_used)]

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64ct::Encoding as _;
use serde_json::{Value, json};

use super::*;

const ROOT: &str = include_str!("../../../../examples/pki/root-ca.pem");
const ROOT_KEY: &str = include_str!("../../../../examples/pki/root-ca.key");
const INTERMEDIATE: &str = include_str!("../../../../examples/pki/intermediate-ca.pem");
const INTERMEDIATE_KEY: &str = include_str!("../../../../examples/pki/intermediate-ca.key");
const SERVER: &str = include_str!("../../../../examples/pki/server.pem");
const SERVER_KEY: &str = include_str!("../../../../examples/pki/server.key");
const EXPIRED_ROOT: &str = include_str!("../../../../examples/pki/expired-root.pem");
const ROOT_DER: &[u8] = include_bytes!("../../../../examples/pki/root-ca.der");
// 2027-01-01T00:00:00Z
const NOW: UnixTime = UnixTime(1_798_761_600);

fn b64(text: &[u8]) -> String {
    base64ct::Base64::encode_string(text)
}

fn bundle(name: &str, key: &str, pem: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": name, "namespace": AIO_NAMESPACE}, "data": {key: pem}})
}

fn secret(name: &str, namespace: &str, certificate: &str, key: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
           "metadata": {"name": name, "namespace": namespace},
           "data": {"tls.crt": b64(certificate.as_bytes()), "tls.key": b64(key.as_bytes()),
                    "ca.crt": b64(ROOT.as_bytes())}})
}

fn issuer(kind: &str, name: &str, secret_name: &str) -> Value {
    let mut value = json!({"apiVersion": "cert-manager.io/v1", "kind": kind,
                           "metadata": {"name": name}, "spec": {"ca": {"secretName": secret_name}}});
    if kind == "Issuer" {
        value["metadata"]["namespace"] = json!(AIO_NAMESPACE);
    }
    value
}

fn settings(text: &str) -> CheckOptions {
    let mut options = CheckOptions::new(NOW);
    options.trust_settings = Some(text.to_string());
    options
}

const SETTINGS: &str = "configMapName=trust configMapKey=ca.crt issuerKind=Issuer issuerName=ca";

fn good() -> Vec<Value> {
    alloc::vec![
        bundle("trust", "ca.crt", ROOT),
        issuer("Issuer", "ca", "ca-secret"),
        secret("ca-secret", AIO_NAMESPACE, INTERMEDIATE, INTERMEDIATE_KEY),
    ]
}

fn ids(documents: &[Value], options: &CheckOptions) -> Vec<&'static str> {
    check_objects(documents, options)
        .unwrap()
        .findings
        .iter()
        .map(|f| f.id())
        .collect()
}

#[test]
fn good_set_is_clean_with_and_without_settings() {
    assert_eq!(ids(&good(), &settings(SETTINGS)), Vec::<&str>::new());
    assert_eq!(ids(&good(), &CheckOptions::new(NOW)), Vec::<&str>::new());
}

#[test]
fn settings_lookups() {
    let found = ids(
        &good(),
        &settings("configMapName=nope configMapKey=ca.crt issuerKind=ClusterIssuer issuerName=ca"),
    );
    assert!(
        found.contains(&"settings.configmap_not_found")
            && found.contains(&"settings.issuer_not_found"),
        "{found:?}"
    );
    let found = ids(
        &good(),
        &settings("configMapName=trust configMapKey=root.pem issuerKind=Issuer issuerName=ca"),
    );
    assert!(
        found.contains(&"settings.configmap_key_not_found"),
        "{found:?}"
    );
}

#[test]
fn issuer_rules() {
    let mut two_types = issuer("ClusterIssuer", "two", "s");
    two_types["spec"]["selfSigned"] = json!({});
    two_types["spec"]["ca"]["ocspServers"] = json!(["", "http://ocsp.example.com"]);
    two_types["status"] = json!({"conditions": [{"type": "Ready", "status": "False", "message": "secret not found"}]});
    let empty = issuer("ClusterIssuer", "empty", "");
    let found = ids(&[two_types, empty], &CheckOptions::new(NOW));
    for id in [
        "issuer.type_count",
        "issuer.url_invalid",
        "issuer.not_ready",
        "issuer.ca_secret_not_found",
        "issuer.ca_secret_name_missing",
    ] {
        assert!(found.contains(&id), "{id} missing from {found:?}");
    }
    // A ClusterIssuer's Secret must be in the cluster resource namespace.
    let documents = [
        issuer("ClusterIssuer", "c", "ca-secret"),
        secret("ca-secret", AIO_NAMESPACE, INTERMEDIATE, INTERMEDIATE_KEY),
    ];
    assert!(ids(&documents, &CheckOptions::new(NOW)).contains(&"issuer.ca_secret_not_found"));
}

#[test]
fn issuer_ref_rules_and_overwrite() {
    let certificate = |name: &str, kind: &str, group: &str, secret: &str| {
        json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
               "metadata": {"name": name, "namespace": AIO_NAMESPACE},
               "spec": {"secretName": secret, "issuerRef": {"name": "ca", "kind": kind, "group": group}}})
    };
    let mut documents = good();
    documents.push(certificate("lower", "issuer", "", "a"));
    documents.push(certificate(
        "missing",
        "ClusterIssuer",
        "cert-manager.io",
        "b",
    ));
    documents.push(certificate(
        "overwrite",
        "Issuer",
        "cert-manager.io",
        "ca-secret",
    ));
    documents.push(certificate(
        "external",
        "AWSPCAIssuer",
        "awspca.cert-manager.io",
        "c",
    ));
    let mut unnamed = certificate("unnamed", "Issuer", "", "d");
    unnamed["spec"]["issuerRef"]["name"] = json!("");
    documents.push(unnamed);
    let report = check_objects(&documents, &CheckOptions::new(NOW)).unwrap();
    let about = |name: &str| -> Vec<&str> {
        report
            .findings
            .iter()
            .filter(|f| f.object.as_ref().is_some_and(|o| o.name == name))
            .map(|f| f.id())
            .collect()
    };
    assert_eq!(about("lower"), ["issuerref.kind_invalid"]);
    assert_eq!(about("missing"), ["issuerref.not_found"]);
    assert_eq!(about("overwrite"), ["certificate.secret_overwrites_ca"]);
    assert_eq!(about("external"), Vec::<&str>::new());
    assert_eq!(about("unnamed"), ["issuerref.name_missing"]);
}

#[test]
fn secret_rules() {
    let options = CheckOptions::new(NOW);
    let case = |certificate: &str, key: &str, patch: &dyn Fn(&mut Value)| {
        let mut documents = good();
        documents[2] = secret("ca-secret", AIO_NAMESPACE, certificate, key);
        patch(&mut documents[2]);
        ids(&documents, &options)
    };
    assert!(case(SERVER, SERVER_KEY, &|_| {}).contains(&"secret.cert_not_ca"));
    assert!(case(INTERMEDIATE, ROOT_KEY, &|_| {}).contains(&"secret.key_mismatch"));
    let encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assert!(case(INTERMEDIATE, encrypted, &|_| {}).contains(&"secret.key_encrypted"));
    let found = case(INTERMEDIATE, INTERMEDIATE_KEY, &|s| {
        s["type"] = json!("Opaque");
        s["data"]["ca.crt"] = json!(b64(SERVER.as_bytes()));
    });
    assert!(
        found.contains(&"secret.wrong_type") && found.contains(&"secret.ca_crt_mismatch"),
        "{found:?}"
    );
    let found = case(INTERMEDIATE, INTERMEDIATE_KEY, &|s| {
        let chain = alloc::format!("{ROOT}{ROOT_KEY}");
        s["data"]["ca.crt"] = json!(b64(chain.as_bytes()));
    });
    assert!(found.contains(&"bundle.contains_private_key"), "{found:?}");
    let found = case(INTERMEDIATE, INTERMEDIATE_KEY, &|s| {
        s["data"].as_object_mut().unwrap().remove("tls.key");
    });
    assert!(found.contains(&"secret.malformed"), "{found:?}");
    // The key never appears in any finding.
    let report = check_objects(&good(), &options).unwrap();
    let text = serde_json::to_string(&report).unwrap();
    assert!(!text.contains(&b64(INTERMEDIATE_KEY.as_bytes())[..40]));
}

#[test]
fn bundle_rules() {
    let options = settings(SETTINGS);
    let with_bundle = |value: Value| {
        let mut documents = good();
        documents[0] = value;
        ids(&documents, &options)
    };
    let doubled = alloc::format!("{ROOT}{ROOT}{SERVER_KEY}");
    let found = with_bundle(bundle("trust", "ca.crt", &doubled));
    assert!(
        found.contains(&"bundle.duplicate_cert") && found.contains(&"bundle.contains_private_key"),
        "{found:?}"
    );
    let found = with_bundle(bundle(
        "trust",
        "ca.crt",
        &alloc::format!("{ROOT}{EXPIRED_ROOT}"),
    ));
    assert!(found.contains(&"cert.expired"), "{found:?}");
    assert!(
        with_bundle(bundle("trust", "ca.crt", "not a certificate")).contains(&"bundle.parse_error")
    );
    assert!(with_bundle(bundle("trust", "ca.crt", "\n")).contains(&"bundle.empty"));
    // Without trust settings, the AIO default bundle without ca.crt trusts nothing.
    let mut defaults = good();
    defaults[0] = bundle(QUICKSTART_BUNDLE, "other.pem", ROOT);
    assert!(ids(&defaults, &CheckOptions::new(NOW)).contains(&"bundle.empty"));
    let der = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "trust", "namespace": AIO_NAMESPACE},
                     "binaryData": {"ca.crt": b64(ROOT_DER)}});
    assert_eq!(with_bundle(der), ["bundle.der_encoded"]);
}

#[test]
fn review_keeps_only_the_object_and_lookups_name_what_it_needs() {
    let options = settings(SETTINGS);
    let documents = good();
    let wanted = lookups(&documents[1], &options);
    assert!(
        wanted
            .iter()
            .any(|l| l.kind == LookupKind::Secret && l.name == "ca-secret")
    );
    assert!(
        wanted
            .iter()
            .any(|l| l.kind == LookupKind::ConfigMap && l.name == "trust")
    );
    let report = review(&documents[1], &documents, &options).unwrap();
    assert!(report.valid, "{:?}", report.findings);
    let report = review(&documents[1], &[], &options).unwrap();
    assert_eq!(
        report.findings.iter().map(|f| f.id()).collect::<Vec<_>>(),
        ["issuer.ca_secret_not_found"]
    );
    assert!(reviewed(&documents[0], &options));
    assert!(!reviewed(&bundle("unrelated", "x", "y"), &options));
}

#[test]
fn missing_required_fields_are_errors() {
    let error = check_objects(
        &[json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {}})],
        &CheckOptions::new(NOW),
    )
    .unwrap_err();
    assert!(error.to_string().contains("metadata.name"), "{error}");
}

#[test]
fn namespaces_default_on_both_sides_of_a_reference() {
    let mut secret_value = secret("ca-secret", "default", INTERMEDIATE, INTERMEDIATE_KEY);
    secret_value["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("namespace");
    let mut issuer_value = issuer("Issuer", "ca", "ca-secret");
    issuer_value["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("namespace");
    let report = check_objects(&[secret_value, issuer_value], &CheckOptions::new(NOW)).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(
        report
            .objects
            .iter()
            .all(|object| object.namespace.as_deref() == Some("default"))
    );
}

#[test]
fn made_objects_count_as_present_and_complete_sets_make_absence_an_error() {
    let certificate = json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
        "metadata": {"name": "root", "namespace": AIO_NAMESPACE},
        "spec": {"isCA": true, "secretName": "ca-secret",
                 "issuerRef": {"name": "selfsigned", "kind": "ClusterIssuer"}}});
    let self_signed = json!({"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer",
        "metadata": {"name": "selfsigned"}, "spec": {"selfSigned": {}}});
    let documents = [
        issuer("Issuer", "ca", "ca-secret"),
        certificate,
        self_signed,
    ];
    let mut complete = CheckOptions::new(NOW);
    complete.complete = true;
    for options in [CheckOptions::new(NOW), complete.clone()] {
        assert_eq!(ids(&documents, &options), Vec::<&str>::new());
    }
    let alone = [issuer("Issuer", "ca", "ca-secret")];
    let partial = check_objects(&alone, &CheckOptions::new(NOW)).unwrap();
    assert!(partial.valid);
    assert_eq!(partial.findings[0].severity, Severity::Warning);
    let whole = check_objects(&alone, &complete).unwrap();
    assert!(!whole.valid);
    assert!(whole.findings[0].message.contains("does not exist"));
    // AIO's quickstart ClusterIssuer is assumed in a partial set only.
    let listener = json!({"apiVersion": "mqttbroker.iotoperations.azure.com/v1", "kind": "BrokerListener",
        "metadata": {"name": "l", "namespace": AIO_NAMESPACE},
        "spec": {"ports": [{"port": 8883, "tls": {"mode": "Automatic", "certManagerCertificateSpec":
            {"issuerRef": {"name": QUICKSTART_ISSUER, "kind": "ClusterIssuer", "group": "cert-manager.io"}}}}]}});
    assert_eq!(
        ids(core::slice::from_ref(&listener), &CheckOptions::new(NOW)),
        Vec::<&str>::new()
    );
    assert_eq!(ids(&[listener], &complete), ["issuerref.not_found"]);
}

#[test]
fn plan_parses_once_and_asks_for_the_issuers_of_an_unmarked_secret() {
    let options = settings(SETTINGS);
    let unmarked = secret("team-ca", "team", INTERMEDIATE, INTERMEDIATE_KEY);
    let planned = plan(&unmarked, &options);
    assert_eq!(planned.decision, Decision::ReviewIfUsed);
    assert!(
        planned
            .lookups
            .iter()
            .any(|l| l.kind == LookupKind::IssuersUsingSecret && l.name == "team-ca")
    );
    assert!(!planned.is_reviewed(&[]));
    let mut user = issuer("Issuer", "team", "team-ca");
    user["metadata"]["namespace"] = json!("team");
    assert!(planned.is_reviewed(core::slice::from_ref(&user)));
    let report = planned.review(&[user], &options).unwrap();
    assert!(report.valid, "{:?}", report.findings);
    let other =
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {}});
    assert_eq!(plan(&other, &options).decision, Decision::Skip);
}

#[test]
fn messages_name_the_same_name_elsewhere() {
    let mut documents = good();
    documents[0]["metadata"]["namespace"] = json!("default");
    let mut complete = settings(SETTINGS);
    complete.complete = true;
    let report = check_objects(&documents, &complete).unwrap();
    let finding = report
        .findings
        .iter()
        .find(|f| f.id() == "settings.configmap_not_found")
        .unwrap();
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding
            .message
            .contains("a ConfigMap of that name is in namespace default"),
        "{}",
        finding.message
    );
    // One cause said once: the settings issuer's CA is chained for the
    // Secret and for the trust settings; an expired anchor is one reason.
    let mut documents = good();
    documents[0] = bundle(
        "trust",
        "ca.crt",
        &alloc::format!("{EXPIRED_ROOT}{EXPIRED_ROOT}"),
    );
    let report = check_objects(&documents, &settings(SETTINGS)).unwrap();
    assert!(report.findings.len() > 2, "{:?}", report.findings);
    for finding in &report.findings {
        let reasons = finding.message.rsplit_once('(').map_or("", |(_, r)| r);
        let ids: Vec<&str> = reasons.trim_end_matches(')').split(", ").collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{}", finding.message);
    }
    let mut seen = Vec::new();
    for finding in &report.findings {
        let key = (
            finding.id(),
            finding.object.clone(),
            finding.message.clone(),
            finding.certificate,
        );
        assert!(!seen.contains(&key), "{key:?} twice");
        seen.push(key);
    }
}

/// A labelled ConfigMap of 100,000 one-byte keys (what the API server
/// accepts within its 1.5 MB object limit), plus one real bundle key.
fn flood(keys: usize) -> Value {
    let mut data: serde_json::Map<String, Value> = (0..keys)
        .map(|i| (alloc::format!("k{i}"), json!("x")))
        .collect();
    data.insert("real.crt".into(), json!(EXPIRED_ROOT));
    json!({"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "flood", "namespace": "team-a",
                        "labels": {TRUST_BUNDLE_LABEL: "true"}},
           "data": data})
}

#[test]
fn hundred_thousand_keys_yield_a_bounded_report_with_the_whole_count() {
    use crate::finding::MAX_FINDINGS_PER_RULE;
    let keys = 100_000;
    let object = flood(keys);
    let mut options = CheckOptions::new(NOW);
    options.offline = true;
    for report in [
        review(&object, &[], &options).unwrap(),
        check_objects(core::slice::from_ref(&object), &options).unwrap(),
    ] {
        // Denied as before: every key is an unreadable bundle.
        assert!(!report.valid);
        let parse_errors: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.rule == &rules::BUNDLE_PARSE_ERROR)
            .collect();
        // The first of the rule in full, then one summary of the rest.
        assert_eq!(parse_errors.len(), MAX_FINDINGS_PER_RULE + 1);
        let total: usize = parse_errors.iter().map(|f| f.count()).sum();
        assert_eq!(total, keys);
        let summary = parse_errors.last().unwrap();
        assert_eq!(summary.omitted, keys - MAX_FINDINGS_PER_RULE);
        assert_eq!(summary.severity, Severity::Error);
        assert!(
            summary.message.contains(&alloc::format!(
                "{} more findings",
                keys - MAX_FINDINGS_PER_RULE
            )),
            "{}",
            summary.message
        );
        assert_eq!(summary.object.as_ref().unwrap().name, "flood");
        // The real key's finding is kept beside them (another rule).
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == &rules::CERT_EXPIRED
                    && f.field.as_deref() == Some("data.real.crt")),
            "{:?}",
            report.findings.iter().map(Finding::id).collect::<Vec<_>>()
        );
        // What it was checked as names a few keys and counts the rest.
        let checked_as = report.checked[0].checked_as.as_deref().unwrap();
        assert!(checked_as.len() < 1024, "{} bytes", checked_as.len());
        assert!(checked_as.contains("more keys"), "{checked_as}");
        assert!(report.findings.len() < 2 * MAX_FINDINGS_PER_RULE);
    }
}

#[test]
fn findings_below_the_cap_are_all_kept_without_a_summary() {
    let keys = crate::finding::MAX_FINDINGS_PER_RULE;
    let mut options = CheckOptions::new(NOW);
    options.offline = true;
    let report = review(&flood(keys), &[], &options).unwrap();
    let parse_errors = report
        .findings
        .iter()
        .filter(|f| f.rule == &rules::BUNDLE_PARSE_ERROR);
    assert_eq!(parse_errors.clone().count(), keys);
    assert!(parse_errors.into_iter().all(|f| f.omitted == 0));
}

#[test]
fn reviews_through_a_bundle_reader_equal_reviews_without() {
    extern crate std;
    // A reader that keeps its answers, as the webhook's cache does: later
    // reviews of the same value are answered from the first one's read.
    let kept: std::sync::Mutex<Vec<(Vec<u8>, Arc<BundleRead>)>> = std::sync::Mutex::default();
    let reads = core::sync::atomic::AtomicUsize::new(0);
    let reader = |bytes: &[u8]| -> Result<Arc<BundleRead>, Error> {
        let mut kept = kept.lock().unwrap();
        if let Some((_, read)) = kept.iter().find(|(key, _)| key == bytes) {
            return Ok(Arc::clone(read));
        }
        let read = Arc::new(BundleRead::read(bytes)?);
        reads.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
        kept.push((bytes.to_vec(), Arc::clone(&read)));
        Ok(read)
    };
    let key_in_bundle = alloc::format!("{ROOT}{ROOT_KEY}");
    let garbage = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
    let mixed = alloc::format!("{EXPIRED_ROOT}{SERVER}{ROOT}{ROOT}{garbage}");
    let labelled = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "team", "namespace": "team-a",
                     "labels": {TRUST_BUNDLE_LABEL: "true"}},
        "data": {"a.crt": mixed.clone(), "b.crt": ROOT, "empty": " ", "junk": "x"},
        "binaryData": {"der": b64(ROOT_DER)}});
    let objects = [
        bundle(QUICKSTART_BUNDLE, "ca.crt", ROOT),
        bundle(QUICKSTART_BUNDLE, "ca.crt", &mixed),
        bundle(QUICKSTART_BUNDLE, "ca.crt", &key_in_bundle),
        bundle(QUICKSTART_BUNDLE, "ca.crt", INTERMEDIATE),
        bundle(QUICKSTART_BUNDLE, "ca.crt", ""),
        bundle(QUICKSTART_BUNDLE, "other.crt", ROOT),
        labelled,
    ];
    let options = [
        CheckOptions::new(NOW),
        CheckOptions::new(UnixTime(0)),
        settings(SETTINGS),
    ];
    for _ in 0..2 {
        for object in &objects {
            for options in &options {
                let plain = plan(object, options).into_review(&[], options).unwrap();
                let through = plan(object, options)
                    .into_review_reading(&[], options, &reader)
                    .unwrap();
                assert_eq!(alloc::format!("{through:?}"), alloc::format!("{plain:?}"));
                // A reader that keeps nothing: its reads are moved, not copied.
                let fresh = |bytes: &[u8]| BundleRead::read(bytes).map(Arc::new);
                let moved = plan(object, options)
                    .into_review_reading(&[], options, &fresh)
                    .unwrap();
                assert_eq!(alloc::format!("{moved:?}"), alloc::format!("{plain:?}"));
                assert!(!plain.findings.is_empty() || !plain.certificates.is_empty());
            }
        }
    }
    // A CA Secret reviewed against the trust bundle in the cluster: the
    // chain check reads the bundle's certificates shared with the reader.
    let options = settings(SETTINGS);
    for trusted in [ROOT, EXPIRED_ROOT, mixed.as_str()] {
        let cluster = [
            bundle("trust", "ca.crt", trusted),
            issuer("Issuer", "ca", "ca-secret"),
        ];
        let reviewed = secret("ca-secret", AIO_NAMESPACE, INTERMEDIATE, INTERMEDIATE_KEY);
        for _ in 0..2 {
            let plain = plan(&reviewed, &options)
                .into_review(&cluster, &options)
                .unwrap();
            let through = plan(&reviewed, &options)
                .into_review_reading(&cluster, &options, &reader)
                .unwrap();
            assert_eq!(alloc::format!("{through:?}"), alloc::format!("{plain:?}"));
        }
    }
    // Each distinct readable value was read once and answered from then on.
    assert_eq!(
        reads.load(core::sync::atomic::Ordering::Relaxed),
        kept.lock().unwrap().len()
    );
    assert!(kept.lock().unwrap().len() >= 5);
}

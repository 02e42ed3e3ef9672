//! Runs the built `certgate` binary on the example PKI in `examples/pki/`.

use std::path::PathBuf;
use std::process::{Command, Output};

const NOW: &str = "2027-01-01T00:00:00Z";

fn pki(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "examples",
        "pki",
        name,
    ]
    .iter()
    .collect();
    path.to_str().expect("utf-8 path").to_owned()
}

fn certgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certgate"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run certgate")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn finding_ids(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|finding| finding["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn inspect_root_json() {
    let output = certgate(&[
        "inspect",
        "--format",
        "json",
        "--now",
        NOW,
        &pki("root-ca.pem"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&output);
    assert_eq!(report["valid"], true);
    let subject = report["certificates"][0]["view"]["subject"]
        .as_str()
        .expect("subject");
    assert!(subject.contains("certgate example root CA"), "{subject}");
    assert_eq!(report["certificates"][0]["index"], 0);
}

#[test]
fn inspect_root_text() {
    let output = certgate(&["inspect", "--now", NOW, &pki("root-ca.pem")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("Subject:"), "{text}");
    assert!(text.contains("days left"), "{text}");
    assert!(text.contains("SHA-256:"), "{text}");
    assert_eq!(text.lines().last(), Some("valid"));
}

#[test]
fn inspect_der_root() {
    let output = certgate(&[
        "inspect",
        "--format",
        "json",
        "--now",
        NOW,
        &pki("root-ca.der"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&output);
    let subject = report["certificates"][0]["view"]["subject"]
        .as_str()
        .expect("subject");
    assert!(subject.contains("certgate example root CA"), "{subject}");
}

#[test]
fn verify_server_chain_valid() {
    let output = certgate(&[
        "verify",
        "--format",
        "json",
        "--now",
        NOW,
        "--trust",
        &pki("root-ca.pem"),
        "--dns-name",
        "mqtt.example.com",
        &pki("server-chain.pem"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&output);
    assert_eq!(report["valid"], true);
    assert_eq!(report["path"], serde_json::json!([0, 1, 2]));
    assert_eq!(report["certificates"].as_array().map(Vec::len), Some(3));
}

#[test]
fn verify_server_with_separate_untrusted() {
    let output = certgate(&[
        "verify",
        "--now",
        NOW,
        "--trust",
        &pki("root-ca.pem"),
        "--untrusted",
        &pki("intermediate-ca.pem"),
        "--dns-name",
        "mqtt.example.com",
        &pki("server.pem"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn verify_wrong_name() {
    let output = certgate(&[
        "verify",
        "--format",
        "json",
        "--now",
        NOW,
        "--trust",
        &pki("root-ca.pem"),
        "--dns-name",
        "wrong.example.com",
        &pki("server-chain.pem"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&output);
    assert_eq!(report["valid"], false);
    assert!(finding_ids(&report).contains(&"leaf.name_mismatch".to_owned()));
}

#[test]
fn verify_wrong_name_text_verdict() {
    let output = certgate(&[
        "verify",
        "--now",
        NOW,
        "--trust",
        &pki("root-ca.pem"),
        "--dns-name",
        "wrong.example.com",
        &pki("server-chain.pem"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("leaf.name_mismatch"), "{text}");
    assert_eq!(text.lines().last(), Some("invalid: 1 error, 1 warning"));
}

#[test]
fn lint_leaf_in_bundle() {
    let output = certgate(&[
        "lint",
        "--role",
        "bundle",
        "--format",
        "json",
        "--now",
        NOW,
        &pki("leaf-as-ca-bundle.pem"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&output);
    assert!(finding_ids(&report).contains(&"bundle.non_ca_cert".to_owned()));
}

#[test]
fn lint_ca_without_keycertsign() {
    let output = certgate(&[
        "lint",
        "--format",
        "json",
        "--now",
        NOW,
        &pki("no-keycertsign-ca.pem"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(finding_ids(&json(&output)).contains(&"ca.ku_no_keycertsign".to_owned()));
}

#[test]
fn verify_expired_root() {
    let output = certgate(&[
        "verify",
        "--format",
        "json",
        "--now",
        NOW,
        "--trust",
        &pki("expired-root.pem"),
        &pki("expired-root-leaf.pem"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(finding_ids(&json(&output)).contains(&"cert.expired".to_owned()));
}

#[test]
fn lint_expired_root() {
    let output = certgate(&[
        "lint",
        "--format",
        "json",
        "--now",
        NOW,
        &pki("expired-root.pem"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(finding_ids(&json(&output)).contains(&"cert.expired".to_owned()));
}

#[test]
fn lint_private_key_is_a_finding_without_key_bytes() {
    let output = certgate(&["lint", "--format", "json", "--now", NOW, &pki("server.key")]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(finding_ids(&json(&output)).contains(&"bundle.contains_private_key".to_owned()));
    let key = std::fs::read_to_string(pki("server.key")).expect("read key");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    for line in key.lines().filter(|line| !line.starts_with("-----")) {
        assert!(!stdout.contains(line), "key material leaked");
    }
}

fn assert_one_stderr_line(output: &Output, needle: &str) {
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("certgate: "), "{stderr}");
    assert!(stderr.contains(needle), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn garbage_file_exits_2() {
    let dir = std::env::temp_dir().join(format!("certgate-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let garbage = dir.join("garbage.pem");
    std::fs::write(&garbage, b"this is not a certificate\n").expect("write garbage");
    let garbage = garbage.to_str().expect("utf-8").to_owned();
    let output = certgate(&["inspect", "--now", NOW, &garbage]);
    assert_one_stderr_line(&output, &garbage);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_file_exits_2() {
    let missing = pki("does-not-exist.pem");
    let output = certgate(&["lint", "--now", NOW, &missing]);
    assert_one_stderr_line(&output, &missing);
}

#[test]
fn bad_options_exit_2() {
    let root = pki("root-ca.pem");
    let output = certgate(&["inspect", "--now", "yesterday", &root]);
    assert_one_stderr_line(&output, "--now");
    let server = pki("server-chain.pem");
    let output = certgate(&[
        "verify",
        "--trust",
        &root,
        "--dns-name",
        "bad name",
        &server,
    ]);
    assert_one_stderr_line(&output, "--dns-name");
    let output = certgate(&["verify", "--trust", &root, "--ip", "1.2.3", &server]);
    assert_one_stderr_line(&output, "--ip");
}

#[test]
fn usage_error_exits_2() {
    let output = certgate(&["inspect"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

fn k8s(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/k8s")
        .join(name)
        .display()
        .to_string()
}

fn settings_of(name: &str) -> String {
    std::fs::read_to_string(PathBuf::from(k8s(name)).join("trust-settings.txt"))
        .expect("trust-settings.txt")
        .trim()
        .to_string()
}

#[test]
fn check_good_and_bad_examples() {
    let good = certgate(&[
        "check",
        "-f",
        &k8s("byo-issuer"),
        "--trust-settings",
        &settings_of("byo-issuer"),
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stdout)
    );
    let bad = certgate(&[
        "check",
        "-f",
        &k8s("key-mismatch"),
        "--trust-settings",
        &settings_of("key-mismatch"),
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let report = json(&bad);
    assert!(finding_ids(&report).contains(&"secret.key_mismatch".to_string()));
    let finding = &report["findings"][0];
    assert_eq!(finding["object"]["kind"], "Secret");
    assert_eq!(finding["field"], "data.tls.key");
}

#[test]
fn check_bad_settings_and_bad_yaml() {
    let output = certgate(&[
        "check",
        "-f",
        &k8s("byo-issuer"),
        "--trust-settings",
        "configMapName=x issuerKind=clusterissuer",
        "--format",
        "json",
        "--now",
        NOW,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let ids = finding_ids(&json(&output));
    for id in ["settings.key_missing", "settings.issuer_kind_invalid"] {
        assert!(ids.contains(&id.to_string()), "{id} missing from {ids:?}");
    }
    let folder = std::env::temp_dir().join(format!("certgate-bad-yaml-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp dir");
    let file = folder.join("broken.yaml");
    std::fs::write(&file, "kind: ConfigMap\n---\n: : [\n").expect("write");
    let output = certgate(&["check", "-f", &file.display().to_string(), "--now", NOW]);
    assert_one_stderr_line(&output, "broken.yaml");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn verify_with_a_crl_that_revokes_the_server() {
    let output = certgate(&[
        "verify",
        "--trust",
        &pki("root-ca.pem"),
        "--crl",
        &pki("intermediate-ca-crl.pem"),
        "--dns-name",
        "mqtt.example.com",
        "--format",
        "json",
        "--now",
        NOW,
        &pki("server-chain.pem"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(finding_ids(&json(&output)).contains(&"chain.revoked".to_string()));
    let unreadable = certgate(&[
        "verify",
        "--trust",
        &pki("root-ca.pem"),
        "--crl",
        &pki("root-ca.pem"),
        "--now",
        NOW,
        &pki("server-chain.pem"),
    ]);
    assert_eq!(unreadable.status.code(), Some(2));
}

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

fn kubectl(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/kubectl")
        .join(name)
        .display()
        .to_string()
}

/// Runs certgate with `stdin` on its standard input.
fn certgate_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_certgate"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run certgate");
    let mut pipe = child.stdin.take().expect("stdin");
    // A run that refuses early closes the pipe; that is its answer.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    child.wait_with_output().expect("wait")
}

fn check_byo(path: &str) -> Output {
    let settings = settings_of("byo-issuer");
    certgate(&[
        "check",
        "-f",
        path,
        "--trust-settings",
        &settings,
        "--format",
        "json",
        "--now",
        NOW,
    ])
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_reads_every_kubectl_shape() {
    let shapes = [
        "dry-run.yaml",
        "list.yaml",
        "list.json",
        "stream.json",
        "ndjson.json",
        "merge-keys.yaml",
        "bom-documents.yaml",
        "latin1-comment.yaml",
        "powershell-utf16le.yaml",
        "powershell-utf16be.yaml",
        "helm-chart",
    ];
    for shape in shapes {
        let output = check_byo(&kubectl(shape));
        assert_eq!(output.status.code(), Some(0), "{shape}: {output:?}");
        let report = json(&output);
        // Without the merged namespace or a lost document this set fails
        // (issuer_wrong_namespace, configmap not found…).
        assert_eq!(finding_ids(&report), Vec::<String>::new(), "{shape}");
        assert_eq!(
            report["certificates"].as_array().map(Vec::len),
            Some(3),
            "{shape}"
        );
    }
}

#[test]
fn check_notes_name_file_and_line() {
    let latin1 = check_byo(&kubectl("latin1-comment.yaml"));
    let report = json(&latin1);
    let note = &report["notes"][0];
    assert!(
        note["source"]
            .as_str()
            .is_some_and(|source| source.ends_with("latin1-comment.yaml")),
        "{note}"
    );
    assert_eq!(note["line"], 21);
    assert!(
        note["message"]
            .as_str()
            .expect("message")
            .contains("Latin-1")
    );
    let stderr = stderr_of(&latin1);
    assert!(stderr.contains("latin1-comment.yaml:21: "), "{stderr}");

    let utf16 = check_byo(&kubectl("powershell-utf16le.yaml"));
    assert!(stderr_of(&utf16).contains("UTF-16LE"), "{utf16:?}");
    // Present only when something was skipped.
    assert!(json(&utf16).get("skipped").is_none());
}

#[test]
fn check_skips_non_kubernetes_files_in_a_folder() {
    let output = check_byo(&kubectl("helm-chart"));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&output);
    let skipped: Vec<(String, u64, bool)> = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|skip| {
            let source = skip["source"].as_str().expect("source");
            let file = source.rsplit('/').next().unwrap_or(source).to_owned();
            (
                file,
                skip["line"].as_u64().expect("line"),
                skip["unreadable"].as_bool().expect("unreadable"),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("Chart.yaml".to_owned(), 1, false),
            ("kustomization.yaml".to_owned(), 1, false),
            // values.yaml starts with a comment line.
            ("values.yaml".to_owned(), 2, false),
        ]
    );
    let stderr = stderr_of(&output);
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    assert!(
        stderr.contains("Chart.yaml:1: document 1: not a Kubernetes object"),
        "{stderr}"
    );
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("certgate-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn check_a_broken_document_fails_the_run_but_the_rest_is_checked() {
    let dir = temp_dir("broken-doc");
    let dry_run = std::fs::read_to_string(kubectl("dry-run.yaml")).expect("dry-run");
    let lines = dry_run.lines().count();
    let file = dir.join("with-broken.yaml");
    std::fs::write(&file, format!("{dry_run}---\nkey: [unclosed\n")).expect("write");
    let output = check_byo(&file.display().to_string());
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&output);
    assert_eq!(report["valid"], false);
    assert_eq!(report["certificates"].as_array().map(Vec::len), Some(3));
    let skip = &report["skipped"][0];
    assert_eq!(skip["document"], 4);
    assert_eq!(skip["unreadable"], true);
    assert!(
        skip["line"].as_u64().expect("line") > lines as u64,
        "{skip}"
    );
    // Text: the verdict counts it.
    let text = certgate(&[
        "check",
        "-f",
        &file.display().to_string(),
        "--trust-settings",
        &settings_of("byo-issuer"),
        "--now",
        NOW,
    ]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert_eq!(
        stdout.lines().last(),
        Some("invalid: 0 errors, 0 warnings, 1 document not read")
    );
    assert!(stderr_of(&text).contains("with-broken.yaml:"), "{text:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_objects_the_core_cannot_read() {
    let dir = temp_dir("core-rejects");
    let dry_run = std::fs::read_to_string(kubectl("dry-run.yaml")).expect("dry-run");
    // A Kustomization with kind but no name is passed over with a note.
    let kustomize = dir.join("kustomization.yaml");
    std::fs::write(
        &kustomize,
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n",
    )
    .expect("write");
    std::fs::write(dir.join("a.yaml"), &dry_run).expect("write");
    let output = check_byo(&dir.display().to_string());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(json(&output)["skipped"][0]["unreadable"], false);
    // A ConfigMap without a name is a check that could not run: exit 1.
    std::fs::write(
        &kustomize,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: azure-iot-operations}\n",
    )
    .expect("write");
    let output = check_byo(&dir.display().to_string());
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&output);
    let skip = &report["skipped"][0];
    assert_eq!(skip["unreadable"], true);
    assert_eq!(skip["line"], 1);
    assert!(
        skip["reason"]
            .as_str()
            .expect("reason")
            .contains("metadata.name"),
        "{skip}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_a_cluster_dump_over_1_mib() {
    let dir = temp_dir("big-dump");
    let list = std::fs::read_to_string(kubectl("list.yaml")).expect("list");
    let (head, rest) = list.split_once("items:\n").expect("items");
    let (items, tail) = rest.split_once("kind: List\n").expect("tail");
    let mut dump = format!("{head}items:\n{items}");
    // kube-root-ca.crt in every namespace, as a real dump has it.
    let bundle = items
        .split("\n- ")
        .next()
        .expect("first item")
        .replace("contoso-trust-bundle", "kube-root-ca.crt");
    let mut namespaces = 0;
    while dump.len() < 1536 * 1024 {
        namespaces += 1;
        dump.push_str(&bundle.replace(
            "namespace: azure-iot-operations",
            &format!("namespace: team-{namespaces}"),
        ));
        dump.push('\n');
    }
    dump.push_str("kind: List\n");
    dump.push_str(tail);
    let file = dir.join("dump.yaml");
    std::fs::write(&file, &dump).expect("write");
    let output = check_byo(&file.display().to_string());
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let report = json(&output);
    assert!(report.get("skipped").is_none(), "{}", report["skipped"]);
    assert!(namespaces > 500, "{namespaces}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dash_reads_standard_input_on_every_command() {
    // kubectl get configmap … -o "jsonpath={.data['ca\.crt']}" | certgate inspect -
    let root = std::fs::read_to_string(pki("root-ca.pem")).expect("root");
    let jsonpath = root.trim_end().as_bytes();
    let output = certgate_with_stdin(
        &["inspect", "--format", "json", "--now", NOW, "-"],
        jsonpath,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(json(&output)["certificates"][0]["source"], "<stdin>");

    let output = certgate_with_stdin(&["lint", "--format", "json", "--now", NOW, "-"], jsonpath);
    assert_eq!(output.status.code(), Some(0), "{output:?}");

    let chain = std::fs::read(pki("server-chain.pem")).expect("chain");
    let verify = |args: &[&str], stdin: &[u8]| {
        let mut all = vec![
            "verify",
            "--format",
            "json",
            "--now",
            NOW,
            "--dns-name",
            "mqtt.example.com",
        ];
        all.extend_from_slice(args);
        certgate_with_stdin(&all, stdin)
    };
    let server_chain = pki("server-chain.pem");
    let root_path = pki("root-ca.pem");
    let output = verify(&["--trust", "-", &server_chain], root.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let output = verify(&["--trust", &root_path, "-"], &chain);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let intermediate = std::fs::read(pki("intermediate-ca.pem")).expect("intermediate");
    let output = verify(
        &[
            "--trust",
            &root_path,
            "--untrusted",
            "-",
            &pki("server.pem"),
        ],
        &intermediate,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");

    let list = std::fs::read(kubectl("powershell-utf16le.yaml")).expect("list");
    let settings = settings_of("byo-issuer");
    let output = certgate_with_stdin(
        &[
            "check",
            "-f",
            "-",
            "--trust-settings",
            &settings,
            "--format",
            "json",
            "--now",
            NOW,
        ],
        &list,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(json(&output)["notes"][0]["source"], "<stdin>");
}

#[test]
fn dash_twice_is_a_usage_error() {
    let output = certgate_with_stdin(&["verify", "--trust", "-", "-"], b"");
    assert_one_stderr_line(&output, "standard input can be read only once");
    let output = certgate_with_stdin(&["check", "-f", "-", "-f", "-"], b"");
    assert_one_stderr_line(&output, "at most once");
}

#[test]
fn nothing_readable_exits_2_naming_file_and_line() {
    let output = certgate_with_stdin(
        &["check", "-f", "-", "--now", NOW],
        b"# values\nreplicas: 2\n",
    );
    assert_one_stderr_line(&output, "<stdin>:2: document 1: not a Kubernetes object");
}

#[test]
fn inspect_pem_saved_by_powershell() {
    let output = certgate(&[
        "inspect",
        "--format",
        "json",
        "--now",
        NOW,
        &kubectl("root-ca-utf16le.pem"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&output);
    let subject = report["certificates"][0]["view"]["subject"]
        .as_str()
        .expect("subject");
    assert!(subject.contains("certgate example root CA"), "{subject}");
    assert!(stderr_of(&output).contains("UTF-16LE"), "{output:?}");
    assert_eq!(report["notes"].as_array().map(Vec::len), Some(1));
}

#[test]
fn empty_bundle_file_is_a_finding_not_an_unusable_input() {
    let dir = std::env::temp_dir().join(format!("certgate-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = dir.join("ca.crt");
    std::fs::write(&empty, b"\n").expect("write");
    let empty = empty.to_str().expect("utf-8 path");
    let output = certgate(&["lint", "--role", "bundle", "--format", "json", empty]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = json(&output);
    assert_eq!(finding_ids(&report), ["bundle.empty"]);
    assert_eq!(report["clients"]["go"]["accepts"], false);
    // Any other role still calls an empty file unusable (exit 2).
    let output = certgate(&["lint", empty]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    std::fs::remove_dir_all(&dir).ok();
}

fn partial(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/partial")
        .join(name)
        .display()
        .to_string()
}

fn check_json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = vec!["check", "--format", "json", "--now", NOW];
    all.extend_from_slice(args);
    let output = certgate(&all);
    (output.status.code(), json(&output))
}

fn with_severity(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            (
                finding["id"].as_str().expect("id").to_owned(),
                finding["severity"].as_str().expect("severity").to_owned(),
            )
        })
        .collect()
}

/// Objects other objects will create count as present: the Secret of the
/// cert-manager docs' CA Certificate, AIO's quickstart ClusterIssuer, the
/// ConfigMap a trust-manager Bundle writes (whose inline root is then the
/// trust bundle the CA must chain to).
#[test]
fn check_counts_what_the_set_will_create() {
    for file in [
        "cert-manager-ca-bootstrap.yaml",
        "powershell-ca-bootstrap.yaml",
        "broker-listener.yaml",
        "trust-manager-bundle.yaml",
    ] {
        let (code, report) = check_json(&["-f", &partial(file)]);
        assert_eq!(code, Some(0), "{file}: {report}");
        assert_eq!(with_severity(&report), [], "{file}");
    }
    let settings = "configMapName=contoso-trust-bundle configMapKey=ca.crt issuerKind=Issuer issuerName=contoso-issuer";
    let (code, report) = check_json(&[
        "-f",
        &partial("trust-manager-bundle.yaml"),
        "--trust-settings",
        settings,
    ]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(with_severity(&report), []);
    // The Bundle's inline root is what the CA was chained to.
    let anchors: Vec<&str> = report["certificates"]
        .as_array()
        .expect("certificates")
        .iter()
        .filter(|c| c["trust_anchor"] == true)
        .map(|c| c["source"].as_str().expect("source"))
        .collect();
    assert_eq!(anchors, ["Bundle contoso-trust-bundle data.ca.crt"]);
    // The Bundle writes into azure-iot-operations only: elsewhere it is missing.
    let (_, report) = check_json(&[
        "-f",
        &partial("trust-manager-bundle.yaml"),
        "--trust-settings",
        settings,
        "--namespace",
        "elsewhere",
    ]);
    assert!(
        with_severity(&report).contains(&(
            "settings.configmap_not_found".to_owned(),
            "warning".to_owned()
        )),
        "{report}"
    );
}

/// A reference the files do not resolve: a warning naming how to check it,
/// an error with --complete.
#[test]
fn check_partial_and_complete_sets() {
    let file = partial("secret-elsewhere.yaml");
    let (code, report) = check_json(&["-f", &file]);
    assert_eq!(code, Some(0), "{report}");
    let finding = &report["findings"][0];
    assert_eq!(finding["id"], "issuer.ca_secret_not_found");
    assert_eq!(finding["severity"], "warning");
    let message = finding["message"].as_str().expect("message");
    assert!(
        message.contains("not in the given files") && message.contains("--complete"),
        "{message}"
    );
    let (code, report) = check_json(&["-f", &file, "--complete"]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["findings"][0]["severity"], "error");
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .expect("message")
            .contains("does not exist")
    );
}

/// `kubectl create secret tls --dry-run=client -o yaml` prints no
/// namespace, and neither does a hand-written Issuer: both are in default.
#[test]
fn check_objects_without_namespace_are_in_default() {
    let (code, report) = check_json(&["-f", &partial("dry-run-default-namespace.yaml")]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(with_severity(&report), []);
    let checked = report["checked"].as_array().expect("checked");
    assert!(
        checked.iter().any(|c| c["kind"] == "Secret"
            && c["namespace"] == "default"
            && c["checked_as"] == "CA Secret"),
        "{checked:?}"
    );
}

/// The trust-bundle cross-checks concern the CAs AIO uses: an Istio CA
/// beside the AIO bundle is left alone, until a BrokerListener uses it.
#[test]
fn check_trust_bundle_cross_checks_only_aio_issuers() {
    let file = partial("istio-ca-beside-aio.yaml");
    let (code, report) = check_json(&["-f", &file]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(with_severity(&report), []);
    let listener = temp_dir("aio-scope").join("listener.yaml");
    std::fs::write(
        &listener,
        "apiVersion: mqttbroker.iotoperations.azure.com/v1\nkind: BrokerListener\nmetadata:\n  name: l\n  namespace: istio-system\nspec:\n  ports:\n  - port: 8883\n    tls:\n      mode: Automatic\n      certManagerCertificateSpec:\n        issuerRef: {name: istio-ca, kind: Issuer, group: cert-manager.io}\n",
    )
    .expect("write");
    let (code, report) = check_json(&["-f", &file, "-f", listener.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        finding_ids(&report).contains(&"secret.not_in_trust_bundle".to_owned()),
        "{report}"
    );
}

/// A private key in a ConfigMap no trust settings name is an error, and
/// the output says which objects were checked as what and which skipped.
#[test]
fn check_private_key_in_any_configmap_and_what_was_checked() {
    for file in [
        "configmap-with-key.yaml",
        "powershell-configmap-with-key.yaml",
    ] {
        let (code, report) = check_json(&["-f", &partial(file)]);
        assert_eq!(code, Some(1), "{file}: {report}");
        assert_eq!(
            with_severity(&report),
            [("configmap.private_key".to_owned(), "error".to_owned())],
            "{file}"
        );
    }
    let (_, report) = check_json(&["-f", &partial("configmap-with-key.yaml")]);
    let text = serde_json::to_string(&report).expect("json");
    let key = std::fs::read_to_string(pki("root-ca.key")).expect("key");
    let key_line = key.lines().nth(1).expect("a base64 line");
    assert!(!text.contains(key_line), "key bytes in the output");
    let (_, report) = check_json(&["-f", &partial("cert-manager-ca-bootstrap.yaml")]);
    let checked = report["checked"].as_array().expect("checked");
    assert_eq!(checked.len(), 4, "{checked:?}");
    assert!(
        checked
            .iter()
            .any(|c| c["kind"] == "Namespace" && c["skipped"].is_string())
    );
    assert!(checked.iter().any(|c| {
        c["kind"] == "Issuer"
            && c["checked_as"]
                .as_str()
                .is_some_and(|s| s.contains("made by Certificate sandbox/my-selfsigned-ca"))
    }));
    // Text lists them too.
    let output = certgate(&[
        "check",
        "--now",
        NOW,
        "-f",
        &partial("cert-manager-ca-bootstrap.yaml"),
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("checked Certificate sandbox/my-selfsigned-ca as Certificate"),
        "{text}"
    );
    assert!(text.contains("skipped 1 object (Namespace"), "{text}");
}

/// An empty List (kubectl in an empty namespace) checks nothing and says
/// so; the JSON still has `objects`.
#[test]
fn check_an_input_without_objects_says_so() {
    let output = certgate_with_stdin(
        &["check", "--format", "json", "--now", NOW, "-f", "-"],
        b"apiVersion: v1\nkind: List\nitems: []\nmetadata:\n  resourceVersion: \"\"\n",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json(&output);
    assert_eq!(report["objects"], serde_json::json!([]));
    assert!(
        stderr_of(&output).contains("no Kubernetes object"),
        "{output:?}"
    );
}

fn ids_of(report: &serde_json::Value, kind: &str, name: &str) -> Vec<String> {
    let mut ids: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["object"]["kind"] == kind && f["object"]["name"] == name)
        .map(|f| f["id"].as_str().expect("id").to_owned())
        .collect();
    ids.sort();
    ids
}

/// AIO objects in the docs' shapes, each with its problem named.
#[test]
fn check_aio_objects_beyond_the_issuer_ref() {
    let (code, report) = check_json(&["-f", &partial("aio-objects.yaml")]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        ids_of(&report, "ConfigMap", "client-ca"),
        ["bundle.no_usable_ca", "bundle.non_ca_cert"]
    );
    assert_eq!(
        ids_of(&report, "BrokerListener", "manual-missing"),
        ["listener.secret_not_found"]
    );
    assert_eq!(
        ids_of(&report, "BrokerListener", "manual-ca"),
        ["listener.not_server_cert"]
    );
    assert_eq!(
        ids_of(&report, "BrokerListener", "<LISTENER_NAME>"),
        ["aio.placeholder"]
    );
    // The MQ preview's v1beta1 shape: tls.automatic.issuerRef is read.
    assert_eq!(
        ids_of(&report, "BrokerListener", "my-new-tls-listener"),
        ["issuerref.not_found"]
    );
    assert_eq!(
        ids_of(&report, "DataflowEndpoint", "mqtt-endpoint"),
        ["aio.configmap_not_found"]
    );
    let settings = "configMapName=contoso-trust-bundle configMapKey=ca.crt issuerKind=ClusterIssuer issuerName=contoso-issuer";
    let file = partial("default-listener-quickstart.yaml");
    let (_, report) = check_json(&["-f", &file, "--trust-settings", settings]);
    assert_eq!(
        ids_of(&report, "BrokerListener", "default"),
        ["listener.quickstart_issuer"]
    );
    let message = report["findings"][0]["message"].as_str().unwrap_or("");
    assert!(report.to_string().contains("port 18883"), "{message}");
    // Without trust settings the quickstart issuer is AIO's own: fine.
    let (code, report) = check_json(&["-f", &file]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(with_severity(&report), []);
}

/// trust-manager Bundles: what its webhook rejects, and an inline leaf
/// and key; issuers' caBundle fields and the ACME server URL.
#[test]
fn check_trust_manager_bundles_and_issuer_ca_bundles() {
    let (code, report) = check_json(&["-f", &partial("trust-manager-bad-bundle.yaml")]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        ids_of(&report, "Bundle", "leaky-bundle"),
        [
            "bundle.contains_private_key",
            "bundle.no_usable_ca",
            "bundle.non_ca_cert",
            "trustbundle.source_invalid",
            "trustbundle.source_invalid"
        ]
    );
    let (code, report) = check_json(&["-f", &partial("issuers-ca-bundles.yaml")]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        ids_of(&report, "Issuer", "vault-issuer"),
        ["issuer.ca_bundle_invalid"]
    );
    assert_eq!(
        ids_of(&report, "ClusterIssuer", "acme-private"),
        ["issuer.ca_bundle_invalid", "issuer.url_invalid"]
    );
}

/// cert-manager's kind is case-sensitive: say which one was meant.
#[test]
fn check_messages_name_the_likely_mistake() {
    let dir = temp_dir("messages");
    let file = dir.join("refs.yaml");
    std::fs::write(
        &file,
        "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a, namespace: team}\nspec:\n  secretName: a-tls\n  issuerRef: {name: corp, kind: clusterissuer}\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: b, namespace: team}\nspec:\n  secretName: b-tls\n  issuerRef: {name: corp, kind: ClusterIssuer}\n---\napiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: corp, namespace: team}\nspec: {selfSigned: {}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: 8883}\n",
    )
    .expect("write");
    let (_, report) = check_json(&["-f", file.to_str().expect("utf-8"), "--complete"]);
    let text = report.to_string();
    assert!(text.contains("did you mean ClusterIssuer?"), "{text}");
    assert!(
        text.contains("an Issuer of that name is in namespace team"),
        "{text}"
    );
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("metadata.name must be a string, not the number 8883"),
        "{skipped}"
    );
}

/// What GitHub code scanning needs of a SARIF 2.1.0 upload: version and
/// schema, one rule per id (description, fix), every result naming a
/// known rule by id and index, a level, a message and a file location.
fn assert_code_scanning_accepts(log: &serde_json::Value) -> Vec<(String, String, u64)> {
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "certgate");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "one rule per id");
    for rule in rules {
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
    let mut located = Vec::new();
    for result in run["results"].as_array().expect("results") {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index =
            usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("index");
        assert_eq!(ids[index], id);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
        let line = physical["region"]["startLine"].as_u64().expect("startLine");
        assert!(line >= 1);
        located.push((id.to_owned(), uri.to_owned(), line));
    }
    located
}

/// `--format sarif` for check (each finding at its object's file and
/// line) and lint (at its file).
#[test]
fn sarif_for_check_and_lint() {
    let output = certgate(&[
        "check",
        "--format",
        "sarif",
        "--now",
        NOW,
        "-f",
        &partial("aio-objects.yaml"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let located = assert_code_scanning_accepts(&log);
    // The placeholder listener's document starts (1-based) two lines
    // above its (0-based) `name:` line, at its apiVersion.
    let text = std::fs::read_to_string(partial("aio-objects.yaml")).expect("file");
    let line = text
        .lines()
        .position(|l| l.contains("name: <LISTENER_NAME>"))
        .expect("placeholder")
        - 2;
    assert!(
        text.lines()
            .nth(line - 1)
            .is_some_and(|l| l.starts_with("apiVersion"))
    );
    assert!(
        located.iter().any(|(id, uri, at)| id == "aio.placeholder"
            && uri.ends_with("examples/partial/aio-objects.yaml")
            && *at == u64::try_from(line).expect("line")),
        "{located:?}"
    );
    // JSON carries the same location.
    let (_, report) = check_json(&["-f", &partial("aio-objects.yaml")]);
    let finding = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == "aio.placeholder")
        .expect("placeholder finding");
    assert_eq!(finding["location"]["line"], line);
    let output = certgate(&[
        "lint",
        "--format",
        "sarif",
        "--now",
        NOW,
        "--role",
        "bundle",
        &pki("leaf-as-ca-bundle.pem"),
    ]);
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let located = assert_code_scanning_accepts(&log);
    assert!(
        located.iter().any(
            |(id, uri, _)| id == "bundle.non_ca_cert" && uri.ends_with("leaf-as-ca-bundle.pem")
        ),
        "{located:?}"
    );
}

/// A bundle of as many leaves as one input may hold (1,000 blocks): each
/// rule shows its first 256 findings and one summary line that counts the
/// rest, in text, JSON and SARIF, and `lint` exits as for two copies.
#[test]
fn lint_of_a_flooded_bundle_prints_the_summary_and_keeps_the_exit_code() {
    const COPIES: usize = 1_000;
    const CAP: usize = 256;
    let leaf = std::fs::read_to_string(pki("server.pem")).expect("server.pem");
    let dir = temp_dir("flooded-bundle");
    let few = dir.join("two.pem");
    let many = dir.join("many.pem");
    std::fs::write(&few, leaf.repeat(2)).expect("write");
    std::fs::write(&many, leaf.repeat(COPIES)).expect("write");
    let (few, many) = (few.to_str().expect("utf-8"), many.to_str().expect("utf-8"));
    let lint = |format: &str, file: &str| {
        certgate(&[
            "lint", "--role", "bundle", "--format", format, "--now", NOW, file,
        ])
    };

    let small = lint("text", few);
    assert_eq!(small.status.code(), Some(1), "{small:?}");
    let output = lint("text", many);
    assert_eq!(output.status.code(), small.status.code(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let summary = format!(
        "… and {} more findings of this rule about {many}, counted but not shown (the first {CAP} are)",
        COPIES - CAP
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("  bundle.non_ca_cert") && l.ends_with(&summary)),
        "{text}"
    );
    assert_eq!(
        text.matches("  bundle.non_ca_cert [").count(),
        CAP + 1,
        "256 in full and the summary"
    );
    // The verdict line counts every finding, the summarised ones too.
    let verdict = text.lines().last().expect("verdict");
    let errors: usize = verdict
        .strip_prefix("invalid: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect(verdict);
    assert!(errors >= COPIES, "{verdict}");

    let report = json(&lint("json", many));
    let findings = report["findings"].as_array().expect("findings");
    let of_rule: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["id"] == "bundle.non_ca_cert")
        .collect();
    assert_eq!(of_rule.len(), CAP + 1);
    let summaries: Vec<&&serde_json::Value> = of_rule
        .iter()
        .filter(|f| f.get("omitted").is_some())
        .collect();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0]["omitted"], COPIES - CAP);
    assert_eq!(summaries[0]["severity"], "error");
    assert_eq!(report["valid"], json(&lint("json", few))["valid"]);

    let output = lint("sarif", many);
    assert_eq!(output.status.code(), small.status.code());
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert_code_scanning_accepts(&log);
    let results: Vec<&serde_json::Value> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "bundle.non_ca_cert")
        .collect();
    assert_eq!(results.len(), CAP + 1);
    let summary = results
        .iter()
        .find(|r| r.get("properties").is_some())
        .expect("summary result");
    assert_eq!(summary["properties"]["omitted"], COPIES - CAP);
    assert!(
        summary["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("744 more findings of this rule")),
        "{summary}"
    );
    assert_eq!(summary["level"], "error");
    let _ = std::fs::remove_dir_all(dir);
}

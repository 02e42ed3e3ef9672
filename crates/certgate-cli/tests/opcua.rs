//! `certgate opcua trust|issuer|client|server` and the OPC UA objects in
//! `certgate check -f`, run as the built binary on `tests/data/opcua/`
//! (made by its gen.sh, fixed dates).

use std::path::PathBuf;
use std::process::{Command, Output};

const NOW: &str = "2027-01-01T00:00:00Z";

fn data(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "tests",
        "data",
        "opcua",
        name,
    ]
    .iter()
    .collect();
    path.to_str().expect("utf-8 path").to_owned()
}

fn certgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certgate"))
        .args(args)
        .args(["--now", NOW])
        .env("NO_COLOR", "1")
        .output()
        .expect("run certgate")
}

fn json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = certgate(&all);
    let value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("stdout is JSON: {output:?}"));
    (output.status.code(), value)
}

fn ids(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| finding["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn trust_good_files_exit_0() {
    let (code, report) = json(&[
        "opcua",
        "trust",
        &data("selfsigned-server.der"),
        &data("selfsigned-server.crt"),
        &data("server-root-ca.der"),
    ]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["valid"], true);
    assert_eq!(report["certificates"].as_array().map(Vec::len), Some(3));
    // Findings and certificates are named by the file name, as the az CLI names the secret.
    assert_eq!(report["certificates"][0]["source"], "selfsigned-server.der");
}

#[test]
fn trust_mix_ups_exit_1_with_their_ids() {
    let files = [
        "pem-in.der",
        "der-in.crt",
        "two-certs.crt",
        "selfsigned-server.pfx",
        "server-key.der",
        "Selfsigned-Server.DER",
        "my_server.der",
        "selfsigned-expired.der",
        "selfsigned-notyet.der",
        "server-root-ca.crl",
    ];
    let paths: Vec<String> = files.iter().map(|name| data(name)).collect();
    let mut args = vec!["opcua", "trust"];
    args.extend(paths.iter().map(String::as_str));
    let (code, report) = json(&args);
    assert_eq!(code, Some(1));
    let found = ids(&report);
    for id in [
        "opcua.file.encoding_mismatch",
        "opcua.file.multiple_certificates",
        "opcua.file.pkcs12",
        "opcua.file.private_key",
        "opcua.file.extension_case",
        "opcua.file.secret_name_invalid",
        "opcua.file.expired",
        "opcua.file.not_yet_valid",
        "opcua.file.extension_unsupported",
    ] {
        assert!(
            found.iter().any(|found| found == id),
            "{id} missing from {found:?}"
        );
    }
    // The key file's bytes never reach the output.
    let text = report.to_string();
    let key = std::fs::read_to_string(data("connector.pem")).expect("key");
    let body: String = key.lines().nth(1).expect("a base64 line").into();
    assert!(!text.contains(&body));
}

#[test]
fn issuer_rules_and_the_two_stores() {
    let (code, report) = json(&[
        "opcua",
        "issuer",
        &data("not-a-ca.der"),
        &data("orphan.crl"),
        &data("server-int-ca.der"),
        &data("server-int-ca.crl"),
    ]);
    assert_eq!(code, Some(1));
    let found = ids(&report);
    assert!(
        found.contains(&"opcua.file.issuer_not_ca".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"opcua.file.crl_without_certificate".to_owned()),
        "{found:?}"
    );
    let (code, report) = json(&[
        "opcua",
        "issuer",
        &data("server-int-ca.der"),
        &data("server-int-ca.crl"),
        "--trust-list",
        &data("selfsigned-server.der"),
    ]);
    assert_eq!(code, Some(0), "{report}");
    assert!(ids(&report).contains(&"opcua.stores.issuer_grants_no_trust".to_owned()));
    // A folder is read file by file, each named by its file name.
    let folder = std::env::temp_dir().join(format!("certgate-opcua-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("temp dir");
    for name in ["server-int-ca.der", "server-root-ca.der"] {
        std::fs::copy(data(name), folder.join(name)).expect("copy");
    }
    let folder_text = folder.to_str().expect("utf-8").to_owned();
    let (code, report) = json(&[
        "opcua",
        "server",
        &data("opcua-server.der"),
        "--trust-list",
        &data("server-root-ca.der"),
        "--issuer-list",
        &folder_text,
    ]);
    std::fs::remove_dir_all(&folder).expect("clean up");
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["opcua"]["chain"][1]["from"], "issuerList");
    let (code, report) = json(&[
        "opcua",
        "trust",
        &data("opcua-server.der"),
        "--issuer-list",
        &data("server-int-ca.der"),
        "--reject-unknown-revocation-status",
        "true",
    ]);
    assert_eq!(code, Some(1));
    let found = ids(&report);
    assert!(
        found.contains(&"opcua.stores.chain_incomplete".to_owned()),
        "{found:?}"
    );
}

#[test]
fn client_good_and_bad() {
    let (code, report) = json(&[
        "opcua",
        "client",
        "--public-key-file",
        &data("connector.der"),
        "--private-key-file",
        &data("connector.pem"),
        "--subject-name",
        "CN=aio-opc-ua-broker, O=AIO",
        "--application-uri",
        "urn:aio:opc-ua-broker",
    ]);
    // A subject with its attributes in another order is not the certificate's subject.
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(ids(&report), ["opcua.application.subject_name_mismatch"]);
    let (code, report) = json(&[
        "opcua",
        "client",
        "--public-key-file",
        &data("connector.der"),
        "--private-key-file",
        &data("connector.pem"),
        "--subject-name",
        "aio-opc-ua-broker",
        "--application-uri",
        "urn:aio:opc-ua-broker",
    ]);
    assert_eq!(code, Some(0), "{report}");
    let (code, report) = json(&[
        "opcua",
        "client",
        "--public-key-file",
        &data("mismatch.der"),
        "--private-key-file",
        &data("mismatch.pem"),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(ids(&report), ["opcua.application.key_mismatch"]);
    let (code, report) = json(&[
        "opcua",
        "client",
        "--public-key-file",
        &data("client-issued.der"),
        "--private-key-file",
        &data("client-issued.pem"),
        "--issuer-list",
        &data("client-ca.der"),
    ]);
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn server_verdicts_name_the_status() {
    let (code, report) = json(&[
        "opcua",
        "server",
        &data("opcua-server-chain.pem"),
        "--trust-list",
        &data("server-root-ca.der"),
        "--endpoint-host",
        "opcua-server.plant.local",
    ]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["opcua"]["accepted"], true);
    assert_eq!(report["opcua"]["status"], "Good");
    assert_eq!(
        report["opcua"]["settings"]["minimumCertificateKeySize"],
        2048
    );
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "opcua",
                "server",
                &data("opcua-server.der"),
                "--trust-list",
                &data("selfsigned-server.der"),
            ],
            "BadCertificateChainIncomplete",
        ),
        (
            &[
                "opcua",
                "server",
                &data("selfsigned-server.der"),
                "--trust-list",
                &data("ec-server.der"),
            ],
            "BadCertificateUntrusted",
        ),
        (
            &[
                "opcua",
                "server",
                &data("selfsigned-1024.der"),
                "--trust-list",
                &data("selfsigned-1024.der"),
            ],
            "BadCertificatePolicyCheckFailed",
        ),
        (
            &[
                "opcua",
                "server",
                &data("selfsigned-no-dataenc.der"),
                "--trust-list",
                &data("selfsigned-no-dataenc.der"),
            ],
            "BadCertificateUseNotAllowed",
        ),
        (
            &[
                "opcua",
                "server",
                &data("selfsigned-server.der"),
                "--trust-list",
                &data("selfsigned-server.der"),
                "--endpoint-host",
                "10.1.1.1",
            ],
            "BadCertificateHostNameInvalid",
        ),
    ];
    for (args, status) in cases {
        let (code, report) = json(args);
        assert_eq!(code, Some(1), "{args:?}");
        assert_eq!(report["opcua"]["status"], status, "{args:?}");
        assert_eq!(report["opcua"]["accepted"], false);
    }
    // A setting changes the verdict.
    let (code, report) = json(&[
        "opcua",
        "server",
        &data("selfsigned-1024.der"),
        "--trust-list",
        &data("selfsigned-1024.der"),
        "--minimum-certificate-key-size",
        "1024",
    ]);
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn server_text_says_accept_or_reject_and_why() {
    let output = certgate(&[
        "opcua",
        "server",
        &data("opcua-server.der"),
        "--trust-list",
        &data("server-root-ca.der"),
        "--issuer-list",
        &data("server-int-ca.der"),
        "--issuer-list",
        &data("server-int-ca.crl"),
        "--reject-unknown-revocation-status",
        "true",
    ]);
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("OPC UA connector"), "{text}");
    assert!(
        text.contains("rejects: BadCertificateIssuerRevocationUnknown"),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .is_some_and(|line| line.starts_with("invalid")),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let output = certgate(&[
        "opcua",
        "server",
        &data("gen.sh"),
        "--trust-list",
        &data("selfsigned-server.der"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.starts_with("certgate: gen.sh:"), "{stderr}");
    let output = certgate(&[
        "opcua",
        "server",
        &data("selfsigned-server.der"),
        "--endpoint-host",
        "not a host",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let output = certgate(&["opcua", "trust", &data("no-such-file.der")]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_reads_the_opcua_secrets_and_secret_syncs() {
    let k8s = |name: &str| data(&format!("k8s/{name}"));
    let (code, report) = json(&[
        "check",
        "-f",
        &k8s("trust-list.yaml"),
        "-f",
        &k8s("issuer-list.yaml"),
        "-f",
        &k8s("client-certificate.yaml"),
        "-f",
        &k8s("secret-sync.yaml"),
    ]);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        ids(&report).iter().all(|id| !id.starts_with("opcua.")),
        "{:?}",
        ids(&report)
    );
    let (code, report) = json(&[
        "check",
        "-f",
        &k8s("bad-trust-list.yaml"),
        "-f",
        &k8s("bad-issuer-list.yaml"),
        "-f",
        &k8s("bad-client-certificate.yaml"),
        "-f",
        &k8s("bad-secret-sync.yaml"),
    ]);
    assert_eq!(code, Some(1));
    let found = ids(&report);
    for id in [
        "opcua.file.encoding_mismatch",
        "opcua.file.extension_case",
        "opcua.file.private_key",
        "opcua.file.expired",
        "opcua.file.issuer_not_ca",
        "opcua.stores.crl_no_issuer",
        "opcua.stores.issuer_grants_no_trust",
        "opcua.application.key_mismatch",
        "opcua.cluster.target_key_missing",
        "opcua.cluster.object_encoding",
        "opcua.cluster.provider_class_missing",
        "opcua.cluster.source_path_unknown",
    ] {
        assert!(
            found.iter().any(|found| found == id),
            "{id} missing from {found:?}"
        );
    }
    let finding = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["id"] == "opcua.application.key_mismatch")
        .expect("key mismatch");
    assert_eq!(
        finding["object"]["name"],
        "aio-opc-ua-broker-client-certificate"
    );
}

#[test]
fn every_example_reports_what_it_promises() {
    let script: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "..",
        "examples",
        "opcua",
        "run.sh",
    ]
    .iter()
    .collect();
    let output = Command::new("bash")
        .arg(script)
        .env("CERTGATE", env!("CARGO_BIN_EXE_certgate"))
        .output()
        .expect("run examples/opcua/run.sh");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.lines().count() >= 30, "{text}");
}

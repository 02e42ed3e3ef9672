//! Writes and times a cluster dump like `kubectl get configmaps,secrets,
//! issuers,clusterissuers,certificates -A -o yaml` of a large cluster:
//! kube-root-ca.crt in every namespace, TLS Secrets, Helm release Secrets
//! (the bulk of a real dump), Issuers and Certificates.
//!
//! ```sh
//! cargo run --release -p certgate-manifests --example cluster_dump -- write /tmp/dump.yaml 5000
//! cargo run --release -p certgate-manifests --example cluster_dump -- write /tmp/dump.json 5000
//! /usr/bin/time -v target/release/examples/cluster_dump parse /tmp/dump.yaml
//! ```
//!
//! Prints figures; asserts nothing about time.

use core::fmt::Write as _;
use std::time::Instant;

const ROOT_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBizCCATGgAwIBAgIBATAKBggqhkjOPQQDAjAsMRgwFgYDVQQDDA9Db250b3Nv
IFJvb3QgQ0ExEDAOBgNVBAoMB0NvbnRvc28wIBcNMjUwMTAxMDAwMDAwWhgPMjEy
NDAxMDEwMDAwMDBaMCwxGDAWBgNVBAMMD0NvbnRvc28gUm9vdCBDQTEQMA4GA1UE
CgwHQ29udG9zbzBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPf4LhlD3NLQEvsT
wYCBJlzKFws/xT0fHfJcNn1uESDPwpwNRbFq/gLpKgBoCUxyBIpvIEqTe1BXhiIG
4u3hm5yjQjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMB0GA1Ud
DgQWBBTgqwzbupPx4xgd/T+s3YG9WN26ljAKBggqhkjOPQQDAgNIADBFAiEAwcsq
yuC/MMPs5ucR5SJqrXQN6RW0ZZnUeM9uouQ7EoUCIGZ+g/9AkrYuGKRJIp3s4AJc
yoshd0jXG1/G0rvFle1X
-----END CERTIFICATE-----
";

/// Base64 text of `len` characters, deterministic.
fn base64(len: usize, seed: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..len / 4 * 4)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(ALPHABET[state % 64])
        })
        .collect()
}

fn metadata(out: &mut String, name: &str, namespace: &str, index: usize) {
    let _ = write!(
        out,
        "  metadata:\n    annotations:\n      meta.helm.sh/release-name: app-{index}\n    \
         creationTimestamp: \"2025-03-01T10:00:00Z\"\n    labels:\n      app.kubernetes.io/managed-by: Helm\n    \
         name: {name}\n    namespace: {namespace}\n    resourceVersion: \"{index}\"\n    \
         uid: 5f0c1f8e-0000-4000-8000-{index:012}\n"
    );
}

fn write_yaml(objects: usize) -> String {
    let mut out = String::from("apiVersion: v1\nitems:\n");
    let pem: String = ROOT_PEM
        .lines()
        .map(|line| format!("      {line}\n"))
        .collect();
    // A real CA Secret, so the core's checks parse certificates and keys.
    let byo = include_str!("../../../examples/k8s/byo-issuer/manifests.yaml");
    let field = |name: &str| {
        byo.lines()
            .find_map(|line| line.strip_prefix(&format!("  {name}: ")))
            .unwrap_or_default()
            .to_owned()
    };
    let (ca, crt, key) = (field("ca.crt"), field("tls.crt"), field("tls.key"));
    for index in 0..objects {
        let namespace = format!("team-{}", index / 10);
        match index % 10 {
            0..=2 => {
                out.push_str("- apiVersion: v1\n  data:\n    ca.crt: |\n");
                out.push_str(&pem);
                out.push_str("  kind: ConfigMap\n");
                metadata(&mut out, "kube-root-ca.crt", &namespace, index);
            }
            3..=5 => {
                let _ = write!(
                    out,
                    "- apiVersion: v1\n  data:\n    ca.crt: {ca}\n    tls.crt: {crt}\n    tls.key: {key}\n  kind: Secret\n"
                );
                metadata(&mut out, &format!("tls-{index}"), &namespace, index);
                out.push_str("  type: kubernetes.io/tls\n");
            }
            6 | 7 => {
                let release = base64(24_000 + index % 7 * 2000, index);
                let _ = write!(
                    out,
                    "- apiVersion: v1\n  data:\n    release: {release}\n  kind: Secret\n"
                );
                metadata(
                    &mut out,
                    &format!("sh.helm.release.v1.app-{index}.v1"),
                    &namespace,
                    index,
                );
                out.push_str("  type: helm.sh/release.v1\n");
            }
            8 => {
                out.push_str("- apiVersion: cert-manager.io/v1\n  kind: Issuer\n");
                metadata(&mut out, &format!("issuer-{index}"), &namespace, index);
                let _ = write!(
                    out,
                    "  spec:\n    ca:\n      secretName: tls-{}\n  status:\n    conditions:\n    - lastTransitionTime: \"2025-03-01T10:00:05Z\"\n      message: Signing CA verified\n      reason: KeyPairVerified\n      status: \"True\"\n      type: Ready\n",
                    index - 5
                );
            }
            _ => {
                out.push_str("- apiVersion: cert-manager.io/v1\n  kind: Certificate\n");
                metadata(&mut out, &format!("cert-{index}"), &namespace, index);
                let _ = write!(
                    out,
                    "  spec:\n    dnsNames:\n    - app-{index}.example.com\n    issuerRef:\n      kind: Issuer\n      name: issuer-{}\n    secretName: app-{index}-tls\n",
                    index - 1
                );
            }
        }
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    out
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [command, path, rest @ ..] if command == "write" => {
            let objects = rest
                .first()
                .map_or(Ok(5000), |count| count.parse::<usize>())
                .map_err(|error| error.to_string())?;
            let yaml = write_yaml(objects);
            let text = if path.ends_with(".json") {
                let parsed = certgate_manifests::parse(&yaml).map_err(|error| error.to_string())?;
                let items: Vec<_> = parsed
                    .objects
                    .into_iter()
                    .map(|object| object.value)
                    .collect();
                let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
                serde_json::to_string_pretty(&list).map_err(|error| error.to_string())?
            } else {
                yaml
            };
            std::fs::write(path, &text).map_err(|error| error.to_string())?;
            println!(
                "wrote {path}: {objects} objects, {:.1} MiB",
                mib(text.len())
            );
            Ok(())
        }
        [command, path] if command == "parse" => {
            let started = Instant::now();
            let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
            let size = bytes.len();
            let read = started.elapsed();
            let parsed = certgate_manifests::read(bytes).map_err(|error| error.to_string())?;
            let total = started.elapsed();
            println!(
                "{path}: {:.1} MiB, {} objects, {} skipped; read {:.0} ms, parse {:.0} ms ({:.0} MiB/s)",
                mib(size),
                parsed.objects.len(),
                parsed.skipped.len(),
                read.as_secs_f64() * 1e3,
                (total - read).as_secs_f64() * 1e3,
                mib(size) / (total - read).as_secs_f64()
            );
            Ok(())
        }
        _ => Err("usage: cluster_dump write PATH[.yaml|.json] [OBJECTS] | parse PATH".into()),
    }
}

#[allow(clippy::cast_precision_loss)] // sizes far below 2^52
fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

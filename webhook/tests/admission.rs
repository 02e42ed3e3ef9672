//! The real binary over TLS, offline: every rule, good and bad, and the
//! HTTP edges (malformed, wrong version, oversized, concurrency, rotation).
#![allow(clippy::unwrap_used)]

mod common;

use core::time::Duration;

use common::*;
use serde_json::json;

const AIO_NS: &str = "azure-iot-operations";
const TRUST_BUNDLE: &str = "azure-iot-operations-aio-ca-trust-bundle";
const CA_SECRET: &str = "azure-iot-operations-aio-ca-certificate";

fn start() -> Webhook {
    Webhook::start("admission", &[])
}

#[tokio::test]
async fn good_trust_bundle_is_allowed() {
    let webhook = start();
    let client = webhook.client();
    let root = example_text("root-ca.pem");
    let object = configmap(AIO_NS, TRUST_BUNDLE, &[("ca.crt", &root)]);
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-good-bundle", "CREATE", &object, false),
    )
    .await;
    assert_eq!(response["allowed"], true, "{response}");
}

#[tokio::test]
async fn leaf_in_trust_bundle_is_denied_with_its_id() {
    let webhook = start();
    let client = webhook.client();
    let bundle = example_text("leaf-as-ca-bundle.pem");
    let object = configmap(AIO_NS, TRUST_BUNDLE, &[("ca.crt", &bundle)]);
    for operation in ["CREATE", "UPDATE"] {
        let response = post(
            &client,
            &webhook.url(),
            &admission_review("uid-leaf-bundle", operation, &object, false),
        )
        .await;
        assert_eq!(response["allowed"], false, "{response}");
        let message = message(&response);
        assert!(message.contains("bundle.non_ca_cert: "), "{message}");
        for line in message.lines() {
            assert!(line.contains(": "), "each line is `id: message`: {line}");
        }
    }
}

#[tokio::test]
async fn labelled_configmap_is_reviewed_and_dry_run_answered_the_same() {
    let webhook = start();
    let client = webhook.client();
    let bundle = example_text("leaf-as-ca-bundle.pem");
    let mut object = configmap("team-a", "my-bundle", &[("ca.crt", &bundle)]);
    object["metadata"]["labels"] = json!({"certgate.io/trust-bundle": "true"});
    let wet = post(
        &client,
        &webhook.url(),
        &admission_review("uid-wet", "CREATE", &object, false),
    )
    .await;
    let dry = post(
        &client,
        &webhook.url(),
        &admission_review("uid-dry", "CREATE", &object, true),
    )
    .await;
    assert_eq!(wet["allowed"], false);
    assert_eq!(dry["allowed"], false);
    assert_eq!(message(&wet), message(&dry));
}

#[tokio::test]
async fn der_bundle_in_binary_data_is_allowed_with_a_note() {
    let webhook = start();
    let client = webhook.client();
    let object = configmap_binary(AIO_NS, TRUST_BUNDLE, "ca.crt", &example("root-ca.der"));
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-der", "CREATE", &object, false),
    )
    .await;
    assert_eq!(response["allowed"], true, "{response}");
    let warnings = warnings(&response);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("bundle.der_encoded: ")),
        "{warnings:?}"
    );
}

#[tokio::test]
async fn unrelated_configmap_is_allowed_without_parsing() {
    let webhook = start();
    let client = webhook.client();
    let object = configmap(
        "default",
        "app-settings",
        &[("ca.crt", "-----BEGIN CERTIFICATE-----\nnot base64\n")],
    );
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-unrelated", "CREATE", &object, false),
    )
    .await;
    assert_eq!(response["allowed"], true);
    assert!(response["warnings"].is_null(), "{response}");
    assert!(
        webhook.metrics().contains(
            "certgate_webhook_reviews_total{kind=\"ConfigMap\",verdict=\"not_reviewed\"} 1"
        )
    );
}

#[tokio::test]
async fn delete_is_allowed() {
    let webhook = start();
    let client = webhook.client();
    let object = configmap(
        AIO_NS,
        TRUST_BUNDLE,
        &[("ca.crt", &example_text("leaf-as-ca-bundle.pem"))],
    );
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-delete", "DELETE", &object, false),
    )
    .await;
    assert_eq!(response["allowed"], true);
}

#[tokio::test]
async fn good_ca_secret_is_allowed() {
    let webhook = start();
    let client = webhook.client();
    let object = tls_secret(
        "cert-manager",
        CA_SECRET,
        &example("intermediate-ca.pem"),
        &example("intermediate-ca.key"),
    );
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-ca-secret", "CREATE", &object, false),
    )
    .await;
    assert_eq!(response["allowed"], true, "{response}");
}

#[tokio::test]
async fn leaf_as_ca_secret_is_denied_and_no_key_bytes_come_back() {
    let webhook = start();
    let client = webhook.client();
    let key = example("server.key");
    let object = tls_secret("cert-manager", CA_SECRET, &example("server.pem"), &key);
    let review = admission_review("uid-leaf-secret", "CREATE", &object, false);
    let response = post(&client, &webhook.url(), &review).await;
    assert_eq!(response["allowed"], false, "{response}");
    assert!(
        message(&response).contains("secret.cert_not_ca: "),
        "{}",
        message(&response)
    );
    let text = response.to_string();
    let encoded_key = b64(&key);
    assert!(
        !text.contains(&encoded_key[..40]),
        "key bytes in the response"
    );
    assert!(
        !text.contains("PRIVATE KEY-----\n"),
        "key PEM in the response"
    );
}

#[tokio::test]
async fn ca_secret_with_a_foreign_key_is_denied() {
    let webhook = start();
    let client = webhook.client();
    let object = tls_secret(
        "cert-manager",
        CA_SECRET,
        &example("intermediate-ca.pem"),
        &example("root-ca.key"),
    );
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-key-mismatch", "CREATE", &object, false),
    )
    .await;
    assert_eq!(response["allowed"], false, "{response}");
    assert!(
        message(&response).contains("secret.key_mismatch: "),
        "{}",
        message(&response)
    );
}

#[tokio::test]
async fn malformed_json_is_400() {
    let webhook = start();
    let client = webhook.client();
    let response = client
        .post(webhook.url())
        .header("content-type", "application/json")
        .body("{\"kind\": \"AdmissionReview\",")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("not an AdmissionReview")
    );
}

#[tokio::test]
async fn wrong_api_version_is_400() {
    let webhook = start();
    let client = webhook.client();
    let object = configmap(
        AIO_NS,
        TRUST_BUNDLE,
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    let mut review = admission_review("uid-v1beta1", "CREATE", &object, false);
    review["apiVersion"] = json!("admission.k8s.io/v1beta1");
    let response = client
        .post(webhook.url())
        .json(&review)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("admission.k8s.io/v1")
    );
    let mut review = admission_review("uid-kind", "CREATE", &object, false);
    review["kind"] = json!("ConfigMap");
    let response = client
        .post(webhook.url())
        .json(&review)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn oversized_body_is_413() {
    let webhook = start();
    let client = webhook.client();
    let big = "A".repeat(4 * 1024 * 1024);
    let object = configmap(AIO_NS, TRUST_BUNDLE, &[("ca.crt", &big)]);
    let review = admission_review("uid-big", "CREATE", &object, false);
    let response = client
        .post(webhook.url())
        .json(&review)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_requests_are_all_answered() {
    let webhook = start();
    let client = webhook.client();
    let good = configmap(
        AIO_NS,
        TRUST_BUNDLE,
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    let bad = configmap(
        AIO_NS,
        TRUST_BUNDLE,
        &[("ca.crt", &example_text("leaf-as-ca-bundle.pem"))],
    );
    let url = webhook.url();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let client = client.clone();
            let url = url.clone();
            let object = if i % 2 == 0 {
                good.clone()
            } else {
                bad.clone()
            };
            tokio::spawn(async move {
                let uid = format!("uid-concurrent-{i}");
                let response = post(
                    &client,
                    &url,
                    &admission_review(&uid, "CREATE", &object, false),
                )
                .await;
                (i, response["allowed"].as_bool().unwrap())
            })
        })
        .collect();
    let mut answered = 0;
    for task in tasks {
        let (i, allowed) = task.await.unwrap();
        assert_eq!(allowed, i % 2 == 0, "request {i}");
        answered += 1;
    }
    assert_eq!(answered, 200);
    let metrics = webhook.metrics();
    assert!(
        metrics
            .contains("certgate_webhook_reviews_total{kind=\"ConfigMap\",verdict=\"allowed\"} 100"),
        "{metrics}"
    );
    assert!(
        metrics
            .contains("certgate_webhook_reviews_total{kind=\"ConfigMap\",verdict=\"denied\"} 100"),
        "{metrics}"
    );
    assert!(
        metrics.contains("certgate_webhook_review_duration_seconds_count 200"),
        "{metrics}"
    );
}

#[tokio::test]
async fn health_endpoints_answer() {
    let webhook = start();
    assert!(
        http_get(webhook.health, "/healthz")
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    assert!(
        http_get(webhook.health, "/readyz")
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    let metrics = webhook.metrics();
    assert!(metrics.contains("# TYPE certgate_webhook_review_duration_seconds histogram"));
}

#[tokio::test]
async fn serving_certificate_rotates_while_serving() {
    let webhook = Webhook::start("rotation", &["--cert-reload-interval-ms", "200"]);
    let object = configmap(
        AIO_NS,
        TRUST_BUNDLE,
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    let review = admission_review("uid-rotate", "CREATE", &object, false);
    let old_client = webhook.client();
    post(&old_client, &webhook.url(), &review).await;

    let rotated = ServingPki::generate("rotated");
    rotated.write(&webhook.dir);
    let new_client = client_trusting(&rotated.ca_pem);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if new_client
            .post(webhook.url())
            .json(&review)
            .send()
            .await
            .is_ok()
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "new certificate never served"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    post(&new_client, &webhook.url(), &review).await;
    // A fresh connection trusting only the old CA now fails.
    let fresh_old = client_trusting(&webhook.pki.ca_pem);
    assert!(
        fresh_old
            .post(webhook.url())
            .json(&review)
            .send()
            .await
            .is_err()
    );
}

#[tokio::test]
async fn issuers_certificates_and_listeners_are_reviewed() {
    let webhook = start();
    let client = webhook.client();
    let url = webhook.url();
    let cases = [
        (
            "issuer with two types",
            json!({"apiVersion": "cert-manager.io/v1", "kind": "Issuer",
                   "metadata": {"name": "both", "namespace": AIO_NS},
                   "spec": {"ca": {"secretName": "ca"}, "selfSigned": {}}}),
            Some("issuer.type_count: "),
        ),
        (
            "CA ClusterIssuer without secretName",
            json!({"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer",
                   "metadata": {"name": "no-secret"}, "spec": {"ca": {}}}),
            Some("issuer.ca_secret_name_missing: "),
        ),
        (
            "Certificate with a lowercase issuer kind",
            json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
                   "metadata": {"name": "broker", "namespace": AIO_NS},
                   "spec": {"secretName": "broker-tls", "dnsNames": ["broker"],
                            "issuerRef": {"name": "corp", "kind": "clusterissuer"}}}),
            Some("issuerref.kind_invalid: "),
        ),
        (
            "Certificate without an issuer name",
            json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
                   "metadata": {"name": "nameless", "namespace": AIO_NS},
                   "spec": {"secretName": "x-tls", "dnsNames": ["x"],
                            "issuerRef": {"kind": "ClusterIssuer"}}}),
            Some("issuerref.name_missing: "),
        ),
        (
            "trust-manager Bundle with a leaf and its key inline",
            json!({"apiVersion": "trust.cert-manager.io/v1alpha1", "kind": "Bundle",
                   "metadata": {"name": "leaky"},
                   "spec": {"sources": [{"inLine": format!("{}{}", example_text("server.pem"), example_text("server.key"))}],
                            "target": {"configMap": {"key": "ca.crt"}}}}),
            Some("bundle.contains_private_key: "),
        ),
        (
            "BrokerListener still named as in the docs",
            json!({"apiVersion": "mqttbroker.iotoperations.azure.com/v1", "kind": "BrokerListener",
                   "metadata": {"name": "<LISTENER_NAME>", "namespace": AIO_NS},
                   "spec": {"brokerRef": "default", "ports": [{"port": 1883}]}}),
            Some("aio.placeholder: "),
        ),
        (
            "good CA ClusterIssuer",
            json!({"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer",
                   "metadata": {"name": "azure-iot-operations-aio-certificate-issuer"},
                   "spec": {"ca": {"secretName": CA_SECRET}}}),
            None,
        ),
    ];
    for (i, (what, object, denied_with)) in cases.iter().enumerate() {
        let response = post(
            &client,
            &url,
            &admission_review(&format!("uid-k8s-{i}"), "CREATE", object, false),
        )
        .await;
        match denied_with {
            Some(id) => {
                assert_eq!(response["allowed"], false, "{what}: {response}");
                assert!(
                    message(&response).contains(id),
                    "{what}: {}",
                    message(&response)
                );
            }
            None => assert_eq!(response["allowed"], true, "{what}: {response}"),
        }
    }
}

/// The OPC UA connector's store objects, as `kubectl create secret generic
/// … --dry-run=client -o yaml` and the SecretSync docs shape them
/// (`tests/data/opcua/k8s/`).
fn opcua_objects(file: &str) -> Vec<serde_json::Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/opcua/k8s")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml::Deserializer::from_str(&text)
        .map(|document| {
            serde_yaml::from_value::<serde_json::Value>(
                serde::Deserialize::deserialize(document).unwrap(),
            )
            .unwrap()
        })
        .collect()
}

#[tokio::test]
async fn opcua_trust_list_secret_is_reviewed_by_name() {
    let webhook = start();
    let client = webhook.client();
    let good = opcua_objects("trust-list.yaml").remove(0);
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-opcua-good", "CREATE", &good, false),
    )
    .await;
    assert_eq!(response["allowed"], true, "{response}");

    let bad = opcua_objects("bad-trust-list.yaml").remove(0);
    let key = bad["data"]["server-key.der"].as_str().unwrap().to_owned();
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-opcua-bad", "CREATE", &bad, false),
    )
    .await;
    assert_eq!(response["allowed"], false, "{response}");
    let message = message(&response);
    for id in ["opcua.file.encoding_mismatch", "opcua.file.private_key"] {
        assert!(message.contains(&format!("{id}: ")), "{id} in {message}");
    }
    // The key's bytes never come back, not even a piece of them.
    assert!(!response.to_string().contains(&key[..40]), "{response}");
}

#[tokio::test]
async fn opcua_secret_sync_target_keys_follow_the_store_rules() {
    let webhook = start();
    let client = webhook.client();
    let sync = opcua_objects("bad-secret-sync.yaml")
        .into_iter()
        .find(|object| object["kind"] == "SecretSync")
        .unwrap();
    let response = post(
        &client,
        &webhook.url(),
        &admission_review("uid-opcua-sync", "CREATE", &sync, false),
    )
    .await;
    assert_eq!(response["allowed"], false, "{response}");
    assert!(
        message(&response).contains("opcua.file.extension_case: "),
        "{response}"
    );
}

/// An UPDATE is judged by the new object alone: the old one is read past,
/// never parsed into an object (it doubled an UPDATE's parse), so neither
/// its content nor its shape changes the answer.
#[tokio::test]
async fn update_is_judged_by_the_new_object_alone() {
    let webhook = start();
    let client = webhook.client();
    let good = configmap(
        AIO_NS,
        TRUST_BUNDLE,
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    let bad = configmap(
        AIO_NS,
        TRUST_BUNDLE,
        &[("ca.crt", &example_text("leaf-as-ca-bundle.pem"))],
    );
    for (object, old, allowed) in [
        (&good, bad.clone(), true),
        (&bad, good.clone(), false),
        // Not even an object's shape: kube's typed AdmissionReview refused it.
        (&good, json!({"metadata": 5, "data": [1, 2]}), true),
    ] {
        let mut review = admission_review("uid-update", "UPDATE", object, false);
        review["request"]["oldObject"] = old;
        let response = post(&client, &webhook.url(), &review).await;
        assert_eq!(response["allowed"], allowed, "{response}");
        assert_eq!(response["uid"], "uid-update");
    }
    // The old object is still JSON that must parse: a broken one is a 400.
    let review = admission_review("uid-update", "UPDATE", &good, false).to_string();
    let broken = review.replacen("\"oldObject\":{", "\"oldObject\":{\"x\":,", 1);
    assert_ne!(broken, review);
    let response = client
        .post(webhook.url())
        .header("content-type", "application/json")
        .body(broken)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

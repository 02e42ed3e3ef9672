//! Cluster lookups against kube-rs's recommended mock (`tower-test`): the
//! right GETs and LISTs, 404 as absence, errors and timeouts, and the
//! `--lookup-failure` policy end to end through the reviewer.
#![allow(clippy::unwrap_used)]

mod common;

use core::time::Duration;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use certgate_core::UnixTime;
use certgate_core::kubernetes::{CheckOptions, lookups};
use certgate_webhook::admission::{Reviewer, Settings};
use certgate_webhook::config::LookupFailure;
use certgate_webhook::lookup::Cluster;
use certgate_webhook::metrics::Metrics;
use common::*;
use http::{Request, Response, StatusCode};
use kube::client::Body;
use serde_json::{Value, json};

type Seen = Arc<Mutex<Vec<String>>>;

/// A kube client whose API server is `answer(method, path)`; `None` never
/// answers (a hung API server). Returns the requests seen.
fn mock_cluster(
    timeout: Duration,
    answer: impl Fn(&str, &str) -> Option<(StatusCode, Value)> + Send + 'static,
) -> (Cluster, Seen) {
    let (service, mut handle) = tower_test::mock::pair::<Request<Body>, Response<Body>>();
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        let mut hung = Vec::new();
        while let Some((request, send)) = handle.next_request().await {
            let method = request.method().to_string();
            let path = request.uri().path().to_owned();
            log.lock().unwrap().push(format!("{method} {path}"));
            match answer(&method, &path) {
                Some((status, body)) => send.send_response(
                    Response::builder()
                        .status(status)
                        .header("content-type", "application/json")
                        .body(Body::from(serde_json::to_vec(&body).unwrap()))
                        .unwrap(),
                ),
                None => hung.push(send),
            }
        }
    });
    let client = kube::Client::new(service, "default");
    (Cluster::new(client, timeout), seen)
}

fn not_found(what: &str) -> (StatusCode, Value) {
    (
        StatusCode::NOT_FOUND,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": format!("{what} not found"), "reason": "NotFound", "code": 404}),
    )
}

fn forbidden() -> (StatusCode, Value) {
    (
        StatusCode::FORBIDDEN,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "secrets is forbidden: User \"system:serviceaccount:certgate:certgate-webhook\" cannot list resource",
               "reason": "Forbidden", "code": 403}),
    )
}

fn options() -> CheckOptions {
    CheckOptions::new(UnixTime(1_780_000_000))
}

fn ca_issuer(kind: &str, namespace: Option<&str>, name: &str, secret: &str) -> Value {
    let mut metadata = json!({"name": name});
    if let Some(namespace) = namespace {
        metadata["namespace"] = json!(namespace);
    }
    json!({"apiVersion": "cert-manager.io/v1", "kind": kind, "metadata": metadata,
           "spec": {"ca": {"secretName": secret}}})
}

const BUNDLE_PATH: &str =
    "/api/v1/namespaces/azure-iot-operations/configmaps/azure-iot-operations-aio-ca-trust-bundle";

#[tokio::test]
async fn fetch_gets_what_the_core_asks_for_and_treats_404_as_absent() {
    let issuer = ca_issuer("Issuer", Some("azure-iot-operations"), "my-issuer", "my-ca");
    let wanted = lookups(&issuer, &options());
    assert_eq!(wanted.len(), 2, "{wanted:?}");
    let bundle = configmap(
        "azure-iot-operations",
        "azure-iot-operations-aio-ca-trust-bundle",
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    let (cluster, seen) = mock_cluster(Duration::from_secs(2), move |_, path| match path {
        BUNDLE_PATH => Some((StatusCode::OK, bundle.clone())),
        _ => Some(not_found("secrets \"my-ca\"")),
    });
    let found = cluster.fetch(&wanted).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["kind"], "ConfigMap");
    assert_eq!(found[0]["apiVersion"], "v1");
    let mut seen = seen.lock().unwrap().clone();
    seen.sort();
    assert_eq!(
        seen,
        [
            format!("GET {BUNDLE_PATH}"),
            "GET /api/v1/namespaces/azure-iot-operations/secrets/my-ca".to_owned()
        ]
    );
}

#[tokio::test]
async fn cluster_issuer_references_are_read_cluster_scoped() {
    let certificate = json!({"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
        "metadata": {"name": "broker", "namespace": "azure-iot-operations"},
        "spec": {"secretName": "broker-tls", "dnsNames": ["broker"],
                 "issuerRef": {"name": "corp-ca", "kind": "ClusterIssuer", "group": "cert-manager.io"}}});
    let wanted = lookups(&certificate, &options());
    let issuer = ca_issuer("ClusterIssuer", None, "corp-ca", "corp-ca-secret");
    let (cluster, seen) = mock_cluster(Duration::from_secs(2), move |_, path| {
        (path == "/apis/cert-manager.io/v1/clusterissuers/corp-ca")
            .then(|| (StatusCode::OK, issuer.clone()))
    });
    let found = cluster.fetch(&wanted).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["kind"], "ClusterIssuer");
    assert_eq!(
        *seen.lock().unwrap(),
        ["GET /apis/cert-manager.io/v1/clusterissuers/corp-ca"]
    );
}

#[tokio::test]
async fn a_hung_api_server_times_out() {
    let secret = tls_secret(
        "cert-manager",
        "azure-iot-operations-aio-ca-certificate",
        b"x",
        b"y",
    );
    let wanted = lookups(&secret, &options());
    let (cluster, _) = mock_cluster(Duration::from_millis(200), |_, _| None);
    let started = Instant::now();
    let error = cluster.fetch(&wanted).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(error.to_string().contains("within 200 ms"), "{error}");
    assert!(
        error
            .to_string()
            .contains("ConfigMap azure-iot-operations/azure-iot-operations-aio-ca-trust-bundle"),
        "{error}"
    );
}

#[tokio::test]
async fn forbidden_is_a_failure_not_an_absence() {
    let secret = tls_secret(
        "cert-manager",
        "azure-iot-operations-aio-ca-certificate",
        b"x",
        b"y",
    );
    let wanted = lookups(&secret, &options());
    let (cluster, _) = mock_cluster(Duration::from_secs(2), |_, _| Some(forbidden()));
    let error = cluster.fetch(&wanted).await.unwrap_err();
    assert!(error.to_string().contains("forbidden"), "{error}");
    assert!(error.to_string().contains("403"), "{error}");
}

#[tokio::test]
async fn issuers_referencing_a_secret_are_listed() {
    let (cluster, seen) = mock_cluster(Duration::from_secs(2), |_, path| match path {
        "/apis/cert-manager.io/v1/namespaces/cert-manager/issuers" => Some((
            StatusCode::OK,
            json!({
            "apiVersion": "cert-manager.io/v1", "kind": "IssuerList", "metadata": {},
            "items": [
                {"metadata": {"name": "uses-it", "namespace": "cert-manager"}, "spec": {"ca": {"secretName": "corp-ca"}}},
                {"metadata": {"name": "other", "namespace": "cert-manager"}, "spec": {"ca": {"secretName": "other-ca"}}},
                {"metadata": {"name": "acme", "namespace": "cert-manager"}, "spec": {"acme": {}}}
            ]}),
        )),
        "/apis/cert-manager.io/v1/clusterissuers" => Some((
            StatusCode::OK,
            json!({
            "apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuerList", "metadata": {},
            "items": [{"metadata": {"name": "cluster-uses-it"}, "spec": {"ca": {"secretName": "corp-ca"}}}]}),
        )),
        _ => Some(not_found("path")),
    });
    let found = cluster
        .issuers_referencing("cert-manager", "corp-ca", "cert-manager")
        .await
        .unwrap();
    let names: Vec<(&str, &str)> = found
        .iter()
        .map(|v| {
            (
                v["kind"].as_str().unwrap(),
                v["metadata"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [("Issuer", "uses-it"), ("ClusterIssuer", "cluster-uses-it")]
    );
    assert_eq!(seen.lock().unwrap().len(), 2);

    // Outside the cluster resource namespace, ClusterIssuers cannot use it.
    let (cluster, seen) = mock_cluster(Duration::from_secs(2), |_, _| {
        Some((
            StatusCode::OK,
            json!({
        "apiVersion": "cert-manager.io/v1", "kind": "IssuerList", "metadata": {}, "items": []}),
        ))
    });
    assert!(
        cluster
            .issuers_referencing("team-a", "corp-ca", "cert-manager")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        *seen.lock().unwrap(),
        ["GET /apis/cert-manager.io/v1/namespaces/team-a/issuers"]
    );
}

fn reviewer(cluster: Cluster, lookup_failure: LookupFailure) -> Reviewer {
    let settings = Settings {
        trust_settings: None,
        namespace: "azure-iot-operations".into(),
        cluster_resource_namespace: "cert-manager".into(),
        lookup_failure,
    };
    Reviewer::new(settings, Some(cluster), Arc::new(Metrics::default()))
}

async fn answer(reviewer: &Reviewer, object: &Value) -> Value {
    let review = admission_review("uid-mock", "CREATE", object, false);
    let answered = reviewer
        .handle(&serde_json::to_vec(&review).unwrap())
        .await
        .unwrap();
    let answered = serde_json::to_value(answered).unwrap();
    assert_eq!(answered["response"]["uid"], "uid-mock");
    answered["response"].clone()
}

#[tokio::test]
async fn a_secret_an_issuer_uses_is_reviewed_as_a_ca_secret() {
    let (cluster, _) = mock_cluster(Duration::from_secs(2), |_, path| match path {
        "/apis/cert-manager.io/v1/namespaces/cert-manager/issuers" => Some((
            StatusCode::OK,
            json!({
            "apiVersion": "cert-manager.io/v1", "kind": "IssuerList", "metadata": {}, "items": []}),
        )),
        "/apis/cert-manager.io/v1/clusterissuers" => Some((
            StatusCode::OK,
            json!({
            "apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuerList", "metadata": {},
            "items": [{"metadata": {"name": "corp"}, "spec": {"ca": {"secretName": "corp-ca"}}}]}),
        )),
        _ => Some(not_found("object")),
    });
    let reviewer = reviewer(cluster, LookupFailure::Deny);
    // A leaf where a CA belongs.
    let secret = tls_secret(
        "cert-manager",
        "corp-ca",
        &example("server.pem"),
        &example("server.key"),
    );
    let response = answer(&reviewer, &secret).await;
    assert_eq!(response["allowed"], false, "{response}");
    assert!(
        message(&response).contains("secret.cert_not_ca: "),
        "{response}"
    );

    // The same Secret unused by any issuer is none of certgate's business.
    let (cluster, _) = mock_cluster(Duration::from_secs(2), |_, _| {
        Some((
            StatusCode::OK,
            json!({
        "apiVersion": "cert-manager.io/v1", "kind": "IssuerList", "metadata": {}, "items": []}),
        ))
    });
    let response = answer(&reviewer_with(cluster), &secret).await;
    assert_eq!(response["allowed"], true, "{response}");
}

fn reviewer_with(cluster: Cluster) -> Reviewer {
    reviewer(cluster, LookupFailure::Deny)
}

#[tokio::test]
async fn lookup_failure_denies_by_default_and_allows_with_a_warning_when_configured() {
    let issuer = ca_issuer("Issuer", Some("azure-iot-operations"), "my-issuer", "my-ca");
    let (cluster, _) = mock_cluster(Duration::from_millis(200), |_, _| None);
    let response = answer(&reviewer(cluster, LookupFailure::Deny), &issuer).await;
    assert_eq!(response["allowed"], false, "{response}");
    assert!(
        message(&response).starts_with("certgate.lookup_failed: could not read "),
        "{response}"
    );

    let (cluster, _) = mock_cluster(Duration::from_millis(200), |_, _| Some(forbidden()));
    let response = answer(&reviewer(cluster, LookupFailure::Allow), &issuer).await;
    let warnings = warnings(&response);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("certgate.lookup_failed: ")),
        "{response}"
    );
}

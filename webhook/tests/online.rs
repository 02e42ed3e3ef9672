//! The real binary online: a kubeconfig points it at a small HTTP API
//! server on loopback (axum) that serves one CA Issuer, does not serve
//! ClusterIssuers (404, as without that CRD) and holds watches open. The
//! binary must list and watch at start, stay ready, answer reviews from its
//! caches with no request at review time, and show the caches in /metrics.
#![allow(clippy::unwrap_used)]

mod common;

use core::convert::Infallible;
use core::time::Duration;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use common::*;
use serde_json::{Value, json};

type Seen = Arc<Mutex<Vec<String>>>;

async fn api_server(State(seen): State<Seen>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or("").to_owned();
    seen.lock()
        .unwrap()
        .push(format!("{} {path}?{query}", request.method()));
    let json = |status: StatusCode, value: Value| {
        (
            status,
            [("content-type", "application/json")],
            value.to_string(),
        )
            .into_response()
    };
    match path.as_str() {
        "/apis/cert-manager.io/v1/issuers" if query.contains("watch=true") => {
            // Open, with no event: nothing changes in this cluster.
            let quiet = futures_util::stream::pending::<Result<Bytes, Infallible>>();
            (
                [("content-type", "application/json")],
                Body::from_stream(quiet),
            )
                .into_response()
        }
        "/apis/cert-manager.io/v1/issuers" => json(
            StatusCode::OK,
            json!({"apiVersion": "cert-manager.io/v1", "kind": "IssuerList",
                   "metadata": {"resourceVersion": "10"},
                   "items": [{"metadata": {"name": "corp", "namespace": "team-a", "resourceVersion": "9"},
                              "spec": {"ca": {"secretName": "corp-ca"}}}]}),
        ),
        // The trust bundle, watched by name: not in this cluster.
        "/api/v1/namespaces/azure-iot-operations/configmaps"
            if query.contains(
                "fieldSelector=metadata.name%3Dazure-iot-operations-aio-ca-trust-bundle",
            ) =>
        {
            if query.contains("watch=true") {
                let quiet = futures_util::stream::pending::<Result<Bytes, Infallible>>();
                (
                    [("content-type", "application/json")],
                    Body::from_stream(quiet),
                )
                    .into_response()
            } else {
                json(
                    StatusCode::OK,
                    json!({"apiVersion": "v1", "kind": "ConfigMapList",
                           "metadata": {"resourceVersion": "11"}, "items": []}),
                )
            }
        }
        _ => json(
            StatusCode::NOT_FOUND,
            json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                   "message": "the server could not find the requested resource",
                   "reason": "NotFound", "code": 404}),
        ),
    }
}

fn metric(metrics: &str, line: &str) -> Option<u64> {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(line)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_answers_from_its_caches_and_stays_ready() {
    let seen: Seen = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = listener.local_addr().unwrap();
    let router = Router::new()
        .fallback(api_server)
        .with_state(Arc::clone(&seen));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let dir = temp_dir("online");
    let kubeconfig = dir.join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: fake\n\
             clusters: [{{name: fake, cluster: {{server: \"http://{api}\"}}}}]\n\
             users: [{{name: fake, user: {{}}}}]\n\
             contexts: [{{name: fake, context: {{cluster: fake, user: fake}}}}]\n"
        ),
    )
    .unwrap();
    let pki = ServingPki::generate("online");
    pki.write(&dir);
    let (listen, health) = (free_port(), free_port());
    let child = Command::new(env!("CARGO_BIN_EXE_certgate-webhook"))
        .arg("--listen")
        .arg(listen.to_string())
        .arg("--health-listen")
        .arg(health.to_string())
        .arg("--tls-cert")
        .arg(dir.join("tls.crt"))
        .arg("--tls-key")
        .arg(dir.join("tls.key"))
        .env("KUBECONFIG", &kubeconfig)
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env("CERTGATE_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut webhook = Webhook {
        child,
        listen,
        health,
        dir,
        pki,
    };
    webhook.wait_ready();

    // The caches list and watch on their own; readiness never waited.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let metrics = webhook.metrics();
        if metric(&metrics, "certgate_webhook_cache_synced{kind=\"Issuer\"}") == Some(1)
            && metric(
                &metrics,
                "certgate_webhook_cache_kind_absent{kind=\"ClusterIssuer\"}",
            ) == Some(1)
            && metric(&metrics, "certgate_webhook_cache_synced{kind=\"ConfigMap\"}") == Some(1)
            // The Issuers' watch and the trust bundle's.
            && seen
                .lock()
                .unwrap()
                .iter()
                .filter(|r| r.contains("watch=true"))
                .count()
                == 2
        {
            assert_eq!(
                metric(&metrics, "certgate_webhook_cache_objects{kind=\"Issuer\"}"),
                Some(1),
                "{metrics}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "caches not listed:\n{metrics}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        http_get(webhook.health, "/readyz")
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );

    let client = webhook.client();
    let review = |name: &str| {
        let secret = tls_secret(
            "team-a",
            name,
            &example("server.pem"),
            &example("server.key"),
        );
        serde_json::to_vec(&admission_review("uid-online", "CREATE", &secret, false)).unwrap()
    };
    let post = |body: Vec<u8>| {
        let client = client.clone();
        let url = webhook.url();
        async move {
            let response = client
                .post(url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let answer: Value = response.json().await.unwrap();
            answer["response"].clone()
        }
    };
    let before = seen.lock().unwrap().len();
    // Used by no issuer: allowed without a single request.
    let unused = post(review("app-tls")).await;
    assert_eq!(unused["allowed"], true, "{unused}");
    assert_eq!(
        seen.lock().unwrap().len(),
        before,
        "requests for an unused Secret"
    );
    // The cached CA Issuer uses it: reviewed as a CA Secret (a leaf: denied),
    // still with no request: the trust bundle is watched too.
    let used = post(review("corp-ca")).await;
    assert_eq!(used["allowed"], false, "{used}");
    assert!(message(&used).contains("secret.cert_not_ca: "), "{used}");
    let seen = seen.lock().unwrap().clone();
    assert!(seen[before..].is_empty(), "{seen:?}");
}

//! The real binary over TLS on loopback, operated: SIGTERM with a request in
//! flight and new connections after it, SIGHUP, SIGUSR1/2, and serving
//! certificates that are expired, not yet valid, unreadable or do not match
//! their key. Asserted: answered counts, readiness, metrics, exit status.
#![allow(clippy::unwrap_used)]

mod common;

use core::time::Duration;
use std::time::Instant;

use common::*;

fn small_review(uid: &str) -> serde_json::Value {
    let object = configmap(
        "azure-iot-operations",
        "azure-iot-operations-aio-ca-trust-bundle",
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    admission_review(uid, "CREATE", &object, false)
}

fn status_line(webhook: &Webhook, path: &str) -> String {
    http_get(webhook.health, path)
        .map(|text| text.lines().next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

fn metric(webhook: &Webhook, name: &str) -> Option<f64> {
    webhook
        .metrics()
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

/// Polls `condition` every 50 ms for at most 20 s.
fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !condition() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_then_finishes_in_flight_requests_and_exits() {
    let mut webhook = Webhook::start("sigterm", &["--drain-ms", "3000"]);
    let client = webhook.client();
    // A request in flight: its body arrives only after SIGTERM.
    let body = serde_json::to_vec(&small_review("uid-in-flight")).unwrap();
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let (first, rest) = body.split_at(body.len() / 2);
    let (first, rest) = (first.to_vec(), rest.to_vec());
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) }).chain(
        futures_util::stream::once(async move {
            let _ = released.await;
            Ok(rest)
        }),
    );
    use futures_util::StreamExt as _;
    let in_flight = tokio::spawn({
        let client = client.clone();
        let url = webhook.url();
        async move {
            client
                .post(url)
                .header("content-type", "application/json")
                .body(reqwest::Body::wrap_stream(stream))
                .send()
                .await
                .map(|r| r.status().as_u16())
        }
    });
    eventually("the request is in flight", || {
        metric(&webhook, "certgate_webhook_requests_in_flight") == Some(1.0)
    });
    webhook.signal("TERM");
    eventually("/readyz fails after SIGTERM", || {
        status_line(&webhook, "/readyz").contains("503")
    });
    assert_eq!(metric(&webhook, "certgate_webhook_draining"), Some(1.0));
    // During the drain a new connection is still answered.
    let fresh = client_trusting(&webhook.pki.ca_pem);
    let answer = post(&fresh, &webhook.url(), &small_review("uid-during-drain")).await;
    assert_eq!(answer["allowed"], true);
    assert!(status_line(&webhook, "/healthz").contains("200"));
    // The request in flight completes, answered.
    release.send(()).unwrap();
    assert_eq!(in_flight.await.unwrap().unwrap(), 200);
    // Then the process exits on its own, successfully.
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = webhook.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "did not exit after the drain");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status}");
    // And refuses new connections.
    assert!(std::net::TcpStream::connect(webhook.listen).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_the_certificate_and_usr_signals_are_harmless() {
    let mut webhook = Webhook::start("sighup", &["--cert-reload-interval-ms", "3600000"]);
    for signal in ["USR1", "USR2", "HUP"] {
        webhook.signal(signal);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        webhook.child.try_wait().unwrap().is_none(),
        "a signal killed it"
    );
    let answer = post(&webhook.client(), &webhook.url(), &small_review("uid-usr")).await;
    assert_eq!(answer["allowed"], true);

    // A new certificate, noticed only through SIGHUP (the poll is an hour).
    let rotated = ServingPki::generate("sighup-rotated");
    rotated.write(&webhook.dir);
    webhook.signal("HUP");
    eventually("reloaded", || {
        metric(
            &webhook,
            "certgate_webhook_serving_certificate_reloads_total",
        ) >= Some(2.0)
    });
    let answer = post(
        &client_trusting(&rotated.ca_pem),
        &webhook.url(),
        &small_review("uid-rotated"),
    )
    .await;
    assert_eq!(answer["allowed"], true);

    // An unreadable certificate: counted, the old one kept, still ready.
    std::fs::write(webhook.dir.join("tls.crt"), "not a certificate").unwrap();
    webhook.signal("HUP");
    eventually("failure counted", || {
        metric(
            &webhook,
            "certgate_webhook_serving_certificate_reload_failures_total",
        ) == Some(1.0)
    });
    assert!(status_line(&webhook, "/readyz").contains("200"));
    let answer = post(
        &client_trusting(&rotated.ca_pem),
        &webhook.url(),
        &small_review("uid-kept"),
    )
    .await;
    assert_eq!(answer["allowed"], true);

    // A certificate that does not match its key: loaded, not ready.
    let other = ServingPki::generate("sighup-other");
    std::fs::write(webhook.dir.join("tls.crt"), &other.cert_pem).unwrap();
    std::fs::write(webhook.dir.join("tls.key"), &rotated.key_pem).unwrap();
    webhook.signal("HUP");
    eventually("/readyz fails on a mismatched key", || {
        http_get(webhook.health, "/readyz")
            .unwrap_or_default()
            .contains("does not match")
    });
    assert_eq!(
        metric(&webhook, "certgate_webhook_serving_certificate_usable"),
        Some(0.0)
    );
    assert!(webhook.child.try_wait().unwrap().is_none());
}

fn start_with_validity(tag: &str, validity: (Ymd, Ymd)) -> Webhook {
    let mut webhook = Webhook::spawn(
        tag,
        ServingPki::generate_valid(tag, Some(validity)),
        &[],
        None,
    );
    webhook.wait_live();
    webhook
}

#[test]
fn expired_serving_certificate_is_not_ready_and_shows_in_metrics() {
    let webhook = start_with_validity("expired", ((2020, 1, 1), (2021, 1, 1)));
    let readyz = http_get(webhook.health, "/readyz").unwrap();
    assert!(readyz.starts_with("HTTP/1.1 503"), "{readyz}");
    assert!(readyz.contains("expired"), "{readyz}");
    assert!(status_line(&webhook, "/healthz").contains("200"));
    // 2021-01-01T00:00:00Z.
    assert_eq!(
        metric(
            &webhook,
            "certgate_webhook_serving_certificate_not_after_seconds"
        ),
        Some(1_609_459_200.0)
    );
    assert_eq!(
        metric(&webhook, "certgate_webhook_serving_certificate_usable"),
        Some(0.0)
    );
}

#[test]
fn not_yet_valid_serving_certificate_is_not_ready() {
    let webhook = start_with_validity("future", ((2090, 1, 1), (2091, 1, 1)));
    let readyz = http_get(webhook.health, "/readyz").unwrap();
    assert!(readyz.starts_with("HTTP/1.1 503"), "{readyz}");
    assert!(readyz.contains("not yet valid"), "{readyz}");
}

//! The real binary over TLS on loopback, attacked: stalled bodies, stalled
//! HTTP/2 streams, stalled headers, idle connections, a 100,000-key
//! ConfigMap, heavy reviews beside small ones, a huge uid. Each test asserts
//! a bound (memory from /proc/PID/status, response size, answered count),
//! never a wall-clock time; the figures are printed (`--nocapture`).
#![allow(clippy::unwrap_used)]

mod common;

use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;
use std::sync::Arc;
use std::time::Instant;

use common::*;
use serde_json::{Value, json};

const MIB: u64 = 1024;
/// What the process may keep after an attack has ended (VmRSS above the
/// baseline, waited for up to 15 s). Each heavy review's thread, and every
/// runtime worker when next idle after a heavy review or a closed
/// connection, gives its freed pages back (`webhook::memory`): measured
/// 1.1 MiB kept after the stalled HTTP/1.1 bodies, 3.6 MiB after the
/// HTTP/2 streams and 1.8 MiB after sixteen 100,000-key reviews. Before,
/// with freed bodies left in idle threads' heaps: 31, 22 and 22 MiB here,
/// 42.5 MiB in a loaded CI run. A leak grows past it.
const RETAINED: u64 = 16 * MIB;
const BODY_LIMIT: usize = 3 * 1024 * 1024;

/// Short limits so the attacks end quickly; the bounds asserted do not
/// depend on them.
const SHORT_FLAGS: &[&str] = &[
    "--body-timeout-ms",
    "3000",
    "--header-timeout-ms",
    "2000",
    "--idle-timeout-ms",
    "2000",
    "--queue-timeout-ms",
    "500",
];

/// The short limits; none when `CERTGATE_ATTACK_BASELINE` is set, to measure
/// a build that predates the flags.
fn short() -> &'static [&'static str] {
    if std::env::var_os("CERTGATE_ATTACK_BASELINE").is_some() {
        &[]
    } else {
        SHORT_FLAGS
    }
}

fn labelled_bundle(data: serde_json::Map<String, Value>) -> Value {
    json!({
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "metadata": {"name": "flood", "namespace": "team-a", "creationTimestamp": null,
                     "labels": {"certgate.io/trust-bundle": "true"}},
        "data": data
    })
}

/// A labelled ConfigMap with `keys` one-byte keys (what the API server
/// accepts up to its 1.5 MB object limit).
fn many_keys(keys: usize) -> Value {
    let data = (0..keys)
        .map(|i| (format!("k{i}"), json!("x")))
        .collect::<serde_json::Map<_, _>>();
    labelled_bundle(data)
}

/// Waits until the process's resident memory is at most `bound` KiB, for at
/// most 15 s; returns the last reading.
fn settle(webhook: &Webhook, bound: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let rss = webhook.memory_kib("VmRSS");
        if rss <= bound || Instant::now() > deadline {
            let metrics = webhook.metrics();
            let open = metrics
                .lines()
                .find(|l| l.starts_with("certgate_webhook_connections_open "))
                .unwrap_or("certgate_webhook_connections_open ?");
            println!("  settled: VmRSS {rss} KiB, {open}");
            return rss;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A request body that sends `BODY_LIMIT - 1` bytes and then never ends;
/// `sent` counts bodies fully handed over.
fn stalled_body(sent: Arc<AtomicUsize>) -> reqwest::Body {
    let chunk = bytes_of(64 * 1024);
    let chunks = (BODY_LIMIT - 1) / chunk.len();
    let rest = (BODY_LIMIT - 1) - chunks * chunk.len();
    let mut parts: Vec<Vec<u8>> = vec![chunk; chunks];
    parts.push(bytes_of(rest));
    let count = parts.len();
    let stream = futures_util::stream::iter(parts.into_iter().enumerate().map(move |(i, part)| {
        if i + 1 == count {
            sent.fetch_add(1, Ordering::Relaxed);
        }
        Ok::<_, std::io::Error>(part)
    }));
    use futures_util::StreamExt as _;
    reqwest::Body::wrap_stream(stream.chain(futures_util::stream::pending()))
}

fn bytes_of(n: usize) -> Vec<u8> {
    vec![b' '; n]
}

/// `requests` stalled bodies through `clients` (round robin): the peak
/// resident memory while they stall, then the memory after they are gone.
async fn stalled_bodies(
    webhook: &Webhook,
    clients: &[reqwest::Client],
    requests: usize,
) -> (u64, u64, usize) {
    let sent = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..requests)
        .map(|i| {
            let client = clients[i % clients.len()].clone();
            let url = webhook.url();
            let sent = Arc::clone(&sent);
            let answered = Arc::clone(&answered);
            tokio::spawn(async move {
                let response = client
                    .post(url)
                    .header("content-type", "application/json")
                    .body(stalled_body(sent))
                    .send()
                    .await;
                if response.is_ok() {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    // Until every body is handed over, refused, or 8 s have passed.
    let deadline = Instant::now() + Duration::from_secs(8);
    while sent.load(Ordering::Relaxed) + answered.load(Ordering::Relaxed) < requests
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let peak = webhook.memory_kib("VmHWM");
    println!(
        "  {requests} stalled bodies: {} handed over, {} answered so far, VmRSS {} KiB, VmHWM {peak} KiB",
        sent.load(Ordering::Relaxed),
        answered.load(Ordering::Relaxed),
        webhook.memory_kib("VmRSS")
    );
    for task in &tasks {
        task.abort();
    }
    let answered = answered.load(Ordering::Relaxed);
    (peak, 0, answered)
}

fn http1_clients(webhook: &Webhook, n: usize) -> Vec<reqwest::Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    (0..n)
        .map(|_| {
            reqwest::Client::builder()
                .tls_built_in_root_certs(false)
                .add_root_certificate(
                    reqwest::Certificate::from_pem(webhook.pki.ca_pem.as_bytes()).unwrap(),
                )
                .http1_only()
                .pool_max_idle_per_host(0)
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap()
        })
        .collect()
}

fn http2_client(webhook: &Webhook) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(
            reqwest::Certificate::from_pem(webhook.pki.ca_pem.as_bytes()).unwrap(),
        )
        .http2_prior_knowledge()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// The webhook still answers a small review and /healthz.
async fn still_serves(webhook: &Webhook) {
    let object = configmap(
        "azure-iot-operations",
        "azure-iot-operations-aio-ca-trust-bundle",
        &[("ca.crt", &example_text("root-ca.pem"))],
    );
    let response = post(
        &webhook.client(),
        &webhook.url(),
        &admission_review("uid-after", "CREATE", &object, false),
    )
    .await;
    assert_eq!(response["allowed"], true);
    assert!(
        http_get(webhook.health, "/healthz")
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_http1_bodies_stay_bounded() {
    let webhook = Webhook::start("stall1", short());
    let baseline = webhook.memory_kib("VmRSS");
    let clients = http1_clients(&webhook, 45);
    let (peak, _, _) = stalled_bodies(&webhook, &clients, 45).await;
    drop(clients);
    let after = settle(&webhook, baseline + RETAINED);
    println!(
        "stalled HTTP/1.1 bodies x45: baseline {baseline} KiB, peak {peak} KiB, after {after} KiB"
    );
    assert!(peak < 80 * MIB, "peak {peak} KiB");
    assert!(
        after <= baseline + RETAINED,
        "after {after} KiB, baseline {baseline} KiB"
    );
    still_serves(&webhook).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_http2_streams_stay_bounded() {
    let webhook = Webhook::start("stall2", short());
    let baseline = webhook.memory_kib("VmRSS");
    let client = http2_client(&webhook);
    let (peak, _, _) = stalled_bodies(&webhook, &[client], 100).await;
    let after = settle(&webhook, baseline + RETAINED);
    println!(
        "stalled HTTP/2 streams x100 on one connection: baseline {baseline} KiB, peak {peak} KiB, after {after} KiB"
    );
    assert!(peak < 80 * MIB, "peak {peak} KiB");
    assert!(
        after <= baseline + RETAINED,
        "after {after} KiB, baseline {baseline} KiB"
    );
    still_serves(&webhook).await;
}

/// Reads from a raw TLS connection until the server closes it; true when it
/// did (EOF or reset) before `limit`.
fn closed_by_server(mut stream: impl std::io::Read, limit: Duration) -> bool {
    let started = Instant::now();
    let mut buffer = [0_u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                if started.elapsed() > limit {
                    return false;
                }
            }
            Err(_) => return true,
        }
    }
}

fn raw_tls(
    webhook: &Webhook,
    alpn: &[u8],
) -> rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls::pki_types::CertificateDer::pem_slice_iter(webhook.pki.ca_pem.as_bytes()) {
        roots.add(cert.unwrap()).unwrap();
    }
    let mut config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![alpn.to_vec()];
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let tcp = std::net::TcpStream::connect(webhook.listen).unwrap();
    tcp.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    rustls::StreamOwned::new(connection, tcp)
}

use rustls::pki_types::pem::PemObject as _;

#[test]
fn stalled_headers_and_idle_connections_are_closed() {
    use std::io::Write as _;
    let webhook = Webhook::start("slowloris", short());
    // Half a request head, then silence.
    let mut head = raw_tls(&webhook, b"http/1.1");
    head.write_all(b"POST /validate HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .unwrap();
    head.flush().unwrap();
    // A connection that never sends a request, on each protocol.
    let mut idle1 = raw_tls(&webhook, b"http/1.1");
    idle1.flush().unwrap();
    let mut idle2 = raw_tls(&webhook, b"h2");
    idle2
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .unwrap();
    idle2.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0]).unwrap(); // empty SETTINGS
    idle2.flush().unwrap();
    // The limit is far beyond the configured timeouts: what is asserted is
    // that the server closes them at all.
    assert!(
        closed_by_server(&mut head, Duration::from_secs(30)),
        "stalled head kept open"
    );
    assert!(
        closed_by_server(&mut idle1, Duration::from_secs(30)),
        "idle HTTP/1.1 kept open"
    );
    assert!(
        closed_by_server(&mut idle2, Duration::from_secs(30)),
        "idle HTTP/2 kept open"
    );
}

#[test]
fn idle_connections_beyond_the_cap_do_not_grow_memory() {
    let webhook = Webhook::start(
        "conncap",
        &["--max-connections", "64", "--idle-timeout-ms", "60000"],
    );
    let baseline = webhook.memory_kib("VmRSS");
    // 400 TCP connections that complete no handshake.
    let connections: Vec<_> = (0..400)
        .filter_map(|_| std::net::TcpStream::connect(webhook.listen).ok())
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    let during = webhook.memory_kib("VmRSS");
    assert!(
        http_get(webhook.health, "/healthz")
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    let metrics = webhook.metrics();
    let open: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("certgate_webhook_connections_open "))
        .unwrap()
        .parse()
        .unwrap();
    println!(
        "400 idle connections, cap 64: baseline {baseline} KiB, during {during} KiB, open {open}"
    );
    assert!(open <= 64, "{open} connections open");
    assert!(during < baseline + 32 * MIB, "during {during} KiB");
    drop(connections);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_thousand_key_configmap_gets_a_bounded_answer() {
    let webhook = Webhook::start("flood", short());
    let baseline = webhook.memory_kib("VmRSS");
    let review = admission_review("uid-flood", "CREATE", &many_keys(100_000), false);
    let body = serde_json::to_vec(&review).unwrap();
    println!("100,000-key review body: {} bytes", body.len());
    assert!(body.len() < BODY_LIMIT);
    let client = webhook.client();
    let response = client
        .post(webhook.url())
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer = response.bytes().await.unwrap();
    let single_peak = webhook.memory_kib("VmHWM");
    let parsed: Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(parsed["response"]["uid"], "uid-flood");
    assert_eq!(parsed["response"]["allowed"], false);
    let message = message(&parsed["response"]);
    println!(
        "100,000-key review: response {} bytes, deny message {} bytes, peak {single_peak} KiB (baseline {baseline} KiB)",
        answer.len(),
        message.len()
    );

    // Sixteen at once. Heavy reviews run one at a time, so on a loaded
    // machine the last admitted one may wait long: the client waits too
    // (what is asserted is the answers and the memory, not the time).
    let client = webhook.patient_client();
    let started = Instant::now();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            let url = webhook.url();
            let body = body.clone();
            tokio::spawn(async move {
                client
                    .post(url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap().unwrap());
    }
    let all_answered = started.elapsed();
    let parallel_peak = webhook.memory_kib("VmHWM");
    let after = settle(&webhook, baseline + RETAINED);
    let answered = statuses.iter().filter(|s| **s == 200).count();
    println!(
        "16 x 100,000-key reviews at once: {answered} answered 200, others {:?}, all answered after {all_answered:?}, peak {parallel_peak} KiB, after {after} KiB",
        statuses.iter().filter(|s| **s != 200).collect::<Vec<_>>()
    );
    // 20 findings of at most 1 KiB each, then the count of the rest.
    assert!(
        answer.len() < 24 * 1024,
        "response of {} bytes",
        answer.len()
    );
    // The count is honest: every key is a finding, 20 are shown.
    assert!(
        message.ends_with("… and 99980 more findings (not shown)"),
        "{message}"
    );
    // The core builds at most 256 findings of a rule per object and counts
    // the rest, so one review costs ~40 MiB (was 100-140 MiB: a finding
    // per key, and 17 s of quadratic key lookups).
    assert!(
        single_peak < baseline + 64 * MIB,
        "one review peaked at {single_peak} KiB, baseline {baseline} KiB"
    );
    // Every one answered, at once or after waiting in the queue, or refused
    // with 429/503 (which the API server retries per failurePolicy).
    assert!(
        statuses.iter().all(|s| matches!(s, 200 | 429 | 503)),
        "{statuses:?}"
    );
    assert!(answered >= 1);
    // The webhook lets one such review run at a time (its cost, 32 times
    // the body, fills the memory budget), so sixteen cost what one costs
    // plus the bodies in flight.
    // (measured 39-49 MiB above one alone)
    assert!(
        parallel_peak < single_peak + 64 * MIB,
        "peak {parallel_peak} KiB, one alone {single_peak} KiB"
    );
    assert!(
        after <= baseline + RETAINED,
        "after {after} KiB, baseline {baseline} KiB"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn heavy_reviews_beside_small_ones_all_get_answered() {
    let webhook = Webhook::start("heavy", &[]);
    let debian = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap();
    let heavy = admission_review(
        "uid-heavy",
        "CREATE",
        &configmap(
            "azure-iot-operations",
            "azure-iot-operations-aio-ca-trust-bundle",
            &[("ca.crt", &debian)],
        ),
        false,
    );
    let small = admission_review(
        "uid-small",
        "CREATE",
        &configmap(
            "azure-iot-operations",
            "azure-iot-operations-aio-ca-trust-bundle",
            &[("ca.crt", &example_text("root-ca.pem"))],
        ),
        false,
    );
    let stop = Arc::new(core::sync::atomic::AtomicBool::new(false));
    let heavy_done = Arc::new(AtomicUsize::new(0));
    let heavy_tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = webhook.client();
            let url = webhook.url();
            let heavy = heavy.clone();
            let stop = Arc::clone(&stop);
            let done = Arc::clone(&heavy_done);
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let response = client.post(&url).json(&heavy).send().await.unwrap();
                    assert_eq!(response.status(), 200);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let client = webhook.client();
    let mut small_latencies = Vec::new();
    let mut health_latencies = Vec::new();
    for _ in 0..100 {
        let started = Instant::now();
        let response = post(&client, &webhook.url(), &small).await;
        small_latencies.push(started.elapsed());
        assert_eq!(response["allowed"], true);
        let health = webhook.health;
        let started = Instant::now();
        let text = tokio::task::spawn_blocking(move || http_get(health, "/healthz"))
            .await
            .unwrap()
            .unwrap();
        health_latencies.push(started.elapsed());
        assert!(text.starts_with("HTTP/1.1 200"));
    }
    stop.store(true, Ordering::Relaxed);
    for task in heavy_tasks {
        task.await.unwrap();
    }
    small_latencies.sort();
    health_latencies.sort();
    // Figures only: latency targets are measured by webhook/bench/.
    println!(
        "beside 4 heavy loops ({} heavy answered): small p50 {:?} max {:?}; /healthz p50 {:?} max {:?}",
        heavy_done.load(Ordering::Relaxed),
        small_latencies[50],
        small_latencies[99],
        health_latencies[50],
        health_latencies[99]
    );
    assert!(heavy_done.load(Ordering::Relaxed) >= 4);
}

#[test]
fn huge_uid_is_echoed_but_not_logged_whole() {
    let dir = temp_dir("uid-log");
    let log = dir.join("stderr.log");
    let mut webhook = Webhook::spawn("uid", ServingPki::generate("uid"), &[], Some(&log));
    webhook.wait_ready();
    let uid = "u".repeat(2 * 1024 * 1024 - 4096);
    let mut review = admission_review("x", "CREATE", &many_keys(1), false);
    review["request"]["uid"] = json!(uid);
    review["request"]["name"] = json!("n".repeat(200_000));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let response = runtime.block_on(post(&webhook.client(), &webhook.url(), &review));
    assert_eq!(response["uid"].as_str().unwrap().len(), uid.len());
    drop(webhook);
    let logged = std::fs::metadata(&log).unwrap().len();
    println!("2 MiB uid, 200 kB name: log {logged} bytes");
    assert!(logged < 64 * 1024, "log of {logged} bytes");
    let _ = std::fs::remove_dir_all(dir);
}

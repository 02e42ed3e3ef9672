//! Test harness: a serving PKI generated with rcgen, the real binary on
//! loopback, a reqwest client over TLS trusting the generated CA, and
//! AdmissionReviews built from the shapes `kubectl` sends.
#![allow(dead_code, clippy::unwrap_used)]

use core::net::SocketAddr;
use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Instant;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use serde_json::{Value, json};

pub const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/pki");

pub fn example(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(EXAMPLES).join(name)).unwrap()
}

pub fn example_text(name: &str) -> String {
    String::from_utf8(example(name)).unwrap()
}

/// A fresh temporary directory under the target dir.
pub fn temp_dir(tag: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "certgate-webhook-{tag}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A date: year, month, day.
pub type Ymd = (i32, u8, u8);

/// A serving CA and a certificate for `localhost` / 127.0.0.1 signed by it.
pub struct ServingPki {
    pub ca_pem: String,
    pub cert_pem: String,
    pub key_pem: String,
}

impl ServingPki {
    pub fn generate(name: &str) -> Self {
        Self::generate_valid(name, None)
    }

    /// As [`generate`], the serving certificate valid from `validity.0`
    /// to `validity.1` (year, month, day) when given.
    pub fn generate_valid(name: &str, validity: Option<(Ymd, Ymd)>) -> Self {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, format!("{name} test CA"));
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "certgate-webhook");
        if let Some(((y1, m1, d1), (y2, m2, d2))) = validity {
            params.not_before = rcgen::date_time_ymd(y1, m1, d1);
            params.not_after = rcgen::date_time_ymd(y2, m2, d2);
        }
        let cert = params.signed_by(&key, &issuer).unwrap();
        Self {
            ca_pem: ca_cert.pem(),
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }

    pub fn write(&self, dir: &Path) {
        // Write then rename, as a Secret volume update would swap them.
        for (name, text) in [("tls.crt", &self.cert_pem), ("tls.key", &self.key_pem)] {
            let tmp = dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, text).unwrap();
            std::fs::rename(&tmp, dir.join(name)).unwrap();
        }
    }
}

/// A loopback port nobody listens on, never the same twice in this process
/// (the OS may hand a just-released port out again).
pub fn free_port() -> SocketAddr {
    static HANDED_OUT: Mutex<Vec<u16>> = Mutex::new(Vec::new());
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let mut handed_out = HANDED_OUT.lock().unwrap();
        if !handed_out.contains(&address.port()) {
            handed_out.push(address.port());
            return address;
        }
    }
}

/// The real binary, killed on drop.
pub struct Webhook {
    pub child: Child,
    pub listen: SocketAddr,
    pub health: SocketAddr,
    pub dir: PathBuf,
    pub pki: ServingPki,
}

impl Webhook {
    /// Starts `certgate-webhook --offline` plus `extra` and waits until ready.
    pub fn start(tag: &str, extra: &[&str]) -> Self {
        let mut webhook = Self::spawn(tag, ServingPki::generate(tag), extra, None);
        webhook.wait_ready();
        webhook
    }

    /// Starts `certgate-webhook --offline` serving `pki`, plus `extra`,
    /// without waiting; stderr (the JSON log, at `CERTGATE_LOG=info` when
    /// `log` is given) goes to `log`.
    pub fn spawn(tag: &str, pki: ServingPki, extra: &[&str], log: Option<&Path>) -> Self {
        let dir = temp_dir(tag);
        pki.write(&dir);
        let listen = free_port();
        let health = free_port();
        let (level, stderr) = match log {
            Some(path) => ("info", Stdio::from(std::fs::File::create(path).unwrap())),
            None => ("warn", Stdio::inherit()),
        };
        let child = Command::new(env!("CARGO_BIN_EXE_certgate-webhook"))
            .arg("--listen")
            .arg(listen.to_string())
            .arg("--health-listen")
            .arg(health.to_string())
            .arg("--tls-cert")
            .arg(dir.join("tls.crt"))
            .arg("--tls-key")
            .arg(dir.join("tls.key"))
            .arg("--offline")
            .args(extra)
            .env("CERTGATE_LOG", level)
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        Self {
            child,
            listen,
            health,
            dir,
            pki,
        }
    }

    /// Waits until `/healthz` answers (the process is up, ready or not).
    pub fn wait_live(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("certgate-webhook exited before it was live: {status}");
            }
            if let Ok(text) = http_get(self.health, "/healthz")
                && text.starts_with("HTTP/1.1 200")
            {
                return;
            }
            assert!(Instant::now() < deadline, "webhook did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` (`TERM`, `HUP`, `USR1`) with kill(1).
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// A field of /proc/PID/status in KiB (`VmRSS`, `VmHWM`).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap()
    }

    pub fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("certgate-webhook exited before it was ready: {status}");
            }
            if let Ok(text) = http_get(self.health, "/readyz")
                && text.starts_with("HTTP/1.1 200")
            {
                return;
            }
            assert!(Instant::now() < deadline, "webhook did not become ready");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self) -> String {
        format!("https://localhost:{}/validate", self.listen.port())
    }

    pub fn client(&self) -> reqwest::Client {
        client_trusting(&self.pki.ca_pem)
    }

    /// A client that waits as long as an answer takes: for tests that
    /// assert what is answered and how much memory it costs, never how fast.
    pub fn patient_client(&self) -> reqwest::Client {
        client_within(&self.pki.ca_pem, Duration::from_secs(600))
    }

    pub fn metrics(&self) -> String {
        http_get(self.health, "/metrics").unwrap()
    }
}

impl Drop for Webhook {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A plain HTTP/1.1 GET (health port), whole response as text.
pub fn http_get(address: SocketAddr, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    Ok(text)
}

pub fn client_trusting(ca_pem: &str) -> reqwest::Client {
    client_within(ca_pem, Duration::from_secs(20))
}

pub fn client_within(ca_pem: &str, timeout: Duration) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .timeout(timeout)
        .build()
        .unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `kubectl create configmap NAME -n NS --from-file=KEY=... --dry-run=client -o json`
pub fn configmap(namespace: &str, name: &str, data: &[(&str, &str)]) -> Value {
    let data: serde_json::Map<String, Value> = data
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    json!({
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": namespace, "creationTimestamp": null},
        "data": data
    })
}

/// A ConfigMap holding `bytes` in binaryData (what `--from-file` does for non-UTF-8 files).
pub fn configmap_binary(namespace: &str, name: &str, key: &str, bytes: &[u8]) -> Value {
    json!({
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": namespace, "creationTimestamp": null},
        "binaryData": {key: b64(bytes)}
    })
}

/// `kubectl create secret tls NAME -n NS --cert=... --key=... --dry-run=client -o json`
pub fn tls_secret(namespace: &str, name: &str, cert: &[u8], key: &[u8]) -> Value {
    json!({
        "kind": "Secret",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": namespace, "creationTimestamp": null},
        "data": {"tls.crt": b64(cert), "tls.key": b64(key)},
        "type": "kubernetes.io/tls"
    })
}

fn resource_of(kind: &str) -> (&'static str, &'static str, &'static str) {
    match kind {
        "ConfigMap" => ("", "v1", "configmaps"),
        "Secret" => ("", "v1", "secrets"),
        "Issuer" => ("cert-manager.io", "v1", "issuers"),
        "ClusterIssuer" => ("cert-manager.io", "v1", "clusterissuers"),
        "Certificate" => ("cert-manager.io", "v1", "certificates"),
        "BrokerListener" => (
            "mqttbroker.iotoperations.azure.com",
            "v1",
            "brokerlisteners",
        ),
        "SecretSync" => ("secret-sync.x-k8s.io", "v1alpha1", "secretsyncs"),
        _ => ("example.com", "v1", "things"),
    }
}

/// The AdmissionReview the API server sends for `operation` on `object`.
pub fn admission_review(uid: &str, operation: &str, object: &Value, dry_run: bool) -> Value {
    let kind = object["kind"].as_str().unwrap_or("Thing");
    let (group, version, resource) = resource_of(kind);
    let (object, old_object) = match operation {
        "DELETE" => (Value::Null, object.clone()),
        "UPDATE" => (object.clone(), object.clone()),
        _ => (object.clone(), Value::Null),
    };
    let source = if object.is_null() {
        &old_object
    } else {
        &object
    };
    let mut request = json!({
        "uid": uid,
        "kind": {"group": group, "version": version, "kind": kind},
        "resource": {"group": group, "version": version, "resource": resource},
        "requestKind": {"group": group, "version": version, "kind": kind},
        "requestResource": {"group": group, "version": version, "resource": resource},
        "name": source["metadata"]["name"],
        "operation": operation,
        "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters", "system:authenticated"]},
        "object": object,
        "oldObject": old_object,
        "dryRun": dry_run,
        "options": {"kind": format!("{}{}Options", &operation[..1], &operation[1..].to_lowercase()), "apiVersion": "meta.k8s.io/v1"}
    });
    if let Some(namespace) = source["metadata"]["namespace"].as_str() {
        request["namespace"] = json!(namespace);
    }
    json!({"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": request})
}

/// POSTs `review`, asserts HTTP 200, a v1 AdmissionReview and the uid
/// echoed, and every warning ≤ 120 characters; returns `response`.
pub async fn post(client: &reqwest::Client, url: &str, review: &Value) -> Value {
    let uid = review["request"]["uid"].as_str().unwrap().to_owned();
    let response = client.post(url).json(review).send().await.unwrap();
    assert_eq!(response.status(), 200, "uid {uid}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["apiVersion"], "admission.k8s.io/v1");
    assert_eq!(body["kind"], "AdmissionReview");
    let response = body["response"].clone();
    assert_eq!(response["uid"], uid.as_str());
    if let Some(warnings) = response["warnings"].as_array() {
        for warning in warnings {
            let warning = warning.as_str().unwrap();
            assert!(
                warning.chars().count() <= 120,
                "warning too long: {warning}"
            );
        }
    }
    response
}

pub fn message(response: &Value) -> String {
    response["status"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub fn warnings(response: &Value) -> Vec<String> {
    response["warnings"]
        .as_array()
        .map(|w| w.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

//! Command line and environment.

use core::net::SocketAddr;
use core::time::Duration;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// What to do when a cluster lookup (a get or list through the API server)
/// fails or times out. A missing object (404) is not a failure: the core
/// reports it as a finding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LookupFailure {
    /// Deny the request, naming the lookup that failed (default).
    #[default]
    Deny,
    /// Allow it with a warning; the object is checked on its own.
    Allow,
}

/// certgate validating admission webhook: reviews trust-bundle ConfigMaps,
/// CA Secrets, cert-manager Issuers, ClusterIssuers and Certificates, and
/// BrokerListeners at admission.
#[derive(Clone, Debug, Parser)]
#[command(name = "certgate-webhook", version, about)]
pub struct Args {
    /// Address of the HTTPS admission endpoint (`POST /validate`).
    #[arg(long, env = "CERTGATE_LISTEN", default_value = "0.0.0.0:8443")]
    pub listen: SocketAddr,
    /// PEM file with the serving certificate chain (reloaded when it changes).
    #[arg(long, env = "CERTGATE_TLS_CERT")]
    pub tls_cert: PathBuf,
    /// PEM file with the serving private key (reloaded when it changes).
    #[arg(long, env = "CERTGATE_TLS_KEY")]
    pub tls_key: PathBuf,
    /// Address of the plain-HTTP health and metrics endpoint
    /// (`/healthz`, `/readyz`, `/metrics`).
    /// The kubelet probes the pod IP, so the default listens on every
    /// address; the NetworkPolicy admits only the webhook port from outside.
    #[arg(long, env = "CERTGATE_HEALTH_LISTEN", default_value = "0.0.0.0:8080")]
    pub health_listen: SocketAddr,
    /// Check each object on its own; never read the cluster.
    #[arg(long, env = "CERTGATE_OFFLINE")]
    pub offline: bool,
    /// The AIO trust settings, as given to `az iot ops create --trust-settings`
    /// (e.g. "configMapName=x configMapKey=ca.crt issuerKind=ClusterIssuer issuerName=y").
    #[arg(long, env = "CERTGATE_TRUST_SETTINGS")]
    pub trust_settings: Option<String>,
    /// The AIO namespace.
    #[arg(
        long,
        env = "CERTGATE_NAMESPACE",
        default_value = "azure-iot-operations"
    )]
    pub namespace: String,
    /// cert-manager's cluster resource namespace (where ClusterIssuer Secrets live).
    #[arg(
        long,
        env = "CERTGATE_CLUSTER_RESOURCE_NAMESPACE",
        default_value = "cert-manager"
    )]
    pub cluster_resource_namespace: String,
    /// What to do when a cluster lookup fails or times out.
    #[arg(long, env = "CERTGATE_LOOKUP_FAILURE", value_enum, default_value_t = LookupFailure::Deny)]
    pub lookup_failure: LookupFailure,
    /// Time allowed for all cluster lookups of one review, in milliseconds.
    #[arg(long, env = "CERTGATE_LOOKUP_TIMEOUT_MS", default_value_t = 2000)]
    pub lookup_timeout_ms: u64,
    /// How often to check the serving certificate files for changes, in milliseconds.
    #[arg(long, env = "CERTGATE_CERT_RELOAD_INTERVAL_MS", default_value_t = 5000)]
    pub cert_reload_interval_ms: u64,
    /// Largest request body accepted, in bytes (the API server's own limit is 3 MiB).
    #[arg(long, env = "CERTGATE_MAX_BODY_BYTES", default_value_t = 3 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Time allowed for a request head (HTTP/1.1) and for the TLS handshake, in milliseconds.
    #[arg(long, env = "CERTGATE_HEADER_TIMEOUT_MS", default_value_t = 5000)]
    pub header_timeout_ms: u64,
    /// Time allowed to receive a whole request body, in milliseconds
    /// (the API server's own webhook timeout is at most 30 s).
    #[arg(long, env = "CERTGATE_BODY_TIMEOUT_MS", default_value_t = 10_000)]
    pub body_timeout_ms: u64,
    /// A connection with no request in progress for this long is closed,
    /// the first request included, in milliseconds.
    #[arg(long, env = "CERTGATE_IDLE_TIMEOUT_MS", default_value_t = 60_000)]
    pub idle_timeout_ms: u64,
    /// Most connections open at once per port; further ones wait in the
    /// kernel's accept queue.
    #[arg(long, env = "CERTGATE_MAX_CONNECTIONS", default_value_t = 256)]
    pub max_connections: usize,
    /// Most concurrent HTTP/2 streams per connection.
    #[arg(long, env = "CERTGATE_MAX_STREAMS", default_value_t = 16)]
    pub max_streams: u32,
    /// Most requests receiving their body or being reviewed at once (each
    /// may hold up to --max-body-bytes).
    #[arg(long, env = "CERTGATE_MAX_IN_FLIGHT", default_value_t = 8)]
    pub max_in_flight: usize,
    /// Most requests waiting for one of the --max-in-flight places; beyond
    /// that a request is answered 429 at once.
    #[arg(long, env = "CERTGATE_QUEUE", default_value_t = 64)]
    pub queue: usize,
    /// Longest wait for a place, in milliseconds; then 503.
    #[arg(long, env = "CERTGATE_QUEUE_TIMEOUT_MS", default_value_t = 2000)]
    pub queue_timeout_ms: u64,
    /// Bound of the cache of trust-bundle reads, in estimated bytes; 0 turns
    /// it off. A value of 16 KiB or more whose bytes equal a kept one's is
    /// not read again (trust-manager writes one bundle into every namespace).
    #[arg(long, env = "CERTGATE_BUNDLE_CACHE_BYTES", default_value_t = crate::bundle_cache::DEFAULT_LIMIT_BYTES)]
    pub bundle_cache_bytes: usize,
    /// Reviews computed at once (threads off the async runtime); 0 means the
    /// CPUs available to the process (its cgroup CPU limit).
    #[arg(long, env = "CERTGATE_REVIEW_THREADS", default_value_t = 0)]
    pub review_threads: usize,
    /// Memory budget of the reviews computed at once, in MiB: a review of a
    /// body over 64 KiB is counted at 32 times its body (what reviewing
    /// it costs at worst, measured), at most the whole budget, so one huge
    /// object is reviewed alone while small reviews never wait for it.
    #[arg(long, env = "CERTGATE_REVIEW_MEMORY_MIB", default_value_t = 64)]
    pub review_memory_mib: usize,
    /// After SIGTERM: how long /readyz says not ready while requests are
    /// still served, so the API server stops routing here, in milliseconds.
    #[arg(long, env = "CERTGATE_DRAIN_MS", default_value_t = 5000)]
    pub drain_ms: u64,
    /// After the drain: the longest wait for in-flight requests, in milliseconds.
    #[arg(long, env = "CERTGATE_SHUTDOWN_TIMEOUT_MS", default_value_t = 10_000)]
    pub shutdown_timeout_ms: u64,
}

impl Args {
    /// The lookup timeout.
    pub fn lookup_timeout(&self) -> Duration {
        Duration::from_millis(self.lookup_timeout_ms)
    }

    /// The certificate reload interval (at least 100 ms).
    pub fn cert_reload_interval(&self) -> Duration {
        Duration::from_millis(self.cert_reload_interval_ms.max(100))
    }
}

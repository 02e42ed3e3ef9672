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

//! The serving certificate: loaded with the ring provider, reloaded when its
//! files change (cert-manager rotates the Secret behind them).

use core::fmt;
use core::time::Duration;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use axum_server::tls_rustls::RustlsConfig;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// Why the serving certificate could not be loaded. Never carries key bytes.
#[derive(Debug)]
pub struct TlsError {
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl core::error::Error for TlsError {}

fn error(path: &Path, message: impl fmt::Display) -> TlsError {
    TlsError {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// A rustls server configuration (ring provider, TLS 1.2 and 1.3, ALPN h2
/// and http/1.1) from a PEM certificate chain and a PEM private key.
///
/// # Errors
/// A file is unreadable, holds no certificate or key, or the key does not fit.
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, TlsError> {
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| error(cert, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(cert, e))?;
    if chain.is_empty() {
        return Err(error(cert, "no CERTIFICATE block"));
    }
    // The error of a key file names the problem, never the bytes.
    let private_key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| error(key, format!("no usable private key ({e})")))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| error(cert, e))?
        .with_no_client_auth()
        .with_single_cert(chain, private_key)
        .map_err(|e| error(key, e))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Modification time and length of a file, to notice replacements.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// Polls `cert` and `key` every `interval`; when either changed, loads them
/// and swaps them into `config`. A failed load (e.g. a half-written file)
/// keeps the old certificate and is retried at the next tick.
pub async fn reload_on_change(
    config: RustlsConfig,
    cert: PathBuf,
    key: PathBuf,
    interval: Duration,
) {
    let mut seen = (stamp(&cert), stamp(&key));
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let now = (stamp(&cert), stamp(&key));
        if now == seen {
            continue;
        }
        match server_config(&cert, &key) {
            Ok(server) => {
                config.reload_from_config(server);
                seen = now;
                tracing::info!(cert = %cert.display(), "serving certificate reloaded");
            }
            Err(e) => {
                tracing::warn!(error = %e, "serving certificate changed but could not be loaded; keeping the old one")
            }
        }
    }
}

//! The serving certificate: loaded with the ring provider, reloaded when its
//! files change (cert-manager rotates the Secret behind them) or on SIGHUP,
//! and judged: a certificate outside its validity or not matching its key
//! makes the webhook not ready, since every API-server call would fail TLS.

use core::fmt;
use core::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use core::time::Duration;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

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

/// A loaded certificate and what was found about it.
struct Loaded {
    key: Arc<CertifiedKey>,
    not_before: i64,
    not_after: i64,
    keys_match: bool,
}

fn load(cert: &Path, key: &Path) -> Result<Loaded, TlsError> {
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| error(cert, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(cert, e))?;
    let Some(leaf) = chain.first() else {
        return Err(error(cert, "no CERTIFICATE block"));
    };
    let parsed = certgate_core::Certificate::from_der(leaf.as_ref())
        .map_err(|e| error(cert, format!("the first certificate does not parse: {e}")))?;
    // The error of a key file names the problem, never the bytes.
    let private_key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| error(key, format!("no usable private key ({e})")))?;
    let signing_key = rustls::crypto::ring::default_provider()
        .key_provider
        .load_private_key(private_key)
        .map_err(|e| error(key, format!("unsupported private key ({e})")))?;
    let certified = CertifiedKey::new(chain, signing_key);
    let keys_match = certified.keys_match().is_ok();
    Ok(Loaded {
        key: Arc::new(certified),
        not_before: parsed.validity.not_before.0,
        not_after: parsed.validity.not_after.0,
        keys_match,
    })
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The certificate being served, swapped in place on reload, and its state
/// for `/readyz` and `/metrics`.
#[derive(Debug)]
pub struct ServingCert {
    cert: PathBuf,
    key: PathBuf,
    current: RwLock<Arc<CertifiedKey>>,
    not_before: AtomicI64,
    not_after: AtomicI64,
    keys_match: AtomicBool,
    reloads: AtomicU64,
    reload_failures: AtomicU64,
}

impl ServingCert {
    /// Loads `cert` and `key`.
    ///
    /// # Errors
    /// A file is unreadable or holds no certificate or no usable key. A
    /// certificate outside its validity or not matching its key loads (and
    /// makes the webhook not ready) so that the problem shows in `/readyz`
    /// and `/metrics` rather than as a crash loop.
    pub fn load(cert: &Path, key: &Path) -> Result<Self, TlsError> {
        let loaded = load(cert, key)?;
        Ok(Self {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            current: RwLock::new(Arc::clone(&loaded.key)),
            not_before: AtomicI64::new(loaded.not_before),
            not_after: AtomicI64::new(loaded.not_after),
            keys_match: AtomicBool::new(loaded.keys_match),
            reloads: AtomicU64::new(0),
            reload_failures: AtomicU64::new(0),
        })
    }

    /// Loads the files again and swaps the certificate in.
    ///
    /// # Errors
    /// As [`ServingCert::load`]; the old certificate stays and the failure
    /// is counted.
    pub fn reload(&self) -> Result<(), TlsError> {
        match load(&self.cert, &self.key) {
            Ok(loaded) => {
                *self
                    .current
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = loaded.key;
                self.not_before.store(loaded.not_before, Ordering::Relaxed);
                self.not_after.store(loaded.not_after, Ordering::Relaxed);
                self.keys_match.store(loaded.keys_match, Ordering::Relaxed);
                self.reloads.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                self.reload_failures.fetch_add(1, Ordering::Relaxed);
                Err(e)
            }
        }
    }

    /// `None` when the certificate can be served now; otherwise why not.
    pub fn problem(&self) -> Option<&'static str> {
        let now = unix_now();
        if !self.keys_match.load(Ordering::Relaxed) {
            Some("the serving certificate does not match its private key")
        } else if now < self.not_before.load(Ordering::Relaxed) {
            Some("the serving certificate is not yet valid")
        } else if now > self.not_after.load(Ordering::Relaxed) {
            Some("the serving certificate has expired")
        } else {
            None
        }
    }

    /// notAfter of the certificate served, in Unix seconds.
    pub fn not_after(&self) -> i64 {
        self.not_after.load(Ordering::Relaxed)
    }

    /// Successful reloads so far.
    pub fn reloads(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }

    /// Failed reloads so far.
    pub fn reload_failures(&self) -> u64 {
        self.reload_failures.load(Ordering::Relaxed)
    }

    /// The files, for logs.
    pub fn cert_path(&self) -> &Path {
        &self.cert
    }
}

/// rustls asks for the certificate on every handshake; the lock is held for
/// an `Arc` clone.
#[derive(Debug)]
struct Resolver(Arc<ServingCert>);

impl ResolvesServerCert for Resolver {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(
            &self
                .0
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        ))
    }
}

/// A rustls server configuration (ring provider, TLS 1.2 and 1.3, ALPN h2
/// and http/1.1) serving whatever `serving` holds at each handshake.
///
/// # Errors
/// The provider refuses the protocol versions (it does not).
pub fn server_config(serving: &Arc<ServingCert>) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| error(&serving.cert, e))?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(Resolver(Arc::clone(serving))));
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Modification time and length of a file, to notice replacements.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// Polls the files every `interval`; when either changed, reloads. A failed
/// load (e.g. a half-written file) keeps the old certificate and is retried
/// at the next tick.
pub async fn reload_on_change(serving: Arc<ServingCert>, interval: Duration) {
    let mut seen = (stamp(&serving.cert), stamp(&serving.key));
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let now = (stamp(&serving.cert), stamp(&serving.key));
        if now == seen {
            continue;
        }
        if reload_logged(&serving, "files changed") {
            seen = now;
        }
    }
}

/// Reloads and logs the outcome; true when it loaded.
pub fn reload_logged(serving: &ServingCert, why: &str) -> bool {
    match serving.reload() {
        Ok(()) => {
            match serving.problem() {
                None => {
                    tracing::info!(cert = %serving.cert.display(), why, "serving certificate reloaded")
                }
                Some(problem) => {
                    tracing::error!(cert = %serving.cert.display(), why, problem, "serving certificate reloaded but unusable; not ready")
                }
            }
            true
        }
        Err(e) => {
            tracing::warn!(error = %e, why, "serving certificate could not be loaded; keeping the old one");
            false
        }
    }
}

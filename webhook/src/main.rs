//! `certgate-webhook`: see `certgate-webhook --help`.

use core::sync::atomic::Ordering;
use core::time::Duration;
use std::process::ExitCode;
use std::sync::Arc;

use certgate_webhook::admission::{Reviewer, Settings};
use certgate_webhook::config::Args;
use certgate_webhook::lifecycle::Signals;
use certgate_webhook::limits::Limits;
use certgate_webhook::lookup::Cluster;
use certgate_webhook::metrics::Metrics;
use certgate_webhook::serve::{Acceptor, Port, serve};
use certgate_webhook::server::{AppState, admission_router, health_router};
use certgate_webhook::tls::{self, ServingCert};
use clap::Parser;

/// mimalloc (v3) gives freed memory back: with glibc, heavy reviews on
/// different threads each grew their own arena and kept it (two 100,000-key
/// reviews in turn: 228 MB peak, 97 MB kept after; with mimalloc measured
/// lower, see webhook/README.md), and musl's allocator in the static image
/// serialises threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives the pages this thread's heap freed back to the system at once: run
/// on a review thread after each heavy review (`AppState::after_heavy_review`)
/// and on each runtime worker when it next goes idle after one, or after a
/// connection ended (`webhook::memory`). mimalloc otherwise purges them after
/// a delay that only runs out when that thread allocates again, and threads
/// sit idle after an attack: sixteen 100,000-key reviews left 36-38 MiB
/// above baseline with no collect, 15-27 MiB when only the last review's
/// thread collected. Light reviews never call it: a purge delay of 0 for
/// every free cut small-review throughput 3.4-fold.
fn return_freed_memory() {
    // SAFETY: mi_collect takes no pointers and may be called from any
    // thread at any time (mimalloc collects that thread's heap and purges
    // the freed parts of the process's arenas); nothing of ours is borrowed
    // across it.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CERTGATE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_current_span(false)
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(args: Args, limits: Limits) -> Result<(), String> {
    // First, so that no signal kills the process from here on.
    let signals = Signals::install().map_err(|e| format!("cannot handle signals: {e}"))?;
    let serving = Arc::new(
        ServingCert::load(&args.tls_cert, &args.tls_key)
            .map_err(|e| format!("serving certificate: {e}"))?,
    );
    if let Some(problem) = serving.problem() {
        tracing::error!(cert = %args.tls_cert.display(), problem, "serving certificate unusable; not ready until it is replaced");
    }
    let server_config =
        tls::server_config(&serving).map_err(|e| format!("serving certificate: {e}"))?;

    let settings = Settings {
        trust_settings: args.trust_settings.clone(),
        namespace: args.namespace.clone(),
        cluster_resource_namespace: args.cluster_resource_namespace.clone(),
        lookup_failure: args.lookup_failure,
    };
    match Reviewer::check_settings(&settings) {
        Ok(notes) => {
            for note in notes {
                tracing::warn!(finding = %note, "--trust-settings");
            }
        }
        Err(errors) => return Err(format!("--trust-settings:\n{errors}")),
    }

    let metrics = Arc::new(Metrics::default());
    let cluster = if args.offline {
        None
    } else {
        let client = kube::Client::try_default().await.map_err(|e| {
            format!(
                "cannot reach the Kubernetes API (use --offline to check objects on their own): {e}"
            )
        })?;
        // Issuers are watched from now on; until their first list is in,
        // lookups go to the API server, so serving need not wait for it.
        Some(Cluster::watching(
            client,
            args.lookup_timeout(),
            &metrics,
            settings.trust_bundle(),
        ))
    };
    let mut state = AppState::new(
        Reviewer::new(settings, cluster, Arc::clone(&metrics))
            .with_bundle_cache(args.bundle_cache_bytes),
        Arc::clone(&metrics),
        Arc::clone(&serving),
        limits.clone(),
    );
    state.after_heavy_review = return_freed_memory;
    let state = Arc::new(state);

    let health = tokio::net::TcpListener::bind(args.health_listen)
        .await
        .map_err(|e| format!("--health-listen {}: {e}", args.health_listen))?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("--listen {}: {e}", args.listen))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("--listen {}: {e}", args.listen))?;

    let (stop, stopping) = tokio::sync::watch::channel(false);
    let (health_stop, health_stopping) = tokio::sync::watch::channel(false);
    let shutdown_timeout = Duration::from_millis(args.shutdown_timeout_ms);
    let health_server = tokio::spawn(serve(
        health,
        Acceptor::Plain,
        health_router(Arc::clone(&state)),
        limits.clone(),
        Arc::clone(&metrics),
        Port::Health,
        health_stopping,
        Duration::from_secs(1),
    ));
    tokio::spawn(tls::reload_on_change(
        Arc::clone(&serving),
        args.cert_reload_interval(),
    ));
    tokio::spawn(signals.run(
        Arc::clone(&state),
        Duration::from_millis(args.drain_ms),
        stop,
    ));
    state.ready.store(true, Ordering::Relaxed);
    tracing::info!(%address, offline = state.reviewer.is_offline(), review_threads = limits.review_threads, "serving admission reviews");
    serve(
        listener,
        Acceptor::Tls(tokio_rustls::TlsAcceptor::from(server_config)),
        admission_router(Arc::clone(&state)),
        limits,
        Arc::clone(&metrics),
        Port::Admission,
        stopping,
        shutdown_timeout,
    )
    .await;
    let _ = health_stop.send(true);
    let _ = health_server.await;
    tracing::info!("stopped");
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logging();
    // The one crypto provider: ring (axum-server's tls-rustls feature would
    // pull in aws-lc). Err only means a provider is already installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let limits = Limits::from_args(&args);
    // Reviews run on blocking threads, at most `review_threads` at once; a
    // few more threads for the runtime's own blocking work.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(limits.review_threads + 4)
        .on_thread_park(certgate_webhook::memory::when_idle(return_freed_memory))
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("certgate-webhook: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args, limits)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "certgate-webhook stopped");
            eprintln!("certgate-webhook: {e}");
            ExitCode::FAILURE
        }
    }
}

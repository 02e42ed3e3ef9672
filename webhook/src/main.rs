//! `certgate-webhook`: see `certgate-webhook --help`.

use core::sync::atomic::Ordering;
use core::time::Duration;
use std::process::ExitCode;
use std::sync::Arc;

use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use certgate_webhook::admission::{Reviewer, Settings};
use certgate_webhook::config::Args;
use certgate_webhook::lookup::Cluster;
use certgate_webhook::metrics::Metrics;
use certgate_webhook::server::{AppState, admission_router, health_router};
use certgate_webhook::tls;
use clap::Parser;

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

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = ctrl_c.await;
            return;
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

async fn run(args: Args) -> Result<(), String> {
    let server_config = tls::server_config(&args.tls_cert, &args.tls_key)
        .map_err(|e| format!("serving certificate: {e}"))?;
    let rustls_config = RustlsConfig::from_config(server_config);

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

    let cluster = if args.offline {
        None
    } else {
        let client = kube::Client::try_default().await.map_err(|e| {
            format!(
                "cannot reach the Kubernetes API (use --offline to check objects on their own): {e}"
            )
        })?;
        Some(Cluster::new(client, args.lookup_timeout()))
    };
    let metrics = Arc::new(Metrics::default());
    let state = Arc::new(AppState {
        reviewer: Reviewer::new(settings, cluster, Arc::clone(&metrics)),
        metrics,
        ready: false.into(),
    });

    let health = tokio::net::TcpListener::bind(args.health_listen)
        .await
        .map_err(|e| format!("--health-listen {}: {e}", args.health_listen))?;
    let health_app = health_router(Arc::clone(&state));
    let handle: Handle<core::net::SocketAddr> = Handle::new();
    let health_shutdown = {
        let handle = handle.clone();
        async move {
            shutdown_signal().await;
            handle.graceful_shutdown(Some(Duration::from_secs(10)));
        }
    };
    tokio::spawn(async move {
        if let Err(e) = axum::serve(health, health_app)
            .with_graceful_shutdown(health_shutdown)
            .await
        {
            tracing::error!(error = %e, "health server failed");
        }
    });
    tokio::spawn(tls::reload_on_change(
        rustls_config.clone(),
        args.tls_cert.clone(),
        args.tls_key.clone(),
        args.cert_reload_interval(),
    ));

    let app = admission_router(Arc::clone(&state), args.max_body_bytes);
    let server = axum_server::bind_rustls(args.listen, rustls_config).handle(handle.clone());
    let ready_state = Arc::clone(&state);
    let listening = handle.clone();
    tokio::spawn(async move {
        if let Some(address) = listening.listening().await {
            ready_state.ready.store(true, Ordering::Relaxed);
            tracing::info!(%address, offline = ready_state.reviewer.is_offline(), "serving admission reviews");
        }
    });
    server
        .serve(app.into_make_service())
        .await
        .map_err(|e| format!("--listen {}: {e}", args.listen))
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logging();
    // The one crypto provider: ring (axum-server's tls-rustls feature would
    // pull in aws-lc). Err only means a provider is already installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("certgate-webhook: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "certgate-webhook stopped");
            eprintln!("certgate-webhook: {e}");
            ExitCode::FAILURE
        }
    }
}

//! Signals. SIGTERM (and Ctrl-C): readiness turns false at once, requests
//! are still served for the drain period so that API servers still routing
//! here during a rollout are answered, then the listeners close and
//! in-flight requests finish. SIGHUP reloads the serving certificate;
//! SIGUSR1 and SIGUSR2 are logged and otherwise ignored. None of them kills
//! the process mid-request.

use core::sync::atomic::Ordering;
use core::time::Duration;
use std::sync::Arc;

use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::watch;

use crate::server::AppState;
use crate::tls::reload_logged;

/// The handlers, installed at once (a signal's default action is to kill).
pub struct Signals {
    terminate: Signal,
    interrupt: Signal,
    hangup: Signal,
    user1: Signal,
    user2: Signal,
}

impl Signals {
    /// Installs the handlers.
    ///
    /// # Errors
    /// The runtime cannot register a handler.
    pub fn install() -> std::io::Result<Self> {
        Ok(Self {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
            hangup: signal(SignalKind::hangup())?,
            user1: signal(SignalKind::user_defined1())?,
            user2: signal(SignalKind::user_defined2())?,
        })
    }

    /// Handles signals until SIGTERM or SIGINT; then marks `state` draining,
    /// waits `drain` and sends true on `stop`.
    pub async fn run(mut self, state: Arc<AppState>, drain: Duration, stop: watch::Sender<bool>) {
        loop {
            let name = tokio::select! {
                _ = self.terminate.recv() => "SIGTERM",
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.hangup.recv() => {
                    reload_logged(&state.serving, "SIGHUP");
                    continue;
                }
                _ = self.user1.recv() => {
                    tracing::info!(signal = "SIGUSR1", "signal ignored");
                    continue;
                }
                _ = self.user2.recv() => {
                    tracing::info!(signal = "SIGUSR2", "signal ignored");
                    continue;
                }
            };
            state.draining.store(true, Ordering::Relaxed);
            tracing::info!(
                signal = name,
                drain_ms = u64::try_from(drain.as_millis()).unwrap_or(u64::MAX),
                "not ready; serving through the drain period, then stopping"
            );
            // A second SIGTERM during the drain does not cut it short: the
            // kubelet sends one only, and the grace period bounds us.
            tokio::time::sleep(drain).await;
            let _ = stop.send(true);
            return;
        }
    }
}

//! The two HTTP surfaces: HTTPS `POST /validate`, and plain-HTTP health and
//! metrics. A review takes an in-flight place (or waits briefly in a
//! bounded queue), receives its body within the body timeout and the size
//! limit, and is computed on a blocking thread, at most `review_threads` at
//! once, so the async runtime keeps answering health probes and small
//! reviews while big ones run.

use core::any::Any;
use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::admission::Reviewer;
use crate::limits::{Gate, Limits, Refused};
use crate::metrics::{Gauges, Metrics, Shed};
use crate::tls::ServingCert;

/// Shared state of both routers.
#[derive(Debug)]
pub struct AppState {
    /// Answers reviews.
    pub reviewer: Arc<Reviewer>,
    /// Metrics.
    pub metrics: Arc<Metrics>,
    /// Set once the HTTPS listener is up.
    pub ready: AtomicBool,
    /// Set by SIGTERM: not ready, still serving.
    pub draining: AtomicBool,
    /// The serving certificate.
    pub serving: Arc<ServingCert>,
    /// The limits.
    pub limits: Limits,
    /// In-flight places and their queue.
    pub gate: Gate,
    /// Heavy reviews computed at once.
    pub compute: Arc<Semaphore>,
    /// Memory budget of heavy reviews, KiB.
    pub memory: Arc<Semaphore>,
    /// Run on the review thread when a heavy review ends, once its memory
    /// is freed: the binary gives that thread's freed memory back to the
    /// system there (main.rs; the allocator is the binary's choice). Does
    /// nothing by default.
    pub after_heavy_review: fn(),
}

impl AppState {
    /// State for `reviewer` under `limits`.
    pub fn new(
        reviewer: Reviewer,
        metrics: Arc<Metrics>,
        serving: Arc<ServingCert>,
        limits: Limits,
    ) -> Self {
        Self {
            reviewer: Arc::new(reviewer),
            metrics,
            ready: false.into(),
            draining: false.into(),
            serving,
            gate: Gate::new(limits.max_in_flight, limits.queue, limits.queue_timeout),
            compute: Arc::new(Semaphore::new(limits.review_threads)),
            memory: Arc::new(Semaphore::new(limits.review_memory_kib as usize)),
            after_heavy_review: || {},
            limits,
        }
    }

    /// Why `/readyz` fails, if it does.
    pub fn not_ready(&self) -> Option<&'static str> {
        if self.draining.load(Ordering::Relaxed) {
            Some("shutting down")
        } else if !self.ready.load(Ordering::Relaxed) {
            Some("not listening yet")
        } else {
            self.serving.problem()
        }
    }
}

/// A heavy review of at least this body returns its freed memory when it
/// ends (see `after_heavy_review`).
const RETURN_MEMORY_AFTER_BODY_BYTES: usize = 1024 * 1024;

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn validate(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let place = match state.gate.enter().await {
        Ok(place) => place,
        Err(Refused::QueueFull) => {
            state.metrics.shed(Shed::QueueFull);
            let mut response = plain(
                StatusCode::TOO_MANY_REQUESTS,
                "too many reviews at once; retry\n",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
            return response;
        }
        Err(Refused::QueueTimeout) => {
            state.metrics.shed(Shed::QueueTimeout);
            return plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "no review place became free in time; retry\n",
            );
        }
    };
    let limited = Limited::new(request.into_body(), state.limits.max_body_bytes);
    let body = match tokio::time::timeout(state.limits.body_timeout, limited.collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            state.metrics.shed(Shed::BodyTooLarge);
            return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n");
        }
        Ok(Err(_)) => {
            state.metrics.bad_request();
            return plain(StatusCode::BAD_REQUEST, "request body unreadable\n");
        }
        Err(_) => {
            state.metrics.shed(Shed::BodyTimeout);
            return plain(
                StatusCode::REQUEST_TIMEOUT,
                "request body not received in time\n",
            );
        }
    };
    // Heavy reviews take a thread and their share of the memory budget;
    // light ones run at once, so they never queue behind heavy ones.
    let compute = match state.limits.review_cost(body.len()) {
        None => None,
        Some(cost) => {
            let (Ok(thread), Ok(memory)) = (
                Arc::clone(&state.compute).acquire_owned().await,
                Arc::clone(&state.memory).acquire_many_owned(cost).await,
            ) else {
                return plain(StatusCode::SERVICE_UNAVAILABLE, "shutting down\n");
            };
            Some((thread, memory))
        }
    };
    let runtime = tokio::runtime::Handle::current();
    let worker = Arc::clone(&state);
    // Parsing, reviewing and encoding run on a blocking thread; the
    // lookups it awaits still run on the runtime's I/O driver.
    let answer = tokio::task::spawn_blocking(move || {
        // Worth giving back: a review whose parse alone reaches tens of MiB.
        let heavy = compute.is_some() && body.len() >= RETURN_MEMORY_AFTER_BODY_BYTES;
        let _places = (place, compute);
        let answer = runtime.block_on(worker.reviewer.handle(&body));
        drop(body);
        let answer = answer.map(|review| serde_json::to_vec(&review));
        // Every heavy review gives back what its thread freed (the review
        // threads of a burst each hold their own heap), and asks the
        // runtime workers, which buffered the body, to do the same when
        // idle. Not after bodies under 1 MiB: the pages a Debian-sized
        // bundle (224 KB, ~7 MiB of review) frees are reused by the next
        // review, and returning them cost ~10% of its time in page faults
        // (perf, c1).
        if heavy {
            (worker.after_heavy_review)();
            crate::memory::request_return();
        }
        answer
    })
    .await;
    match answer {
        Ok(Ok(Ok(json))) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Ok(Ok(Err(_))) | Err(_) => panicked(Box::new("review task failed")),
        Ok(Err(e)) => {
            state.metrics.bad_request();
            tracing::warn!(reason = %e, "bad request");
            (StatusCode::BAD_REQUEST, e.to_string()).into_response()
        }
    }
}

/// A panic outside the review itself (the review has its own guard that
/// answers with the uid): HTTP 500, which the API server treats per the
/// webhook's failurePolicy (Fail: the request is rejected, never admitted).
fn panicked(_payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("request handler panicked");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        // The id is the catalogue's `certgate.internal_error` (a const str here).
        "certgate.internal_error: the webhook failed on this request\n",
    )
}

/// The admission router: `POST /validate`, bodies over the limit refused
/// with 413 (at once when Content-Length says so).
pub fn admission_router(state: Arc<AppState>) -> Router {
    let max_body_bytes = state.limits.max_body_bytes;
    Router::new()
        .route("/validate", post(validate))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(CatchPanicLayer::custom(panicked))
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    match state.not_ready() {
        None => "ok\n".into_response(),
        Some(why) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {why}\n"),
        )
            .into_response(),
    }
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let gauges = Gauges {
        in_flight: state.gate.in_flight(state.limits.max_in_flight),
        waiting: state.gate.waiting(),
        serving_not_after: state.serving.not_after(),
        serving_usable: state.serving.problem().is_none(),
        reload_failures: state.serving.reload_failures(),
        reloads: state.serving.reloads(),
        draining: state.draining.load(Ordering::Relaxed),
    };
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render_with(&gauges),
    )
        .into_response()
}

/// The health router: `/healthz`, `/livez`, `/readyz`, `/metrics`.
pub fn health_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/livez", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
        .layer(CatchPanicLayer::new())
}

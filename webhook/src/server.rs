//! The two HTTP surfaces: HTTPS `POST /validate`, and plain-HTTP health and
//! metrics.

use core::any::Any;
use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::admission::Reviewer;
use crate::metrics::Metrics;

/// Shared state of both routers.
#[derive(Debug)]
pub struct AppState {
    /// Answers reviews.
    pub reviewer: Reviewer,
    /// Metrics.
    pub metrics: Arc<Metrics>,
    /// Set once the HTTPS listener is up.
    pub ready: AtomicBool,
}

async fn validate(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    match state.reviewer.handle(&body).await {
        Ok(review) => Json(review).into_response(),
        Err(e) => {
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
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        // The id is the catalogue's `certgate.internal_error` (a const str here).
        "certgate.internal_error: the webhook failed on this request\n",
    )
        .into_response()
}

/// The admission router: `POST /validate`, bodies over `max_body_bytes`
/// refused with 413.
pub fn admission_router(state: Arc<AppState>, max_body_bytes: usize) -> Router {
    Router::new()
        .route("/validate", post(validate))
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(CatchPanicLayer::custom(panicked))
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    if state.ready.load(Ordering::Relaxed) {
        "ok\n".into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n").into_response()
    }
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// The health router: `/healthz`, `/readyz`, `/metrics`.
pub fn health_router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/livez", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
        .layer(CatchPanicLayer::new())
}

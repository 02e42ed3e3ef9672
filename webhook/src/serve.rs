//! The accept loop, shared by the HTTPS admission port and the plain-HTTP
//! health port: a cap on open connections (further ones wait in the
//! kernel's accept queue, costing the process nothing), a handshake and
//! request-head timeout, an idle timeout (the first request included),
//! HTTP/2 streams and flow-control windows bounded, and a graceful stop.

use core::convert::Infallible;
use core::future::Future;
use core::pin::Pin;
use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt as _;

use crate::limits::Limits;
use crate::metrics::Metrics;

/// Bytes hyper may buffer per HTTP/1.1 connection (request head included).
const HTTP1_BUFFER: usize = 64 * 1024;
/// HTTP/2 flow-control windows: what a client may send before the webhook
/// reads, per stream and per connection.
const STREAM_WINDOW: u32 = 64 * 1024;
const CONNECTION_WINDOW: u32 = 256 * 1024;
/// Largest HTTP/2 header block.
const MAX_HEADER_LIST: u32 = 64 * 1024;

/// TLS or not.
#[derive(Clone)]
pub enum Acceptor {
    /// Plain HTTP (the health port).
    Plain,
    /// HTTPS (the admission port).
    Tls(tokio_rustls::TlsAcceptor),
}

/// Which port, for metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Port {
    /// `--listen`.
    Admission,
    /// `--health-listen`.
    Health,
}

/// Requests in progress on one connection and when the last one ended.
struct Activity {
    active: AtomicUsize,
    last: Mutex<Instant>,
}

impl Activity {
    fn touch(&self) {
        *self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Instant::now();
    }

    fn idle_for(&self) -> Option<Duration> {
        if self.active.load(Ordering::Relaxed) > 0 {
            return None;
        }
        Some(
            self.last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .elapsed(),
        )
    }
}

/// Counts a request as in progress until its response is ready.
struct Active(Arc<Activity>);

impl Active {
    fn new(activity: &Arc<Activity>) -> Self {
        activity.active.fetch_add(1, Ordering::Relaxed);
        Self(Arc::clone(activity))
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        self.0.touch();
        self.0.active.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The router, seen by hyper, with the connection's activity tracked.
#[derive(Clone)]
struct Service {
    router: Router,
    activity: Arc<Activity>,
}

type ResponseFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

impl hyper::service::Service<Request<Incoming>> for Service {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = ResponseFuture;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let active = Active::new(&self.activity);
        let router = self.router.clone();
        Box::pin(async move {
            let response = router.oneshot(request).await;
            drop(active);
            response
        })
    }
}

/// Resolves once the connection has had no request in progress for `limit`.
async fn idle(activity: &Activity, limit: Duration) {
    loop {
        let wait = match activity.idle_for() {
            Some(idle) if idle >= limit => return,
            Some(idle) => limit - idle,
            None => limit,
        };
        tokio::time::sleep(wait.max(Duration::from_millis(10))).await;
    }
}

/// Resolves once `stop` says true.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // An error means the sender is gone: stop too.
    let _ = stop.wait_for(|stop| *stop).await;
}

fn builder(limits: &Limits) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(HTTP1_BUFFER);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(limits.max_streams)
        .initial_stream_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW)
        .max_header_list_size(MAX_HEADER_LIST)
        .max_pending_accept_reset_streams(Some(32))
        .keep_alive_interval(Some(Duration::from_secs(30)))
        .keep_alive_timeout(Duration::from_secs(10));
    builder
}

/// Serves `router` on `listener` until `stop` turns true; then stops
/// accepting, asks every connection to finish (HTTP/2 GOAWAY, HTTP/1.1
/// `Connection: close` after the request in progress) and waits for them at
/// most `shutdown_timeout`.
#[allow(clippy::too_many_arguments)] // one call site each, all fixed at start
pub async fn serve(
    listener: TcpListener,
    acceptor: Acceptor,
    router: Router,
    limits: Limits,
    metrics: Arc<Metrics>,
    port: Port,
    mut stop: watch::Receiver<bool>,
    shutdown_timeout: Duration,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let builder = Arc::new(builder(&limits));
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&slots).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = stopped(&mut stop) => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stopped(&mut stop) => break,
        };
        let tcp = match accepted {
            Ok((tcp, _peer)) => tcp,
            Err(e) => {
                // Out of descriptors and the like: pause instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let router = router.clone();
        let builder = Arc::clone(&builder);
        let metrics = Arc::clone(&metrics);
        let stop = stop.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let _open = metrics.connection_opened(port);
            // Whatever the connection buffered (a stalled body too) is freed
            // on the workers: they give it back when next idle.
            let _returned = ReturnMemoryOnClose;
            match acceptor {
                Acceptor::Plain => connection(tcp, router, &builder, &limits, stop).await,
                Acceptor::Tls(tls) => {
                    match tokio::time::timeout(limits.header_timeout, tls.accept(tcp)).await {
                        Ok(Ok(stream)) => {
                            connection(stream, router, &builder, &limits, stop).await;
                        }
                        Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                }
            }
        });
    }
    drop(listener);
    // Every permit back means every connection ended.
    let everyone = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(shutdown_timeout, slots.acquire_many(everyone))
        .await
        .is_err()
    {
        tracing::warn!(
            ?port,
            "connections still open after the shutdown timeout; closing them"
        );
    }
}

/// Asks for freed memory to be returned when dropped: at the end of a
/// connection, however it ends.
struct ReturnMemoryOnClose;

impl Drop for ReturnMemoryOnClose {
    fn drop(&mut self) {
        crate::memory::request_return();
    }
}

async fn connection<I>(
    io: I,
    router: Router,
    builder: &auto::Builder<TokioExecutor>,
    limits: &Limits,
    mut stop: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity {
        active: AtomicUsize::new(0),
        last: Mutex::new(Instant::now()),
    });
    let service = Service {
        router,
        activity: Arc::clone(&activity),
    };
    let connection = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(connection);
    let idle = idle(&activity, limits.idle_timeout);
    tokio::pin!(idle);
    let mut closing = false;
    // After an idle close, how long the client has to take its leave: an
    // HTTP/2 graceful close waits for the client's PING acknowledgement,
    // which a silent client never sends.
    let farewell = tokio::time::sleep(Duration::MAX / 4);
    tokio::pin!(farewell);
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            () = &mut idle, if !closing => {
                connection.as_mut().graceful_shutdown();
                closing = true;
                farewell.as_mut().reset(tokio::time::Instant::now() + limits.header_timeout);
            }
            () = stopped(&mut stop), if !closing => {
                // In-flight requests finish; the accept loop bounds the wait.
                connection.as_mut().graceful_shutdown();
                closing = true;
            }
            () = &mut farewell => return,
        }
    }
}

//! The HTTP server loop: hyper with the limits `axum::serve` leaves out.
//!
//! - Every connection has `CHO_HTTP_HEADER_TIMEOUT_SECS` to send a request's headers. hyper
//!   starts that clock whenever a connection waits for a request, so it bounds idle
//!   keep-alive connections too: a client that sends half a header (slowloris) or nothing at
//!   all is closed.
//! - At most `CHO_HTTP_MAX_CONNECTIONS` connections are served. Past that a small reserve
//!   of connections is still accepted, answers `/healthz` and `/readyz` (so an orchestrator
//!   does not kill a replica for being busy) and tells everyone else 503; past the reserve a
//!   connection is closed as soon as it is accepted, so the kernel's queue never fills.
//! - On shutdown the listener closes, idle connections are closed, in-flight requests get
//!   `CHO_SHUTDOWN_GRACE_SECS` to finish, and whatever is left is then dropped.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Connections accepted past the cap, to answer probes while the server is full.
const PROBE_RESERVE: usize = 32;
/// How long a reserve connection may take to send its headers.
const PROBE_HEADER_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains (see the module doc).
/// `overloaded` serves the reserve connections accepted past the cap.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    overloaded: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let serving = Arc::new(Semaphore::new(limits.max_connections));
    let reserve = Arc::new(Semaphore::new(PROBE_RESERVE));
    let full = builder(limits.header_timeout);
    let probes_only = builder(PROBE_HEADER_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors (EMFILE) or a connection reset before
                    // accept: wait a moment rather than spin, and keep serving.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        while connections.try_join_next().is_some() {}
        let (router, builder, permit) = if let Ok(permit) = serving.clone().try_acquire_owned() {
            (&app, &full, permit)
        } else if let Ok(permit) = reserve.clone().try_acquire_owned() {
            metrics::counter!("cho_http_connections_over_capacity_total").increment(1);
            (&overloaded, &probes_only, permit)
        } else {
            metrics::counter!("cho_http_connections_refused_total").increment(1);
            drop(stream);
            continue;
        };
        connections.spawn(serve_connection(
            builder.clone(),
            graceful.watcher(),
            stream,
            peer,
            router.clone(),
            permit,
        ));
    }
    drop(listener);
    let open = graceful.count();
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            open,
            grace_secs = limits.shutdown_grace.as_secs(),
            "connections still open after the shutdown grace period are closed"
        );
    }
    connections.shutdown().await;
}

/// HTTP/1.1 only: a proxy in front speaks it to us, and hyper's protocol sniffing for
/// HTTP/2 would wait, with no timeout, for a first byte that a silent client never sends.
fn builder(header_timeout: Duration) -> Builder {
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder
}

/// Serves one connection until it closes, holding its slot under the cap meanwhile.
async fn serve_connection(
    builder: Builder,
    watcher: Watcher,
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let service = router.map_request(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    });
    let connection =
        builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    // An error here is the client's doing (a reset, a header timeout): nothing to report.
    let _ = watcher.watch(connection).await;
}

/// Raises this process's open-file limit to the hard limit, so the connection cap, not
/// the default of 1,024 descriptors, decides how many clients are served.
pub fn raise_open_file_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open-file limit"),
        Err(err) => tracing::warn!(error = %err, "could not raise the open-file limit"),
    }
}

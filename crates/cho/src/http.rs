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
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Connections accepted past the cap, to answer probes while the server is full.
const PROBE_RESERVE: usize = 32;
/// How long a reserve connection may take to send its headers.
const PROBE_HEADER_TIMEOUT: Duration = Duration::from_secs(2);

/// The request line and headers together; past it the answer is 431. (A request line
/// alone past 64 KiB is answered 414 by hyper first.)
const MAX_HEADER_BYTES: usize = 96 * 1024;

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
        .header_read_timeout(header_timeout)
        .max_header_size(MAX_HEADER_BYTES);
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
    let io = TokioIo::new(JsonParseErrors::new(stream));
    let connection = builder.serve_connection(io, TowerToHyperService::new(service));
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

/// hyper answers a request it cannot parse (a target over 64 KiB, oversized headers, a
/// garbled request line) itself, with an empty body, before any handler runs. This
/// connection wrapper recognises those answers as they are written — a 4xx head with
/// `content-length: 0`, which no answer of ours has — and writes the same status with
/// the JSON error body every other error has.
struct JsonParseErrors<S> {
    inner: S,
    /// A rewritten answer being written: its bytes, how many are out, the original length.
    rewriting: Option<(Vec<u8>, usize, usize)>,
}

impl<S> JsonParseErrors<S> {
    fn new(inner: S) -> Self {
        JsonParseErrors {
            inner,
            rewriting: None,
        }
    }
}

/// The JSON answer for one of hyper's own empty 4xx answers, or `None` for anything else.
fn rewrite_parse_error(head: &[u8]) -> Option<Vec<u8>> {
    if !head.starts_with(b"HTTP/1.1 4")
        || memchr::memmem::find(head, b"\r\ncontent-length: 0\r\n").is_none()
    {
        return None;
    }
    let code: u16 = std::str::from_utf8(head.get(9..12)?).ok()?.parse().ok()?;
    let status = axum::http::StatusCode::from_u16(code).ok()?;
    let message = match code {
        414 => "the request URI is too long",
        431 => "the request headers are too large",
        _ => "the request could not be parsed as HTTP/1.1",
    };
    let body = serde_json::to_vec(&cho_platform::error::ErrorBody::new(status, message)).ok()?;
    let mut answer = format!(
        "HTTP/1.1 {code} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        status.canonical_reason().unwrap_or("Error"),
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    Some(answer)
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonParseErrors<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> JsonParseErrors<S> {
    /// Writes out the rewritten answer; ready with the length hyper meant to write.
    fn poll_rewritten(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<usize>> {
        let Some((bytes, written, original)) = &mut self.rewriting else {
            unreachable!("only called while rewriting")
        };
        while *written < bytes.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        let original = *original;
        self.rewriting = None;
        Poll::Ready(Ok(original))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonParseErrors<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        if this.rewriting.is_none() {
            match rewrite_parse_error(buf) {
                Some(answer) => this.rewriting = Some((answer, 0, buf.len())),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        this.poll_rewritten(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        if this.rewriting.is_none() {
            let first = bufs
                .iter()
                .find(|b| !b.is_empty())
                .map_or(&[][..], |b| &b[..]);
            match rewrite_parse_error(first) {
                Some(answer) => {
                    let original = bufs.iter().map(|b| b.len()).sum();
                    this.rewriting = Some((answer, 0, original));
                }
                None => return Pin::new(&mut this.inner).poll_write_vectored(cx, bufs),
            }
        }
        this.poll_rewritten(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite_parse_error;

    #[test]
    fn only_hypers_own_empty_4xx_answers_are_rewritten() {
        let hyper = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Thu, 03 Dec 2026 08:00:00 GMT\r\n\r\n";
        let answer = String::from_utf8(rewrite_parse_error(hyper).unwrap()).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\n")
        );
        assert!(answer.ends_with(
            r#""statusCode":414,"code":"uri_too_long","message":"the request URI is too long","error":"URI Too Long"}"#
        ));
        let ours = b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 62\r\n\r\n";
        assert!(rewrite_parse_error(ours).is_none());
        assert!(rewrite_parse_error(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
    }
}

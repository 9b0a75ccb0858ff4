//! The accept loop: Yorisoi's own, over hyper's HTTP/1.1, because a
//! connection must not hold the server hostage. `axum::serve` sets no
//! header-read timeout and no cap, so a silent socket, a half-sent request
//! line or a one-byte-a-minute drip stayed open for ever, and a few hundred
//! of them exhausted the open files so that nobody could connect.
//!
//! Here, each connection:
//! - must send each request's headers within `http_header_timeout_secs`
//!   (the clock starts when the connection waits for a request, so a silent
//!   or idle keep-alive connection is closed after it too);
//! - counts against a per-address cap (`limit_http_connections_per_address`,
//!   never more than a quarter of the connection budget; not applied behind
//!   a trusted proxy, whose own address every connection shares);
//! - counts against the connection budget: the open-files limit, raised to
//!   its hard limit at start, less [`HEADROOM`] kept for the database, logs
//!   and new staff connections. Over a cap the socket is closed at once,
//!   with one log line.
//!
//! Upgrades (the WebSockets) pass through; graceful shutdown stops
//! accepting, lets in-flight requests finish, and waits for connections.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tower::ServiceExt as _;

use crate::config::Config;
use crate::throttle::ConnectionCounter;

/// Open files kept free of HTTP connections: the database pool and its
/// journal, logs, and room to accept (and refuse) while near the budget.
pub const HEADROOM: u64 = 64;

/// How long to pause accepting after an accept error (out of files).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// How many HTTP connections the open-files limit allows, after raising
/// the soft limit to the hard one.
pub fn connection_budget() -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let raised = Rlimit {
        current: limit.maximum,
        maximum: limit.maximum,
    };
    let current = match setrlimit(Resource::Nofile, raised) {
        Ok(()) => limit.maximum,
        Err(error) => {
            tracing::warn!(%error, "cannot raise the open-files limit");
            limit.current
        }
    };
    // No limit at all: still a bound, so a flood meets a cap, not the kernel.
    let files = current.unwrap_or(1 << 20).min(1 << 20);
    files.saturating_sub(HEADROOM).max(16)
}

/// The caps one accept loop applies.
#[derive(Debug, Clone, Copy)]
struct Caps {
    /// Every open connection.
    total: u64,
    /// Open connections per peer address (`None` behind a trusted proxy).
    per_address: Option<u32>,
    /// The header-read (and keep-alive idle) timeout.
    header_timeout: Duration,
}

impl Caps {
    fn new(config: &Config, budget: u64) -> Self {
        let quarter = u32::try_from(budget / 4).unwrap_or(u32::MAX).max(1);
        Caps {
            total: budget,
            per_address: config
                .trusted_proxy_header
                .is_none()
                .then(|| config.limit_http_connections_per_address.min(quarter)),
            header_timeout: Duration::from_secs(u64::from(config.http_header_timeout_secs)),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` flips to true.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    config: &Config,
    shutdown: watch::Receiver<bool>,
) {
    let caps = Caps::new(config, connection_budget());
    tracing::debug!(?caps, "accepting connections");
    let per_address = Arc::new(ConnectionCounter::default());
    let total = Arc::new(ConnectionCounter::default());
    // Each connection task holds a sender; when all are dropped, all are done.
    let (alive, mut all_done) = mpsc::channel::<Infallible>(1);
    let mut stopping = std::pin::pin!(stopped(shutdown.clone()));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stopping => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                tracing::warn!(%error, "accept failed; pausing");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let Some(counted) = total.open("all", u32::try_from(caps.total).unwrap_or(u32::MAX)) else {
            tracing::warn!(
                limit = "http_connections",
                scope = "server",
                "connection refused"
            );
            continue;
        };
        let address_guard = match caps.per_address {
            Some(max) => match per_address.open(&peer.ip().to_string(), max) {
                Some(guard) => Some(guard),
                None => {
                    tracing::warn!(
                        limit = "http_connections",
                        scope = "address",
                        "connection refused"
                    );
                    continue;
                }
            },
            None => None,
        };
        // A chat writes small frames and waits for answers: Nagle's
        // algorithm would hold a frame back until the peer's delayed ACK
        // (~40 ms on Linux) whenever an earlier one is still unacknowledged.
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
        let app = app.clone();
        let shutdown = shutdown.clone();
        let alive = alive.clone();
        tokio::spawn(async move {
            serve_connection(stream, peer, app, caps.header_timeout, shutdown).await;
            drop((counted, address_guard, alive));
        });
    }
    drop(alive);
    let _every_connection_closed = all_done.recv().await;
}

/// One connection, until it closes (or is upgraded and handed over).
async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    header_timeout: Duration,
    shutdown: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        // What `into_make_service_with_connect_info` would give handlers.
        request.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(request.map(axum::body::Body::new))
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Some(header_timeout))
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
            if let Err(error) = result {
                tracing::debug!(%error, "connection ended with an error");
            }
        }
        () = stopped(shutdown) => {
            connection.as_mut().graceful_shutdown();
            let _finished = connection.await;
        }
    }
}

/// Completes once the server is shutting down (or its state is gone).
async fn stopped(mut shutdown: watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`: drop it here.
    let _stopped_or_gone = shutdown.wait_for(|stopping| *stopping).await.map(|_| ());
}

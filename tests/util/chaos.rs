//! A fault-injecting WebSocket proxy for the chaos test. Clients connect to
//! it as to the server; for each connection it opens one to the real server
//! (same path, same `Cookie`) and forwards whole frames both ways, except
//! that, while chaos is on, a seeded generator drops, delays, duplicates
//! frames and cuts connections. Faults are bounded by a budget; [`calm`]
//! turns chaos off and cuts every live connection, so clients reconnect
//! through a clean network and settle.
//!
//! Reproducibility: each connection direction has its own generator seeded
//! from (seed, connection number, direction), so the fault drawn for the
//! n-th frame of a direction is a function of the seed. Connection numbers
//! follow accept order and the budget is shared, so concurrent runs replay
//! the same kinds of faults, not always on exactly the same frames.
//!
//! [`calm`]: ChaosProxy::calm

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{AbortHandle, JoinHandle};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

/// How often each fault strikes a frame while chaos is on, and the bounds.
#[derive(Debug, Clone, Copy)]
pub struct Faults {
    /// Chance a frame is dropped.
    pub drop: f64,
    /// Chance a frame is sent twice.
    pub duplicate: f64,
    /// Chance a frame is held back (and everything after it on that
    /// direction) for up to `max_delay`.
    pub delay: f64,
    /// Chance the connection is cut at this frame.
    pub cut: f64,
    /// Longest delay.
    pub max_delay: Duration,
    /// Most faults injected in total.
    pub budget: u32,
}

/// Counts of injected faults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Frames forwarded (each copy counts).
    pub forwarded: u64,
    /// Frames dropped.
    pub dropped: u64,
    /// Frames duplicated.
    pub duplicated: u64,
    /// Frames delayed.
    pub delayed: u64,
    /// Connections cut.
    pub cut: u64,
    /// Connections accepted.
    pub connections: u64,
}

struct Shared {
    upstream: String,
    seed: u64,
    faults: Faults,
    chaos: AtomicBool,
    budget: AtomicU32,
    next_connection: AtomicU64,
    /// Live connections, to cut on `calm`; std Mutex: never held across an await.
    live: Mutex<Vec<AbortHandle>>,
    stats: Mutex<Stats>,
}

/// The proxy; stops accepting on drop.
pub struct ChaosProxy {
    address: SocketAddr,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

impl ChaosProxy {
    /// Starts a proxy in front of `upstream` (`ws://host:port`), chaos on.
    pub async fn start(upstream: String, seed: u64, faults: Faults) -> ChaosProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let address = listener.local_addr().expect("proxy address");
        let shared = Arc::new(Shared {
            upstream,
            seed,
            faults,
            chaos: AtomicBool::new(true),
            budget: AtomicU32::new(faults.budget),
            next_connection: AtomicU64::new(0),
            live: Mutex::new(Vec::new()),
            stats: Mutex::new(Stats::default()),
        });
        let accept = tokio::spawn(accept_loop(listener, shared.clone()));
        ChaosProxy {
            address,
            shared,
            accept,
        }
    }

    /// A `ws://` URL through the proxy for `path`.
    pub fn ws_url(&self, path: &str) -> String {
        format!("ws://{}{path}", self.address)
    }

    /// Chaos off from now on, and every live connection cut.
    pub fn calm(&self) {
        self.shared.chaos.store(false, Ordering::SeqCst);
        let live = std::mem::take(&mut *self.shared.live.lock().expect("live list"));
        for connection in live {
            connection.abort();
        }
    }

    /// What was injected so far.
    pub fn stats(&self) -> Stats {
        *self.shared.stats.lock().expect("stats")
    }
}

impl Drop for ChaosProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.calm();
    }
}

impl Shared {
    fn count(&self, update: impl FnOnce(&mut Stats)) {
        update(&mut self.stats.lock().expect("stats"));
    }

    /// Takes one fault from the budget, if chaos is on and any is left.
    fn take_fault(&self) -> bool {
        self.chaos.load(Ordering::SeqCst)
            && self
                .budget
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                    left.checked_sub(1)
                })
                .is_ok()
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _peer)) = listener.accept().await {
        let number = shared.next_connection.fetch_add(1, Ordering::SeqCst);
        shared.count(|stats| stats.connections += 1);
        let task = tokio::spawn(proxy_connection(stream, number, shared.clone()));
        let mut live = shared.live.lock().expect("live list");
        live.retain(|handle| !handle.is_finished());
        live.push(task.abort_handle());
    }
}

async fn proxy_connection(stream: TcpStream, number: u64, shared: Arc<Shared>) {
    let mut path = String::new();
    let mut cookie = None;
    // The callback's signature is tungstenite's, large error type included.
    #[allow(clippy::result_large_err)]
    let capture = |request: &Request, response: Response| {
        path = request.uri().to_string();
        cookie = request.headers().get("cookie").cloned();
        Ok(response)
    };
    let Ok(client) = tokio_tungstenite::accept_hdr_async(stream, capture).await else {
        return;
    };
    let Ok(mut request) = format!("{}{path}", shared.upstream).into_client_request() else {
        return;
    };
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", cookie);
    }
    // The proxy is network trouble, not another site: the page's origin is
    // the server's own.
    if let Ok(origin) = crate::origin_of(&shared.upstream).parse() {
        request.headers_mut().insert("origin", origin);
    }
    let Ok((server, _response)) = tokio_tungstenite::connect_async(request).await else {
        return;
    };
    let (client_sink, client_stream) = client.split();
    let (server_sink, server_stream) = server.split();
    let seed = |direction: u64| shared.seed ^ (number << 8 | direction).wrapping_mul(0x9e37_79b9);
    // Whichever direction ends (close, error or cut) ends both: dropping
    // the halves closes both sockets.
    tokio::select! {
        () = pump(client_stream, server_sink, StdRng::seed_from_u64(seed(1)), &shared) => {}
        () = pump(server_stream, client_sink, StdRng::seed_from_u64(seed(2)), &shared) => {}
    }
}

async fn pump<R, W>(mut from: R, mut to: W, mut rng: StdRng, shared: &Shared)
where
    R: futures_util::Stream<Item = Result<WsMessage, tokio_tungstenite::tungstenite::Error>>
        + Unpin,
    W: futures_util::Sink<WsMessage> + Unpin,
{
    let faults = shared.faults;
    while let Some(Ok(message)) = from.next().await {
        if !matches!(message, WsMessage::Text(_) | WsMessage::Binary(_)) {
            if message.is_close() {
                return;
            }
            continue; // Ping/pong: each side's library answers its own.
        }
        // Draw for every frame, so the sequence does not depend on the mode.
        let roll: f64 = rng.random();
        let delay = faults.max_delay.mul_f64(rng.random());
        let mut copies = 1;
        let thresholds = [
            faults.drop,
            faults.drop + faults.duplicate,
            faults.drop + faults.duplicate + faults.delay,
            faults.drop + faults.duplicate + faults.delay + faults.cut,
        ];
        if roll < thresholds[3] && shared.take_fault() {
            if roll < thresholds[0] {
                shared.count(|stats| stats.dropped += 1);
                continue;
            } else if roll < thresholds[1] {
                shared.count(|stats| stats.duplicated += 1);
                copies = 2;
            } else if roll < thresholds[2] {
                shared.count(|stats| stats.delayed += 1);
                tokio::time::sleep(delay).await;
            } else {
                shared.count(|stats| stats.cut += 1);
                return;
            }
        }
        for _ in 0..copies {
            if to.send(message.clone()).await.is_err() {
                return;
            }
            shared.count(|stats| stats.forwarded += 1);
        }
    }
}

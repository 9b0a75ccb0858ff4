//! Loopback WebSocket connections as a browser makes them (`Origin` of the
//! server's own pages, `TCP_NODELAY` as browsers set it), optionally from a
//! chosen source address: one loopback address has only ~28,000 ephemeral
//! ports, so the idle-connection scenario spreads its sockets over
//! 127.0.0.2, 127.0.0.3… by binding each socket before connecting.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use anyhow::Context as _;
use futures_util::SinkExt as _;
use serde::Serialize;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// A client WebSocket over plain TCP.
pub type Ws = WebSocketStream<TcpStream>;

/// Longest wait for one connection and its handshake.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The server's address.
    pub address: SocketAddr,
    /// The path of the socket (`/api/widget/ws`).
    pub path: String,
    /// Headers to send with the upgrade (`Origin`, `Cookie`).
    pub headers: Vec<(String, String)>,
}

impl Endpoint {
    /// The `Origin` the server's own pages send.
    pub fn own_origin(address: SocketAddr) -> String {
        format!("http://{address}")
    }
}

/// The `read_buffer_size` of the bench's sockets: tungstenite allocates it
/// eagerly, and the default (128 KiB) times ten thousand idle sockets would
/// make the client, not the server, the memory hog.
const READ_BUFFER: usize = 8 * 1024;

/// Opens a WebSocket to `endpoint`, from `source` when given.
pub async fn connect(endpoint: &Endpoint, source: Option<Ipv4Addr>) -> anyhow::Result<Ws> {
    let attempt = async {
        let socket = TcpSocket::new_v4().context("a TCP socket")?;
        if let Some(source) = source {
            socket
                .bind(SocketAddr::from((source, 0)))
                .with_context(|| format!("binding to {source}"))?;
        }
        let stream = socket
            .connect(endpoint.address)
            .await
            .with_context(|| format!("connecting to {}", endpoint.address))?;
        stream.set_nodelay(true).context("TCP_NODELAY")?;
        let url = format!("ws://{}{}", endpoint.address, endpoint.path);
        let mut request = url.into_client_request().context("a ws request")?;
        for (name, value) in &endpoint.headers {
            let name =
                tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes())
                    .context("a header name")?;
            request
                .headers_mut()
                .append(name, value.parse().context("a header value")?);
        }
        let config = WebSocketConfig::default().read_buffer_size(READ_BUFFER);
        let (ws, _response) =
            tokio_tungstenite::client_async_with_config(request, stream, Some(config))
                .await
                .context("the WebSocket handshake")?;
        anyhow::Ok(ws)
    };
    tokio::time::timeout(CONNECT_TIMEOUT, attempt)
        .await
        .context("connecting timed out")?
}

/// Sends one frame as JSON text.
pub async fn send_frame(ws: &mut Ws, frame: &impl Serialize) -> anyhow::Result<()> {
    let text = serde_json::to_string(frame).context("encoding a frame")?;
    ws.send(WsMessage::text(text))
        .await
        .context("sending a frame")
}

/// Raises this process's open-files limit (soft and hard) to `wanted` where
/// allowed (root may raise the hard limit; others only the soft one up to
/// it). Children inherit it: the server started afterwards may hold as many
/// sockets as the bench. Returns the soft limit now in force.
pub fn raise_open_files(wanted: u64) -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let before = getrlimit(Resource::Nofile);
    let raised = Rlimit {
        current: Some(wanted),
        maximum: Some(wanted.max(before.maximum.unwrap_or(wanted))),
    };
    if setrlimit(Resource::Nofile, raised).is_err() {
        let soft_only = Rlimit {
            current: before.maximum.map(|hard| hard.min(wanted)),
            maximum: before.maximum,
        };
        let _unchanged = setrlimit(Resource::Nofile, soft_only);
    }
    getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX)
}

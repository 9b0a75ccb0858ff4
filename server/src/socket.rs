//! Plumbing shared by the two WebSocket loops: decoding text frames into
//! protocol frames, encoding replies, liveness, and announcing a change to
//! the hub. The loops are generic over `Sink`/`Stream` of axum WebSocket
//! messages so tests can drive them without a network.
//!
//! Liveness: the server sends a WebSocket `Ping` every
//! [`HEARTBEAT_INTERVAL`] (proxies drop idle connections after ~30 s) and
//! closes a socket from which nothing at all (frame, `Pong`, anything) has
//! arrived for [`IDLE_TIMEOUT`]: a phone that vanished without a close must
//! not hold a task and a hub subscription forever. Both use tokio time, so
//! tests drive them with `tokio::time::pause`.
//!
//! Access: a session may ask the loop to close the socket (after "forget
//! this device", or when its credential was revoked elsewhere, see
//! [`crate::hub::Revocation`]); the heartbeat tick also lets it recheck its
//! credential ([`Session::on_tick`]), so an expired staff session cannot
//! keep receiving a live feed.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use futures_util::{Sink, SinkExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yorisoi_protocol::limits::{HEARTBEAT_INTERVAL_MS, SERVER_IDLE_TIMEOUT_MS};
use yorisoi_protocol::{ConversationId, Message};

use crate::hub::{ConnectionId, Event, EventKind, Revocation};
use crate::state::AppState;

/// A WebSocket ping this often keeps proxies and NAT from dropping idle chats.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_millis(HEARTBEAT_INTERVAL_MS as u64);

/// A socket silent for this long is closed (three missed heartbeats).
pub const IDLE_TIMEOUT: Duration = Duration::from_millis(SERVER_IDLE_TIMEOUT_MS as u64);

/// What a received WebSocket message means for the loop.
pub enum Incoming<F> {
    /// A well-formed protocol frame.
    Frame(F),
    /// Binary, or text that is not a frame of this socket.
    Malformed,
    /// The peer closed the connection.
    Closed,
    /// Control traffic the library already handled (ping/pong).
    Ignore,
}

/// Decodes one WebSocket message into a protocol frame.
pub fn decode<F: DeserializeOwned>(message: WsMessage) -> Incoming<F> {
    match message {
        WsMessage::Text(text) => match serde_json::from_str(text.as_str()) {
            Ok(frame) => Incoming::Frame(frame),
            Err(_) => Incoming::Malformed,
        },
        WsMessage::Binary(_) => Incoming::Malformed,
        WsMessage::Close(_) => Incoming::Closed,
        WsMessage::Ping(_) | WsMessage::Pong(_) => Incoming::Ignore,
    }
}

/// Sends one frame as a JSON text message; `Err` means the socket is gone.
pub async fn send_frame<S, F>(sink: &mut S, frame: &F) -> Result<(), ()>
where
    S: Sink<WsMessage> + Unpin,
    F: Serialize,
{
    let text = serde_json::to_string(frame).map_err(|error| {
        tracing::error!(%error, "cannot encode frame");
    })?;
    sink.send(WsMessage::text(text)).await.map_err(|_| ())
}

/// Publishes a committed message (if any) and the conversation's new summary.
pub async fn announce(
    state: &AppState,
    origin: ConnectionId,
    conversation: ConversationId,
    message: Option<Message>,
) {
    if let Some(message) = message {
        state.hub().publish(Event {
            conversation,
            origin,
            kind: EventKind::Message(message),
        });
    }
    match state.store().summary(conversation).await {
        Ok(Some(summary)) => state.hub().publish(Event {
            conversation,
            origin,
            kind: EventKind::Summary(summary),
        }),
        Ok(None) => {}
        // The change itself is committed; consoles catch up on reconnect.
        Err(error) => tracing::error!(%error, conversation = conversation.0, "cannot load summary"),
    }
}

/// One socket's protocol logic, apart from the transport.
pub trait Session: Send {
    /// Frames the client sends.
    type In: DeserializeOwned + Send;
    /// Frames the server sends.
    type Out: Serialize + Send + Sync;

    /// Frames to send as soon as the socket opens.
    fn greet(&mut self) -> impl Future<Output = Vec<Self::Out>> + Send;
    /// Answers one client frame.
    fn handle(&mut self, frame: Self::In) -> impl Future<Output = Vec<Self::Out>> + Send;
    /// Turns a hub event into the frames this client should see (none, or
    /// a missing stretch of messages read back from the database).
    fn on_event(&mut self, event: Event) -> impl Future<Output = Vec<Self::Out>> + Send;
    /// The reply to a frame that could not be read.
    fn malformed(&self) -> Self::Out;
    /// Frames to send on each heartbeat tick (a credential check); none by
    /// default.
    fn on_tick(&mut self) -> impl Future<Output = Vec<Self::Out>> + Send {
        async { Vec::new() }
    }
    /// Reacts to a revoked credential (frames to send; the session then
    /// asks to close through [`Session::close_code`] if it held it).
    fn on_revocation(&mut self, revocation: &Revocation) -> Vec<Self::Out>;
    /// `Some(code)` once the socket must close, after the pending frames.
    fn close_code(&self) -> Option<u16>;
}

/// Close code: the credential the socket was opened with is no longer valid.
pub const CLOSE_REVOKED: u16 = 1008;

/// Close code: too many sockets from this address; try again later.
pub const CLOSE_TRY_AGAIN_LATER: u16 = 1013;

/// Answers an upgraded socket that may not stay (over the connection cap):
/// one frame saying why, then a close with `code`.
pub async fn refuse<F: Serialize>(mut socket: WebSocket, frame: &F, code: u16) {
    let _gone = send_frame(&mut socket, frame).await;
    let close = CloseFrame {
        code,
        reason: "".into(),
    };
    let _gone = socket.send(WsMessage::Close(Some(close))).await;
}

/// Runs a socket until the client leaves or goes silent, falls behind the
/// hub, or the server shuts down. Each turn waits for whichever comes first:
/// the next client frame, a hub event, the heartbeat tick, the idle deadline
/// or shutdown.
pub async fn run<T, S, R, E>(state: &AppState, mut session: T, mut sink: S, mut stream: R)
where
    T: Session,
    S: Sink<WsMessage> + Unpin + Send,
    R: futures_util::Stream<Item = Result<WsMessage, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    use futures_util::StreamExt as _;
    use tokio::sync::broadcast::error::RecvError;
    use tokio::time::Instant;

    // Subscribe before any database read (the greeting, `Hello`, `Open`), so
    // nothing committed after the read can be missed; duplicates are dropped
    // by the sessions' cursors.
    let mut events = state.hub().subscribe();
    let mut revocations = state.hub().subscribe_revocations();
    let mut shutdown = state.shutdown_signal();
    // The guard `wait_for` returns is not `Send`: drop it inside the future.
    let stopping = async move {
        let _stopped_or_gone = shutdown.wait_for(|stopping| *stopping).await.map(|_| ());
    };
    let mut stopping = std::pin::pin!(stopping);
    let mut heartbeat =
        tokio::time::interval_at(Instant::now() + HEARTBEAT_INTERVAL, HEARTBEAT_INTERVAL);
    let mut heard_until = Instant::now() + IDLE_TIMEOUT;

    let mut outgoing = session.greet().await;
    let mut close_code: Option<u16>;
    loop {
        for frame in outgoing.drain(..) {
            if send_frame(&mut sink, &frame).await.is_err() {
                return;
            }
        }
        close_code = session.close_code();
        if close_code.is_some() {
            break;
        }
        outgoing = tokio::select! {
            incoming = stream.next() => {
                heard_until = Instant::now() + IDLE_TIMEOUT;
                match incoming {
                    Some(Ok(message)) => match decode(message) {
                        Incoming::Frame(frame) => session.handle(frame).await,
                        Incoming::Malformed => vec![session.malformed()],
                        Incoming::Ignore => Vec::new(),
                        Incoming::Closed => break,
                    },
                    Some(Err(error)) => {
                        // Includes frames over the size limit: the library has
                        // already failed the connection.
                        tracing::debug!(%error, "socket read failed");
                        break;
                    }
                    None => break,
                }
            },
            event = events.recv() => match event {
                Ok(event) => session.on_event(event).await,
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "socket fell behind the hub; closing it so the client resumes");
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            revocation = revocations.recv() => match revocation {
                Ok(revocation) => session.on_revocation(&revocation),
                Err(RecvError::Lagged(_)) => {
                    tracing::warn!("socket fell behind on revocations; closing it");
                    close_code = Some(CLOSE_REVOKED);
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            _ = heartbeat.tick() => {
                if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                    return;
                }
                session.on_tick().await
            }
            () = tokio::time::sleep_until(heard_until) => {
                tracing::debug!("socket silent too long; closing it");
                break;
            }
            () = &mut stopping => break,
        };
    }
    let close = close_code.map(|code| CloseFrame {
        code,
        reason: "".into(),
    });
    let _already_closed = sink.send(WsMessage::Close(close)).await;
    let _already_closed = sink.close().await;
}

#[cfg(test)]
#[path = "socket_tests.rs"]
pub(crate) mod tests;

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

use std::time::Duration;

use axum::extract::ws::Message as WsMessage;
use futures_util::{Sink, SinkExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yorisoi_protocol::limits::{HEARTBEAT_INTERVAL_MS, SERVER_IDLE_TIMEOUT_MS};
use yorisoi_protocol::{ConversationId, Message};

use crate::hub::{ConnectionId, Event, EventKind};
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
    loop {
        for frame in outgoing.drain(..) {
            if send_frame(&mut sink, &frame).await.is_err() {
                return;
            }
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
            _ = heartbeat.tick() => {
                if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                    return;
                }
                Vec::new()
            }
            () = tokio::time::sleep_until(heard_until) => {
                tracing::debug!("socket silent too long; closing it");
                break;
            }
            () = &mut stopping => break,
        };
    }
    let _already_closed = sink.send(WsMessage::Close(None)).await;
    let _already_closed = sink.close().await;
}

#[cfg(test)]
#[path = "socket_tests.rs"]
mod tests;

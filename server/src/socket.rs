//! Plumbing shared by the two WebSocket loops: decoding text frames into
//! protocol frames, encoding replies, the keep-alive interval, and announcing
//! a change to the hub. The loops are generic over `Sink`/`Stream` of axum
//! WebSocket messages so tests can drive them without a network.

use std::time::Duration;

use axum::extract::ws::Message as WsMessage;
use futures_util::{Sink, SinkExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yorisoi_protocol::{ConversationId, Message};

use crate::hub::{ConnectionId, Event, EventKind};
use crate::state::AppState;

/// A WebSocket ping this often keeps proxies and NAT from dropping idle chats.
pub const PING_INTERVAL: Duration = Duration::from_secs(25);

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
    /// Turns a hub event into a frame, if this client should see it.
    fn on_event(&mut self, event: Event) -> Option<Self::Out>;
    /// The reply to a frame that could not be read.
    fn malformed(&self) -> Self::Out;
}

/// Runs a socket until the client leaves, falls behind the hub, or the
/// server shuts down. Each turn waits for whichever comes first: the next
/// client frame, a hub event, the keep-alive tick or shutdown.
pub async fn run<T, S, R, E>(state: &AppState, mut session: T, mut sink: S, mut stream: R)
where
    T: Session,
    S: Sink<WsMessage> + Unpin + Send,
    R: futures_util::Stream<Item = Result<WsMessage, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    use futures_util::StreamExt as _;
    use tokio::sync::broadcast::error::RecvError;

    // Subscribe before greeting so nothing committed after the greeting's
    // database read can be missed (sessions drop duplicates by sequence).
    let mut events = state.hub().subscribe();
    let mut shutdown = state.shutdown_signal();
    // The guard `wait_for` returns is not `Send`: drop it inside the future.
    let stopping = async move {
        let _stopped_or_gone = shutdown.wait_for(|stopping| *stopping).await.map(|_| ());
    };
    let mut stopping = std::pin::pin!(stopping);
    let start = tokio::time::Instant::now() + PING_INTERVAL;
    let mut keep_alive = tokio::time::interval_at(start, PING_INTERVAL);

    let mut outgoing = session.greet().await;
    loop {
        for frame in outgoing.drain(..) {
            if send_frame(&mut sink, &frame).await.is_err() {
                return;
            }
        }
        outgoing = tokio::select! {
            incoming = stream.next() => match incoming {
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
            },
            event = events.recv() => match event {
                Ok(event) => session.on_event(event).into_iter().collect(),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "socket fell behind the hub; closing it so the client resumes");
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            _ = keep_alive.tick() => {
                if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                    return;
                }
                Vec::new()
            }
            () = &mut stopping => break,
        };
    }
    let _already_closed = sink.send(WsMessage::Close(None)).await;
    let _already_closed = sink.close().await;
}

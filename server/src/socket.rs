//! The two WebSockets as transport: [`widget`] (the parent's) and
//! [`console`] (staff). Each decodes a frame, calls one use case of its
//! connection in [`crate::service`] and encodes the result; this module is
//! the loop they share: decoding text frames into protocol frames, encoding
//! replies, the hub subscription, liveness and shutdown. The loop is generic
//! over `Sink`/`Stream` of axum WebSocket messages so tests can drive it
//! without a network.
//!
//! Falling behind: a socket that misses events (its channel overflowed
//! while it was busy) makes up for them from the database when its
//! session can ([`Session::on_lagged`]: a widget reads its conversation's
//! missing messages and read mark); otherwise it closes and its client
//! resumes. Either way nothing is lost.
//!
//! Subscriptions: a connection names the hub topic it needs
//! ([`Session::topic`]): a console its organisation, a widget its
//! conversation (or its token before the conversation exists). The loop
//! subscribes before the connection reads the database for its greeting,
//! and whenever the topic changes it subscribes anew and then asks the
//! connection to catch up from the database ([`Session::caught_up`]), so
//! nothing committed in between is missed; duplicates are dropped by the
//! connections' cursors.
//!
//! Floods: every message a client sends takes a token from the socket's own
//! bucket (`limit_socket_frames_burst` at once, then
//! `limit_socket_frames_per_second`); a frame without one is not handled
//! but answered `Error RateLimited` ([`Session::rate_limited`]), and a
//! socket that keeps flooding is closed.
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
use yorisoi_protocol::limits::{
    CLOSE_REVOKED, CLOSE_SERVICE_RESTART, CLOSE_TRY_AGAIN_LATER, HEARTBEAT_INTERVAL_MS,
    SERVER_IDLE_TIMEOUT_MS,
};

use yorisoi_protocol::{ClientId, ErrorCode};

use crate::error::ServiceError;
use crate::hub::{Event, Revocation, Subscription, Topic};
use crate::service::Service;
use crate::throttle::SocketBucket;

pub mod console;
pub mod widget;

/// A WebSocket ping this often keeps proxies and NAT from dropping idle chats.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_millis(HEARTBEAT_INTERVAL_MS as u64);

/// A socket that keeps flooding after this many refused frames in a row is
/// closed (1013, try again later): refusing costs little, but not nothing.
pub const MAX_REFUSED_IN_A_ROW: u32 = 1000;

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
    sink.send(encode(frame)?).await.map_err(|_| ())
}

/// Sends frames as one write: each is queued in the socket's write buffer
/// and the buffer is flushed once, so a busy console gets a burst of events
/// in one system call instead of one each. `Err` means the socket is gone.
async fn send_frames<S, F>(sink: &mut S, frames: &mut Vec<F>) -> Result<(), ()>
where
    S: Sink<WsMessage> + Unpin,
    F: Serialize,
{
    if frames.is_empty() {
        return Ok(());
    }
    for frame in frames.drain(..) {
        sink.feed(encode(&frame)?).await.map_err(|_| ())?;
    }
    sink.flush().await.map_err(|_| ())
}

fn encode<F: Serialize>(frame: &F) -> Result<WsMessage, ()> {
    let text = serde_json::to_string(frame).map_err(|error| {
        tracing::error!(%error, "cannot encode frame");
    })?;
    Ok(WsMessage::text(text))
}

/// At most this many hub events already waiting are handled in one turn
/// of the loop and written together.
pub const EVENTS_PER_WRITE: usize = 64;

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
    /// The socket's name in log lines.
    const NAME: &'static str;
    /// An `Error` frame of this socket's protocol.
    fn error(code: ErrorCode, client_id: Option<ClientId>) -> Self::Out;
    /// The client id of the message a frame posts, if it posts one.
    fn message_id(frame: &Self::In) -> Option<&ClientId>;
    /// The reply to a frame that could not be read.
    fn malformed(&self) -> Self::Out {
        Self::error(ErrorCode::MalformedFrame, None)
    }
    /// The reply to a frame refused by the socket's frame-rate limit, if
    /// any: `Error RateLimited`, always for a message (naming it, so its
    /// sender shows it as not sent), else only for the first refusal in a
    /// row (`first`), so a flood costs little to refuse.
    fn rate_limited(&self, frame: &Self::In, first: bool) -> Option<Self::Out> {
        match Self::message_id(frame) {
            Some(client_id) => Some(Self::error(ErrorCode::RateLimited, Some(client_id.clone()))),
            None => first.then(|| Self::error(ErrorCode::RateLimited, None)),
        }
    }
    /// A use case's refusal or failure as the client sees it: its code and
    /// message, never the cause (failures are logged).
    fn refused(failure: &ServiceError) -> Vec<Self::Out> {
        failure.log(Self::NAME);
        vec![Self::error(failure.code(), failure.client_id())]
    }
    /// Frames to send on each heartbeat tick (a credential check); none by
    /// default.
    fn on_tick(&mut self) -> impl Future<Output = Vec<Self::Out>> + Send {
        async { Vec::new() }
    }
    /// Reacts to a revoked credential (frames to send; the session then
    /// asks to close through [`Session::close_code`] if it held it).
    fn on_revocation(&mut self, revocation: &Revocation) -> Vec<Self::Out>;
    /// The hub topic the connection needs now (`None`: nothing yet).
    fn topic(&self) -> Option<Topic>;
    /// Frames the client lacks after a new subscription (read from the
    /// database); none by default.
    fn caught_up(&mut self) -> impl Future<Output = Vec<Self::Out>> + Send {
        async { Vec::new() }
    }
    /// `Some(code)` once the socket must close, after the pending frames.
    fn close_code(&self) -> Option<u16>;
    /// The subscription fell behind the hub and events were dropped: the
    /// frames that make up for them (read from the database), or `None`
    /// when the connection cannot make up and must close (its client
    /// resumes). Closing by default.
    fn on_lagged(&mut self) -> impl Future<Output = Option<Vec<Self::Out>>> + Send {
        async { None }
    }
    /// The socket has ended, however it ended (the client left or went
    /// silent, the server stopped it): what to record. Nothing by default.
    fn closed(&mut self) -> impl Future<Output = ()> + Send {
        async {}
    }
}

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
/// hub, or the server shuts down, then tells the session it ended
/// ([`Session::closed`]).
pub async fn run<T, S, R, E>(service: &Service, mut session: T, sink: S, stream: R)
where
    T: Session,
    S: Sink<WsMessage> + Unpin + Send,
    R: futures_util::Stream<Item = Result<WsMessage, E>> + Unpin + Send,
    E: std::fmt::Display,
{
    serve(service, &mut session, sink, stream).await;
    session.closed().await;
}

/// The socket's loop. Each turn waits for whichever comes first: the next
/// client frame, a hub event, the heartbeat tick, the idle deadline or
/// shutdown.
async fn serve<T, S, R, E>(service: &Service, session: &mut T, mut sink: S, mut stream: R)
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
    let mut events: Option<Subscription> = session.topic().map(|t| service.hub().subscribe(t));
    let mut revocations = service.hub().subscribe_revocations();
    let mut shutdown = service.shutdown_signal();
    // The guard `wait_for` returns is not `Send`: drop it inside the future.
    let stopping = async move {
        let _stopped_or_gone = shutdown.wait_for(|stopping| *stopping).await.map(|_| ());
    };
    let mut stopping = std::pin::pin!(stopping);
    let mut heartbeat =
        tokio::time::interval_at(Instant::now() + HEARTBEAT_INTERVAL, HEARTBEAT_INTERVAL);
    let mut heard_until = Instant::now() + IDLE_TIMEOUT;

    let config = service.config();
    // Every message from the client, control frames included, takes a
    // token: a flood is refused cheaply and slows nobody else.
    let mut frames = SocketBucket::new(
        config.limit_socket_frames_burst,
        config.limit_socket_frames_per_second,
        1000,
        service.now_ms(),
    );
    let mut refused_in_a_row: u32 = 0;

    let mut outgoing = session.greet().await;
    let mut close_code: Option<u16>;
    loop {
        if send_frames(&mut sink, &mut outgoing).await.is_err() {
            return;
        }
        close_code = session.close_code();
        if close_code.is_some() {
            break;
        }
        let wanted = session.topic();
        if wanted.as_ref() != events.as_ref().map(Subscription::topic) {
            events = wanted.map(|topic| service.hub().subscribe(topic));
            outgoing = session.caught_up().await;
            continue;
        }
        outgoing = tokio::select! {
            incoming = stream.next() => {
                heard_until = Instant::now() + IDLE_TIMEOUT;
                match incoming {
                    Some(Ok(message)) if !frames.take(service.now_ms()) => {
                        refused_in_a_row += 1;
                        if refused_in_a_row > MAX_REFUSED_IN_A_ROW {
                            tracing::warn!(limit = "socket_frames", "socket flooding; closing it");
                            close_code = Some(CLOSE_TRY_AGAIN_LATER);
                            break;
                        }
                        match decode::<T::In>(message) {
                            Incoming::Frame(frame) => session
                                .rate_limited(&frame, refused_in_a_row == 1)
                                .into_iter()
                                .collect(),
                            Incoming::Closed => break,
                            Incoming::Malformed | Incoming::Ignore => Vec::new(),
                        }
                    }
                    Some(Ok(message)) => {
                        refused_in_a_row = 0;
                        match decode(message) {
                            Incoming::Frame(frame) => session.handle(frame).await,
                            Incoming::Malformed => vec![session.malformed()],
                            Incoming::Ignore => Vec::new(),
                            Incoming::Closed => break,
                        }
                    }
                    Some(Err(error)) => {
                        // Includes frames over the size limit: the library has
                        // already failed the connection.
                        tracing::debug!(%error, "socket read failed");
                        break;
                    }
                    None => break,
                }
            },
            event = next_event(&mut events) => match event {
                Ok(event) => {
                    let mut frames = session.on_event(event).await;
                    if waiting_events(session, &mut events, &mut frames).await.is_ok() {
                        frames
                    } else if let Some(made_up) = session.on_lagged().await {
                        frames.extend(made_up);
                        frames
                    } else {
                        tracing::warn!("socket fell behind the hub; closing it so the client resumes");
                        break;
                    }
                }
                Err(RecvError::Lagged(missed)) => match session.on_lagged().await {
                    Some(made_up) => made_up,
                    None => {
                        tracing::warn!(missed, "socket fell behind the hub; closing it so the client resumes");
                        break;
                    }
                },
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
            () = &mut stopping => {
                close_code = Some(CLOSE_SERVICE_RESTART);
                break;
            }
        };
    }
    let close = close_code.map(|code| CloseFrame {
        code,
        reason: "".into(),
    });
    let _already_closed = sink.send(WsMessage::Close(close)).await;
    let _already_closed = sink.close().await;
}

/// Handles the events already waiting (up to [`EVENTS_PER_WRITE`] in all),
/// adding their frames; `Err` when the subscription fell behind the hub
/// (the connection must close: events were missed).
async fn waiting_events<T: Session>(
    session: &mut T,
    events: &mut Option<Subscription>,
    frames: &mut Vec<T::Out>,
) -> Result<(), ()> {
    use tokio::sync::broadcast::error::TryRecvError;
    let Some(subscription) = events else {
        return Ok(());
    };
    for _ in 1..EVENTS_PER_WRITE {
        match subscription.try_recv() {
            Ok(event) => frames.extend(session.on_event(event).await),
            Err(TryRecvError::Lagged(_)) => return Err(()),
            Err(TryRecvError::Empty | TryRecvError::Closed) => break,
        }
    }
    Ok(())
}

/// The next event of the subscription; never, without one.
async fn next_event(
    events: &mut Option<Subscription>,
) -> Result<Event, tokio::sync::broadcast::error::RecvError> {
    match events {
        Some(subscription) => subscription.recv().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
pub(crate) mod tests;

//! A reference client: the algorithm of the protocol crate's "What a client
//! does", in Rust, for the integration, crash and chaos tests. It keeps an
//! outbox of unacknowledged messages (resent with their original client ids
//! on every connection), holds each conversation's history by sequence
//! (dropping duplicates), reconnects when a live message leaves a gap, when
//! the socket closes, or when a heartbeat goes unanswered, and resumes with
//! the last *contiguous* sequence. Reconnection waits with exponential
//! backoff and seeded jitter.
//!
//! [`Client`] is the transport and liveness loop; a [`Flavour`] is the
//! protocol side: [`widget::Widget`] (the parent) and [`console::Console`]
//! (staff, re-opening every conversation it holds). Nothing here panics on
//! network trouble: every wait is bounded by a deadline the caller gives.

pub mod console;
pub mod widget;

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yorisoi_protocol::{Message, Seq};

/// The client's clocks, scaled down from the protocol's so tests run fast.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Send `Ping` after this long without hearing anything.
    pub heartbeat_interval: Duration,
    /// Declare the connection dead when nothing answers a ping this long.
    pub heartbeat_timeout: Duration,
    /// First reconnection delay; doubles on each failure.
    pub backoff_min: Duration,
    /// Longest reconnection delay.
    pub backoff_max: Duration,
    /// Longest wait for a WebSocket handshake.
    pub connect_timeout: Duration,
}

impl Timing {
    /// Test timing: reconnects within a fraction of a second.
    pub fn fast() -> Timing {
        Timing {
            heartbeat_interval: Duration::from_millis(400),
            heartbeat_timeout: Duration::from_millis(800),
            backoff_min: Duration::from_millis(20),
            backoff_max: Duration::from_millis(400),
            connect_timeout: Duration::from_secs(2),
        }
    }
}

/// One conversation as a client holds it: messages by sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    messages: BTreeMap<Seq, Message>,
}

impl History {
    /// The highest sequence with every sequence below it held.
    pub fn contiguous(&self) -> Seq {
        let mut contiguous = 0;
        for seq in self.messages.keys() {
            if *seq != contiguous + 1 {
                break;
            }
            contiguous = *seq;
        }
        contiguous
    }

    /// True when `seq` is held.
    pub fn holds(&self, seq: Seq) -> bool {
        self.messages.contains_key(&seq)
    }

    /// Keeps a message; false when its sequence was already held (then
    /// the held one must be identical, or the server broke its promise).
    pub fn insert(&mut self, message: Message) -> bool {
        if let Some(held) = self.messages.get(&message.seq) {
            assert_eq!(*held, message, "two different messages at one sequence");
            return false;
        }
        self.messages.insert(message.seq, message);
        true
    }

    /// A live message: kept if new, `Err` if it leaves a gap (reconnect).
    pub fn receive_live(&mut self, message: Message) -> Result<(), Gap> {
        if self.holds(message.seq) {
            return Ok(());
        }
        if message.seq > self.contiguous() + 1 {
            return Err(Gap);
        }
        self.insert(message);
        Ok(())
    }

    /// Every held message, in sequence order.
    pub fn messages(&self) -> Vec<Message> {
        self.messages.values().cloned().collect()
    }
}

/// A live message skipped ahead: something was lost on this connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap;

/// What the protocol side wants after a frame.
pub enum Reaction<Out> {
    /// Send these frames (possibly none).
    Send(Vec<Out>),
    /// The connection lost something: drop it and resume.
    Reconnect,
}

/// The protocol side of a client.
pub trait Flavour {
    /// Frames to the server.
    type Out: Serialize;
    /// Frames from the server.
    type In: DeserializeOwned + std::fmt::Debug;

    /// Frames to send on a fresh connection (hello, re-opens, the outbox).
    fn on_connect(&mut self) -> Vec<Self::Out>;
    /// Handles one frame.
    fn on_frame(&mut self, frame: Self::In) -> Reaction<Self::Out>;
    /// The heartbeat frame.
    fn ping() -> Self::Out;
}

type Stream = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The transport and liveness loop around a [`Flavour`].
pub struct Client<F> {
    /// The protocol side; tests read histories and outboxes from it.
    pub flavour: F,
    url: String,
    cookie: Option<String>,
    timing: Timing,
    rng: StdRng,
    link: Option<Stream>,
    backoff: Duration,
    retry_at: Instant,
    last_heard: Instant,
    ping_sent: Option<Instant>,
    /// Successful connections so far (the first one included).
    pub connections: u32,
}

impl<F: Flavour> Client<F> {
    /// A client for `url` (a `ws://` URL), not connected yet.
    pub fn new(flavour: F, url: String, cookie: Option<String>, seed: u64) -> Self {
        let timing = Timing::fast();
        Client {
            flavour,
            url,
            cookie,
            timing,
            rng: StdRng::seed_from_u64(seed),
            link: None,
            backoff: timing.backoff_min,
            retry_at: Instant::now(),
            last_heard: Instant::now(),
            ping_sent: None,
            connections: 0,
        }
    }

    /// True while a connection is open.
    pub fn is_connected(&self) -> bool {
        self.link.is_some()
    }

    /// Drops the connection, as when the network goes away.
    pub fn disconnect(&mut self) {
        self.link = None;
        self.retry_at = Instant::now();
    }

    /// Sends a frame now if connected (a failure drops the connection; the
    /// outbox keeps what matters for the next connection).
    pub async fn send_now(&mut self, frame: &F::Out) {
        let Some(link) = self.link.as_mut() else {
            return;
        };
        let text = serde_json::to_string(frame).expect("encode a frame");
        if link.send(WsMessage::text(text)).await.is_err() {
            self.drop_link();
        }
    }

    /// Runs the client until `done` holds (true) or `deadline` passes (false).
    /// A caller that ignores the answer cannot tell a client that got there
    /// from one that gave up, so the answer must be used.
    #[must_use = "false means the deadline passed before `done` held"]
    pub async fn run_until(&mut self, deadline: Instant, done: impl Fn(&F) -> bool) -> bool {
        loop {
            if done(&self.flavour) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            self.step(deadline).await;
        }
    }

    /// Runs the client (receiving, reconnecting) for `duration`.
    pub async fn pump_for(&mut self, duration: Duration) {
        let _never_done = self.run_until(Instant::now() + duration, |_| false).await;
    }

    /// One unit of work, never past `deadline`.
    async fn step(&mut self, deadline: Instant) {
        if self.link.is_none() {
            if self.retry_at > Instant::now() {
                tokio::time::sleep_until(self.retry_at.min(deadline)).await;
                return;
            }
            self.connect().await;
            return;
        }
        let wake = match self.ping_sent {
            Some(sent) => sent + self.timing.heartbeat_timeout,
            None => self.last_heard + self.timing.heartbeat_interval,
        };
        let Some(link) = self.link.as_mut() else {
            return;
        };
        match tokio::time::timeout_at(wake.min(deadline), link.next()).await {
            Err(_elapsed) if Instant::now() < wake => {}
            Err(_elapsed) if self.ping_sent.is_some() => self.drop_link(),
            Err(_elapsed) => {
                self.ping_sent = Some(Instant::now());
                self.send_now(&F::ping()).await;
            }
            Ok(Some(Ok(WsMessage::Text(text)))) => {
                self.heard();
                let frame: F::In = serde_json::from_str(text.as_str())
                    .unwrap_or_else(|error| panic!("unreadable frame {text:?}: {error}"));
                match self.flavour.on_frame(frame) {
                    Reaction::Send(frames) => {
                        for frame in frames {
                            self.send_now(&frame).await;
                        }
                    }
                    Reaction::Reconnect => self.drop_link(),
                }
            }
            Ok(Some(Ok(WsMessage::Close(_)) | Err(_)) | None) => self.drop_link(),
            Ok(Some(Ok(_control))) => self.heard(),
        }
    }

    fn heard(&mut self) {
        self.last_heard = Instant::now();
        self.ping_sent = None;
    }

    async fn connect(&mut self) {
        let mut request = self
            .url
            .as_str()
            .into_client_request()
            .expect("a valid ws URL");
        if let Some(cookie) = &self.cookie {
            let value = cookie.parse().expect("a valid cookie header");
            request.headers_mut().insert("cookie", value);
        }
        // As the server's own pages do (the server refuses other origins).
        let origin = crate::origin_of(&self.url).parse().expect("an origin");
        request.headers_mut().insert("origin", origin);
        let attempt = tokio_tungstenite::connect_async(request);
        match tokio::time::timeout(self.timing.connect_timeout, attempt).await {
            Ok(Ok((stream, _response))) => {
                self.link = Some(stream);
                self.connections += 1;
                self.backoff = self.timing.backoff_min;
                self.heard();
                for frame in self.flavour.on_connect() {
                    self.send_now(&frame).await;
                }
            }
            _ => self.drop_link(),
        }
    }

    /// Forgets the connection and schedules the next attempt: exponential
    /// backoff with jitter (half to all of the current delay).
    fn drop_link(&mut self) {
        self.link = None;
        let jittered = self.backoff.mul_f64(self.rng.random_range(0.5..=1.0));
        self.retry_at = Instant::now() + jittered;
        self.backoff = (self.backoff * 2).min(self.timing.backoff_max);
    }
}

//! A WebSocket client that speaks Yorisoi frames: typed send, and waiting
//! for the next frame (or the next frame of a kind) with a timeout.

use std::marker::PhantomData;

use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yorisoi_protocol::{ClientId, console, widget};

use crate::TIMEOUT;

/// The parent's socket.
pub type WidgetSocket = Socket<widget::ClientFrame, widget::ServerFrame>;
/// The staff console's socket.
pub type ConsoleSocket = Socket<console::ClientFrame, console::ServerFrame>;

/// A fresh visitor token, as a widget makes it (64 lowercase hex digits).
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A fresh client id (a UUID v4).
pub fn new_client_id() -> ClientId {
    ClientId(uuid::Uuid::new_v4().to_string())
}

/// A handshake request for `url` with extra headers.
pub fn request(url: &str, headers: &[(&str, &str)]) -> tungstenite::handshake::client::Request {
    let mut request = url.into_client_request().expect("a valid ws URL");
    for (name, value) in headers {
        let name = tungstenite::http::HeaderName::from_bytes(name.as_bytes()).expect("header name");
        let value = value.parse().expect("header value");
        request.headers_mut().append(name, value);
    }
    request
}

/// A connected socket sending `Out` frames and receiving `In` frames.
pub struct Socket<Out, In> {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    frames: PhantomData<fn(Out) -> In>,
}

impl<Out: Serialize, In: DeserializeOwned + std::fmt::Debug> Socket<Out, In> {
    /// Connects; the error carries the HTTP response when the upgrade is refused.
    pub async fn connect<R>(request: R) -> Result<Self, tungstenite::Error>
    where
        R: IntoClientRequest + Unpin,
    {
        let (stream, _response) = tokio_tungstenite::connect_async(request).await?;
        Ok(Socket {
            stream,
            frames: PhantomData,
        })
    }

    /// Sends a frame.
    pub async fn send(&mut self, frame: &Out) {
        let text = serde_json::to_string(frame).expect("encode frame");
        self.send_text(&text).await;
    }

    /// Sends a frame; false when the socket is already gone.
    pub async fn try_send(&mut self, frame: &Out) -> bool {
        let text = serde_json::to_string(frame).expect("encode frame");
        self.stream.send(WsMessage::text(text)).await.is_ok()
    }

    /// Sends raw text (for malformed-frame tests).
    pub async fn send_text(&mut self, text: &str) {
        self.stream
            .send(WsMessage::text(text))
            .await
            .expect("send text");
    }

    /// Sends a binary message.
    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.stream
            .send(WsMessage::binary(bytes))
            .await
            .expect("send binary");
    }

    /// Waits for the server to close the socket; returns the close code
    /// (`None` for a close without one or a dropped connection). Frames
    /// before the close are skipped.
    pub async fn closed(&mut self) -> Option<u16> {
        loop {
            let message = tokio::time::timeout(TIMEOUT, self.stream.next())
                .await
                .expect("timed out waiting for the socket to close");
            match message {
                Some(Ok(WsMessage::Close(frame))) => return frame.map(|frame| frame.code.into()),
                None | Some(Err(_)) => return None,
                Some(Ok(_)) => continue,
            }
        }
    }

    /// The next frame, or `None` when the server closed the socket. Fails the
    /// test after the timeout.
    pub async fn try_next(&mut self) -> Option<In> {
        loop {
            let message = tokio::time::timeout(TIMEOUT, self.stream.next())
                .await
                .expect("timed out waiting for a frame");
            match message {
                Some(Ok(WsMessage::Text(text))) => {
                    return Some(serde_json::from_str(text.as_str()).unwrap_or_else(|error| {
                        panic!("server sent an unreadable frame {text:?}: {error}")
                    }));
                }
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(_control)) => continue,
            }
        }
    }

    /// The next frame; fails the test if the socket closes or times out.
    pub async fn next(&mut self) -> In {
        self.try_next()
            .await
            .expect("socket closed while waiting for a frame")
    }

    /// Skips frames until one matches `wanted`, and returns it.
    pub async fn next_matching(&mut self, what: &str, wanted: impl Fn(&In) -> bool) -> In {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.next())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
            if wanted(&frame) {
                return frame;
            }
        }
    }

    /// Every frame up to and including the first that matches `last`.
    pub async fn frames_until(&mut self, last: impl Fn(&In) -> bool) -> Vec<In> {
        let mut frames = Vec::new();
        loop {
            let frame = self.next().await;
            let done = last(&frame);
            frames.push(frame);
            if done {
                return frames;
            }
        }
    }
}

impl WidgetSocket {
    /// Sends `Hello` and returns the frames up to and including `Welcome`.
    pub async fn hello(
        &mut self,
        token: &str,
        lang: yorisoi_protocol::Lang,
        last_seq: u64,
    ) -> Vec<widget::ServerFrame> {
        self.send(&widget::ClientFrame::Hello {
            token: token.to_owned(),
            lang,
            last_seq,
            site: None,
        })
        .await;
        self.frames_until(|frame| matches!(frame, widget::ServerFrame::Welcome { .. }))
            .await
    }

    /// Sends `Hello` as a widget embedded in `site` (none: the server's own
    /// page) and returns the answer: `Welcome`, or the `Error` refusing it.
    pub async fn hello_on(
        &mut self,
        site: Option<&str>,
        token: &str,
        lang: yorisoi_protocol::Lang,
    ) -> widget::ServerFrame {
        self.send(&widget::ClientFrame::Hello {
            token: token.to_owned(),
            lang,
            last_seq: 0,
            site: site.map(str::to_owned),
        })
        .await;
        self.next_matching("the answer to Hello", |frame| {
            matches!(
                frame,
                widget::ServerFrame::Welcome { .. }
                    | widget::ServerFrame::Error {
                        client_id: None,
                        ..
                    }
            )
        })
        .await
    }

    /// Sends `Hello` with a token the server must refuse; returns its answer.
    pub async fn hello_frames_until_error(&mut self, token: &str) -> widget::ServerFrame {
        self.send(&widget::ClientFrame::Hello {
            token: token.to_owned(),
            lang: yorisoi_protocol::Lang::En,
            last_seq: 0,
            site: None,
        })
        .await;
        self.next().await
    }

    /// Sends a message and returns its client id.
    pub async fn say(&mut self, body: &str) -> ClientId {
        let client_id = new_client_id();
        self.send(&widget::ClientFrame::Send {
            client_id: client_id.clone(),
            body: body.into(),
            nickname: None,
            proof: None,
        })
        .await;
        client_id
    }

    /// Proves no other frame is pending: pings and returns what came before `Pong`.
    pub async fn frames_before_pong(&mut self) -> Vec<widget::ServerFrame> {
        self.send(&widget::ClientFrame::Ping).await;
        let mut frames = self
            .frames_until(|frame| *frame == widget::ServerFrame::Pong)
            .await;
        frames.pop();
        frames
    }
}

impl ConsoleSocket {
    /// The next conversation summary the console is told of (`what`, for
    /// the failure message).
    pub async fn next_summary(
        &mut self,
        what: &str,
    ) -> yorisoi_protocol::model::ConversationSummary {
        match self
            .next_matching(what, |frame| {
                matches!(frame, console::ServerFrame::Conversation(_))
            })
            .await
        {
            console::ServerFrame::Conversation(summary) => summary,
            _ => unreachable!("next_matching returns a summary"),
        }
    }

    /// Opens `conversation` after `last_seq` and returns its `History`.
    pub async fn open(
        &mut self,
        conversation: yorisoi_protocol::ConversationId,
        last_seq: u64,
    ) -> Vec<yorisoi_protocol::Message> {
        self.send(&console::ClientFrame::Open {
            conversation,
            last_seq,
        })
        .await;
        match self
            .next_matching("History", |frame| {
                matches!(frame, console::ServerFrame::History { .. })
            })
            .await
        {
            console::ServerFrame::History { messages, .. } => messages,
            _ => unreachable!("next_matching returns a History"),
        }
    }

    /// Proves no other frame is pending: pings and returns what came before `Pong`.
    pub async fn frames_before_pong(&mut self) -> Vec<console::ServerFrame> {
        self.send(&console::ClientFrame::Ping).await;
        let mut frames = self
            .frames_until(|frame| *frame == console::ServerFrame::Pong)
            .await;
        frames.pop();
        frames
    }
}

//! The parent's WebSocket, `GET /api/widget/ws`: Hello/Welcome with the
//! widget's own visitor token, creating the conversation with the first
//! message, storing and acknowledging messages, read marks both ways,
//! language changes, and live delivery of staff replies (and of messages the
//! same parent sent from another tab), in order (see [`crate::cursor`]).
//! See `yorisoi_protocol::widget` and the protocol crate's documentation.

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;
use futures_util::StreamExt as _;
use yorisoi_protocol::limits::{
    MAX_FRAME_BYTES, MAX_NICKNAME_CHARS, check_message_body, is_well_formed_token,
};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode, Lang, Message, Seq};

use crate::auth::digest;
use crate::cursor::Cursor;
use crate::error::StoreError;
use crate::hub::{ConnectionId, Event, EventKind};
use crate::socket::{Session, announce, run};
use crate::state::AppState;

/// Upgrades the request and runs the widget protocol on it.
pub async fn upgrade(State(state): State<AppState>, upgrade: WebSocketUpgrade) -> Response {
    upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            let connection = state.hub().connection_id();
            tracing::debug!(?connection, "widget socket opened");
            let (sink, stream) = socket.split();
            run(
                &state,
                WidgetSession::new(state.clone(), connection),
                sink,
                stream,
            )
            .await;
            tracing::debug!(?connection, "widget socket closed");
        })
}

/// One widget connection's state.
pub struct WidgetSession {
    state: AppState,
    connection: ConnectionId,
    /// The digest of the visitor token, once a well-formed `Hello` came.
    token_hash: Option<String>,
    /// The visitor's conversation, once it exists.
    conversation: Option<ConversationId>,
    /// The widget's language, used when the conversation is created.
    lang: Lang,
    /// What this socket's client holds of the conversation.
    cursor: Cursor,
    /// The highest staff read mark told to the client (`Read` only rises).
    read_seq: Seq,
}

impl WidgetSession {
    /// A session before `Hello`.
    pub fn new(state: AppState, connection: ConnectionId) -> Self {
        WidgetSession {
            state,
            connection,
            token_hash: None,
            conversation: None,
            lang: Lang::default(),
            cursor: Cursor::default(),
            read_seq: 0,
        }
    }

    async fn hello(&mut self, token: String, lang: Lang, last_seq: Seq) -> Vec<ServerFrame> {
        if !is_well_formed_token(&token) {
            // The session stays as it was; the widget may say Hello again.
            return vec![error(ErrorCode::BadToken, None)];
        }
        let token_hash = digest(&token);
        self.lang = lang;
        self.conversation = None;
        self.cursor = Cursor::new(last_seq);
        self.read_seq = 0;
        let store = self.state.store();
        let found = match store.conversation_by_token(&token_hash).await {
            Ok(found) => found,
            Err(failure) => return internal(failure, None),
        };
        self.token_hash = Some(token_hash);
        let Some(found) = found else {
            // A new visitor: the conversation starts with the first message.
            return vec![ServerFrame::Welcome {
                has_conversation: false,
                messages: Vec::new(),
                read_seq: 0,
            }];
        };
        self.conversation = Some(found.id);
        self.read_seq = found.staff_read_seq;
        if let Ok(true) = store.set_lang(found.id, lang).await {
            announce(&self.state, self.connection, found.id, None).await;
        }
        match self.cursor.fill(store, found.id).await {
            Ok(messages) => vec![ServerFrame::Welcome {
                has_conversation: true,
                messages,
                read_seq: found.staff_read_seq,
            }],
            Err(failure) => internal(failure, None),
        }
    }

    async fn send(
        &mut self,
        client_id: ClientId,
        body: String,
        nickname: Option<String>,
    ) -> Vec<ServerFrame> {
        let Some(token_hash) = self.token_hash.clone() else {
            return vec![error(ErrorCode::HelloFirst, None)];
        };
        if !client_id.is_well_formed() {
            return vec![error(ErrorCode::BadClientId, None)];
        }
        if let Err(code) = check_message_body(&body) {
            return vec![error(code, Some(client_id))];
        }
        let nickname = nickname
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty());
        if nickname
            .as_ref()
            .is_some_and(|name| name.chars().count() > MAX_NICKNAME_CHARS)
        {
            return vec![error(ErrorCode::NicknameTooLong, Some(client_id))];
        }
        let store = self.state.store();
        let posted = match store
            .append_visitor_message(
                &token_hash,
                self.lang,
                &client_id,
                &body,
                nickname.as_deref(),
            )
            .await
        {
            Ok(posted) => posted,
            Err(failure) => return internal(failure, Some(client_id)),
        };
        let (id, appended) = (posted.conversation, posted.appended);
        self.conversation = Some(id);
        self.cursor.cover(appended.seq);
        let mut frames = vec![ServerFrame::Ack {
            client_id: client_id.clone(),
            seq: appended.seq,
            sent_at_ms: appended.sent_at_ms,
        }];
        if self.cursor.has_gap() {
            // Someone else's message came first (another tab, staff) and
            // has not reached this socket yet: send it now, in order.
            frames.extend(self.fill(id).await);
        }
        if appended.fresh {
            if posted.created {
                self.state.hub().publish(Event {
                    conversation: id,
                    origin: self.connection,
                    kind: EventKind::Created { token_hash },
                });
            }
            let message = Message {
                seq: appended.seq,
                client_id,
                author: Author::Visitor,
                body,
                sent_at_ms: appended.sent_at_ms,
            };
            announce(&self.state, self.connection, id, Some(message)).await;
        }
        frames
    }

    async fn mark_read(&mut self, seq: Seq) -> Vec<ServerFrame> {
        let Some(id) = self.conversation else {
            return Vec::new();
        };
        match self.state.store().mark_visitor_read(id, seq).await {
            // Consoles see the new mark in the conversation's summary.
            Ok(Some(_)) => announce(&self.state, self.connection, id, None).await,
            Ok(None) => {}
            Err(failure) => return internal(failure, None),
        }
        Vec::new()
    }

    async fn set_lang(&mut self, lang: Lang) -> Vec<ServerFrame> {
        self.lang = lang;
        if let Some(id) = self.conversation {
            match self.state.store().set_lang(id, lang).await {
                Ok(true) => announce(&self.state, self.connection, id, None).await,
                Ok(false) => {}
                Err(failure) => return internal(failure, None),
            }
        }
        Vec::new()
    }

    /// The messages the client lacks, as frames; a storage failure is only
    /// logged (the client finds the gap and resumes).
    async fn fill(&mut self, id: ConversationId) -> Vec<ServerFrame> {
        match self.cursor.fill(self.state.store(), id).await {
            Ok(messages) => messages.into_iter().map(ServerFrame::Message).collect(),
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read missed messages");
                Vec::new()
            }
        }
    }
}

impl Session for WidgetSession {
    type In = ClientFrame;
    type Out = ServerFrame;

    async fn greet(&mut self) -> Vec<ServerFrame> {
        Vec::new()
    }

    async fn handle(&mut self, frame: ClientFrame) -> Vec<ServerFrame> {
        match frame {
            ClientFrame::Hello {
                token,
                lang,
                last_seq,
            } => self.hello(token, lang, last_seq).await,
            _ if self.token_hash.is_none() => vec![error(ErrorCode::HelloFirst, None)],
            ClientFrame::Send {
                client_id,
                body,
                nickname,
            } => self.send(client_id, body, nickname).await,
            ClientFrame::SetLang { lang } => self.set_lang(lang).await,
            ClientFrame::MarkRead { seq } => self.mark_read(seq).await,
            ClientFrame::Ping => vec![ServerFrame::Pong],
        }
    }

    async fn on_event(&mut self, event: Event) -> Vec<ServerFrame> {
        if let EventKind::Created { token_hash } = &event.kind {
            // Another tab of this parent created the conversation.
            if self.conversation.is_none() && self.token_hash.as_ref() == Some(token_hash) {
                self.conversation = Some(event.conversation);
                return self.fill(event.conversation).await;
            }
            return Vec::new();
        }
        if Some(event.conversation) != self.conversation || event.origin == self.connection {
            return Vec::new();
        }
        match event.kind {
            EventKind::Message(message) => {
                match self
                    .cursor
                    .deliver(self.state.store(), event.conversation, message)
                    .await
                {
                    Ok(messages) => messages.into_iter().map(ServerFrame::Message).collect(),
                    Err(failure) => {
                        tracing::error!(error = %failure, "cannot read missed messages");
                        Vec::new()
                    }
                }
            }
            EventKind::StaffRead(seq) if seq > self.read_seq => {
                self.read_seq = seq;
                vec![ServerFrame::Read { seq }]
            }
            _ => Vec::new(),
        }
    }

    fn malformed(&self) -> ServerFrame {
        error(ErrorCode::MalformedFrame, None)
    }
}

fn error(code: ErrorCode, client_id: Option<ClientId>) -> ServerFrame {
    ServerFrame::Error { code, client_id }
}

/// Logs a storage failure and tells the widget only that it failed.
fn internal(failure: StoreError, client_id: Option<ClientId>) -> Vec<ServerFrame> {
    tracing::error!(error = %failure, "widget request failed");
    vec![error(ErrorCode::Internal, client_id)]
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use axum::extract::ws::Message as WsMessage;
    use futures_util::stream;

    use super::*;
    use crate::config::Config;
    use crate::store::tests::temp_store;

    fn text(frame: &ClientFrame) -> Result<WsMessage, Infallible> {
        Ok(WsMessage::text(
            serde_json::to_string(frame).expect("encode"),
        ))
    }

    /// Drives the real socket loop over in-memory channels: no network.
    #[tokio::test]
    async fn the_loop_answers_frames_in_order_over_any_sink_and_stream() {
        let (store, _clock, _dir) = temp_store().await;
        let state = AppState::new(store, Config::default(), crate::clock::os_random);
        let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
        let hello = |token: String| ClientFrame::Hello {
            token,
            lang: Lang::Ja,
            last_seq: 0,
        };
        let incoming = stream::iter([
            Ok(WsMessage::text("garbage")),
            text(&hello("0F".repeat(32))),
            text(&hello("0f".repeat(32))),
            text(&ClientFrame::Send {
                client_id: client_id.clone(),
                body: "やあ".into(),
                nickname: None,
            }),
        ]);
        let (sender, mut outgoing) = tokio::sync::mpsc::unbounded_channel();
        let sink = Box::pin(futures_util::sink::unfold(
            sender,
            |sender, message: WsMessage| async move {
                let _receiver_gone = sender.send(message);
                Ok::<_, Infallible>(sender)
            },
        ));
        let session = WidgetSession::new(state.clone(), state.hub().connection_id());
        run(&state, session, sink, incoming).await;

        let mut frames = Vec::new();
        while let Ok(WsMessage::Text(text)) = outgoing.try_recv() {
            frames.push(serde_json::from_str::<ServerFrame>(text.as_str()).expect("decode"));
        }
        assert_eq!(frames.len(), 4, "{frames:?}");
        assert_eq!(frames[0], error(ErrorCode::MalformedFrame, None));
        assert_eq!(frames[1], error(ErrorCode::BadToken, None));
        assert_eq!(
            frames[2],
            ServerFrame::Welcome {
                has_conversation: false,
                messages: vec![],
                read_seq: 0,
            }
        );
        assert!(
            matches!(&frames[3], ServerFrame::Ack { seq: 1, client_id: acked, .. } if *acked == client_id)
        );
    }
}

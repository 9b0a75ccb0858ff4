//! The parent's WebSocket, `GET /api/widget/ws`: Hello/Welcome, creating the
//! conversation on the first message, storing and acknowledging messages,
//! language changes, and live delivery of staff replies (and of messages the
//! same parent sent from another tab). See `yorisoi_protocol::widget`.

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;
use futures_util::StreamExt as _;
use yorisoi_protocol::limits::{MAX_FRAME_BYTES, MAX_NICKNAME_CHARS, check_message_body};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode, Lang, Message, Seq};

use crate::auth::{digest, new_secret};
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
    /// Whether `Hello` has arrived.
    greeted: bool,
    /// The visitor's conversation, once known or created.
    conversation: Option<ConversationId>,
    /// The widget's language, used when the conversation is created.
    lang: Lang,
    /// Highest sequence the `Welcome` covered: events up to it are
    /// duplicates of what the widget already got. (Not raised by live
    /// events, which may arrive out of order from concurrent senders.)
    welcomed_up_to: Seq,
}

impl WidgetSession {
    /// A session before `Hello`.
    pub fn new(state: AppState, connection: ConnectionId) -> Self {
        WidgetSession {
            state,
            connection,
            greeted: false,
            conversation: None,
            lang: Lang::default(),
            welcomed_up_to: 0,
        }
    }

    async fn hello(
        &mut self,
        token: Option<String>,
        lang: Lang,
        last_seq: Seq,
    ) -> Vec<ServerFrame> {
        self.greeted = true;
        self.lang = lang;
        self.conversation = None;
        self.welcomed_up_to = last_seq;
        let Some(token) = token else {
            return vec![ServerFrame::Welcome {
                has_conversation: false,
                messages: Vec::new(),
            }];
        };
        let store = self.state.store();
        let id = match store.conversation_by_token(&digest(&token)).await {
            Ok(Some(id)) => id,
            Ok(None) => {
                return vec![
                    error(ErrorCode::UnknownToken, None),
                    ServerFrame::Welcome {
                        has_conversation: false,
                        messages: Vec::new(),
                    },
                ];
            }
            Err(failure) => return internal(failure, None),
        };
        self.conversation = Some(id);
        if let Ok(true) = store.set_lang(id, lang).await {
            announce(&self.state, self.connection, id, None).await;
        }
        match store.messages_after(id, last_seq).await {
            Ok(messages) => {
                self.welcomed_up_to = messages.last().map_or(last_seq, |message| message.seq);
                vec![ServerFrame::Welcome {
                    has_conversation: true,
                    messages,
                }]
            }
            Err(failure) => internal(failure, None),
        }
    }

    async fn send(
        &mut self,
        client_id: ClientId,
        body: String,
        nickname: Option<String>,
    ) -> Vec<ServerFrame> {
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
        let mut frames = Vec::new();
        let store = self.state.store();
        let id = match self.conversation {
            Some(id) => id,
            None => {
                let token = new_secret(self.state.random());
                match store.create_conversation(&digest(&token), self.lang).await {
                    Ok(id) => {
                        self.conversation = Some(id);
                        frames.push(ServerFrame::Started { token });
                        id
                    }
                    Err(failure) => return internal(failure, Some(client_id)),
                }
            }
        };
        let appended = match store
            .append_message(id, &client_id, &Author::Visitor, &body, nickname.as_deref())
            .await
        {
            Ok(appended) => appended,
            Err(failure) => {
                frames.extend(internal(failure, Some(client_id)));
                return frames;
            }
        };
        frames.push(ServerFrame::Ack {
            client_id: client_id.clone(),
            seq: appended.seq,
            sent_at_ms: appended.sent_at_ms,
        });
        if appended.fresh {
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
            _ if !self.greeted => vec![error(ErrorCode::HelloFirst, None)],
            ClientFrame::Send {
                client_id,
                body,
                nickname,
            } => self.send(client_id, body, nickname).await,
            ClientFrame::SetLang { lang } => self.set_lang(lang).await,
            ClientFrame::Ping => vec![ServerFrame::Pong],
        }
    }

    fn on_event(&mut self, event: Event) -> Option<ServerFrame> {
        if Some(event.conversation) != self.conversation || event.origin == self.connection {
            return None;
        }
        match event.kind {
            EventKind::Message(message) if message.seq > self.welcomed_up_to => {
                Some(ServerFrame::Message(message))
            }
            _ => None,
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
fn internal(failure: crate::error::StoreError, client_id: Option<ClientId>) -> Vec<ServerFrame> {
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
        let incoming = stream::iter([
            Ok(WsMessage::text("garbage")),
            text(&ClientFrame::Hello {
                token: None,
                lang: Lang::Ja,
                last_seq: 0,
            }),
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
        assert_eq!(
            frames[1],
            ServerFrame::Welcome {
                has_conversation: false,
                messages: vec![]
            }
        );
        assert!(matches!(&frames[2], ServerFrame::Started { token } if token.len() == 64));
        assert!(
            matches!(&frames[3], ServerFrame::Ack { seq: 1, client_id: acked, .. } if *acked == client_id)
        );
    }
}

//! The staff console's WebSocket, `GET /api/console/ws`, for a logged-in
//! staff member (the session cookie is checked at the upgrade): the list of
//! conversations, history on `Open`, replies, read marks, and live pushes of
//! every message and summary change, in order for opened conversations (see
//! [`crate::cursor`]). See `yorisoi_protocol::console`.
//!
//! The session is rechecked on every frame but `Ping` (a use: it resets the
//! idle timeout) and on every heartbeat tick (not a use), and the socket
//! closes when its session is ended elsewhere (logout, logout everywhere,
//! expiry): `Error Unauthorized`, then close 1008. Open sockets per client
//! address are capped as for widgets.

use std::collections::HashMap;

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;
use futures_util::StreamExt as _;
use yorisoi_protocol::console::{ClientFrame, ServerFrame};
use yorisoi_protocol::limits::{MAX_FRAME_BYTES, check_message_body};
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode, Message, Seq};

use crate::auth;
use crate::client_address::ClientAddress;
use crate::cursor::Cursor;
use crate::error::StoreError;
use crate::http::StaffSession;
use crate::hub::{ConnectionId, Event, EventKind, Revocation};
use crate::socket::{CLOSE_REVOKED, CLOSE_TRY_AGAIN_LATER, Session, announce, refuse, run};
use crate::state::AppState;
use crate::store::SessionState;
use crate::throttle::admit_connection;

/// Upgrades an authenticated request and runs the console protocol on it.
/// The session extractor runs first, so an anonymous request gets 401.
pub async fn upgrade(
    State(state): State<AppState>,
    address: ClientAddress,
    session: StaffSession,
    upgrade: WebSocketUpgrade,
) -> Response {
    let guard = admit_connection(state.config(), state.limits(), &address);
    upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            let Some(_counted) = guard else {
                let refusal = error(ErrorCode::RateLimited, None);
                return refuse(socket, &refusal, CLOSE_TRY_AGAIN_LATER).await;
            };
            let connection = state.hub().connection_id();
            let staff = session.staff.id;
            tracing::debug!(?connection, staff, "console socket opened");
            let (sink, stream) = socket.split();
            let console = ConsoleSession::new(state.clone(), connection, session);
            run(&state, console, sink, stream).await;
            tracing::debug!(?connection, "console socket closed");
        })
}

/// One console connection's state.
pub struct ConsoleSession {
    state: AppState,
    connection: ConnectionId,
    staff: StaffInfo,
    /// The digest of the session the socket was opened with.
    session_hash: String,
    /// Set once the session is over: the socket closes.
    close_code: Option<u16>,
    /// For each opened conversation, what the client holds of it: its
    /// messages then arrive in order and without gaps. Conversations not
    /// opened get live messages as they come (for the list).
    opened: HashMap<ConversationId, Cursor>,
}

impl ConsoleSession {
    /// A session for a logged-in staff member.
    pub fn new(state: AppState, connection: ConnectionId, session: StaffSession) -> Self {
        ConsoleSession {
            state,
            connection,
            staff: session.staff,
            session_hash: session.session_hash,
            close_code: None,
            opened: HashMap::new(),
        }
    }

    /// Rechecks the session; when it is over, says so and asks to close.
    async fn recheck(&mut self, touch: bool) -> Vec<ServerFrame> {
        match auth::session_state(&self.state, &self.session_hash, touch).await {
            Ok(SessionState::Valid(_)) => Vec::new(),
            Ok(SessionState::Expired | SessionState::Unknown) => self.end(),
            Err(failure) => internal(failure, None),
        }
    }

    fn end(&mut self) -> Vec<ServerFrame> {
        self.close_code = Some(CLOSE_REVOKED);
        vec![error(ErrorCode::Unauthorized, None)]
    }

    /// One query when the conversation has messages after `last_seq`, two
    /// otherwise: cheap enough for a console re-opening every conversation.
    async fn open(&mut self, conversation: ConversationId, last_seq: Seq) -> Vec<ServerFrame> {
        let mut cursor = Cursor::new(last_seq);
        let messages = match cursor.fill(self.state.store(), conversation).await {
            Ok(messages) => messages,
            Err(failure) => return internal(failure, None),
        };
        if messages.is_empty() {
            match self.state.store().conversation_exists(conversation).await {
                Ok(true) => {}
                Ok(false) => return vec![error(ErrorCode::UnknownConversation, None)],
                Err(failure) => return internal(failure, None),
            }
        }
        self.opened.insert(conversation, cursor);
        vec![ServerFrame::History {
            conversation,
            messages,
        }]
    }

    async fn send(
        &mut self,
        conversation: ConversationId,
        client_id: ClientId,
        body: String,
    ) -> Vec<ServerFrame> {
        if !client_id.is_well_formed() {
            return vec![error(ErrorCode::BadClientId, None)];
        }
        if let Err(code) = check_message_body(&body) {
            return vec![error(code, Some(client_id))];
        }
        let author = Author::Staff {
            id: self.staff.id,
            name: self.staff.name.clone(),
        };
        let store = self.state.store();
        let appended = match store
            .append_message(conversation, &client_id, &author, &body, None)
            .await
        {
            Ok(appended) => appended,
            Err(StoreError::UnknownConversation(_)) => {
                return vec![error(ErrorCode::UnknownConversation, Some(client_id))];
            }
            Err(failure) => return internal(failure, Some(client_id)),
        };
        let mut frames = vec![ServerFrame::Ack {
            conversation,
            client_id: client_id.clone(),
            seq: appended.seq,
            sent_at_ms: appended.sent_at_ms,
        }];
        if let Some(cursor) = self.opened.get_mut(&conversation) {
            cursor.cover(appended.seq);
            if cursor.has_gap() {
                // A message from someone else came first and has not reached
                // this socket yet: send it now, in order.
                frames.extend(self.fill(conversation).await);
            }
        }
        if appended.fresh {
            let message = Message {
                seq: appended.seq,
                client_id,
                author,
                body,
                sent_at_ms: appended.sent_at_ms,
            };
            announce(&self.state, self.connection, conversation, Some(message)).await;
        }
        frames
    }

    async fn mark_read(&mut self, conversation: ConversationId, seq: Seq) -> Vec<ServerFrame> {
        match self.state.store().mark_read(conversation, seq).await {
            // The parent's widgets see `Read`; every console, this one
            // included, sees the new summary.
            Ok(Some(read)) => {
                self.state.hub().publish(Event {
                    conversation,
                    origin: self.connection,
                    kind: EventKind::StaffRead(read),
                });
                announce(&self.state, self.connection, conversation, None).await;
                Vec::new()
            }
            Ok(None) => Vec::new(),
            Err(StoreError::UnknownConversation(_)) => {
                vec![error(ErrorCode::UnknownConversation, None)]
            }
            Err(failure) => internal(failure, None),
        }
    }

    /// The messages of an opened conversation the client lacks, as frames;
    /// a storage failure is only logged (the client finds the gap).
    async fn fill(&mut self, conversation: ConversationId) -> Vec<ServerFrame> {
        let Some(cursor) = self.opened.get_mut(&conversation) else {
            return Vec::new();
        };
        message_frames(
            conversation,
            cursor.fill(self.state.store(), conversation).await,
        )
    }
}

impl Session for ConsoleSession {
    type In = ClientFrame;
    type Out = ServerFrame;

    async fn greet(&mut self) -> Vec<ServerFrame> {
        match self.state.store().summaries().await {
            Ok(conversations) => vec![ServerFrame::Welcome {
                staff: self.staff.clone(),
                conversations,
            }],
            Err(failure) => internal(failure, None),
        }
    }

    async fn handle(&mut self, frame: ClientFrame) -> Vec<ServerFrame> {
        if !matches!(frame, ClientFrame::Ping) {
            let refused = self.recheck(true).await;
            if !refused.is_empty() {
                return refused;
            }
        }
        match frame {
            ClientFrame::Open {
                conversation,
                last_seq,
            } => self.open(conversation, last_seq).await,
            ClientFrame::Send {
                conversation,
                client_id,
                body,
            } => self.send(conversation, client_id, body).await,
            ClientFrame::MarkRead { conversation, seq } => self.mark_read(conversation, seq).await,
            ClientFrame::Ping => vec![ServerFrame::Pong],
        }
    }

    async fn on_event(&mut self, event: Event) -> Vec<ServerFrame> {
        let conversation = event.conversation;
        match event.kind {
            EventKind::Summary(summary) => vec![ServerFrame::Conversation(summary)],
            EventKind::Message(_) if event.origin == self.connection => Vec::new(),
            EventKind::Message(message) => {
                let Some(cursor) = self.opened.get_mut(&conversation) else {
                    return vec![ServerFrame::Message {
                        conversation,
                        message,
                    }];
                };
                let delivered = cursor
                    .deliver(self.state.store(), conversation, message)
                    .await;
                message_frames(conversation, delivered)
            }
            EventKind::Created { .. } | EventKind::StaffRead(_) => Vec::new(),
        }
    }

    fn malformed(&self) -> ServerFrame {
        error(ErrorCode::MalformedFrame, None)
    }

    async fn on_tick(&mut self) -> Vec<ServerFrame> {
        self.recheck(false).await
    }

    fn on_revocation(&mut self, revocation: &Revocation) -> Vec<ServerFrame> {
        let ended = match revocation {
            Revocation::Session(hash) => *hash == self.session_hash,
            Revocation::Staff(id) => *id == self.staff.id,
            Revocation::Token(_) => false,
        };
        if ended && self.close_code.is_none() {
            self.end()
        } else {
            Vec::new()
        }
    }

    fn close_code(&self) -> Option<u16> {
        self.close_code
    }
}

fn error(code: ErrorCode, client_id: Option<ClientId>) -> ServerFrame {
    ServerFrame::Error { code, client_id }
}

/// Logs a storage failure and tells the console only that it failed.
fn internal(failure: StoreError, client_id: Option<ClientId>) -> Vec<ServerFrame> {
    tracing::error!(error = %failure, "console request failed");
    vec![error(ErrorCode::Internal, client_id)]
}

/// The messages a cursor let through, as frames; a storage failure is only
/// logged (the client notices the gap and resumes).
fn message_frames(
    conversation: ConversationId,
    messages: Result<Vec<Message>, StoreError>,
) -> Vec<ServerFrame> {
    match messages {
        Ok(messages) => messages
            .into_iter()
            .map(|message| ServerFrame::Message {
                conversation,
                message,
            })
            .collect(),
        Err(failure) => {
            tracing::error!(error = %failure, "cannot read missed messages");
            Vec::new()
        }
    }
}

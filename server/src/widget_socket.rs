//! The parent's WebSocket, `GET /api/widget/ws`: Hello/Welcome with the
//! widget's own visitor token, creating the conversation with the first
//! message, storing and acknowledging messages, read marks both ways,
//! language changes, and live delivery of staff replies (and of messages the
//! same parent sent from another tab), in order (see [`crate::cursor`]).
//! Its token can be rotated and revoked ([`tokens`]). Abuse limits: new
//! conversations and messages per client address and per embedding site
//! (`Hello.site`, counted only when it is an allowed site, else under one
//! shared key), refused with `Error RateLimited` on an open socket; and a
//! cap on open sockets per address (`Error RateLimited`, then close 1013).
//! See `yorisoi_protocol::widget` and the protocol crate's documentation.

mod tokens;

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::StreamExt as _;
use yorisoi_protocol::limits::{
    MAX_FRAME_BYTES, MAX_NICKNAME_CHARS, check_message_body, is_well_formed_token,
};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode, Lang, Message, Seq};

use crate::auth::digest;
use crate::client_address::ClientAddress;
use crate::cursor::Cursor;
use crate::error::StoreError;
use crate::hub::{ConnectionId, Event, EventKind, Revocation};
use crate::origin::{may_embed, own_origin, parse_origin};
use crate::socket::{CLOSE_REVOKED, CLOSE_TRY_AGAIN_LATER, Session, announce, refuse, run};
use crate::state::AppState;
use crate::throttle::{RateLimiter, Scope, admit_connection, log_refusal};

/// The per-site key of widgets that name no allowed site.
const OTHER_SITES: &str = "other";

/// Upgrades the request and runs the widget protocol on it (the origin
/// guard has already checked `Origin`).
pub async fn upgrade(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let guard = admit_connection(state.config(), state.limits(), &address);
    let own = own_origin(state.config(), &headers);
    upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            let Some(_counted) = guard else {
                let refusal = error(ErrorCode::RateLimited, None);
                return refuse(socket, &refusal, CLOSE_TRY_AGAIN_LATER).await;
            };
            let connection = state.hub().connection_id();
            tracing::debug!(?connection, "widget socket opened");
            let (sink, stream) = socket.split();
            let mut session = WidgetSession::new(state.clone(), connection);
            session.address = address;
            session.own_origin = own;
            run(&state, session, sink, stream).await;
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
    /// Where the socket comes from, for per-address limits.
    address: ClientAddress,
    /// The server's own origin as this socket reached it (always allowed).
    own_origin: Option<String>,
    /// The per-site limit key (`Hello.site` when allowed).
    site: String,
    /// Set when the socket must close (forgotten or revoked token).
    close_code: Option<u16>,
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
            address: ClientAddress::default(),
            own_origin: None,
            site: OTHER_SITES.to_owned(),
            close_code: None,
        }
    }

    async fn hello(
        &mut self,
        token: String,
        lang: Lang,
        last_seq: Seq,
        site: Option<String>,
    ) -> Vec<ServerFrame> {
        if !is_well_formed_token(&token) {
            // The session stays as it was; the widget may say Hello again.
            return vec![error(ErrorCode::BadToken, None)];
        }
        let token_hash = digest(&token);
        let store = self.state.store();
        match store.is_revoked(&token_hash).await {
            Ok(false) => {}
            Ok(true) => return vec![error(ErrorCode::UnknownToken, None)],
            Err(failure) => return internal(failure, None),
        }
        self.site = site
            .filter(|site| may_embed(self.state.config(), self.own_origin.as_deref(), site))
            .and_then(|site| parse_origin(&site))
            .unwrap_or_else(|| OTHER_SITES.to_owned());
        self.lang = lang;
        self.conversation = None;
        self.cursor = Cursor::new(last_seq);
        self.read_seq = 0;
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
        if let Err(refusal) = self.throttle(self.conversation.is_none()) {
            return vec![error(refusal, Some(client_id))];
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
            Err(StoreError::RevokedToken) => {
                // Another tab forgot this token a moment ago.
                self.close_code = Some(CLOSE_REVOKED);
                return vec![error(ErrorCode::UnknownToken, Some(client_id))];
            }
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

    /// Takes a message (and, for a first message, a new conversation) from
    /// the address's and the site's buckets; one log line per refusal.
    fn throttle(&self, creates: bool) -> Result<(), ErrorCode> {
        let limits = self.state.limits();
        let now = self.state.now_ms();
        let address = self.address.key();
        let mut checks: Vec<(&RateLimiter, &str, &'static str, Scope)> = Vec::new();
        if creates {
            checks.push((
                &limits.new_conversations,
                &address,
                "new_conversations",
                Scope::Address,
            ));
            checks.push((
                &limits.site_new_conversations,
                &self.site,
                "new_conversations",
                Scope::Site,
            ));
        }
        checks.push((&limits.messages, &address, "messages", Scope::Address));
        checks.push((&limits.site_messages, &self.site, "messages", Scope::Site));
        for (limiter, key, name, scope) in checks {
            if limiter.take(key, now).is_err() {
                log_refusal(self.state.config(), name, scope, &self.address);
                return Err(ErrorCode::RateLimited);
            }
        }
        Ok(())
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
                site,
            } => self.hello(token, lang, last_seq, site).await,
            _ if self.token_hash.is_none() => vec![error(ErrorCode::HelloFirst, None)],
            ClientFrame::RotateToken { token } => self.rotate(token).await,
            ClientFrame::Forget => self.forget().await,
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

    fn on_revocation(&mut self, revocation: &Revocation) -> Vec<ServerFrame> {
        if let Revocation::Token(token_hash) = revocation
            && self.token_hash.as_ref() == Some(token_hash)
        {
            // Another socket forgot or rotated this token: this one must say
            // Hello again with whatever token is valid now.
            self.close_code = Some(CLOSE_REVOKED);
        }
        Vec::new()
    }

    fn close_code(&self) -> Option<u16> {
        self.close_code
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
mod tests;

//! One parent's connection: the use cases of the widget socket, and what
//! the connection holds between them (its organisation, its token's digest,
//! its conversation once it exists, and what its client holds of it, see
//! [`Cursor`]). What it hears from the hub is turned into deliveries in
//! [`delivery`]; its token can be rotated and revoked ([`tokens`]).
//!
//! The organisation comes from the embedding site named in `Hello` (see
//! [`super::organisations`]); every later step acts within it. Abuse limits
//! (new conversations and messages, per client address and per embedding
//! site) are counted per organisation, so one organisation's traffic never
//! uses up another's; [`admission`] tells a busy network from a flood.

mod admission;
mod delivery;
mod team;
mod tokens;

pub use delivery::Delivery;

use yorisoi_protocol::limits::{
    CLOSE_REVOKED, check_message_body, is_well_formed_token, normalise_nickname,
};
use yorisoi_protocol::team::Team;
use yorisoi_protocol::text::normalise_body;
use yorisoi_protocol::{
    Author, ClientId, ConversationId, ErrorCode, Lang, Message, OrganisationId, Seq,
};

use super::{Accepted, Service};
use crate::client_address::ClientAddress;
use crate::cursor::Cursor;
use crate::danger;
use crate::error::{ServiceError, StoreError};
use crate::hub::{ConnectionId, Event, EventKind, Topic};
use crate::secrets::digest;
use crate::secrets::new_secret;
use crate::store::VisitorMessage;
use crate::throttle::SocketBucket;

/// The answer to a greeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting {
    /// True when the token named a conversation.
    pub has_conversation: bool,
    /// The messages the client lacks, in order.
    pub messages: Vec<Message>,
    /// Staff have read the parent's messages up to here.
    pub read_seq: Seq,
    /// The proof of work a first message will need (challenge, bits), when
    /// the address has no free new conversation left.
    pub proof: Option<(String, u8)>,
    /// Who answers and when (none if the team could not be read).
    pub team: Option<Team>,
}

/// One widget connection.
pub struct Visitor {
    service: Service,
    connection: ConnectionId,
    /// Where the socket comes from, for per-address limits.
    address: ClientAddress,
    /// The server's own origin as this socket reached it.
    own_origin: Option<String>,
    /// The organisation, from the `Hello` that named a site of one.
    organisation: Option<OrganisationId>,
    /// The per-site limit key (the embedding site's origin).
    site: String,
    /// The digest of the visitor token, once a well-formed `Hello` came.
    token_hash: Option<String>,
    /// The visitor's conversation, once it exists.
    conversation: Option<ConversationId>,
    /// The widget's language, used when the conversation is created.
    lang: Lang,
    /// What this connection's client holds of the conversation.
    cursor: Cursor,
    /// The highest staff read mark told to the client (`Read` only rises).
    read_seq: Seq,
    /// Set when the socket must close (forgotten or revoked token).
    close_code: Option<u16>,
    /// This socket's frames that write without posting (rotation,
    /// language, read marks, forget).
    writes: SocketBucket,
    /// The proof-of-work challenge of this greeting (a new visitor's first
    /// message may need it; see [`admission`]).
    challenge: Option<String>,
    /// Whom the parent asked for: the conversation's, or before it exists
    /// the one its first message will store.
    nominee: Option<i64>,
    /// The team as last told to the client (a heartbeat tells it again
    /// only when it changed).
    team_told: Option<Team>,
    /// When this connection last passed on a typing hint.
    typed_at_ms: i64,
}

impl Visitor {
    /// A connection before `Hello`.
    pub fn new(
        service: Service,
        connection: ConnectionId,
        address: ClientAddress,
        own_origin: Option<String>,
    ) -> Self {
        Visitor {
            connection,
            address,
            own_origin,
            organisation: None,
            site: String::new(),
            token_hash: None,
            conversation: None,
            lang: Lang::default(),
            cursor: Cursor::default(),
            read_seq: 0,
            close_code: None,
            challenge: None,
            nominee: None,
            team_told: None,
            typed_at_ms: i64::MIN,
            writes: SocketBucket::new(
                service.config().limit_widget_writes_per_minute,
                service.config().limit_widget_writes_per_minute,
                60_000,
                service.now_ms(),
            ),
            service,
        }
    }

    /// What the connection must hear about: its conversation, or before it
    /// exists its token (to learn when another tab creates it).
    pub fn topic(&self) -> Option<Topic> {
        let organisation = self.organisation?;
        match (self.conversation, &self.token_hash) {
            (Some(conversation), _) => Some(Topic::Conversation(organisation, conversation)),
            (None, Some(token_hash)) => Some(Topic::Visitor(organisation, token_hash.clone())),
            (None, None) => None,
        }
    }

    /// True once a `Hello` was accepted.
    pub fn is_greeted(&self) -> bool {
        self.greeted().is_ok()
    }

    /// `Some(code)` once the socket must close.
    pub fn close_code(&self) -> Option<u16> {
        self.close_code
    }

    /// The organisation and token of a greeted connection.
    fn greeted(&self) -> Result<(OrganisationId, String), ServiceError> {
        match (self.organisation, &self.token_hash) {
            (Some(organisation), Some(token_hash)) => Ok((organisation, token_hash.clone())),
            _ => Err(ServiceError::refused(ErrorCode::HelloFirst)),
        }
    }

    /// Opens (or resumes) the visitor's session in the organisation of
    /// `site`. A refused `Hello` leaves the connection as it was.
    pub async fn hello(
        &mut self,
        token: &str,
        lang: Lang,
        last_seq: Seq,
        site: Option<&str>,
    ) -> Result<Greeting, ServiceError> {
        if !is_well_formed_token(token) {
            return Err(ServiceError::refused(ErrorCode::BadToken));
        }
        let service = self.service.clone();
        let Some(organisation) = service
            .organisation_id_for_site(site, self.own_origin.as_deref())
            .await?
        else {
            tracing::info!(
                check = "embedding",
                "widget hello from a site of no organisation"
            );
            return Err(ServiceError::refused(ErrorCode::ForeignOrigin));
        };
        let token_hash = digest(token);
        let store = service.store();
        if store.is_revoked(&token_hash).await? {
            return Err(ServiceError::refused(ErrorCode::UnknownToken));
        }
        let found = store
            .conversation_by_token(organisation, &token_hash)
            .await?;
        self.organisation = Some(organisation);
        self.site = site
            .and_then(crate::web_origin::parse_origin)
            .or_else(|| self.own_origin.clone())
            .unwrap_or_default();
        self.lang = lang;
        self.conversation = None;
        self.cursor = Cursor::new(last_seq);
        self.read_seq = 0;
        self.token_hash = Some(token_hash);
        self.challenge = None;
        let Some(found) = found else {
            // A new visitor: the conversation starts with the first message,
            // which a busy address pays for with a proof of work.
            let random = new_secret(service.random());
            self.challenge = Some(random[..32].to_owned());
            return Ok(Greeting {
                has_conversation: false,
                messages: Vec::new(),
                read_seq: 0,
                proof: self.proof_needed(organisation).await,
                team: self.team_now().await,
            });
        };
        self.conversation = Some(found.id);
        self.read_seq = found.staff_read_seq;
        self.nominee = found.nominee;
        if let Some(summary) = store.set_lang(organisation, found.id, lang).await? {
            service.announce(organisation, self.connection, None, summary);
        }
        let messages = self.cursor.fill(store, organisation, found.id).await?;
        Ok(Greeting {
            has_conversation: true,
            messages,
            read_seq: found.staff_read_seq,
            proof: None,
            team: self.team_now().await,
        })
    }

    /// Stores a parent's message (creating the conversation with the first
    /// one, which from a busy address needs the `proof` of work asked for)
    /// and announces it.
    pub async fn post(
        &mut self,
        client_id: ClientId,
        body: String,
        nickname: Option<&str>,
        proof: Option<u64>,
    ) -> Result<Accepted, ServiceError> {
        let (organisation, token_hash) = self.greeted()?;
        if !client_id.is_well_formed() {
            return Err(ServiceError::refused(ErrorCode::BadClientId));
        }
        // Only the cleaned text is checked, stored and announced.
        let body = normalise_body(&body);
        check_message_body(&body).map_err(|code| ServiceError::about(code, &client_id))?;
        let nickname =
            normalise_nickname(nickname).map_err(|code| ServiceError::about(code, &client_id))?;
        self.admit(
            organisation,
            &token_hash,
            self.conversation.is_none(),
            proof,
        )
        .await
        .map_err(|error| error.with_client_id(&client_id))?;
        let service = self.service.clone();
        let message = VisitorMessage {
            token_hash: &token_hash,
            lang: self.lang,
            client_id: &client_id,
            body: &body,
            nickname: nickname.as_deref(),
            nominee: self.nominee,
        };
        let posted = match service
            .store()
            .append_visitor_message(organisation, message, service.now_ms())
            .await
        {
            Ok(posted) => posted,
            Err(StoreError::RevokedToken) => {
                // Another tab forgot this token a moment ago.
                self.close_code = Some(CLOSE_REVOKED);
                return Err(ServiceError::about(ErrorCode::UnknownToken, &client_id));
            }
            Err(StoreError::TokenTaken) => {
                return Err(ServiceError::about(ErrorCode::UnknownToken, &client_id));
            }
            Err(StoreError::ClientIdTaken) => {
                return Err(ServiceError::about(ErrorCode::BadClientId, &client_id));
            }
            Err(failure) => return Err(ServiceError::from(failure).with_client_id(&client_id)),
        };
        let (id, appended) = (posted.conversation, posted.appended);
        // Words that suggest danger show the emergency notice at once: on
        // this connection with its Ack, on the parent's other tabs (and
        // nodes) through the hub. A retry (not fresh) already did.
        let help = appended.fresh && !danger::detect(&body).is_empty();
        if help {
            service.publish(Event {
                organisation,
                conversation: id,
                origin: self.connection,
                kind: EventKind::Help,
            });
        }
        let (seq, sent_at_ms) = (appended.seq, appended.sent_at_ms);
        self.conversation = Some(id);
        self.cursor.cover(appended.seq);
        // Someone else's message (another tab, staff) may have come first
        // and not reached this connection yet: it goes out now, in order.
        let missed = if self.cursor.has_gap() {
            self.catch_up_messages(organisation, id).await
        } else {
            Vec::new()
        };
        if let Some(summary) = appended.summary {
            if posted.created {
                service.publish(Event {
                    organisation,
                    conversation: id,
                    origin: self.connection,
                    kind: EventKind::Created { token_hash },
                });
            }
            let message = Message {
                seq,
                client_id,
                author: Author::Visitor,
                body,
                sent_at_ms,
            };
            service.announce(organisation, self.connection, Some(message), summary);
        }
        Ok(Accepted {
            seq,
            sent_at_ms,
            missed,
            help,
        })
    }

    /// The parent has seen the conversation up to `seq`.
    pub async fn mark_read(&mut self, seq: Seq) -> Result<(), ServiceError> {
        let (organisation, _) = self.greeted()?;
        self.limit_write(organisation).await?;
        let Some(id) = self.conversation else {
            return Ok(());
        };
        let store = self.service.store();
        if let Some(marked) = store.mark_visitor_read(organisation, id, seq).await? {
            // Consoles see the new mark in the conversation's summary.
            self.service
                .announce(organisation, self.connection, None, marked.summary);
        }
        Ok(())
    }

    /// The parent switched language; consoles show the new one.
    pub async fn set_lang(&mut self, lang: Lang) -> Result<(), ServiceError> {
        let (organisation, _) = self.greeted()?;
        self.limit_write(organisation).await?;
        self.lang = lang;
        if let Some(id) = self.conversation
            && let Some(summary) = self
                .service
                .store()
                .set_lang(organisation, id, lang)
                .await?
        {
            self.service
                .announce(organisation, self.connection, None, summary);
        }
        Ok(())
    }
}

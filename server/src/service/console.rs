//! One staff console's connection: the use cases of the console socket, and
//! what the connection holds between them (the staff member, their session,
//! and for each opened conversation what the client holds of it, see
//! [`Cursor`]). Everything acts within the staff member's organisation: a
//! conversation of another organisation reads as unknown, and only the
//! organisation's events reach the console.
//!
//! The session is rechecked on every request but `Ping` (a use) and on every
//! heartbeat (not a use); when it is over, or ended elsewhere, the
//! connection asks to close.

mod help;
mod work;

use std::collections::HashMap;

use yorisoi_protocol::console::PageCursor;
use yorisoi_protocol::limits::{
    CLOSE_REVOKED, CLOSE_SERVICE_RESTART, CONVERSATION_PAGE, check_message_body,
};
use yorisoi_protocol::model::{ConversationSummary, Note, StaffInfo};
use yorisoi_protocol::team::Presence;
use yorisoi_protocol::text::normalise_body;
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode, Message, Seq};

use super::{Accepted, Service};
use crate::cursor::Cursor;
use crate::error::{ServiceError, StoreError};
use crate::hub::{ConnectionId, Credential, Event, EventKind, Revocation, Topic};
use crate::store::{NewMessage, SessionState};

/// Something to tell the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// A conversation is new or changed.
    Summary(ConversationSummary),
    /// A message of a conversation (in order for opened ones).
    Message(ConversationId, Message),
    /// The parent of a conversation is typing.
    Typing(ConversationId),
    /// A new internal note.
    Note(ConversationId, Note),
    /// Parents waiting too long, about whom this staff member is alerted.
    Overdue(Vec<ConversationSummary>),
}

/// Typing hints closer together than this are dropped: the other side
/// shows one for a few seconds, so more would only be noise.
pub const TYPING_EVERY_MS: i64 = 2_000;

/// One console connection.
pub struct Console {
    service: Service,
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
    /// When this console last passed on a typing hint.
    typed_at_ms: i64,
}

impl Console {
    /// A connection for a logged-in staff member.
    pub fn new(
        service: Service,
        connection: ConnectionId,
        staff: StaffInfo,
        session_hash: String,
    ) -> Self {
        Console {
            service,
            connection,
            staff,
            session_hash,
            close_code: None,
            opened: HashMap::new(),
            typed_at_ms: i64::MIN,
        }
    }

    /// The staff member.
    pub fn staff(&self) -> &StaffInfo {
        &self.staff
    }

    /// The service, for what the socket asks beside the use cases.
    pub fn service(&self) -> &Service {
        &self.service
    }

    /// After how many hours a wait alerts (the setting).
    pub fn overdue_hours(&self) -> u32 {
        self.service.config().overdue_alert_hours
    }

    /// What the console hears about: its organisation.
    pub fn topic(&self) -> Topic {
        Topic::Organisation(self.staff.organisation)
    }

    /// `Some(code)` once the socket must close.
    pub fn close_code(&self) -> Option<u16> {
        self.close_code
    }

    /// Rechecks the session; when it is over, asks to close.
    pub async fn recheck(&mut self, touch: bool) -> Result<(), ServiceError> {
        match self
            .service
            .session_state(&self.session_hash, touch)
            .await?
        {
            SessionState::Valid(_) => Ok(()),
            SessionState::Expired | SessionState::Unknown => Err(self.end()),
        }
    }

    fn end(&mut self) -> ServiceError {
        self.close_code = Some(CLOSE_REVOKED);
        ServiceError::refused(ErrorCode::Unauthorized)
    }

    /// A page of the organisation's conversations, most recently updated
    /// first: the first page, or the one after `after`; and whether older
    /// ones exist.
    pub async fn conversations(
        &self,
        after: Option<PageCursor>,
    ) -> Result<(Vec<ConversationSummary>, bool), ServiceError> {
        let mut page = self
            .service
            .store()
            .summaries(self.staff.organisation, after, CONVERSATION_PAGE + 1)
            .await?;
        let more = page.len() > CONVERSATION_PAGE;
        page.truncate(CONVERSATION_PAGE);
        Ok((page, more))
    }

    /// A conversation's messages after `last_seq`; from now on its live
    /// messages come in order. One query when there are messages, two
    /// otherwise: cheap enough for a console re-opening every conversation.
    pub async fn open(
        &mut self,
        conversation: ConversationId,
        last_seq: Seq,
    ) -> Result<Vec<Message>, ServiceError> {
        let organisation = self.staff.organisation;
        let store = self.service.store();
        let mut cursor = Cursor::new(last_seq);
        let messages = cursor.fill(store, organisation, conversation).await?;
        if messages.is_empty()
            && !store
                .conversation_exists(organisation, conversation)
                .await?
        {
            return Err(ServiceError::refused(ErrorCode::UnknownConversation));
        }
        self.opened.insert(conversation, cursor);
        Ok(messages)
    }

    /// Stores a staff reply and announces it.
    pub async fn reply(
        &mut self,
        conversation: ConversationId,
        client_id: ClientId,
        body: String,
    ) -> Result<Accepted, ServiceError> {
        self.post(conversation, client_id, body, false).await
    }

    /// Stores a message of this staff member's and announces it: to the
    /// other consoles only (this one has it, and is answered with `Ack`),
    /// or, when `echo`, to this console too, as a colleague's message
    /// reaches it (a message the server wrote, which the client has not).
    async fn post(
        &mut self,
        conversation: ConversationId,
        client_id: ClientId,
        body: String,
        echo: bool,
    ) -> Result<Accepted, ServiceError> {
        if !client_id.is_well_formed() {
            return Err(ServiceError::refused(ErrorCode::BadClientId));
        }
        // Only the cleaned text is checked, stored and announced.
        let body = normalise_body(&body);
        check_message_body(&body).map_err(|code| ServiceError::about(code, &client_id))?;
        let organisation = self.staff.organisation;
        let author = Author::Staff {
            id: self.staff.id,
            name: self.staff.name.clone(),
        };
        let service = self.service.clone();
        let message = NewMessage {
            client_id: &client_id,
            author: &author,
            body: &body,
            nickname: None,
        };
        let appended = service
            .store()
            .append_message(organisation, conversation, message, service.now_ms())
            .await
            .map_err(|failure| refusal_of(failure, &client_id))?;
        let mut missed = Vec::new();
        let origin = if echo {
            service.hub().connection_id()
        } else {
            self.connection
        };
        if let Some(cursor) = self.opened.get_mut(&conversation).filter(|_| !echo) {
            cursor.cover(appended.seq);
            if cursor.has_gap() {
                // A message from someone else came first and has not
                // reached this console yet: it goes out now, in order.
                missed = self.catch_up(conversation).await;
            }
        }
        if let Some(summary) = appended.summary {
            let message = Message {
                seq: appended.seq,
                client_id,
                author,
                body,
                sent_at_ms: appended.sent_at_ms,
            };
            service.announce(organisation, origin, Some(message), summary);
        }
        Ok(Accepted {
            seq: appended.seq,
            sent_at_ms: appended.sent_at_ms,
            missed,
            help: false,
        })
    }

    /// The staff member has seen the conversation up to `seq`: the parent's
    /// widgets show their messages as read, every console the new summary.
    pub async fn mark_read(
        &mut self,
        conversation: ConversationId,
        seq: Seq,
    ) -> Result<(), ServiceError> {
        let organisation = self.staff.organisation;
        let marked = match self
            .service
            .store()
            .mark_read(organisation, conversation, seq)
            .await
        {
            Ok(marked) => marked,
            Err(StoreError::UnknownConversation(_)) => {
                return Err(ServiceError::refused(ErrorCode::UnknownConversation));
            }
            Err(failure) => return Err(failure.into()),
        };
        if let Some(marked) = marked {
            self.service.publish(Event {
                organisation,
                conversation,
                origin: self.connection,
                kind: EventKind::StaffRead(marked.seq),
            });
            self.service
                .announce(organisation, self.connection, None, marked.summary);
        }
        Ok(())
    }

    /// What a hub event means for this console.
    pub async fn on_event(&mut self, event: Event) -> Vec<Delivery> {
        if event.organisation != self.staff.organisation {
            return Vec::new();
        }
        let conversation = event.conversation;
        match event.kind {
            EventKind::Summary(summary) => vec![Delivery::Summary(summary)],
            // Its own reply: the client has it (Ack), but not the summary.
            EventKind::Message(_, summary) if event.origin == self.connection => {
                vec![Delivery::Summary(summary)]
            }
            EventKind::Message(message, summary) => {
                let mut deliveries = self.deliver(conversation, message).await;
                deliveries.push(Delivery::Summary(summary));
                deliveries
            }
            EventKind::Typing { staff: None } => vec![Delivery::Typing(conversation)],
            EventKind::Note(note) => vec![Delivery::Note(conversation, note)],
            EventKind::Overdue(waits) => overdue_for(self.staff.id, &waits),
            EventKind::Deleted => {
                // The console has no frame that drops a conversation: it
                // reconnects at once (as after a restart) and its new
                // `Welcome` lists the conversations that remain.
                self.opened.remove(&conversation);
                self.close_code = Some(CLOSE_SERVICE_RESTART);
                Vec::new()
            }
            EventKind::Created { .. }
            | EventKind::StaffRead(_)
            | EventKind::Typing { .. }
            | EventKind::Help
            | EventKind::Cases => Vec::new(),
        }
    }

    /// The staff member is typing in `conversation`: the parent's widgets
    /// show it (at most one hint every [`TYPING_EVERY_MS`]).
    pub fn typing(&mut self, conversation: ConversationId) {
        let now_ms = self.service.now_ms();
        if now_ms.saturating_sub(self.typed_at_ms) < TYPING_EVERY_MS {
            return;
        }
        self.typed_at_ms = now_ms;
        self.service.publish(Event {
            organisation: self.staff.organisation,
            conversation,
            origin: self.connection,
            kind: EventKind::Typing {
                staff: Some(self.staff.name.clone()),
            },
        });
    }

    /// The staff member says whether they answer now.
    pub async fn set_presence(&mut self, presence: Presence) -> Result<(), ServiceError> {
        self.service.set_presence(&self.staff, presence).await?;
        // The weekly summary's hours online come from this log.
        self.service.log_presence(&self.staff, presence).await;
        Ok(())
    }

    /// Logs the staff member's presence now (the console opening carries on
    /// a stored presence; closing counts as offline), for the weekly summary.
    pub async fn log_presence(&self, presence: Presence) {
        self.service.log_presence(&self.staff, presence).await;
    }

    /// The staff member's presence as stored (for `Welcome`).
    pub async fn presence(&self) -> Presence {
        match self.service.team_records(self.staff.organisation).await {
            Ok(records) => records
                .iter()
                .find(|record| record.id == self.staff.id)
                .map(|record| record.presence)
                .unwrap_or_default(),
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read the team");
                Presence::default()
            }
        }
    }

    /// A live message: as it comes for a conversation not opened, in order
    /// (gaps filled from the database) for an opened one.
    async fn deliver(&mut self, conversation: ConversationId, message: Message) -> Vec<Delivery> {
        let organisation = self.staff.organisation;
        let Some(cursor) = self.opened.get_mut(&conversation) else {
            return vec![Delivery::Message(conversation, message)];
        };
        let store = self.service.store();
        match cursor
            .deliver(store, organisation, conversation, message)
            .await
        {
            Ok(messages) => messages
                .into_iter()
                .map(|message| Delivery::Message(conversation, message))
                .collect(),
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read missed messages");
                Vec::new()
            }
        }
    }

    /// The messages of an opened conversation the client lacks; a storage
    /// failure is only logged (the client notices the gap and resumes).
    async fn catch_up(&mut self, conversation: ConversationId) -> Vec<Message> {
        let organisation = self.staff.organisation;
        let Some(cursor) = self.opened.get_mut(&conversation) else {
            return Vec::new();
        };
        match cursor
            .fill(self.service.store(), organisation, conversation)
            .await
        {
            Ok(messages) => messages,
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read missed messages");
                Vec::new()
            }
        }
    }

    /// Reacts to a revoked credential: the console's session, or every
    /// session of its staff member, ended elsewhere.
    pub fn on_revocation(&mut self, revocation: &Revocation) -> Option<ServiceError> {
        let ended = match &revocation.credential {
            Credential::Session(hash) => *hash == self.session_hash,
            Credential::Staff(id) => *id == self.staff.id,
            Credential::Token(_) => false,
        };
        (ended && self.close_code.is_none()).then(|| self.end())
    }
}

/// What a console is told when a reply or note of its own (`client_id`)
/// could not be kept.
fn refusal_of(failure: StoreError, client_id: &ClientId) -> ServiceError {
    match failure {
        StoreError::ClientIdTaken => ServiceError::about(ErrorCode::BadClientId, client_id),
        StoreError::UnknownConversation(_) => {
            ServiceError::about(ErrorCode::UnknownConversation, client_id)
        }
        failure => ServiceError::from(failure).with_client_id(client_id),
    }
}

/// The waits of one sweep that alert `staff`, as one delivery (none when
/// none does).
fn overdue_for(staff: i64, waits: &[crate::hub::OverdueWait]) -> Vec<Delivery> {
    let mine: Vec<ConversationSummary> = waits
        .iter()
        .filter(|wait| wait.alerted.contains(&staff))
        .map(|wait| wait.summary.clone())
        .collect();
    if mine.is_empty() {
        Vec::new()
    } else {
        vec![Delivery::Overdue(mine)]
    }
}

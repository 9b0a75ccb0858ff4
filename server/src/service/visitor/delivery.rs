//! What a parent's connection hears: hub events of its conversation (in
//! order, gaps filled from the database), staff read marks, the creation of
//! its conversation by another tab, and revocations of its token.

use yorisoi_protocol::limits::CLOSE_REVOKED;
use yorisoi_protocol::{ConversationId, Message, OrganisationId, Seq};

use super::Visitor;
use crate::hub::{Credential, Event, EventKind, Revocation};

/// Something to tell the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// A message of the conversation, in order.
    Message(Message),
    /// Staff have read up to here.
    Read(Seq),
    /// The named staff member is typing.
    Typing(String),
    /// Show the emergency notice now.
    Help,
}

impl Visitor {
    /// What a hub event means for this client.
    pub async fn on_event(&mut self, event: Event) -> Vec<Delivery> {
        if Some(event.organisation) != self.organisation {
            return Vec::new();
        }
        if let EventKind::Created { token_hash } = &event.kind {
            // Another tab of this parent created the conversation: the
            // connection now follows it (its topic changes, see `catch_up`).
            if self.conversation.is_none() && self.token_hash.as_ref() == Some(token_hash) {
                self.conversation = Some(event.conversation);
            }
            return Vec::new();
        }
        if Some(event.conversation) != self.conversation {
            return Vec::new();
        }
        if let EventKind::Deleted = event.kind {
            // Its conversation is gone: the widget must start afresh.
            self.close_code = Some(CLOSE_REVOKED);
            return Vec::new();
        }
        if event.origin == self.connection {
            return Vec::new();
        }
        match event.kind {
            EventKind::Message(message, _) => {
                let store = self.service.store();
                match self
                    .cursor
                    .deliver(store, event.organisation, event.conversation, message)
                    .await
                {
                    Ok(messages) => messages.into_iter().map(Delivery::Message).collect(),
                    Err(failure) => {
                        tracing::error!(error = %failure, "cannot read missed messages");
                        Vec::new()
                    }
                }
            }
            EventKind::StaffRead(seq) if seq > self.read_seq => {
                self.read_seq = seq;
                vec![Delivery::Read(seq)]
            }
            EventKind::Typing { staff: Some(name) } => vec![Delivery::Typing(name)],
            EventKind::Help => vec![Delivery::Help],
            _ => Vec::new(),
        }
    }

    /// After the connection subscribed to a new topic: everything committed
    /// before the subscription that the client lacks.
    pub async fn catch_up(&mut self) -> Vec<Delivery> {
        match (self.organisation, self.conversation) {
            (Some(organisation), Some(id)) => self
                .catch_up_messages(organisation, id)
                .await
                .into_iter()
                .map(Delivery::Message)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// After events were dropped (the socket fell behind its channel):
    /// everything they carried, from the database: the messages the client
    /// lacks and the staff read mark if it moved. A storage failure is only
    /// logged (the client finds the gap and resumes).
    pub async fn make_up(&mut self) -> Vec<Delivery> {
        let (Some(organisation), Some(token_hash)) = (self.organisation, self.token_hash.clone())
        else {
            return Vec::new();
        };
        let store = self.service.store();
        let found = match store.conversation_by_token(organisation, &token_hash).await {
            Ok(found) => found,
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read the conversation");
                None
            }
        };
        let Some(found) = found else {
            return Vec::new();
        };
        if self.conversation.is_none() {
            // The dropped event was its creation by another tab: the
            // connection follows it now (a new topic, then `catch_up`).
            self.conversation = Some(found.id);
            return Vec::new();
        }
        let mut deliveries = self.catch_up().await;
        if found.staff_read_seq > self.read_seq {
            self.read_seq = found.staff_read_seq;
            deliveries.push(Delivery::Read(found.staff_read_seq));
        }
        deliveries
    }

    /// The messages the client lacks; a storage failure is only logged (the
    /// client finds the gap and resumes).
    pub(super) async fn catch_up_messages(
        &mut self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Vec<Message> {
        match self
            .cursor
            .fill(self.service.store(), organisation, id)
            .await
        {
            Ok(messages) => messages,
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read missed messages");
                Vec::new()
            }
        }
    }

    /// Another socket forgot or rotated this connection's token: it must
    /// say `Hello` again with whatever token is valid now.
    pub fn on_revocation(&mut self, revocation: &Revocation) {
        if let Credential::Token(token_hash) = &revocation.credential
            && self.token_hash.as_ref() == Some(token_hash)
        {
            self.close_code = Some(CLOSE_REVOKED);
        }
    }
}

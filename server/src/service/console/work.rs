//! The console's working tools: assigning a conversation (take, take over,
//! hand back, give to a colleague), resolving and reopening it, internal
//! notes, labels and search. Every change is announced to the organisation's
//! consoles only: a note travels as its own event, which no parent's
//! connection hears (see [`EventKind::Note`]).

use yorisoi_protocol::limits::{
    SEARCH_QUERY_CHARS, SEARCH_RESULTS, check_message_body, clean_labels,
};
use yorisoi_protocol::model::{Colleague, ConversationSummary, Note};
use yorisoi_protocol::text::normalise_body;
use yorisoi_protocol::{ClientId, ConversationId, ErrorCode};

use super::Console;
use crate::error::ServiceError;
use crate::hub::{Event, EventKind};
use crate::store::NewNote;

impl Console {
    /// Gives the conversation to `staff` (a colleague of the organisation)
    /// or to nobody; every console sees the new summary.
    pub async fn assign(
        &mut self,
        conversation: ConversationId,
        staff: Option<i64>,
    ) -> Result<(), ServiceError> {
        let organisation = self.staff.organisation;
        let store = self.service.store();
        match store
            .set_assignee(organisation, conversation, staff)
            .await?
        {
            Some(summary) => {
                self.changed(summary);
                Ok(())
            }
            None => Err(self.missing(conversation).await),
        }
    }

    /// Marks the conversation resolved (now), or open again.
    pub async fn resolve(
        &mut self,
        conversation: ConversationId,
        resolved: bool,
    ) -> Result<(), ServiceError> {
        let organisation = self.staff.organisation;
        let at = resolved.then(|| self.service.now_ms());
        let store = self.service.store();
        match store.set_resolved(organisation, conversation, at).await? {
            Some(summary) => {
                self.changed(summary);
                Ok(())
            }
            None => Err(ServiceError::refused(ErrorCode::UnknownConversation)),
        }
    }

    /// Sets the conversation's labels, cleaned; every console sees them.
    pub async fn label(
        &mut self,
        conversation: ConversationId,
        labels: &[String],
    ) -> Result<(), ServiceError> {
        let labels = clean_labels(labels).map_err(ServiceError::refused)?;
        let organisation = self.staff.organisation;
        let store = self.service.store();
        match store
            .set_labels(organisation, conversation, &labels)
            .await?
        {
            Some(summary) => {
                self.changed(summary);
                Ok(())
            }
            None => Err(ServiceError::refused(ErrorCode::UnknownConversation)),
        }
    }

    /// Keeps an internal note and tells every console of the organisation
    /// (this one by the note it gets back).
    pub async fn add_note(
        &mut self,
        conversation: ConversationId,
        client_id: ClientId,
        body: String,
    ) -> Result<Note, ServiceError> {
        if !client_id.is_well_formed() {
            return Err(ServiceError::refused(ErrorCode::BadClientId));
        }
        let body = normalise_body(&body);
        check_message_body(&body).map_err(|code| ServiceError::about(code, &client_id))?;
        let organisation = self.staff.organisation;
        let note = NewNote {
            client_id: &client_id,
            staff: self.staff.id,
            body: &body,
        };
        let now_ms = self.service.now_ms();
        let (note, fresh) = self
            .service
            .store()
            .add_note(organisation, conversation, note, now_ms)
            .await
            .map_err(|failure| super::refusal_of(failure, &client_id))?;
        if !fresh {
            // A retry: everyone heard of it the first time.
            return Ok(note);
        }
        self.service.publish(Event {
            organisation,
            conversation,
            origin: self.connection,
            kind: EventKind::Note(note.clone()),
        });
        Ok(note)
    }

    /// A conversation's internal notes, oldest first.
    pub async fn notes(&self, conversation: ConversationId) -> Result<Vec<Note>, ServiceError> {
        let organisation = self.staff.organisation;
        Ok(self
            .service
            .store()
            .notes(organisation, conversation)
            .await?)
    }

    /// The organisation's conversations matching `query` (number, nickname,
    /// message or note text), most recently updated first; nothing for a
    /// blank query.
    pub async fn search(&self, query: &str) -> Result<Vec<ConversationSummary>, ServiceError> {
        let query: String = query.trim().chars().take(SEARCH_QUERY_CHARS).collect();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let organisation = self.staff.organisation;
        let store = self.service.store();
        Ok(store.search(organisation, &query, SEARCH_RESULTS).await?)
    }

    /// Everyone on the organisation's staff, by name (for `Welcome`).
    pub async fn colleagues(&self) -> Vec<Colleague> {
        match self.service.team_records(self.staff.organisation).await {
            Ok(records) => records
                .iter()
                .map(|record| Colleague {
                    id: record.id,
                    name: record.name.clone(),
                })
                .collect(),
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read the team");
                Vec::new()
            }
        }
    }

    /// Announces a changed summary to every console, this one included.
    fn changed(&self, summary: ConversationSummary) {
        let organisation = self.staff.organisation;
        self.service.publish(Event {
            organisation,
            conversation: summary.id,
            origin: self.connection,
            kind: EventKind::Summary(summary),
        });
    }

    /// Why an assignment found nothing: no such conversation here, or no
    /// such colleague.
    async fn missing(&self, conversation: ConversationId) -> ServiceError {
        let organisation = self.staff.organisation;
        match self
            .service
            .store()
            .conversation_exists(organisation, conversation)
            .await
        {
            Ok(true) => ServiceError::refused(ErrorCode::Forbidden),
            Ok(false) => ServiceError::refused(ErrorCode::UnknownConversation),
            Err(failure) => failure.into(),
        }
    }
}

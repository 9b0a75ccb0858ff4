//! Staff send the emergency notice into a conversation (issue 13): as a
//! message of theirs, written by the server in the language the parent
//! writes in (else their widget's), with the organisation's own lines, and
//! the notice opened on the parent's widgets at once (`Help`), as when the
//! parent's own words suggest danger.

use yorisoi_protocol::{ClientId, ConversationId, ErrorCode};

use super::Console;
use crate::error::ServiceError;
use crate::help::{self, Local};
use crate::hub::{Event, EventKind};
use crate::store::TextName;

impl Console {
    /// Sends the emergency notice into `conversation` (see the module).
    pub async fn send_help(
        &mut self,
        conversation: ConversationId,
        client_id: ClientId,
    ) -> Result<(), ServiceError> {
        let organisation = self.staff.organisation;
        let store = self.service.store();
        let Some(summary) = store.summary(organisation, conversation).await? else {
            return Err(ServiceError::about(
                ErrorCode::UnknownConversation,
                &client_id,
            ));
        };
        let lang = summary.written.unwrap_or(summary.lang);
        let texts = store.organisation_texts(organisation).await?;
        let name = store
            .organisation(organisation)
            .await?
            .map(|found| found.face.name(lang).to_owned())
            .unwrap_or_default();
        let local = Local {
            name: &name,
            text: texts.get(TextName::Help(lang)),
        };
        self.post(conversation, client_id, help::card(lang, local), true)
            .await?;
        self.service.publish(Event {
            organisation,
            conversation,
            origin: self.connection,
            kind: EventKind::Help,
        });
        Ok(())
    }
}

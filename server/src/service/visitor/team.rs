//! A parent's side of the team: whom they ask for, what they are told
//! about who answers and when (again on a heartbeat when it changed), and
//! the hint that they are typing.

use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::team::Team;

use super::Visitor;
use crate::error::ServiceError;
use crate::hub::{Event, EventKind};
use crate::service::console::TYPING_EVERY_MS;

impl Visitor {
    /// The team as this parent should see it now, remembered as told; none
    /// (logged) when it cannot be read: the widget then simply says nothing
    /// of who answers.
    pub(super) async fn team_now(&mut self) -> Option<Team> {
        let organisation = self.organisation?;
        match self
            .service
            .team_for_parent(organisation, self.nominee)
            .await
        {
            Ok(team) => {
                self.team_told = Some(team.clone());
                Some(team)
            }
            Err(failure) => {
                tracing::error!(error = %failure, "cannot read the team");
                None
            }
        }
    }

    /// The team, when it changed since it was last told (presence, hours,
    /// or time passing an availability): asked on each heartbeat.
    pub async fn team_if_changed(&mut self) -> Option<Team> {
        if !self.is_greeted() {
            return None;
        }
        let before = self.team_told.clone();
        let team = self.team_now().await?;
        (before.as_ref() != Some(&team)).then_some(team)
    }

    /// The parent asks for `staff` (or anyone). Before the conversation
    /// exists it is kept for the first message; after, it is stored and
    /// consoles see it. Asking for someone not on the team means anyone.
    pub async fn nominate(&mut self, staff: Option<i64>) -> Result<Team, ServiceError> {
        let (organisation, _) = self.greeted()?;
        self.limit_write(organisation).await?;
        let records = self.service.team_records(organisation).await?;
        let staff = staff.filter(|id| records.iter().any(|record| record.id == *id));
        self.nominee = staff;
        if let Some(id) = self.conversation
            && let Some(summary) = self
                .service
                .store()
                .set_nominee(organisation, id, staff)
                .await?
        {
            self.service
                .announce(organisation, self.connection, None, summary);
        }
        self.team_now()
            .await
            .ok_or_else(|| ServiceError::refused(ErrorCode::Internal))
    }

    /// The parent is typing: consoles show it (at most one hint every
    /// [`TYPING_EVERY_MS`]; nothing before the conversation exists, since
    /// no console could show it).
    pub fn typing(&mut self) {
        let (Some(organisation), Some(conversation)) = (self.organisation, self.conversation)
        else {
            return;
        };
        let now_ms = self.service.now_ms();
        if now_ms.saturating_sub(self.typed_at_ms) < TYPING_EVERY_MS {
            return;
        }
        self.typed_at_ms = now_ms;
        self.service.publish(Event {
            organisation,
            conversation,
            origin: self.connection,
            kind: EventKind::Typing { staff: None },
        });
    }
}

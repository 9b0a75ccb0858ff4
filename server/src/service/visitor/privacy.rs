//! The parent's own conversation, from the widget's socket (issue 13):
//! "Delete my conversation", "Download my conversation", and their answers
//! to cases sent for consent. The rules are the service's
//! ([`Service::delete_visitors_conversation`],
//! [`Service::visitors_transcript`], [`Service::decide_in_conversation`]);
//! this connection only brings what it already knows: its organisation,
//! its token's digest and its conversation. Each counts against the
//! socket's write bucket, like "Forget this device".

use yorisoi_protocol::cases::{CaseStatus, Decision};

use super::Visitor;
use super::tokens::CLOSE_NORMAL;
use crate::consent_cards;
use crate::error::ServiceError;
use crate::service::cases::Answer;
use crate::service::cases::CaseError;
use crate::service::privacy::Download;

impl Visitor {
    /// Deletes the conversation and revokes this connection's token (a
    /// token that never wrote is only revoked); the socket then closes.
    pub async fn delete(&mut self) -> Result<(), ServiceError> {
        let (organisation, token_hash) = self.greeted()?;
        self.limit_write(organisation).await?;
        self.service
            .delete_visitors_conversation(organisation, token_hash)
            .await?;
        self.token_hash = None;
        self.conversation = None;
        self.close_code = Some(CLOSE_NORMAL);
        Ok(())
    }

    /// The conversation as a text file, times in `time_zone`.
    pub async fn transcript(&mut self, time_zone: Option<&str>) -> Result<Download, ServiceError> {
        let (organisation, token_hash) = self.greeted()?;
        self.limit_write(organisation).await?;
        self.service
            .visitors_transcript(organisation, &token_hash, time_zone)
            .await
    }

    /// The cards of the cases waiting for this parent's answer or approved,
    /// newest first, in the widget's language (see [`consent_cards`]);
    /// empty for none (and before the conversation exists). With `closed`,
    /// declined and withdrawn ones too: right after the parent's answer,
    /// which the card then confirms; later they would only take room.
    pub async fn cases(&self, closed: bool) -> Result<String, ServiceError> {
        let (organisation, _) = self.greeted()?;
        let Some(conversation) = self.conversation else {
            return Ok(String::new());
        };
        let cases = self
            .service
            .cases_of_conversation(organisation, conversation)
            .await
            .map_err(service_error)?;
        let shown: Vec<_> = cases
            .into_iter()
            .filter(|case| closed || matches!(case.status, CaseStatus::Sent | CaseStatus::Approved))
            .collect();
        Ok(consent_cards::render(&shown, self.lang))
    }

    /// The parent's answer to case `id`, then the cards as they stand. A
    /// refused answer (words changed meanwhile, a case already closed)
    /// changes nothing: the cases as they stand show the parent why.
    pub async fn decide(
        &mut self,
        id: i64,
        decision: Decision,
        wording_hash: &str,
    ) -> Result<String, ServiceError> {
        let (organisation, _) = self.greeted()?;
        self.limit_write(organisation).await?;
        let answer = Answer {
            id,
            decision,
            wording_hash,
        };
        if let Some(conversation) = self.conversation {
            match self
                .service
                .decide_in_conversation(organisation, conversation, answer, self.connection)
                .await
            {
                Ok(_) => {}
                Err(CaseError::Refused(reason)) => {
                    tracing::debug!(?reason, "a parent's answer to a case was refused");
                }
                Err(CaseError::Service(failure)) => return Err(failure),
            }
        }
        self.cases(true).await
    }
}

/// A case failure where only a service failure can be (reading).
fn service_error(error: CaseError) -> ServiceError {
    match error {
        CaseError::Service(failure) => failure,
        CaseError::Refused(reason) => {
            tracing::debug!(?reason, "reading a parent's cases was refused");
            ServiceError::refused(yorisoi_protocol::ErrorCode::Forbidden)
        }
    }
}

//! Privacy by default (issue 13): what a parent can do about their own
//! conversation from the widget, over HTTP with the visitor token they
//! hold, and what the organisation's retention period does on its own.
//!
//! - [`Service::delete_conversation`]: "Delete my conversation". The
//!   conversation row goes, and everything keyed by it with it (messages,
//!   notes, read marks, labels); the token is revoked, so every widget
//!   holding it closes and it opens nothing again; consoles are told
//!   ([`EventKind::Deleted`]), on every node.
//! - [`Service::download_conversation`]: "Download my conversation", the
//!   transcript as a text file ([`crate::transcript`]), in the parent's
//!   language and time zone, without internal notes.
//! - [`retention`]: the sweep that deletes resolved conversations older
//!   than the organisation's period, keeping anonymous statistics.
//!
//! "Forget this device" and the consultation code are the widget socket's
//! (`visitor`'s `tokens`). A request is authenticated like the socket's
//! `Hello`: a well-formed, unrevoked token, in the organisation of the
//! embedding site it names. Each counts against the address's
//! `widget_writes` limit, so tokens cannot be tried in bulk.

mod retention;
mod texts;

pub use retention::{MAX_RETENTION_DAYS, RETENTION_BATCH, Retention, RetentionReport};

use yorisoi_protocol::limits::is_well_formed_token;
use yorisoi_protocol::{ErrorCode, Lang, OrganisationId};

use super::Service;
use crate::client_address::ClientAddress;
use crate::error::ServiceError;
use crate::hub::{Credential, Event, EventKind};
use crate::secrets::digest;
use crate::throttle::{Scope, log_refusal};
use crate::transcript::{self, Transcript};

/// Who asks, as the widget page's request tells it.
#[derive(Debug, Clone, Copy)]
pub struct VisitorRequest<'a> {
    /// The client's address, for the limit.
    pub address: &'a ClientAddress,
    /// The visitor token (never in a URL: the request's body).
    pub token: &'a str,
    /// The embedding site's origin, as the widget's `Hello` names it.
    pub site: Option<&'a str>,
    /// The server's own origin as the request reached it.
    pub own: Option<&'a str>,
}

/// A file for the parent to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// Its name (may hold any Unicode: the organisation's name).
    pub file_name: String,
    /// Its text.
    pub text: String,
}

impl Service {
    /// The organisation and token digest of a parent's request, after its
    /// limit: refused for an ill-formed token (`BadToken`), a site of no
    /// organisation (`ForeignOrigin`) or a revoked token (`UnknownToken`).
    async fn visitor_of(
        &self,
        request: VisitorRequest<'_>,
    ) -> Result<(OrganisationId, String), ServiceError> {
        let limiter = &self.limits().widget_writes;
        if let Err(retry_after_secs) = limiter.take(&request.address.key(), self.now_ms()).await {
            log_refusal(
                self.config(),
                "widget_writes",
                Scope::Address,
                request.address,
            );
            return Err(ServiceError::rate_limited(retry_after_secs));
        }
        if !is_well_formed_token(request.token) {
            return Err(ServiceError::refused(ErrorCode::BadToken));
        }
        let Some(organisation) = self
            .organisation_id_for_site(request.site, request.own)
            .await?
        else {
            return Err(ServiceError::refused(ErrorCode::ForeignOrigin));
        };
        let token_hash = digest(request.token);
        if self.store().is_revoked(&token_hash).await? {
            return Err(ServiceError::refused(ErrorCode::UnknownToken));
        }
        Ok((organisation, token_hash))
    }

    /// Deletes the parent's conversation and revokes their token; true
    /// when there was a conversation (a token that never wrote is revoked
    /// all the same).
    pub async fn delete_conversation(
        &self,
        request: VisitorRequest<'_>,
    ) -> Result<bool, ServiceError> {
        let (organisation, token_hash) = self.visitor_of(request).await?;
        let deleted = self
            .store()
            .delete_visitor_conversation(organisation, &token_hash, self.now_ms())
            .await?;
        self.revoke(organisation, Credential::Token(token_hash));
        if let Some(conversation) = deleted {
            self.announce_deleted(organisation, conversation);
            tracing::info!(
                organisation = organisation.0,
                conversation = conversation.0,
                "a parent deleted their conversation"
            );
        }
        Ok(deleted.is_some())
    }

    /// Tells consoles and the parent's widgets, here and on other nodes,
    /// that a conversation is gone.
    fn announce_deleted(
        &self,
        organisation: OrganisationId,
        conversation: yorisoi_protocol::ConversationId,
    ) {
        self.publish(Event {
            organisation,
            conversation,
            origin: self.hub().connection_id(),
            kind: EventKind::Deleted,
        });
    }

    /// The parent's conversation as a text file, times in `time_zone` (an
    /// IANA name the widget page reads from the browser; Tokyo's when
    /// unknown). A token that never wrote gets a file that says so.
    pub async fn download_conversation(
        &self,
        request: VisitorRequest<'_>,
        time_zone: Option<&str>,
    ) -> Result<Download, ServiceError> {
        let (organisation, token_hash) = self.visitor_of(request).await?;
        let store = self.store();
        let face = store
            .organisation(organisation)
            .await?
            .map(|organisation| organisation.face);
        let found = store
            .conversation_by_token(organisation, &token_hash)
            .await?;
        let (summary, messages) = match found {
            Some(found) => (
                store.summary(organisation, found.id).await?,
                store.messages_after(organisation, found.id, 0).await?,
            ),
            None => (None, Vec::new()),
        };
        let lang = summary.as_ref().map_or(Lang::default(), |s| s.lang);
        let name = face.as_ref().map(|face| match lang {
            Lang::Ja => face.name_ja.as_str(),
            Lang::En => face.name_en.as_str(),
        });
        let zone = transcript::zone_or_default(time_zone);
        let now_ms = self.now_ms();
        let shown = Transcript {
            organisation: name.unwrap_or("Yorisoi"),
            number: summary.as_ref().map_or(0, |s| s.id.0),
            nickname: summary.as_ref().and_then(|s| s.nickname.as_deref()),
            messages: &messages,
            now_ms,
            lang,
            zone: zone.clone(),
        };
        Ok(Download {
            file_name: transcript::file_name(name, now_ms, &zone),
            text: transcript::render(&shown, &texts::PrivacyTexts::new(lang)),
        })
    }
}

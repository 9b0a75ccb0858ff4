//! The launcher's badge: how many staff replies a parent has not seen, for
//! the loader on a page of the organisation's site, which asks with the
//! visitor token it keeps for the widget, before (and without) loading the
//! chat. The site is the request's `Origin`, which the page cannot choose;
//! the token counts only in that site's organisation.
//!
//! Nothing here tells an asker more than a count of zero: an unknown,
//! revoked or ill-formed token and another organisation's token all answer
//! 0. A well-formed token always costs the same one indexed look-up, found
//! or not; an ill-formed one is answered at once, which tells its sender
//! only what they sent. Asks are limited per client address.

use yorisoi_protocol::http::MAX_UNREAD_TOLD;
use yorisoi_protocol::limits::is_well_formed_token;

use super::Service;
use crate::client_address::ClientAddress;
use crate::error::ServiceError;
use crate::secrets::digest;
use crate::throttle::{Scope, log_refusal};

impl Service {
    /// The staff replies the parent holding `token` has not seen, asked by
    /// a page of `site` (an origin): `None` when the site belongs to no
    /// organisation, else the count, at most [`MAX_UNREAD_TOLD`].
    pub async fn unseen_replies(
        &self,
        address: &ClientAddress,
        site: &str,
        own: Option<&str>,
        token: &str,
    ) -> Result<Option<u32>, ServiceError> {
        let limiter = &self.limits().unread_asks;
        if let Err(retry_after_secs) = limiter.take(&address.key(), self.now_ms()).await {
            log_refusal(self.config(), "unread_asks", Scope::Address, address);
            return Err(ServiceError::rate_limited(retry_after_secs));
        }
        let Some(organisation) = self.organisation_id_for_site(Some(site), own).await? else {
            return Ok(None);
        };
        if !is_well_formed_token(token) {
            return Ok(Some(0));
        }
        let count = self
            .store()
            .unseen_replies(organisation, &digest(token), MAX_UNREAD_TOLD)
            .await?;
        Ok(Some(count))
    }
}

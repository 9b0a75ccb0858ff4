//! Which of a parent's frames the abuse limits let through, telling a busy
//! network from a flood.
//!
//! Many real parents can share one address (a family-support centre's
//! Wi-Fi, a school, a mobile carrier's shared address), so the address alone
//! cannot tell them from a script. What can:
//! - **their own token**: each parent's messages are counted per visitor
//!   token (a parent never notices the limit), and only loosely per address
//!   (all its parents together) and per site;
//! - **work paid per conversation**: an address's first few new
//!   conversations in a window are free; past them each one needs a proof of
//!   work for this connection's challenge (`yorisoi_protocol::proof`), whose
//!   price doubles with every ten more in the window. A widget pays it in
//!   the background while its parent types; a script pays more and more,
//!   and a ceiling stops it whatever it pays.
//!
//! The per-site buckets are only what clients claim, so they are consulted
//! only for an address already past half its own allowance: however many
//! clients name a site, they use up only the busy share, never a quiet
//! parent's way in. One log line per refusal.

use yorisoi_protocol::proof::{self, MAX_BITS};
use yorisoi_protocol::{ErrorCode, OrganisationId};

use super::Visitor;
use crate::error::ServiceError;
use crate::throttle::{RateLimiter, Scope, log_refusal};

/// Each this many proven conversations in the window ask one bit more.
const CONVERSATIONS_PER_BIT: u32 = 10;

/// The bits asked for a new conversation when `proven` were opened with a
/// proof in the window, starting at `base`.
pub fn required_bits(base: u32, proven: u32) -> u8 {
    let bits = base.saturating_add(proven / CONVERSATIONS_PER_BIT);
    bits.min(u32::from(MAX_BITS)) as u8
}

impl Visitor {
    pub(super) fn address_key(&self, organisation: OrganisationId) -> String {
        format!("{}:{}", organisation.0, self.address.key())
    }

    /// The proof of work a first message from this connection needs now,
    /// if its address has no free new conversation left: told to a new
    /// visitor with `Welcome`, so the widget pays it while its parent types.
    pub(super) async fn proof_needed(&self, organisation: OrganisationId) -> Option<(String, u8)> {
        let limits = self.service.limits();
        let now = self.service.now_ms();
        let address = self.address_key(organisation);
        if limits.new_conversations.has_room(&address, now).await {
            return None;
        }
        let challenge = self.challenge.clone()?;
        let proven = limits.proven_new_conversations.used(&address, now).await;
        Some((
            challenge,
            required_bits(self.service.config().proof_of_work_bits, proven),
        ))
    }

    /// Lets a parent's message through the limits: for a first message (it
    /// `creates` the conversation) a free new conversation or a proven one,
    /// then the parent's, the address's and (busy address) the site's
    /// message buckets.
    pub(super) async fn admit(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        creates: bool,
        proof: Option<u64>,
    ) -> Result<(), ServiceError> {
        let address = self.address_key(organisation);
        if creates {
            self.admit_new_conversation(organisation, &address, proof)
                .await?;
        }
        let limits = self.service.limits();
        let now = self.service.now_ms();
        let parent = format!("{}:{token_hash}", organisation.0);
        let refused = if let Err(secs) = limits.messages.take(&parent, now).await {
            Some((Scope::Visitor, secs))
        } else if let Err(secs) = limits.address_messages.take(&address, now).await {
            Some((Scope::Address, secs))
        } else if limits.address_messages.is_busy(&address, now).await {
            self.take_site(organisation, &limits.site_messages)
                .await
                .err()
                .map(|secs| (Scope::Site, secs))
        } else {
            None
        };
        match refused {
            None => Ok(()),
            Some((scope, secs)) => {
                log_refusal(self.service.config(), "messages", scope, &self.address);
                Err(ServiceError::rate_limited(secs))
            }
        }
    }

    async fn take_site(
        &self,
        organisation: OrganisationId,
        bucket: &RateLimiter,
    ) -> Result<(), u64> {
        let site = format!("{}:{}", organisation.0, self.site);
        bucket.take(&site, self.service.now_ms()).await
    }

    async fn admit_new_conversation(
        &self,
        organisation: OrganisationId,
        address: &str,
        proof: Option<u64>,
    ) -> Result<(), ServiceError> {
        let limits = self.service.limits();
        let now = self.service.now_ms();
        let busy_network = |scope, retry_after_secs| {
            log_refusal(
                self.service.config(),
                "new_conversations",
                scope,
                &self.address,
            );
            Err(ServiceError::RateLimited {
                code: ErrorCode::BusyNetwork,
                retry_after_secs,
                client_id: None,
            })
        };
        if limits.new_conversations.take(address, now).await.is_ok() {
            if limits.new_conversations.is_busy(address, now).await
                && let Err(secs) = self
                    .take_site(organisation, &limits.site_new_conversations)
                    .await
            {
                return busy_network(Scope::Site, secs);
            }
            return Ok(());
        }
        let Some((challenge, bits)) = self.proof_needed(organisation).await else {
            // No challenge: a first message before any Hello made one.
            return Err(ServiceError::refused(ErrorCode::HelloFirst));
        };
        let proven = proof.is_some_and(|nonce| proof::verify(&challenge, bits, nonce));
        if !proven {
            return Err(ServiceError::ProofRequired { challenge, bits });
        }
        if let Err(secs) = limits.proven_new_conversations.take(address, now).await {
            return busy_network(Scope::Address, secs);
        }
        if let Err(secs) = self
            .take_site(organisation, &limits.site_new_conversations)
            .await
        {
            return busy_network(Scope::Site, secs);
        }
        Ok(())
    }

    /// Takes a write (rotation, language, read mark, forget) from this
    /// socket's bucket and the organisation's bucket for its address: a
    /// flood of them is refused before it reaches the database or the hub.
    pub(super) async fn limit_write(
        &mut self,
        organisation: OrganisationId,
    ) -> Result<(), ServiceError> {
        let now = self.service.now_ms();
        let address = self.address_key(organisation);
        let refused = if !self.writes.take(now) {
            Some(Scope::Socket)
        } else if self
            .service
            .limits()
            .widget_writes
            .take(&address, now)
            .await
            .is_err()
        {
            Some(Scope::Address)
        } else {
            None
        };
        match refused {
            None => Ok(()),
            Some(scope) => {
                log_refusal(self.service.config(), "widget_writes", scope, &self.address);
                Err(ServiceError::rate_limited(60))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_price_doubles_every_ten_proven_conversations_up_to_the_wall() {
        assert_eq!(required_bits(16, 0), 16);
        assert_eq!(required_bits(16, 9), 16);
        assert_eq!(required_bits(16, 10), 17);
        assert_eq!(required_bits(16, 45), 20);
        assert_eq!(required_bits(16, 10_000), MAX_BITS);
        assert_eq!(required_bits(u32::MAX, 10), MAX_BITS);
    }
}

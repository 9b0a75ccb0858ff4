//! The visitor's token: `RotateToken` (the widget replaces its token with a
//! new one it made on each page load; the old one stops working at once)
//! and `Forget` ("forget this device": this device's token is revoked for
//! good, the socket closes; the parent's other devices keep the
//! conversation). Both announce the old token's revocation so other
//! sockets holding it close and must say `Hello` again with a valid one.
//!
//! The consultation code (`yorisoi_protocol::code`): `NewCode` gives the
//! visitor a code leading to their token (and so to their conversation,
//! now or once the first message starts it; a new code replaces the old).
//! `UseCode` on another device opens that conversation on the device's new
//! token too, like a second tab: both devices see it live and can write,
//! and nothing is revoked. A code works once, within
//! `consultation_code_hours` of being given. A wrong, spent or expired code
//! costs the address a token of `code_address` (counted like failed
//! logins); a right one is refunded.

use yorisoi_protocol::limits::is_well_formed_token;
use yorisoi_protocol::{ErrorCode, code};

use super::Visitor;
use crate::error::{ServiceError, StoreError};
use crate::hub::Credential;
use crate::secrets::digest;
use crate::throttle::{Scope, log_refusal};

/// WebSocket close code for a normal close (RFC 6455).
pub(super) const CLOSE_NORMAL: u16 = 1000;

impl Visitor {
    /// Replaces this connection's token with `token`.
    pub async fn rotate(&mut self, token: &str) -> Result<(), ServiceError> {
        let (organisation, old_hash) = self.greeted()?;
        self.limit_write(organisation).await?;
        if !is_well_formed_token(token) {
            return Err(ServiceError::refused(ErrorCode::BadToken));
        }
        let new_hash = digest(token);
        if new_hash == old_hash {
            return Ok(());
        }
        let service = self.service.clone();
        match service
            .store()
            .rotate_token(organisation, &old_hash, &new_hash, service.now_ms())
            .await
        {
            Ok(_conversation) => {
                self.token_hash = Some(new_hash);
                service.revoke(organisation, Credential::Token(old_hash));
                Ok(())
            }
            // Not a fresh token: refused, the old one still works.
            Err(StoreError::TokenTaken) => Err(ServiceError::refused(ErrorCode::BadToken)),
            Err(failure) => Err(failure.into()),
        }
    }

    /// Revokes this connection's token; the socket then closes.
    pub async fn forget(&mut self) -> Result<(), ServiceError> {
        let (organisation, token_hash) = self.greeted()?;
        self.limit_write(organisation).await?;
        let service = self.service.clone();
        service
            .store()
            .revoke_token(organisation, &token_hash, service.now_ms())
            .await?;
        service.revoke(organisation, Credential::Token(token_hash));
        self.token_hash = None;
        self.conversation = None;
        self.close_code = Some(CLOSE_NORMAL);
        Ok(())
    }

    /// A new consultation code for this visitor (any code given before
    /// stops working), normalised.
    pub async fn new_code(&mut self) -> Result<(String, u32), ServiceError> {
        let (organisation, token_hash) = self.greeted()?;
        self.limit_write(organisation).await?;
        let service = self.service.clone();
        let random = service.random()();
        let mut bytes = [0; code::CODE_LEN];
        bytes.copy_from_slice(&random[..code::CODE_LEN]);
        let new_code = code::from_random(&bytes);
        service
            .store()
            .keep_code(
                organisation,
                &token_hash,
                &digest(&new_code),
                service.now_ms(),
            )
            .await?;
        Ok((new_code, service.config().consultation_code_hours))
    }

    /// Opens the conversation `typed` leads to on `token` as well (a new
    /// token of this device), spending the code; the connection is then
    /// greeted again by the widget.
    pub async fn use_code(&mut self, typed: &str, token: &str) -> Result<(), ServiceError> {
        let (organisation, _) = self.greeted()?;
        if !is_well_formed_token(token) {
            return Err(ServiceError::refused(ErrorCode::BadToken));
        }
        let service = self.service.clone();
        let limits = service.limits();
        let address = self.address_key(organisation);
        // Taken first and refunded on success, so parallel guesses cannot
        // slip past the limit.
        if let Err(retry_after_secs) = limits.code_address.take(&address, service.now_ms()).await {
            log_refusal(service.config(), "code", Scope::Address, &self.address);
            return Err(ServiceError::rate_limited(retry_after_secs));
        }
        let Some(typed) = code::normalise(typed) else {
            return Err(ServiceError::refused(ErrorCode::UnknownCode));
        };
        let now_ms = service.now_ms();
        let opened = service
            .store()
            .use_code(
                organisation,
                &digest(&typed),
                &digest(token),
                now_ms - service.config().consultation_code_ms(),
                now_ms,
            )
            .await;
        match opened {
            Ok(Some(_conversation)) => {
                limits.code_address.refund(&address).await;
                Ok(())
            }
            Ok(None) => Err(ServiceError::refused(ErrorCode::UnknownCode)),
            Err(StoreError::TokenTaken) => Err(ServiceError::refused(ErrorCode::BadToken)),
            Err(failure) => Err(failure.into()),
        }
    }
}

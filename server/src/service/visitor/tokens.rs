//! The visitor's token: `RotateToken` (the widget replaces its token with a
//! new one it made on each page load; the old one stops working at once)
//! and `Forget` ("forget this device": the token is revoked for good, the
//! socket closes). Both announce the old token's revocation so other
//! sockets holding it close and must say `Hello` again with a valid one.

use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::limits::is_well_formed_token;

use super::Visitor;
use crate::error::{ServiceError, StoreError};
use crate::hub::Credential;
use crate::secrets::digest;

/// WebSocket close code for a normal close (RFC 6455).
const CLOSE_NORMAL: u16 = 1000;

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
}

//! The widget's token management: `RotateToken` (the widget replaces its
//! token with a new one it made on each page load; the old one stops
//! working at once) and `Forget` ("forget this device": the token is
//! revoked for good, the socket closes). Both announce a
//! [`Revocation::Token`] so other sockets holding the old token close and
//! must say `Hello` again with a valid one.

use axum::extract::ws::close_code;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::limits::is_well_formed_token;
use yorisoi_protocol::widget::ServerFrame;

use super::{WidgetSession, error, internal};
use crate::auth::digest;
use crate::error::StoreError;
use crate::hub::Revocation;

impl WidgetSession {
    /// Replaces this socket's token (it said `Hello`) with `token`.
    pub(super) async fn rotate(&mut self, token: String) -> Vec<ServerFrame> {
        let Some(old_hash) = self.token_hash.clone() else {
            return vec![error(ErrorCode::HelloFirst, None)];
        };
        if !is_well_formed_token(&token) {
            return vec![error(ErrorCode::BadToken, None)];
        }
        let new_hash = digest(&token);
        if new_hash == old_hash {
            return vec![ServerFrame::TokenRotated];
        }
        match self.state.store().rotate_token(&old_hash, &new_hash).await {
            Ok(_conversation) => {
                self.token_hash = Some(new_hash);
                self.state.hub().revoke(Revocation::Token(old_hash));
                vec![ServerFrame::TokenRotated]
            }
            // Not a fresh token: refused, the old one still works.
            Err(StoreError::TokenTaken) => vec![error(ErrorCode::BadToken, None)],
            Err(failure) => internal(failure, None),
        }
    }

    /// Revokes this socket's token, answers `Forgotten` and closes.
    pub(super) async fn forget(&mut self) -> Vec<ServerFrame> {
        let Some(token_hash) = self.token_hash.take() else {
            return vec![error(ErrorCode::HelloFirst, None)];
        };
        match self.state.store().revoke_token(&token_hash).await {
            Ok(_conversation) => {
                self.state.hub().revoke(Revocation::Token(token_hash));
                self.conversation = None;
                self.close_code = Some(close_code::NORMAL);
                vec![ServerFrame::Forgotten]
            }
            Err(failure) => {
                self.token_hash = Some(token_hash);
                internal(failure, None)
            }
        }
    }
}

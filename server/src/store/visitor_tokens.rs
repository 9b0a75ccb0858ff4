//! The SQL of visitor tokens and consultation codes, shared by both
//! backends (`$n` parameters: SQLite numbers them in order of first
//! appearance and gives a repeated `$n` one bind, as PostgreSQL does).
//!
//! A conversation may be open on several tokens, one per device
//! (`visitor_tokens`, migration sqlite 0020 / postgres 0015): every
//! look-up of a token goes through that table, never through
//! `conversations.token_hash`, which only keys the conversation's creation
//! (so two tabs creating at once meet in one) and follows its creating
//! token through rotation (`revoked:<id>` once that token is forgotten, so
//! an old token whose revocation was pruned can never find it again).
//!
//! A consultation code leads to the token that asked for it, and so to its
//! conversation. Using it adds the new device's token to that conversation
//! and revokes nothing; the code is then spent (deleted), and a code older
//! than the configured lifetime opens nothing.

/// The conversation and organisation of a token (`$1`).
pub(super) const TOKEN_CONVERSATION: &str =
    "SELECT conversation_id, organisation_id FROM visitor_tokens WHERE token_hash = $1";

/// Opens conversation `$3` of organisation `$2` on token `$1` at `$4`.
pub(super) const ADD_TOKEN: &str = "INSERT INTO visitor_tokens \
     (token_hash, organisation_id, conversation_id, created_at_ms, last_used_at_ms) \
     VALUES ($1, $2, $3, $4, $4)";

/// Notes that token `$2` was used at `$1`, at most once an hour (so a
/// message rarely costs a second write).
pub(super) const TOUCH_TOKEN: &str = "UPDATE visitor_tokens SET last_used_at_ms = $1 \
     WHERE token_hash = $2 AND last_used_at_ms < $1 - 3600000";

/// One row when token `$1` cannot be given to a device: revoked, already
/// open on a conversation, or the creation key of one.
pub(super) const TOKEN_TAKEN: &str = "SELECT 1 FROM revoked_tokens WHERE token_hash = $1 \
     UNION ALL SELECT 1 FROM visitor_tokens WHERE token_hash = $1 \
     UNION ALL SELECT 1 FROM conversations WHERE token_hash = $1";

/// Records a digest as revoked for good (again: no change).
pub(super) const RECORD_REVOKED: &str = "INSERT INTO revoked_tokens (token_hash, revoked_at_ms) \
     VALUES ($1, $2) ON CONFLICT (token_hash) DO NOTHING";

/// Closes token `$1` of organisation `$2` on its conversation; the
/// conversation's id.
pub(super) const REMOVE_TOKEN: &str = "DELETE FROM visitor_tokens \
     WHERE token_hash = $1 AND organisation_id = $2 RETURNING conversation_id";

/// Detaches a conversation of organisation `$2` from its creating token
/// `$1` (forgotten).
pub(super) const DETACH_CREATOR: &str = "UPDATE conversations SET token_hash = 'revoked:' || id \
     WHERE token_hash = $1 AND organisation_id = $2";

/// Moves token `$2`'s place in organisation `$3` to token `$1`; the
/// conversation's id.
pub(super) const RENAME_TOKEN: &str = "UPDATE visitor_tokens SET token_hash = $1 \
     WHERE token_hash = $2 AND organisation_id = $3 RETURNING conversation_id";

/// The creation key follows its token through a rotation.
pub(super) const RENAME_CREATOR: &str = "UPDATE conversations SET token_hash = $1 \
     WHERE token_hash = $2 AND organisation_id = $3";

/// Forgets the consultation code of a token.
pub(super) const FORGET_CODE: &str = "DELETE FROM consultation_codes WHERE token_hash = $1";

/// A token's code follows it through a rotation.
pub(super) const MOVE_CODE: &str =
    "UPDATE consultation_codes SET token_hash = $1 WHERE token_hash = $2";

/// Keeps a token's one code (a new code replaces its old one, used or not).
pub(super) const KEEP_CODE: &str = "INSERT INTO consultation_codes \
     (code_hash, organisation_id, token_hash, created_at_ms) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (token_hash) DO UPDATE SET code_hash = excluded.code_hash, \
     created_at_ms = excluded.created_at_ms";

/// Spends code `$1` of organisation `$2`: the token it led to and when it
/// was made (the caller refuses an expired one; it is spent all the same).
pub(super) const SPEND_CODE: &str = "DELETE FROM consultation_codes \
     WHERE code_hash = $1 AND organisation_id = $2 RETURNING token_hash, created_at_ms";

/// Forgets codes made before `$1` (long expired: the code lifetime is hours,
/// this is the revocations' retention of days).
pub(super) const PRUNE_CODES: &str = "DELETE FROM consultation_codes WHERE created_at_ms < $1";

/// Every token open on conversation `$1`.
pub(super) const TOKENS_OF_CONVERSATION: &str =
    "SELECT token_hash FROM visitor_tokens WHERE conversation_id = $1 ORDER BY token_hash";

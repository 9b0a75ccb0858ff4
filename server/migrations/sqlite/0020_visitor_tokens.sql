-- Issue 13, the consultation code continues a conversation on a second
-- device and revokes nothing else: a conversation may be open on several
-- visitor tokens at once (one per device), so the tokens leave the
-- conversation's row for a table of their own. Every look-up of a token
-- goes through it; rotating a token replaces its row, forgetting a device
-- deletes its row only, and deleting the conversation (by the parent or by
-- retention) takes every row with it.
--
-- `conversations.token_hash` stays the key of the token whose first
-- message created the conversation (still UNIQUE, so two tabs creating at
-- once meet in one conversation) and follows that token as before
-- (`revoked:<id>` once it is forgotten); nothing finds a conversation by it
-- any more.
--
-- `last_used_at_ms`: when a message last came with the token (coarsely,
-- for knowing which devices are still in use).

CREATE TABLE visitor_tokens (
    token_hash TEXT PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL,
    last_used_at_ms INTEGER NOT NULL
);

CREATE INDEX visitor_tokens_conversation ON visitor_tokens(conversation_id);

INSERT INTO visitor_tokens (token_hash, organisation_id, conversation_id, created_at_ms,
                            last_used_at_ms)
    SELECT token_hash, organisation_id, id, created_at_ms, updated_at_ms FROM conversations
    WHERE token_hash NOT LIKE 'revoked:%';

-- Issue 4, security: revoked visitor tokens ("forget this device" and
-- rotation), by digest, so a revoked token gets `UnknownToken` and can never
-- open or create a conversation again. A forgotten conversation keeps its
-- messages for staff; its `token_hash` becomes `revoked:<id>`, which no
-- SHA-256 hex digest can equal.

CREATE TABLE revoked_tokens (
    token_hash TEXT PRIMARY KEY,
    revoked_at_ms BIGINT NOT NULL
);

-- Issues 8 and 13, the consultation code: a short code a parent writes down
-- to find their conversation again on another device, or after a page that
-- could keep nothing. Only a SHA-256 digest of the code is kept. A code
-- leads to a visitor token's digest (one code per token: a new one replaces
-- the old); it follows the token when the widget rotates it or the code is
-- used on another device, and goes when the token is forgotten. A code whose
-- token never started a conversation is pruned with old revocations.

CREATE TABLE consultation_codes (
    code_hash TEXT PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at_ms BIGINT NOT NULL
);

CREATE INDEX consultation_codes_age ON consultation_codes(created_at_ms);

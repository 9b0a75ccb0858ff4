-- Yorisoi's first schema. Plain SQL that PostgreSQL also accepts (apart from
-- INTEGER PRIMARY KEY auto-numbering, which becomes an identity column there).
-- Times are milliseconds since the Unix epoch; tokens and session ids are
-- stored only as SHA-256 hex digests.

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE staff_sessions (
    id_hash TEXT PRIMARY KEY,
    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL
);

CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id);

CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    nickname TEXT,
    lang TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0,
    staff_read_seq BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX conversations_updated ON conversations(updated_at_ms);

CREATE TABLE messages (
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    client_id TEXT NOT NULL,
    author_kind TEXT NOT NULL CHECK (author_kind IN ('visitor', 'staff')),
    staff_id BIGINT REFERENCES staff(id),
    body TEXT NOT NULL,
    sent_at_ms BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);

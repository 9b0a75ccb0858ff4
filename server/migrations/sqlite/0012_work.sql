-- Issue 12: the team's working tools. A conversation is resolved (NULL
-- while open; a parent's new message reopens it), and staff keep internal
-- notes on it: their own table, apart from the messages, so nothing that
-- reads messages for a parent can ever read a note.

ALTER TABLE conversations ADD COLUMN resolved_at_ms BIGINT;

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    body TEXT NOT NULL,
    written_at_ms BIGINT NOT NULL,
    UNIQUE (conversation_id, client_id)
);

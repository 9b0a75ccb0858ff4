-- Issue 7, organisations: one server hosts several organisations, fully
-- apart. Every staff member and conversation belongs to exactly one; each
-- site origin that embeds the widget belongs to at most one.
--
-- A database from before organisations moves, with nothing lost, into a
-- first organisation (id 1, slug `main`), and its staff become that
-- organisation's admins. An empty database gets its first organisation when
-- the server (or an admin command) first starts, not here.
--
-- SQLite cannot add a column with a REFERENCES clause and a non-NULL
-- default, so the new `organisation_id` columns are checked by triggers
-- instead; the store always writes them explicitly.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_ja TEXT NOT NULL,
    name_en TEXT NOT NULL,
    greeting_ja TEXT NOT NULL DEFAULT '',
    greeting_en TEXT NOT NULL DEFAULT '',
    accent_color TEXT NOT NULL DEFAULT '#b4532a',
    launcher_side TEXT NOT NULL DEFAULT 'right' CHECK (launcher_side IN ('left', 'right')),
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE organisation_origins (
    origin TEXT PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE
);

CREATE INDEX organisation_origins_organisation ON organisation_origins(organisation_id);

INSERT INTO organisations (id, slug, name_ja, name_en, created_at_ms)
SELECT 1, 'main', '子育て相談チャット', 'Parenting chat',
       CAST(strftime('%s', 'now') AS INTEGER) * 1000
WHERE EXISTS (SELECT 1 FROM staff) OR EXISTS (SELECT 1 FROM conversations);

ALTER TABLE staff ADD COLUMN organisation_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE staff ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE staff SET is_admin = TRUE;
ALTER TABLE conversations ADD COLUMN organisation_id BIGINT NOT NULL DEFAULT 1;

CREATE INDEX staff_organisation ON staff(organisation_id);
CREATE INDEX conversations_organisation_updated ON conversations(organisation_id, updated_at_ms);

CREATE TRIGGER staff_organisation_exists BEFORE INSERT ON staff
WHEN NOT EXISTS (SELECT 1 FROM organisations WHERE id = NEW.organisation_id)
BEGIN SELECT RAISE(ABORT, 'unknown organisation'); END;

CREATE TRIGGER conversations_organisation_exists BEFORE INSERT ON conversations
WHEN NOT EXISTS (SELECT 1 FROM organisations WHERE id = NEW.organisation_id)
BEGIN SELECT RAISE(ABORT, 'unknown organisation'); END;

CREATE TRIGGER staff_organisation_fixed BEFORE UPDATE OF organisation_id ON staff
BEGIN SELECT RAISE(ABORT, 'organisation of staff cannot change'); END;

CREATE TRIGGER conversations_organisation_fixed BEFORE UPDATE OF organisation_id ON conversations
BEGIN SELECT RAISE(ABORT, 'organisation of a conversation cannot change'); END;

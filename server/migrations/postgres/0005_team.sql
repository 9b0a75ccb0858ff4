-- Issue 12, the team: what each staff member tells parents about themselves
-- (role and introduction in both languages, a photo), when they usually
-- answer (`schedule`: the JSON of a protocol `Schedule`; NULL: no hours
-- set), whether they are answering now (`presence`), and whom a parent
-- asked for (`nominee_id`) and who took a conversation (`assignee_id`).

ALTER TABLE staff ADD COLUMN role_ja TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN role_en TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN intro_ja TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN intro_en TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN schedule TEXT;
ALTER TABLE staff ADD COLUMN presence TEXT NOT NULL DEFAULT 'offline';

-- Photos apart from the staff row, so reading the team never carries them;
-- `version` changes with each new photo, so its address can be cached.
CREATE TABLE staff_photos (
    staff_id BIGINT PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    version BIGINT NOT NULL
);

ALTER TABLE conversations ADD COLUMN nominee_id BIGINT REFERENCES staff(id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN assignee_id BIGINT REFERENCES staff(id) ON DELETE SET NULL;

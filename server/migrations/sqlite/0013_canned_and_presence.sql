-- Issue 12, working tools and care for the carers: the organisation's
-- canned replies (定型文: a title and the text in both languages, inserted in
-- the conversation's language and edited before sending), and a log of each
-- staff member's presence changes with their time, from which the team's
-- weekly summary counts the hours each was online.

CREATE TABLE canned_replies (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    text_ja TEXT NOT NULL DEFAULT '',
    text_en TEXT NOT NULL DEFAULT '',
    updated_at_ms BIGINT NOT NULL
);

CREATE INDEX canned_replies_organisation ON canned_replies(organisation_id);

-- One row per change (and per console closing: offline). `id` orders
-- changes of one millisecond.
CREATE TABLE presence_log (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    presence TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);

CREATE INDEX presence_log_organisation_at ON presence_log(organisation_id, at_ms);
CREATE INDEX presence_log_staff_at ON presence_log(staff_id, at_ms);

-- The weekly summary counts each staff member's messages of the week: an
-- index over staff messages alone (parents' messages are most of them).
CREATE INDEX messages_staff_sent ON messages(staff_id, sent_at_ms) WHERE staff_id IS NOT NULL;

-- Issue 13, cases shared with the parent's consent. A case is drafted from
-- a conversation and goes with it: deleting the conversation (the parent's
-- "delete my conversation") deletes its cases and their trails.
--
-- `source` is the unredacted draft and `hidden` the spans hidden in it
-- ("start-end-kind,…", byte offsets): the server rebuilds the redaction
-- from them to check that an edit hides more, never less. Neither ever
-- leaves the server. `version` rises with every change, so a parent's
-- answer and a staff edit that race cannot both win.

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    hidden TEXT NOT NULL,
    short_text TEXT NOT NULL,
    long_text TEXT NOT NULL,
    proposed_by BIGINT NOT NULL,
    reviewed_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL
);

CREATE INDEX cases_conversation ON cases(conversation_id);
CREATE INDEX cases_organisation ON cases(organisation_id, id);

-- The audit trail: one row per step. `staff_id` is NULL for the parent;
-- no foreign key on it, so the trail outlives a staff account. The wording
-- is the exact text a step was about (shown, approved, reviewed, exported).
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    staff_id BIGINT,
    at_ms BIGINT NOT NULL,
    wording_short TEXT,
    wording_long TEXT,
    wording_hash TEXT
);

CREATE INDEX case_events_case ON case_events(case_id, id);

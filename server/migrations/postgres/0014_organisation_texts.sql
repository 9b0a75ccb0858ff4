-- Issue 13: what an organisation writes for parents beyond its face: its own
-- lines under the emergency notice (`help_ja`, `help_en`) and its privacy
-- notice (`privacy_ja`, `privacy_en`; empty means the standard words).

CREATE TABLE organisation_texts (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, name)
);

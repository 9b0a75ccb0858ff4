-- Issue 13, privacy by default: how long an organisation keeps resolved
-- conversations, and what is left of them afterwards.
--
-- `retention_days`: a conversation resolved longer ago than this is deleted
-- (with its messages, notes and everything else keyed by it) by the
-- retention sweep; 0 keeps resolved conversations for ever. Open
-- conversations are never deleted by retention.
--
-- `retention_statistics`: what a deleted conversation leaves behind, counts
-- only: per organisation, month (UTC, `YYYY-MM`, of the conversation's
-- start) and interface language, how many conversations and messages there
-- were. Nothing in it can name or reach a parent.

ALTER TABLE organisations ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 365;

CREATE TABLE retention_statistics (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    lang TEXT NOT NULL,
    conversations BIGINT NOT NULL,
    messages BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, month, lang)
);

-- The sweep looks for resolved conversations of one organisation by age.
CREATE INDEX conversations_resolved ON conversations(organisation_id, resolved_at_ms)
    WHERE resolved_at_ms IS NOT NULL;

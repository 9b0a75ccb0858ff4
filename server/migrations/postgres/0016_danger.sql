-- Issue 13: a parent's message with words that suggest danger raises its
-- conversation to the top of the console with an alert until a staff
-- member replies: when the first such message since the last staff reply
-- came (NULL when there is none).

ALTER TABLE conversations ADD COLUMN danger_since_ms BIGINT;

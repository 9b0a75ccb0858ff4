-- Issue 10, speed: the console's list is read from the conversation rows
-- alone. `unread` (parent messages after the staff read mark) and `preview`
-- (the start of the last message, cut as `protocol::limits::preview` cuts
-- it: 80 characters, then "…") are kept by every append and read mark, so
-- announcing a change and drawing the first screen read no messages.

ALTER TABLE conversations ADD COLUMN unread BIGINT NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN preview TEXT NOT NULL DEFAULT '';

UPDATE conversations SET
    unread = (SELECT COUNT(*) FROM messages m
              WHERE m.conversation_id = conversations.id
                AND m.author_kind = 'visitor' AND m.seq > conversations.staff_read_seq),
    preview = COALESCE((SELECT CASE WHEN length(m.body) > 80
                                    THEN substr(m.body, 1, 80) || '…' ELSE m.body END
                        FROM messages m
                        WHERE m.conversation_id = conversations.id
                          AND m.seq = conversations.last_seq), '');

-- Every list is of one organisation (`conversations_organisation_updated`):
-- this index only cost a write per message.
DROP INDEX conversations_updated;

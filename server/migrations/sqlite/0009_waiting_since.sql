-- Issues 12 and 14: who waits for a reply, and since when. While a parent's
-- messages have had no staff reply, `waiting_since_ms` holds when the first
-- of them was stored; a staff message clears it. The console's "next waiting
-- conversation" and its list of waiting parents read it from the summary.

ALTER TABLE conversations ADD COLUMN waiting_since_ms BIGINT;

UPDATE conversations SET waiting_since_ms = (
    SELECT MIN(m.sent_at_ms) FROM messages m
    WHERE m.conversation_id = conversations.id
      AND m.author_kind = 'visitor'
      AND m.seq > COALESCE((
          SELECT MAX(s.seq) FROM messages s
          WHERE s.conversation_id = conversations.id AND s.author_kind = 'staff'
      ), 0)
);

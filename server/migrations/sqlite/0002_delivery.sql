-- Issue 3, delivery: the parent's read mark, so staff see their replies as
-- read. `token_hash` is already UNIQUE (0001), which is what makes creating a
-- conversation on the first message race-free.

ALTER TABLE conversations ADD COLUMN visitor_read_seq BIGINT NOT NULL DEFAULT 0;

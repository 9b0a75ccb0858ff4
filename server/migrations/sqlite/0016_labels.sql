-- Issue 12: a conversation's labels (staff's own words such as 睡眠 or
-- 要フォロー), as a JSON array of strings.

ALTER TABLE conversations ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';

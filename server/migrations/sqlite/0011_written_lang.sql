-- Issue 12: the language a parent writes in (detected from each of their
-- messages: kana or kanji mean Japanese), apart from the interface language
-- they chose (`lang`). NULL until a message says.

ALTER TABLE conversations ADD COLUMN written_lang TEXT;

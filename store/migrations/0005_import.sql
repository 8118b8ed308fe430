-- 0005: a faster import.
--
-- revisions_current (0003) updates an entry's current_id and saved_at once
-- per revision inserted, rewriting the entry's row and its four review
-- index entries each time: a third of the time of a large import. An import
-- knows every revision it adds, so it computes each entry's current
-- revision itself (the same rule: the newest by save time, then by seq),
-- inserts new entries with that save time, and sets current_id once the
-- revisions exist (the foreign key wants them first). While it does, the
-- one-row table importing holds its row, which makes the trigger skip;
-- the import inserts the row first and removes it again before it
-- commits, so that no committed state has it, as 0004's deleting.

CREATE TABLE importing (
	id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

DROP TRIGGER revisions_current;

CREATE TRIGGER revisions_current AFTER INSERT ON revisions
WHEN NOT EXISTS (SELECT 1 FROM importing)
BEGIN
	UPDATE entries SET current_id = NEW.id, saved_at = NEW.saved_at
	WHERE id = NEW.entry_id AND (saved_at IS NULL OR saved_at <= NEW.saved_at);
END;

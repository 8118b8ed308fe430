-- 0004: deleting, for good, a revision, an entry or a run that the person
-- asks to delete (Store.DeleteRevision, DeleteEntry, DeleteRun).
--
-- Revisions, their values and their search documents stay append-only for
-- everything else: the triggers below refuse a DELETE unless the one-row
-- table deleting holds its row, which only a delete transaction inserts,
-- and removes again before it commits, so that no committed state has it.
-- Updates are refused as before. A delete also removes each document from
-- the index revision_text ('delete' with the document's exact text) before
-- its row of revision_docs, and moves entries.current_id and saved_at to
-- the newest revision left (by save time, then seq), or deletes the entry
-- when none is left. With deletions, an entry's highest seq is no longer
-- its number of revisions; seq still numbers new ones after the highest.
--
-- The text goes from the file too: every pooled connection runs with
-- PRAGMA secure_delete=ON, which overwrites deleted content with zeros,
-- revision_text was created with FTS5's secure-delete, and after each
-- delete the store runs PRAGMA wal_checkpoint(TRUNCATE), which empties
-- the write-ahead log that still holds the old pages.
--
-- meta.deletions counts the delete transactions: a search's copy of the
-- documents in memory (searchIndex) starts over when it changes, since a
-- deleted document's rowid may be given to a new one.

CREATE TABLE deleting (
	id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

DROP TRIGGER revisions_no_delete;
DROP TRIGGER revision_values_no_delete;
DROP TRIGGER revision_docs_no_delete;

CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
WHEN NOT EXISTS (SELECT 1 FROM deleting)
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revision_values_no_delete BEFORE DELETE ON revision_values
WHEN NOT EXISTS (SELECT 1 FROM deleting)
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revision_docs_no_delete BEFORE DELETE ON revision_docs
WHEN NOT EXISTS (SELECT 1 FROM deleting)
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

-- 0009: the entry of each search document, as an integer.
--
-- A search groups the documents that FTS5 finds in revision_text by entry:
-- it counts the entries and lists each once. Reading each document's
-- entry_id from revision_docs, whose rows hold the text, costs about 25 ms
-- for 60,000 documents with this driver; search_docs holds only the
-- document's number and its entry's rowid, in document order, the order
-- FTS5 returns documents in, so that a search reads it sequentially
-- (about 4 ms). The triggers keep it in step with revision_docs, whatever
-- writes there (a save, an import, a delete).
--
-- entries has no INTEGER PRIMARY KEY, and its rowid is what search_docs
-- keeps. Nothing changes an entry's rowid (no REPLACE), and VACUUM and
-- VACUUM INTO keep the rowids of a table with indexes, as they copy the
-- indexes as they are (TestBackupKeepsSearchDocs checks it through
-- Backup).
--
-- Like 0008, it may run again on a database that has it (a test undoes
-- an earlier migration by hand): the table is filled again from
-- revision_docs.

CREATE TABLE IF NOT EXISTS search_docs (
	doc   INTEGER PRIMARY KEY,
	entry INTEGER NOT NULL
) STRICT;

INSERT OR REPLACE INTO search_docs (doc, entry)
SELECT d.doc, e.rowid FROM revision_docs d JOIN entries e ON e.id = d.entry_id;

CREATE TRIGGER IF NOT EXISTS search_docs_insert AFTER INSERT ON revision_docs
BEGIN
	INSERT INTO search_docs (doc, entry) SELECT NEW.doc, rowid FROM entries WHERE id = NEW.entry_id;
END;

CREATE TRIGGER IF NOT EXISTS search_docs_delete AFTER DELETE ON revision_docs
BEGIN
	DELETE FROM search_docs WHERE doc = OLD.doc;
END;

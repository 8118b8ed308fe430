-- 0010: a search within one run reads that run's documents only.
--
-- search_docs gains each document's run, by number (a run's number never
-- changes), and an index by run and document: a search within a run asks
-- FTS5 for the documents between the run's first and last only, instead
-- of reading the others' and dropping them (34 ms for the oldest of three
-- runs at 50,000 entries).
--
-- search_docs is made again rather than altered, so that the migration
-- may run again (a test undoes an earlier one by hand, as 0009 allows);
-- run has a default for 0009's INSERT if it does.
DROP TRIGGER IF EXISTS search_docs_insert;
DROP TRIGGER IF EXISTS search_docs_delete;

CREATE TABLE search_docs_new (
	doc   INTEGER PRIMARY KEY,
	entry INTEGER NOT NULL,
	run   INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO search_docs_new (doc, entry, run)
SELECT d.doc, e.rowid, r.number FROM revision_docs d JOIN entries e ON e.id = d.entry_id JOIN runs r ON r.id = e.run_id;

DROP TABLE search_docs;

ALTER TABLE search_docs_new RENAME TO search_docs;

CREATE INDEX search_docs_run ON search_docs (run, doc);

CREATE TRIGGER search_docs_insert AFTER INSERT ON revision_docs
BEGIN
	INSERT INTO search_docs (doc, entry, run)
	SELECT NEW.doc, e.rowid, r.number FROM entries e JOIN runs r ON r.id = e.run_id WHERE e.id = NEW.entry_id;
END;

CREATE TRIGGER search_docs_delete AFTER DELETE ON revision_docs
BEGIN
	DELETE FROM search_docs WHERE doc = OLD.doc;
END;

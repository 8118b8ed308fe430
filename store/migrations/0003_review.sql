-- 0003: the review screen and full-text search.
--
-- The current revision. An entry's current revision is its newest by save
-- time, then by seq. entries.current_id and entries.saved_at point to it,
-- kept by the trigger revisions_current, so that the review list pages
-- through an index in that order and Entries needs no max() per entry.
-- SaveAnswer keeps save times increasing within an entry (a save made while
-- the clock is behind the entry's newest revision is stamped 1 ns after
-- it), so the last save stays current as before, and an imported revision
-- becomes current only when it is newer by save time. seq still numbers the
-- revisions in the order this database received them. For the entries of
-- an older database, current_id is set below to the highest seq, the rule
-- until now, so that nobody's current answer changes on upgrade.
--
-- entries.phase is the phase (0-3) of the entry's exercise, for the review
-- filter. The database does not hold the exercises: SaveAnswer and StartRun
-- set it from the exercise they are given, Import and Store.SetExercises
-- (which the app calls with the workbook's exercises, and which corrects
-- every entry whose exercise moved) from the exercises the store was told.
-- Until then the entries below keep 0.
--
-- Full-text search: revision_docs holds one document per revision: the
-- revision's values (scalar fields and list item texts) ordered by field
-- and position, without the private-use runes U+E000 and U+E001 (the marks
-- the review puts around matches), empty ones left out, joined with
-- newlines. revision_text is an FTS5 index of these documents, with
-- revision_docs as its external content (the text is stored once, and the
-- review reads it from there), its rowid revision_docs.doc, an INTEGER
-- PRIMARY KEY, which VACUUM keeps (the implicit rowid of revisions it may
-- renumber). It is created with secure-delete, so that a row deleted later
-- leaves no word behind in the index. The store writes both rows in Go
-- (txStmts.insertRevision), in the transaction and from the same rows as
-- the revision's values, rather than by a trigger per value, which would
-- rewrite the document once per field; a revision inserted by hand is not
-- searchable until INSERT INTO revision_text (revision_text) VALUES
-- ('rebuild'). The statements below fill both for the revisions saved
-- before this migration with the same text. PRAGMA integrity_check checks
-- that the index matches the documents.

ALTER TABLE entries ADD COLUMN phase INTEGER NOT NULL DEFAULT 0 CHECK (phase BETWEEN 0 AND 3);
ALTER TABLE entries ADD COLUMN current_id TEXT REFERENCES revisions (id);
ALTER TABLE entries ADD COLUMN saved_at TEXT CHECK (length(saved_at) = 30 AND saved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z');

UPDATE entries SET (current_id, saved_at) = (
	SELECT id, saved_at FROM revisions WHERE entry_id = entries.id ORDER BY seq DESC LIMIT 1);

CREATE TRIGGER revisions_current AFTER INSERT ON revisions
BEGIN
	UPDATE entries SET current_id = NEW.id, saved_at = NEW.saved_at
	WHERE id = NEW.entry_id AND (saved_at IS NULL OR saved_at <= NEW.saved_at);
END;

-- The review list, newest first, whole or by run, phase or exercise: each
-- filter is an equality on the first column, so the rest gives the order.
CREATE INDEX entries_review ON entries (saved_at, id);
CREATE INDEX entries_review_run ON entries (run_id, saved_at, id);
CREATE INDEX entries_review_phase ON entries (phase, saved_at, id);
CREATE INDEX entries_review_exercise ON entries (exercise, saved_at, id);

CREATE TABLE revision_docs (
	doc         INTEGER PRIMARY KEY,
	revision_id TEXT    NOT NULL UNIQUE REFERENCES revisions (id),
	entry_id    TEXT    NOT NULL REFERENCES entries (id),
	text        TEXT    NOT NULL
) STRICT;

CREATE TRIGGER revision_docs_no_update BEFORE UPDATE ON revision_docs
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revision_docs_no_delete BEFORE DELETE ON revision_docs
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE VIRTUAL TABLE revision_text USING fts5 (
	text,
	content = 'revision_docs',
	content_rowid = 'doc',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);

INSERT INTO revision_text (revision_text, rank) VALUES ('secure-delete', 1);

INSERT INTO revision_docs (revision_id, entry_id, text)
SELECT r.id, r.entry_id, coalesce((
	SELECT group_concat(replace(replace(value, char(57344), ''), char(57345), ''), char(10) ORDER BY field, position)
	FROM revision_values
	WHERE revision_id = r.id
		AND replace(replace(value, char(57344), ''), char(57345), '') <> ''), '')
FROM revisions r
ORDER BY r.saved_at, r.entry_id, r.seq;

INSERT INTO revision_text (revision_text) VALUES ('rebuild');

-- 0002: the 30-day program: runs and their pauses, entries (answers to
-- exercises) with append-only revisions, drafts of unsaved forms, and the
-- sections read to their end.
--
-- Times are UTC RFC 3339 with a fixed nine-digit fraction
-- ("2026-03-01T09:30:15.120000000Z", 30 characters), so that they sort as
-- text in time order; dates are "YYYY-MM-DD". Lengths are counted by
-- length(), in characters (code points), the same limits as the forms.

CREATE TABLE runs (
	id         TEXT    PRIMARY KEY,
	number     INTEGER NOT NULL UNIQUE CHECK (number >= 1),
	started_at TEXT    NOT NULL CHECK (length(started_at) = 30 AND started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
	closed_at  TEXT             CHECK (length(closed_at) = 30 AND closed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;

-- At most one open run.
CREATE UNIQUE INDEX runs_one_open ON runs ((closed_at IS NULL)) WHERE closed_at IS NULL;

CREATE TABLE pauses (
	id         TEXT PRIMARY KEY,
	run_id     TEXT NOT NULL REFERENCES runs (id),
	from_date  TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	to_date    TEXT          CHECK (to_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	paused_at  TEXT NOT NULL CHECK (length(paused_at) = 30 AND paused_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
	resumed_at TEXT          CHECK (length(resumed_at) = 30 AND resumed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
	CHECK ((to_date IS NULL) = (resumed_at IS NULL))
) STRICT;

CREATE INDEX pauses_run ON pauses (run_id, paused_at);

-- At most one open pause per run.
CREATE UNIQUE INDEX pauses_one_open ON pauses (run_id) WHERE to_date IS NULL;

CREATE TABLE entries (
	id         TEXT PRIMARY KEY,
	run_id     TEXT NOT NULL REFERENCES runs (id),
	exercise   TEXT NOT NULL CHECK (exercise <> ''),
	date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	created_at TEXT NOT NULL CHECK (length(created_at) = 30 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT;

CREATE INDEX entries_run_exercise ON entries (run_id, exercise);

-- seq numbers an entry's revisions 1, 2, ... in the order they were saved:
-- the current revision is the one with the highest seq. Unlike saved_at it
-- does not depend on the clock, and unlike the rowid it survives VACUUM.
-- UNIQUE (entry_id, seq) is also the index that lists an entry's revisions.
-- With revisions_seq_next and no deletions, an entry's highest seq is its
-- number of revisions.
CREATE TABLE revisions (
	id       TEXT    PRIMARY KEY,
	entry_id TEXT    NOT NULL REFERENCES entries (id),
	seq      INTEGER NOT NULL CHECK (seq >= 1),
	saved_at TEXT    NOT NULL CHECK (length(saved_at) = 30 AND saved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
	UNIQUE (entry_id, seq)
) STRICT;

-- One row per scalar field (position 0, item_id '') and one per list item
-- (position = index in the list, kind 'list'). A value holds no NUL, which
-- would end length()'s count early.
CREATE TABLE revision_values (
	revision_id TEXT    NOT NULL REFERENCES revisions (id),
	field       TEXT    NOT NULL CHECK (field <> ''),
	position    INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
	item_id     TEXT    NOT NULL DEFAULT '',
	ref         TEXT    NOT NULL DEFAULT '',
	kind        TEXT    NOT NULL CHECK (kind IN ('text', 'textarea', 'number', 'date', 'choice', 'list')),
	value       TEXT    NOT NULL CHECK (length(value) <= CASE kind WHEN 'textarea' THEN 8000 ELSE 280 END
	                                    AND instr(value, char(0)) = 0),
	PRIMARY KEY (revision_id, field, position),
	UNIQUE (revision_id, field, item_id),
	CHECK ((kind = 'list') = (item_id <> '')),
	CHECK (kind = 'list' OR (position = 0 AND ref = ''))
) STRICT, WITHOUT ROWID;

CREATE TRIGGER revisions_seq_next BEFORE INSERT ON revisions
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM revisions WHERE entry_id = NEW.entry_id)
BEGIN
	SELECT RAISE(ABORT, 'revisions are numbered 1, 2, ... per entry');
END;

CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revision_values_no_update BEFORE UPDATE ON revision_values
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TRIGGER revision_values_no_delete BEFORE DELETE ON revision_values
BEGIN
	SELECT RAISE(ABORT, 'revisions are append-only');
END;

-- An unsaved form, its answer as JSON. run_id is '' for the form that
-- starts a run, entry_id '' for a new entry.
CREATE TABLE drafts (
	run_id   TEXT NOT NULL,
	exercise TEXT NOT NULL CHECK (exercise <> ''),
	entry_id TEXT NOT NULL,
	saved_at TEXT NOT NULL CHECK (length(saved_at) = 30 AND saved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
	answer   TEXT NOT NULL CHECK (length(answer) <= 200000 AND json_valid(answer)),
	PRIMARY KEY (run_id, exercise, entry_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE read_sections (
	section TEXT PRIMARY KEY CHECK (section <> ''),
	read_at TEXT NOT NULL CHECK (length(read_at) = 30 AND read_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z')
) STRICT, WITHOUT ROWID;

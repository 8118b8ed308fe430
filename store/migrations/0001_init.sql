-- 0001: where the person was (one row) and small key/value facts such as
-- the last opening. Run by store.migrate inside one transaction, which also
-- sets PRAGMA user_version and PRAGMA application_id.

CREATE TABLE place (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	screen  TEXT    NOT NULL,
	section TEXT    NOT NULL DEFAULT '',
	block   INTEGER NOT NULL DEFAULT 0 CHECK (block >= 0)
) STRICT;

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// fileState is what decides whether the store may use a database file.
type fileState struct {
	appID   int64  // PRAGMA application_id
	version int    // PRAGMA user_version
	object  string // the first schema object by name, "" when none
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readState(ctx context.Context, q querier) (fileState, error) {
	var st fileState
	if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&st.appID); err != nil {
		return st, err
	}
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&st.version); err != nil {
		return st, err
	}
	err := q.QueryRowContext(ctx, `
		SELECT coalesce(min(name), '') FROM sqlite_schema
		WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!'`).Scan(&st.object)
	return st, err
}

// classify returns the refusal for a database in state st, or nil when
// this build may use it: a new database, or one of ours at a schema
// version it knows.
func classify(path string, st fileState, known int) error {
	switch {
	case st.appID != 0 && st.appID != ApplicationID:
		return foreign(path, fmt.Sprintf("application_id %#08x", uint32(st.appID)))
	case st.appID == 0 && st.object != "":
		// Our first migration sets application_id along with the
		// tables, so a file with tables but no application_id is not ours.
		return foreign(path, fmt.Sprintf("it holds %q", st.object))
	case st.appID == 0 && st.version != 0:
		return foreign(path, fmt.Sprintf("user_version %d without autonomy's application_id", st.version))
	case st.version > known:
		return tooNew(path, st.version, known)
	case st.version < 0:
		return foreign(path, fmt.Sprintf("user_version %d", st.version))
	}
	return nil
}

// inspect checks the existing, non-empty file at path before the store
// opens it with its DSN, whose journal_mode(WAL) would rewrite the header
// of any file. It reads the file through SQLite, read-only and without
// pragmas but busy_timeout (which writes nothing), and leaves no file
// behind: when the database has no -wal and -shm (no connection has it
// open in WAL mode) it is opened immutable, so SQLite creates neither;
// otherwise it reads through the existing ones, waiting up to wait for a
// writer that holds them. The last connection of another process may
// remove them between the look and the read: then it looks again.
func inspect(ctx context.Context, path string, known int, wait time.Duration) error {
	var err error
	for range 3 {
		var st fileState
		st, err = inspectOnce(ctx, path, wait)
		if err == nil {
			return classify(path, st, known)
		}
		if isNotADB(err) {
			return notDatabase(path, err)
		}
	}
	return fmt.Errorf("store: check %s: %w", path, err)
}

func inspectOnce(ctx context.Context, path string, wait time.Duration) (fileState, error) {
	query := "mode=ro&immutable=1"
	if exists(path+"-wal") && exists(path+"-shm") {
		query = dsnQuery(wait, "mode=ro")
	}
	db, err := sql.Open("sqlite", dsn(path, query))
	if err != nil {
		return fileState{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return readState(ctx, db)
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

func isNotADB(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB
}

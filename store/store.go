// Package store persists the workbook in one SQLite file.
//
// The file holds private answers, so the store is careful with it: it
// checks an existing file read-only before touching it and refuses a file
// that is not its own or that a newer build wrote, it takes a backup before
// migrating a database that holds data, and it never opens, copies, renames
// or deletes the database or its -wal and -shm files itself: only SQLite
// does. File modes come from the umask (see SetUmask).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"autonomy/workbook"

	_ "modernc.org/sqlite" // driver "sqlite"
)

// ApplicationID marks a SQLite file as an autonomy database
// (PRAGMA application_id): 'AUTY'.
const ApplicationID = 0x41555459

// busyTimeout is how long, in milliseconds, a connection waits for a lock
// another connection holds.
const busyTimeout = 5000

// maxConns is the size of the connection pool.
const maxConns = 4

// pragmaQuery is the DSN query every pooled connection is opened with.
// Transactions begun without ReadOnly are BEGIN IMMEDIATE. Temporary
// storage, such as the statement journal of every insert that fires a
// trigger and the sorts of a search, stays in memory: an import writes it
// thousands of times. secure_delete overwrites deleted content with zeros,
// so that what the person deletes leaves the file (see DeleteRevision).
const pragmaQuery = "_pragma=busy_timeout(5000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(ON)" +
	"&_pragma=synchronous(FULL)" +
	"&_pragma=temp_store(MEMORY)" +
	"&_pragma=secure_delete(ON)" +
	"&_txlock=immediate"

// Errors Open refuses a file with; test them with errors.Is. The error's
// message names the file. The file is left as it was.
var (
	// ErrNotDatabase: the file is not a SQLite database at all.
	ErrNotDatabase = errors.New("not a SQLite file")
	// ErrForeign: the file is a SQLite database of another program.
	ErrForeign = errors.New("SQLite file of another program")
	// ErrTooNew: the file was written by a newer autonomy whose schema this
	// build does not know.
	ErrTooNew = errors.New("schema newer than this build")
)

// refusal is the error Open returns when it refuses a file. Its message is
// for people; kind is one of the sentinel errors.
type refusal struct {
	kind  error
	msg   string
	cause error
}

func (e *refusal) Error() string { return e.msg }

func (e *refusal) Unwrap() []error {
	if e.cause != nil {
		return []error{e.kind, e.cause}
	}
	return []error{e.kind}
}

func notDatabase(path string, cause error) error {
	return &refusal{
		kind:  ErrNotDatabase,
		msg:   fmt.Sprintf("%s is not an autonomy database (not a SQLite file); refusing to touch it", path),
		cause: cause,
	}
}

func foreign(path, why string) error {
	return &refusal{
		kind: ErrForeign,
		msg:  fmt.Sprintf("%s is not an autonomy database (a SQLite file of another program: %s); refusing to touch it", path, why),
	}
}

func tooNew(path string, version, known int) error {
	return &refusal{
		kind: ErrTooNew,
		msg:  fmt.Sprintf("%s was written by a newer autonomy (schema %d, this build knows %d); refusing to open it", path, version, known),
	}
}

// Store is the workbook's SQLite database. It implements
// workbook.PlaceStore, workbook.ProgramStore, workbook.ArchiveStore,
// workbook.ReviewStore and workbook.DeleteStore. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	// exercises are the workbook's exercises by id, from SetExercises;
	// nil until then.
	exercises atomic.Pointer[map[string]workbook.Exercise]
	// phasesVersion counts the calls of SetExercises, which may change
	// entries' phases.
	phasesVersion atomic.Uint64
	search        searchCache
	index         searchIndex
	// stmts are statements the review runs often, prepared once.
	stmtsMu sync.Mutex
	stmts   map[string]*sql.Stmt
}

var _ workbook.PlaceStore = (*Store)(nil)

// Open opens the database at path, creating it and its directory (mode
// 0700) when missing, and migrates it to the schema this build knows. An
// existing file is first checked read-only; Open refuses, with an error
// matching ErrNotDatabase, ErrForeign or ErrTooNew, a file that is not an
// autonomy database it can use, and leaves it unchanged.
func Open(path string) (*Store, error) {
	migs, err := embeddedMigrations()
	if err != nil {
		return nil, err
	}
	return openWith(context.Background(), path, migs)
}

func openWith(ctx context.Context, path string, migs []migration) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	path = abs
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// New: SQLite creates it.
	case err != nil:
		return nil, fmt.Errorf("store: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file; refusing to touch it", path)
	case fi.Size() == 0:
		// Empty: as good as new.
	default:
		if err := inspect(ctx, path, len(migs)); err != nil {
			return nil, err
		}
	}

	db, err := sql.Open("sqlite", dsn(path, pragmaQuery))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := migrate(ctx, db, path, migs); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path}, nil
}

// dsn is the driver's name for the database at path with the given query:
// a file: URI with the path escaped, so that '?', '#', '%' and the like in
// it stay part of the path.
func dsn(path, query string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x -> /C:/x
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: query}
	return u.String()
}

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	s.stmtsMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.stmtsMu.Unlock()
	return s.db.Close()
}

// prepared returns query prepared once for the store. Call it outside a
// transaction: preparing takes a connection of the pool, which a
// transaction may be waiting for. tx.StmtContext uses it in a transaction.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmtsMu.Lock()
	st, ok := s.stmts[query]
	if !ok {
		var err error
		if st, err = s.db.PrepareContext(ctx, query); err != nil {
			s.stmtsMu.Unlock()
			return nil, err
		}
		if s.stmts == nil {
			s.stmts = map[string]*sql.Stmt{}
		}
		s.stmts[query] = st
	}
	s.stmtsMu.Unlock()
	return st, nil
}

// SchemaVersion is the schema version of the database (PRAGMA user_version).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	})
	return v, err
}

// metaLastOpened is the meta key of the last opening, UTC RFC 3339.
const metaLastOpened = "last_opened"

// MarkOpened records now as the last opening and returns the previous one,
// or the zero time on the first opening.
func (s *Store) MarkOpened(ctx context.Context, now time.Time) (time.Time, error) {
	var prev time.Time
	err := s.write(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx,
			"SELECT value FROM meta WHERE key = ?", metaLastOpened).Scan(&v)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			if prev, err = time.Parse(time.RFC3339Nano, v); err != nil {
				return fmt.Errorf("stored %s: %w", metaLastOpened, err)
			}
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			metaLastOpened, now.UTC().Format(time.RFC3339Nano))
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("store: mark opened: %w", err)
	}
	return prev, nil
}

// write runs fn in one write transaction (BEGIN IMMEDIATE, from the DSN).
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	return inTx(ctx, s.db, nil, fn)
}

// read runs fn in one read transaction (a deferred BEGIN).
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	return inTx(ctx, s.db, &sql.TxOptions{ReadOnly: true}, fn)
}

type beginner interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}

func inTx(ctx context.Context, b beginner, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

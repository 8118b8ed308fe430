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

// maxConns is the size of the connection pool.
const maxConns = 4

// writeQuery is the DSN query every pooled connection of a store that
// writes is opened with, after its busy_timeout (see dsnQuery).
// Transactions begun without ReadOnly are BEGIN IMMEDIATE. Temporary
// storage, such as the statement journal of every insert that fires a
// trigger and the sorts of a search, stays in memory: an import writes it
// thousands of times. secure_delete overwrites deleted content with zeros,
// so that what the person deletes leaves the file (see DeleteRevision).
const writeQuery = "_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(ON)" +
	"&_pragma=synchronous(FULL)" +
	"&_pragma=temp_store(MEMORY)" +
	"&_pragma=secure_delete(ON)" +
	"&_txlock=immediate"

// readQuery is the DSN query of a store opened ReadOnly: SQLite opens the
// file read-only, and sets no journal mode (which could write).
const readQuery = "mode=ro&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)"

// dsnQuery is the DSN query of a store's connections: busy_timeout first,
// so that the pragmas after it wait too.
func dsnQuery(wait time.Duration, query string) string {
	return fmt.Sprintf("_pragma=busy_timeout(%d)&%s", wait.Milliseconds(), query)
}

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
	// runStart is the exercise among them that starts a run, whose entry
	// holds a run's challenge fields; nil until then.
	runStart atomic.Pointer[workbook.Exercise]
	// stmts are statements the review runs often, prepared once.
	stmtsMu sync.Mutex
	stmts   map[string]*sql.Stmt

	readOnly bool
	wait     time.Duration // Options.Wait
	// snapshot is the database file as it was when a ReadOnly store opened
	// it immutable (no -wal: no connection had it open); reads check that
	// it did not change under them. Nil otherwise.
	snapshot os.FileInfo
	// truncate retries the checkpoint that empties the -wal after a
	// delete (see wal.go).
	truncate truncator
}

var _ workbook.PlaceStore = (*Store)(nil)

// Options say how OpenWith opens a database.
type Options struct {
	// ReadOnly opens an existing database for reading only, for the
	// commands that only read it (export, backup): nothing is written, not
	// even a migration (a database that needs one is refused), and a
	// read-only file or directory is no obstacle. Writes fail.
	ReadOnly bool
	// Wait bounds how long a write waits for another process that holds
	// the database (an import, another instance): SQLite's busy handler
	// retries until the other is done or Wait has passed. Zero means
	// DefaultWait; below zero, nothing waits (a busy database is an error
	// at once): for a reader that must never hang, such as a shell prompt.
	Wait time.Duration
	// Workbook is the id of the workbook whose answers the database holds
	// (workbook.Workbook.ID): a database created for one is refused for
	// another (ErrOtherWorkbook), and one created now records it. ""
	// checks nothing.
	Workbook string
}

// DefaultWait is how long a write waits for another process unless
// Options.Wait says otherwise: the TUI's saves, which retry on their own.
const DefaultWait = 5 * time.Second

// Open opens the database at path with the default Options: see OpenWith.
func Open(path string) (*Store, error) {
	return OpenWith(path, Options{})
}

// OpenWith opens the database at path. Unless o.ReadOnly, it creates the
// file and its directory (mode 0700) when missing, makes an empty file
// private (0600), and migrates the database to the schema this build
// knows. An existing file is first checked read-only; OpenWith refuses,
// with an error matching ErrNotDatabase, ErrForeign or ErrTooNew, a file
// that is not an autonomy database it can use, and leaves it unchanged.
// Opening writes nothing unless a migration is due.
func OpenWith(path string, o Options) (*Store, error) {
	migs, err := embeddedMigrations()
	if err != nil {
		return nil, err
	}
	return openWith(context.Background(), path, migs, o)
}

func openWith(ctx context.Context, path string, migs []migration, o Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	path = abs
	switch {
	case o.Wait == 0:
		o.Wait = DefaultWait
	case o.Wait < 0:
		o.Wait = 0
	}
	if o.ReadOnly {
		return openReadOnly(ctx, path, migs, o)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	fi, err := os.Stat(path)
	created := errors.Is(err, os.ErrNotExist) || (err == nil && fi.Mode().IsRegular() && fi.Size() == 0)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// New: SQLite creates it, with the umask's mode.
	case err != nil:
		return nil, fmt.Errorf("store: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file; refusing to touch it", path)
	case fi.Size() == 0:
		// Empty: as good as new, but made by someone else, maybe with a
		// mode that lets others read what will be written in it.
		if fi.Mode().Perm() != 0o600 {
			if err := os.Chmod(path, 0o600); err != nil {
				return nil, fmt.Errorf("store: %s is empty, of mode %#o, and cannot be made private (0600): %w", path, fi.Mode().Perm(), err)
			}
		}
	default:
		if err := inspect(ctx, path, len(migs), o.Wait); err != nil {
			return nil, err
		}
	}

	db, err := sql.Open("sqlite", dsn(path, dsnQuery(o.Wait, writeQuery)))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := migrate(ctx, db, path, migs); err != nil {
		db.Close()
		return nil, err
	}
	if err := claim(ctx, db, path, o.Workbook, created); err != nil {
		db.Close()
		return nil, err
	}
	s := &Store{db: db, path: path, wait: o.Wait}
	if err := s.truncateAfterDelete(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// openReadOnly opens an existing database for reading only. While a -wal
// exists (a connection has the database open, or one ended without
// removing it), SQLite reads through it (mode=ro). Otherwise no connection
// has it open and the file is all there is: it is opened immutable, so
// that SQLite creates no -wal or -shm beside it (it would leave them
// behind, and cannot in a read-only directory), and every read checks
// that the file did not change meanwhile.
func openReadOnly(ctx context.Context, path string, migs []migration, o Options) (*Store, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("no database at %s", path)
	case err != nil:
		return nil, fmt.Errorf("store: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file; refusing to touch it", path)
	case fi.Size() == 0:
		return nil, fmt.Errorf("%s is empty: nothing to read yet", path)
	}
	if err := inspect(ctx, path, len(migs), o.Wait); err != nil {
		return nil, err
	}
	query := readQuery
	var snapshot os.FileInfo
	if !exists(path + "-wal") {
		query, snapshot = readQuery+"&immutable=1", fi
	}
	db, err := sql.Open("sqlite", dsn(path, dsnQuery(o.Wait, query)))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	st, err := readState(ctx, db)
	if err == nil {
		err = classify(path, st, len(migs))
	}
	if err == nil && st.version < len(migs) {
		err = fmt.Errorf("%s has schema %d and this build reads schema %d: %w", path, st.version, len(migs), ErrNeedsMigration)
	}
	if err == nil {
		err = claim(ctx, db, path, o.Workbook, false)
	}
	if err != nil {
		db.Close()
		var r *refusal
		if errors.As(err, &r) || errors.Is(err, ErrNeedsMigration) || errors.Is(err, ErrOtherWorkbook) {
			return nil, err
		}
		return nil, wrapOpen(path, err)
	}
	return &Store{db: db, path: path, wait: o.Wait, readOnly: true, snapshot: snapshot}, nil
}

// ErrNeedsMigration: a store opened ReadOnly found a database of an older
// schema, which only a store that writes can migrate.
var ErrNeedsMigration = errors.New("it needs a migration, which reading only does not make")

// ErrChanged: a store opened ReadOnly and immutable found the database
// changed under a read (another process opened and wrote it); what was
// read may be inconsistent and is not returned.
var ErrChanged = errors.New("the database changed while it was read; try again")

// unchanged returns ErrChanged, naming the file, when the database a
// ReadOnly store reads immutable changed since it was opened.
func (s *Store) unchanged() error {
	if s.snapshot == nil {
		return nil
	}
	fi, err := os.Stat(s.path)
	// A -wal that appeared is no change: what it holds is not read. Only
	// a checkpoint writes the file.
	if err != nil || fi.Size() != s.snapshot.Size() || !fi.ModTime().Equal(s.snapshot.ModTime()) {
		return fmt.Errorf("%s: %w", s.path, ErrChanged)
	}
	return nil
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

// Close closes the database. A checkpoint still to retry after a delete
// is left for the next open.
func (s *Store) Close() error {
	s.truncate.halt()
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

// ErrReadOnly: a write to a store opened ReadOnly.
var ErrReadOnly = errors.New("the database was opened for reading only")

// write runs fn in one write transaction (BEGIN IMMEDIATE, from the DSN).
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.readOnly {
		return ErrReadOnly
	}
	return inTx(s.waitContext(ctx), s.db, nil, fn)
}

// read runs fn in one read transaction (a deferred BEGIN).
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := inTx(ctx, s.db, &sql.TxOptions{ReadOnly: true}, fn); err != nil {
		return err
	}
	return s.unchanged()
}

type beginner interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}

// inTx runs fn in one transaction. A write transaction that waits for
// another process says so through the context (NotifyWait), and an error
// of SQLite's busy handler giving up becomes a busy error (ErrBusy), which
// says who kept the database and never shows SQLite's text.
func inTx(ctx context.Context, b beginner, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	err := runTx(ctx, b, opts, fn)
	if isBusy(err) {
		return newBusyError(ctx, err)
	}
	return err
}

func runTx(ctx context.Context, b beginner, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	var tx *sql.Tx
	var err error
	if opts == nil {
		stop := noticeWait(ctx)
		tx, err = b.BeginTx(ctx, opts)
		stop()
	} else {
		tx, err = b.BeginTx(ctx, opts)
	}
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

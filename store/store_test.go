package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"autonomy/workbook"
)

// testMigrations are the embedded migrations plus one more, to test a
// migration of a database that holds data. The extra one counts its runs.
func testMigrations(t testing.TB) []migration {
	t.Helper()
	migs, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	extra := migration{
		version: len(migs) + 1,
		name:    fmt.Sprintf("%04d_test.sql", len(migs)+1),
		sql:     "CREATE TABLE IF NOT EXISTS test_runs (n INTEGER); INSERT INTO test_runs VALUES (1);",
	}
	return append(slices.Clip(migs), extra)
}

func mustOpen(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustOpenKnowing opens the store and tells it testExercises, as the app
// does: it reads a run's challenge fields through the run-start exercise.
func mustOpenKnowing(t testing.TB, path string) *Store {
	t.Helper()
	s := mustOpen(t, path)
	if err := s.SetExercises(context.Background(), testExercises()); err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s
}

func mustOpenWith(t testing.TB, path string, migs []migration) *Store {
	t.Helper()
	s, err := openWith(context.Background(), path, migs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rawDB opens path with the driver and no DSN parameters, as another
// program would.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func rawExec(t testing.TB, path string, stmts ...string) {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func fileSum(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func backups(t testing.TB, path string) []string {
	t.Helper()
	m, err := filepath.Glob(path + ".bak-*")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEmbeddedMigrations(t *testing.T) {
	migs, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migs {
		if m.version != i+1 || strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %d: %+v", i, m)
		}
	}
}

func TestDSNEscapesPath(t *testing.T) {
	got := dsn("/tmp/a b?c#d%e", "x=1")
	want := "file:///tmp/a%20b%3Fc%23d%25e?x=1"
	if got != want {
		t.Errorf("dsn = %q, want %q", got, want)
	}
}

func TestMigrationsRunOnce(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")

	s := mustOpen(t, p)
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	migs, _ := embeddedMigrations()
	if v != len(migs) {
		t.Errorf("SchemaVersion = %d, want %d", v, len(migs))
	}
	var app int64
	if err := s.db.QueryRow("PRAGMA application_id").Scan(&app); err != nil || app != ApplicationID {
		t.Errorf("application_id = %#x, %v", app, err)
	}
	if err := s.SavePlace(ctx, workbook.Place{Screen: workbook.ScreenHome}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// With one more migration, opened three times: it runs once.
	tm := testMigrations(t)
	for range 3 {
		s = mustOpenWith(t, p, tm)
		v, err := s.SchemaVersion(ctx)
		if err != nil || v != len(tm) {
			t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(tm))
		}
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM test_runs").Scan(&n); err != nil || n != 1 {
			t.Fatalf("test migration ran %d times (%v)", n, err)
		}
		s.Close()
	}
	// One backup, taken before that migration only.
	if b := backups(t, p); len(b) != 1 {
		t.Errorf("backups = %v, want one", b)
	}
}

func TestNoBackupWithoutData(t *testing.T) {
	p := filepath.Join(t.TempDir(), "autonomy.db")
	tm := testMigrations(t)
	mustOpenWith(t, p, tm[:len(tm)-1]).Close()
	mustOpenWith(t, p, tm).Close()
	if b := backups(t, p); len(b) != 0 {
		t.Errorf("backups = %v, want none", b)
	}
}

func TestEmptyFileIsNew(t *testing.T) {
	p := filepath.Join(t.TempDir(), "autonomy.db")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, p)
	defer s.Close()
	if v, err := s.SchemaVersion(context.Background()); err != nil || v < 1 {
		t.Errorf("SchemaVersion = %d, %v", v, err)
	}
}

func TestPooledConnectionsHavePragmas(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, filepath.Join(t.TempDir(), "autonomy.db"))
	defer s.Close()

	// Hold maxConns connections at once so that they are distinct.
	conns := make([]*sql.Conn, maxConns)
	for i := range conns {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
	}
	for i, c := range conns {
		var mode string
		var fk, busy, sync, temp, secure int
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&temp); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&secure); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || fk != 1 || busy != int(DefaultWait.Milliseconds()) || sync != 2 || temp != 2 || secure != 1 {
			t.Errorf("conn %d: journal_mode=%s foreign_keys=%d busy_timeout=%d synchronous=%d temp_store=%d secure_delete=%d",
				i, mode, fk, busy, sync, temp, secure)
		}
	}
}

func TestPlaceRoundTrip(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpen(t, p)
	got, err := s.LoadPlace(ctx)
	if err != nil || got != (workbook.Place{}) {
		t.Fatalf("LoadPlace on a new database = %+v, %v", got, err)
	}
	want := workbook.Place{Screen: workbook.ScreenReader, Section: "safety-boundary", Block: 12}
	if err := s.SavePlace(ctx, workbook.Place{Screen: workbook.ScreenHome}); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePlace(ctx, want); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = mustOpen(t, p)
	defer s.Close()
	got, err = s.LoadPlace(ctx)
	if err != nil || got != want {
		t.Errorf("LoadPlace = %+v, %v; want %+v", got, err, want)
	}
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM place").Scan(&n); err != nil || n != 1 {
		t.Errorf("place rows = %d, %v", n, err)
	}
	if _, err := s.db.Exec("INSERT INTO place (id, screen) VALUES (2, 'home')"); err == nil {
		t.Error("a second place row was accepted")
	}
}

func TestMarkOpened(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpen(t, p)
	first := time.Date(2026, 3, 1, 9, 30, 15, 123456789, time.FixedZone("CET", 3600))
	prev, err := s.MarkOpened(ctx, first)
	if err != nil || !prev.IsZero() {
		t.Fatalf("first MarkOpened = %v, %v; want zero", prev, err)
	}
	s.Close()

	s = mustOpen(t, p)
	defer s.Close()
	prev, err = s.MarkOpened(ctx, first.Add(time.Hour))
	if err != nil || !prev.Equal(first) || prev.Location() != time.UTC {
		t.Errorf("MarkOpened = %v, %v; want %v in UTC", prev, err, first)
	}
	var v string
	if err := s.db.QueryRow("SELECT value FROM meta WHERE key = 'last_opened'").Scan(&v); err != nil ||
		v != "2026-03-01T09:30:15.123456789Z" {
		t.Errorf("stored last_opened = %q, %v", v, err)
	}
}

func TestOddPath(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "we?ird #dir %41 &x=y;z")
	p := filepath.Join(dir, "my diary?.db")
	s := mustOpen(t, p)
	if s.Path() != p {
		t.Errorf("Path = %q, want %q", s.Path(), p)
	}
	want := workbook.Place{Screen: workbook.ScreenReader, Section: "x", Block: 3}
	if err := s.SavePlace(ctx, want); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if names := dirNames(t, dir); !slices.Equal(names, []string{"my diary?.db"}) {
		t.Errorf("files = %q", names)
	}
	s = mustOpen(t, p)
	defer s.Close()
	if got, err := s.LoadPlace(ctx); err != nil || got != want {
		t.Errorf("LoadPlace = %+v, %v", got, err)
	}
}

func TestConcurrentHandles(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	a := mustOpen(t, p)
	defer a.Close()
	b := mustOpen(t, p)
	defer b.Close()

	const n = 300
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for h, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			for i := range n {
				p := workbook.Place{Screen: workbook.ScreenReader, Section: fmt.Sprintf("s%d", h), Block: i}
				if err := s.SavePlace(ctx, p); err != nil {
					errs <- err
					return
				}
				if i%50 == 0 {
					if _, err := s.MarkOpened(ctx, time.Now()); err != nil {
						errs <- err
						return
					}
					if _, err := s.LoadPlace(ctx); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := a.LoadPlace(ctx)
	if err != nil || got.Block != n-1 {
		t.Errorf("LoadPlace = %+v, %v; want block %d", got, err, n-1)
	}
}

func TestRefusals(t *testing.T) {
	known := len(testMigrations(t)) - 1
	random := make([]byte, 8192)
	rand.Read(random)

	tests := []struct {
		name    string
		make    func(t *testing.T, path string)
		want    error
		message string // %s for the path; "" to skip
	}{
		{
			name: "text file",
			make: func(t *testing.T, p string) {
				os.WriteFile(p, []byte("Day 1. I decided to stop asking for permission.\n"), 0o600)
			},
			want:    ErrNotDatabase,
			message: "%s is not an autonomy database (not a SQLite file); refusing to touch it",
		},
		{
			name:    "random bytes",
			make:    func(t *testing.T, p string) { os.WriteFile(p, random, 0o600) },
			want:    ErrNotDatabase,
			message: "%s is not an autonomy database (not a SQLite file); refusing to touch it",
		},
		{
			name: "another program's database",
			make: func(t *testing.T, p string) {
				rawExec(t, p, "CREATE TABLE foo(x)", "INSERT INTO foo VALUES ('secret')")
			},
			want: ErrForeign,
		},
		{
			name: "another program's database in WAL mode",
			make: func(t *testing.T, p string) {
				rawExec(t, p, "PRAGMA journal_mode = WAL", "CREATE TABLE foo(x)", "INSERT INTO foo VALUES ('secret')")
			},
			want: ErrForeign,
		},
		{
			name: "another application_id",
			make: func(t *testing.T, p string) { rawExec(t, p, "PRAGMA application_id = 0x12345678") },
			want: ErrForeign,
		},
		{
			name: "user_version without application_id",
			make: func(t *testing.T, p string) { rawExec(t, p, "PRAGMA user_version = 3") },
			want: ErrForeign,
		},
		{
			name: "newer autonomy",
			make: func(t *testing.T, p string) {
				rawExec(t, p, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID),
					"PRAGMA user_version = 999", "CREATE TABLE place(x)")
			},
			want:    ErrTooNew,
			message: fmt.Sprintf("%%s was written by a newer autonomy (schema 999, this build knows %d); refusing to open it", known),
		},
		{
			name: "newer autonomy in WAL mode",
			make: func(t *testing.T, p string) {
				s := mustOpen(t, p)
				s.SavePlace(context.Background(), workbook.Place{Screen: workbook.ScreenHome})
				s.db.Exec("PRAGMA user_version = 999")
				s.Close()
			},
			want: ErrTooNew,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "autonomy.db")
			tc.make(t, p)
			sum := fileSum(t, p)
			names := dirNames(t, dir)

			s, err := Open(p)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("Open error %q is not %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("Open error %q does not name the file", err)
			}
			if tc.message != "" && err.Error() != fmt.Sprintf(tc.message, p) {
				t.Errorf("Open error\n %q, want\n %q", err, fmt.Sprintf(tc.message, p))
			}
			if fileSum(t, p) != sum {
				t.Error("the file changed")
			}
			if got := dirNames(t, dir); !slices.Equal(got, names) {
				t.Errorf("files %q, were %q", got, names)
			}
		})
	}
}

// A newer autonomy has the file open: -wal and -shm exist, and the check
// reads through them.
func TestRefusalWhileOpenElsewhere(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "autonomy.db")
	tm := testMigrations(t)
	other := mustOpenWith(t, p, tm) // knows one more migration than Open
	defer other.Close()
	if err := other.SavePlace(context.Background(), workbook.Place{Screen: workbook.ScreenHome}); err != nil {
		t.Fatal(err)
	}
	sum := fileSum(t, p)
	names := dirNames(t, dir)
	if !slices.Contains(names, "autonomy.db-wal") || !slices.Contains(names, "autonomy.db-shm") {
		t.Fatalf("files %q", names)
	}
	_, err := Open(p)
	if !errors.Is(err, ErrTooNew) {
		t.Fatalf("Open = %v, want ErrTooNew", err)
	}
	if fileSum(t, p) != sum {
		t.Error("the file changed")
	}
	if got := dirNames(t, dir); !slices.Equal(got, names) {
		t.Errorf("files %q, were %q", got, names)
	}
}

// A version 1 database with a place migrates to the program schema, after
// a backup, and keeps the place.
func TestMigrateFromV1(t *testing.T) {
	ctx := context.Background()
	migs, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "autonomy.db")
	s := mustOpenWith(t, p, migs[:1])
	place := workbook.Place{Screen: workbook.ScreenReader, Section: "intro", Block: 3}
	if err := s.SavePlace(ctx, place); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = mustOpen(t, p)
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(migs) {
		t.Errorf("SchemaVersion = %d, %v", v, err)
	}
	if got, err := s.LoadPlace(ctx); err != nil || got != place {
		t.Errorf("LoadPlace = %+v, %v", got, err)
	}
	if b := backups(t, p); len(b) != 1 || !strings.Contains(b[0], ".bak-v1-") {
		t.Errorf("backups = %q", b)
	}
	mustStart(t, s, "c", t0)
}

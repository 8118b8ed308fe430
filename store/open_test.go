package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// holdWriteLock takes the database's write lock on a connection of its own,
// as another process's long import would, until the test ends or release
// is called.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db := rawDB(t, path)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('holder', 'x')`); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if !done {
			done = true
			tx.Rollback()
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// Opening an existing database and telling it the same exercises writes
// nothing: it needs no write lock, so it does not wait behind another
// process that writes (issue 10, break 3: every command opened with a
// write and failed with "database is locked" after 5 s).
func TestOpeningDoesNotWaitForAWriter(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	if err := s.SetExercises(ctx, testExercises()); err != nil {
		t.Fatal(err)
	}
	run := mustStart(t, s, "c", t0)
	mustSave(t, s, run.ID, exScope, "", fields("scope", "x"), t0)
	s.Close()

	// The lock is held to the end of the test, and Wait -1 waits for
	// nothing: a write would fail with ErrBusy at once.
	holdWriteLock(t, p)
	s, err := OpenWith(p, Options{Wait: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetExercises(ctx, testExercises()); err != nil {
		t.Fatalf("SetExercises with the same exercises behind a writer: %v", err)
	}
	if _, err := s.Runs(ctx); err != nil {
		t.Fatal(err)
	}
}

// SetExercises writes when, and only when, the phases changed: a new phase
// reaches the entries (and the -wal grows); the same exercises again add
// nothing to the -wal.
func TestSetExercisesWritesOnlyWhenPhasesChange(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	run := mustStart(t, s, "c", t0)
	mustSave(t, s, run.ID, exScope, "", fields("scope", "x"), t0)
	walSize := func() int64 {
		fi, err := os.Stat(p + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	exs := testExercises()
	if err := s.SetExercises(ctx, exs); err != nil {
		t.Fatal(err)
	}
	before := walSize()
	for range 3 {
		if err := s.SetExercises(ctx, exs); err != nil {
			t.Fatal(err)
		}
	}
	if walSize() != before {
		t.Errorf("SetExercises with the same exercises wrote: -wal %d -> %d bytes", before, walSize())
	}
	for i := range exs {
		if exs[i].ID == "scope" {
			exs[i].Phase = 3
		}
	}
	if err := s.SetExercises(ctx, exs); err != nil {
		t.Fatal(err)
	}
	if walSize() == before {
		t.Error("a changed phase was not written")
	}
	if items := found(t, s, workbook.ReviewFilter{Phase: 3, Exercise: "scope"}); len(items) != 1 {
		t.Errorf("the entry did not move to phase 3: %+v", items)
	}
}

// fileState is a database file's bytes and time, and whether its -wal and
// -shm exist, with the -wal's bytes.
type fileSnapshot struct {
	db, wal     []byte
	mtime       time.Time
	hasWAL, shm bool
}

func snapshotFiles(t *testing.T, p string) fileSnapshot {
	t.Helper()
	var f fileSnapshot
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	f.mtime = fi.ModTime()
	if f.db, err = os.ReadFile(p); err != nil {
		t.Fatal(err)
	}
	if f.wal, err = os.ReadFile(p + "-wal"); err == nil {
		f.hasWAL = true
	}
	f.shm = exists(p + "-shm")
	return f
}

func (f fileSnapshot) same(g fileSnapshot) bool {
	return bytes.Equal(f.db, g.db) && f.mtime.Equal(g.mtime) && f.hasWAL == g.hasWAL && bytes.Equal(f.wal, g.wal) && f.shm == g.shm
}

// A store opened ReadOnly reads everything (archive, backup) and writes
// nothing: the database's bytes and time are the same after, and no -wal
// or -shm appears beside a database no one has open.
func TestReadOnlyOpenWritesNothing(t *testing.T) {
	ctx := context.Background()
	src := newArchiveStore(t)
	fillRich(t, src)
	p := src.Path()
	want := mustArchive(t, src)
	src.Close()
	if exists(p+"-wal") || exists(p+"-shm") {
		t.Fatal("the -wal outlived the last connection")
	}
	before := snapshotFiles(t, p)
	time.Sleep(10 * time.Millisecond) // a write would show in the time

	s, err := OpenWith(p, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetExercises(ctx, testExercises()); err != nil {
		t.Fatal(err)
	}
	got := mustArchive(t, s)
	if len(got.Runs) != len(want.Runs) || counts(got) != counts(want) {
		t.Errorf("read-only archive: %+v, want %+v", counts(got), counts(want))
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAnswer(ctx, got.Runs[1].Run.ID, exScope, "", fields("scope", "y"), workbook.Date{}, t0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a write on a read-only store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if after := snapshotFiles(t, p); !before.same(after) {
		t.Errorf("a read-only open changed the files: -wal %v -> %v, -shm %v -> %v, time %v -> %v, bytes equal %v",
			before.hasWAL, after.hasWAL, before.shm, after.shm, before.mtime, after.mtime, bytes.Equal(before.db, after.db))
	}
}

// While another connection has the database open (its -wal holds commits
// not yet in the file), a ReadOnly store reads them through the -wal and
// leaves the -wal as it was.
func TestReadOnlyOpenReadsThroughTheWAL(t *testing.T) {
	ctx := context.Background()
	w, p := newStore(t)
	run := mustStart(t, w, "c", t0)
	e := mustSave(t, w, run.ID, exScope, "", fields("scope", "only in the wal"), t0)
	before := snapshotFiles(t, p)
	if !before.hasWAL || len(before.wal) == 0 {
		t.Fatal("the test needs commits in the -wal")
	}
	s, err := OpenWith(p, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Entry(ctx, e.ID)
	if err != nil || got.Current.Answer.Fields["scope"] != "only in the wal" {
		t.Errorf("read %+v, %v", got, err)
	}
	s.Close()
	if after := snapshotFiles(t, p); !bytes.Equal(before.wal, after.wal) || !bytes.Equal(before.db, after.db) {
		t.Error("a read-only open changed the database or its -wal")
	}
}

// A ReadOnly open refuses a missing or empty file, and a database that
// needs a migration, naming the file; it creates nothing.
func TestReadOnlyOpenRefusals(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing", "autonomy.db")
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.db")
	migs, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	mustOpenWith(t, old, migs[:len(migs)-1]).Close()
	for _, p := range []string{missing, empty, old} {
		s, err := OpenWith(p, Options{ReadOnly: true})
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", p)
			continue
		}
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: the error does not name the file: %v", p, err)
		}
	}
	if exists(filepath.Dir(missing)) || exists(old+"-wal") || exists(empty+"-wal") {
		t.Error("a refused read-only open created files")
	}
}

// An empty file someone else made is used as a new database, made private
// first: the answers written in it are the owner's only.
func TestEmptyFileIsMadePrivate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "autonomy.db")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	s := mustOpen(t, p)
	defer s.Close()
	mustStart(t, s, "private", t0)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %#o, want 0600", fi.Mode().Perm())
	}
}

// A write behind another process waits, and when the wait runs out the
// error says who kept the database and never SQLite's text.
func TestBusyErrorIsForPeople(t *testing.T) {
	ctx := context.Background()
	_, p := newStore(t)
	release := holdWriteLock(t, p)
	s, err := OpenWith(p, Options{Wait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	noticed := make(chan int, 1)
	ctx = s.NotifyWait(ctx, func(pid int) { noticed <- pid })
	_, err = s.StartRun(ctx, exChallenge, fields("challenge", "c"), t0)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("StartRun behind a writer: %v, want ErrBusy", err)
	}
	for _, bad := range []string{"locked", "SQLITE", "(5)"} {
		if strings.Contains(err.Error(), bad) {
			t.Errorf("the error shows SQLite's text %q: %v", bad, err)
		}
	}
	if !strings.Contains(err.Error(), "another autonomy process") || !strings.Contains(err.Error(), p) {
		t.Errorf("the error does not say who kept what: %v", err)
	}
	select {
	case <-noticed:
	case <-time.After(time.Second):
		t.Error("no notice while waiting")
	}
	release()
	if _, err := s.StartRun(ctx, exChallenge, fields("challenge", "c"), t0); err != nil {
		t.Errorf("after the writer: %v", err)
	}
}

// A ReadOnly store that reads the file itself (no -wal when it opened)
// refuses what it read once another process has changed the file under
// it, rather than return a mix of two states.
func TestReadOnlyReadOfAFileChangedUnderIt(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	mustStart(t, s, "c", t0)
	s.Close()
	ro, err := OpenWith(p, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Runs(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	w := mustOpen(t, p)
	if err := w.SavePlace(ctx, workbook.Place{Screen: workbook.ScreenHome, Block: 3}); err != nil {
		t.Fatal(err)
	}
	w.Close() // the last connection: its checkpoint writes the file
	if _, err := ro.Runs(ctx); !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), p) {
		t.Errorf("a read after the file changed: %v", err)
	}
}

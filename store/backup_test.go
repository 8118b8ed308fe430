package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"autonomy/workbook"
)

func TestDefaultBackupPath(t *testing.T) {
	now := time.Date(2026, 11, 28, 14, 3, 12, 999, time.FixedZone("CET", 3600))
	got := DefaultBackupPath(filepath.Join("data", "autonomy.db"), now)
	if want := filepath.Join("data", "autonomy-backup-20261128-140312.db"); got != want {
		t.Errorf("DefaultBackupPath = %q, want %q", got, want)
	}
}

// revisionIDs is the set of revision ids in a.
func revisionIDs(a workbook.Archive) map[string]bool {
	ids := map[string]bool{}
	for _, r := range a.Runs {
		for _, e := range r.Entries {
			for _, rev := range e.Revisions {
				ids[rev.ID] = true
			}
		}
	}
	return ids
}

// A backup taken while another handle keeps saving is a sound database
// that holds every revision committed before it began, opens with Open,
// and leaves no -wal or -shm of its own.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s := newArchiveStore(t)
	fillRich(t, s)
	runs := mustRuns(t, s)
	open := runs[len(runs)-1].ID
	writer := mustOpen(t, s.Path())
	defer writer.Close()

	var saved atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := writer.SaveAnswer(ctx, open, exReport, "", fields("changed", fmt.Sprintf("during the backup %d", i)),
				workbook.Date{}, time.Now()); err != nil {
				errs <- err
				return
			}
			saved.Add(1)
		}
	})
	for saved.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	before := mustArchive(t, s)
	n := saved.Load()
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for saved.Load() < n+5 { // the writer went on
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if names := dirNames(t, filepath.Dir(backup)); !reflect.DeepEqual(names, []string{"copy.db"}) {
		t.Errorf("files next to the copy: %q", names)
	}

	c := mustOpen(t, backup)
	defer c.Close()
	checkIntegrity(t, c)
	copied := revisionIDs(mustArchive(t, c))
	for id := range revisionIDs(before) {
		if !copied[id] {
			t.Errorf("revision %s, committed before the backup, is not in it", id)
		}
	}
	all := revisionIDs(mustArchive(t, s))
	for id := range copied {
		if !all[id] {
			t.Errorf("the copy has a revision %s the database lacks", id)
		}
	}
	if len(all) <= len(copied) {
		t.Errorf("%d revisions in all, %d in the copy: the writer stopped?", len(all), len(copied))
	}
	if v, err := c.SchemaVersion(ctx); err != nil || v != len(mustMigrations(t)) {
		t.Errorf("copy schema %d, %v", v, err)
	}
	// The copy searches like the database did.
	if err := c.SetExercises(ctx, testExercises()); err != nil {
		t.Fatal(err)
	}
	if items := found(t, c, workbook.ReviewFilter{Query: "release"}); len(items) != 1 {
		t.Errorf("search in the copy: %+v", items)
	}
}

func mustMigrations(t testing.TB) []migration {
	t.Helper()
	migs, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	return migs
}

// Backup never overwrites: an existing file, even empty, even the
// database, is refused and left as it was; so is a missing directory.
func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	mustStart(t, s, "c", t0)
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.db")
	content := []byte("somebody's file")
	if err := os.WriteFile(existing, content, 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dbSum := fileSum(t, p)
	for _, path := range []string{existing, empty, p} {
		err := s.Backup(ctx, path)
		if !errors.Is(err, ErrExists) || !bytes.Contains([]byte(err.Error()), []byte(path)) {
			t.Errorf("Backup(%s) = %v", path, err)
		}
	}
	if b, err := os.ReadFile(existing); err != nil || !bytes.Equal(b, content) {
		t.Errorf("existing file now %q, %v", b, err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("empty file: %v, %v", fi, err)
	}
	if fileSum(t, p) != dbSum {
		t.Error("the database changed")
	}
	missing := filepath.Join(dir, "no", "such", "copy.db")
	if err := s.Backup(ctx, missing); err == nil {
		t.Error("Backup into a missing directory succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Backup created a directory: %v", err)
	}
	if err := s.Backup(ctx, ""); err == nil {
		t.Error("Backup to \"\" succeeded")
	}
	if names := dirNames(t, dir); !reflect.DeepEqual(names, []string{"empty.db", "existing.db"}) {
		t.Errorf("files: %q", names)
	}
}

// A database that holds only program data is backed up before a migration.
func TestBackupOfProgramData(t *testing.T) {
	ctx := context.Background()
	tm := testMigrations(t)
	old := tm[:len(tm)-1]
	for _, tc := range []struct {
		name string
		fill func(s *Store)
	}{
		{"run", func(s *Store) { mustStart(t, s, "c", t0) }},
		{"draft", func(s *Store) {
			if err := s.SaveDraft(ctx, workbook.Draft{Exercise: "challenge", SavedAt: t0, Answer: fields("challenge", "x")}); err != nil {
				t.Fatal(err)
			}
		}},
		{"read section", func(s *Store) {
			if err := s.MarkRead(ctx, "intro", t0); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "autonomy.db")
			s := mustOpenWith(t, p, old)
			tc.fill(s)
			s.Close()
			mustOpenWith(t, p, tm).Close()
			if b := backups(t, p); len(b) != 1 {
				t.Errorf("backups = %q, want one", b)
			}
		})
	}
}

// Two backups beside the database in the same second both succeed, under
// two names; a name SQLite would take for a database's own file is
// refused.
func TestBackupsInOneSecond(t *testing.T) {
	ctx := context.Background()
	s, p := newStore(t)
	mustStart(t, s, "c", t0)
	now := time.Date(2026, 11, 28, 14, 3, 12, 0, time.Local)
	var names []string
	for range 3 {
		name, err := s.BackupBeside(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(name))
	}
	want := []string{"autonomy-backup-20261128-140312.db", "autonomy-backup-20261128-140312-2.db", "autonomy-backup-20261128-140312-3.db"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	for _, bad := range []string{p + "-wal", p + "-journal", filepath.Join(t.TempDir(), "x.db-shm")} {
		if err := s.Backup(ctx, bad); err == nil || !strings.Contains(err.Error(), "SQLite's") {
			t.Errorf("Backup(%s): %v", bad, err)
		}
		if bad != p+"-wal" && exists(bad) {
			t.Errorf("%s was written", bad)
		}
	}
}

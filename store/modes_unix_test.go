//go:build unix

package store

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"time"
)

// Under the common umask 022, then SetUmask as main does, every directory
// the store creates is 0700 and every file (the database, its -wal and
// -shm, a backup) 0600: the walk finds no other.
func TestFileModesUnderUmask022(t *testing.T) {
	withUmask022(t)
	ctx := context.Background()
	top := t.TempDir()
	p := filepath.Join(top, "new", "nested", "autonomy.db")
	s := mustOpen(t, p)
	defer s.Close()
	run := mustStart(t, s, "Decide alone", t0)
	mustSave(t, s, run.ID, exReport, "", fields("changed", "private"), t0)
	backup := DefaultBackupPath(p, time.Now())
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}

	seen := map[string]bool{}
	err := filepath.WalkDir(top, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == top {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(top, path)
		seen[rel] = true
		want := fs.FileMode(0o600)
		switch {
		case fi.IsDir():
			want = 0o700
		case !fi.Mode().IsRegular():
			t.Errorf("%s: %v, not a regular file", rel, fi.Mode())
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", rel, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"new", "new/nested", "new/nested/autonomy.db",
		"new/nested/autonomy.db-wal", "new/nested/autonomy.db-shm", "new/nested/" + filepath.Base(backup)} {
		if !seen[filepath.FromSlash(name)] {
			t.Errorf("%s was not created", name)
		}
	}
	if len(seen) != 6 {
		t.Errorf("created %d files and directories, want 6: %v", len(seen), seen)
	}
}

//go:build unix

package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"autonomy/workbook"
)

// withUmask022 runs the test under the common umask 022 and then calls
// SetUmask as main does.
func withUmask022(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	SetUmask()
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Error(err)
		return
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %#o, want %#o", filepath.Base(path), got, want)
	}
}

func TestFileModes(t *testing.T) {
	withUmask022(t)
	top := t.TempDir()
	dir := filepath.Join(top, "new", "nested")
	p := filepath.Join(dir, "autonomy.db")
	s := mustOpen(t, p)
	defer s.Close()
	if err := s.SavePlace(context.Background(), workbook.Place{Screen: workbook.ScreenHome}); err != nil {
		t.Fatal(err)
	}
	wantMode(t, filepath.Join(top, "new"), 0o700)
	wantMode(t, dir, 0o700)
	wantMode(t, p, 0o600)
	wantMode(t, p+"-wal", 0o600)
	wantMode(t, p+"-shm", 0o600)
}

func TestExistingDirModeKept(t *testing.T) {
	withUmask022(t)
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	mustOpen(t, filepath.Join(dir, "autonomy.db")).Close()
	wantMode(t, dir, 0o750)
}

func TestBackupBeforeMigration(t *testing.T) {
	withUmask022(t)
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "autonomy.db")
	tm := testMigrations(t)
	old := tm[:len(tm)-1]

	s := mustOpenWith(t, p, old)
	place := workbook.Place{Screen: workbook.ScreenReader, Section: "safety-boundary", Block: 4}
	if err := s.SavePlace(ctx, place); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = mustOpenWith(t, p, tm)
	s.Close()
	b := backups(t, p)
	if len(b) != 1 {
		t.Fatalf("backups = %q, want one", b)
	}
	wantMode(t, b[0], 0o600)
	if want := p + ".bak-v" + strconv.Itoa(len(old)) + "-"; len(b[0]) != len(want)+len("20060102-150405") || b[0][:len(want)] != want {
		t.Errorf("backup name %q", b[0])
	}

	db, err := sql.Open("sqlite", dsn(b[0], "mode=ro"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
	var v int
	var got workbook.Place
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != len(old) {
		t.Errorf("backup user_version = %d, %v", v, err)
	}
	if err := db.QueryRow("SELECT screen, section, block FROM place").Scan(&got.Screen, &got.Section, &got.Block); err != nil || got != place {
		t.Errorf("backup place = %+v, %v", got, err)
	}

	// Reopening at the same version takes no other backup.
	mustOpenWith(t, p, tm).Close()
	if b := backups(t, p); len(b) != 1 {
		t.Errorf("backups after reopen = %q", b)
	}
}

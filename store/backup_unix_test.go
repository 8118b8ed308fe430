//go:build unix

package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The copy is the owner's only, whatever the umask; a dangling link is
// not followed.
func TestBackupMode(t *testing.T) {
	old := syscall.Umask(0o022) // not SetUmask's 077
	t.Cleanup(func() { syscall.Umask(old) })
	ctx := context.Background()
	s, _ := newStore(t)
	mustStart(t, s, "c", t0)
	dir := t.TempDir()
	backup := filepath.Join(dir, "copy.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	wantMode(t, backup, 0o600)

	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(filepath.Join(dir, "target.db"), link); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, link); !errors.Is(err, ErrExists) {
		t.Errorf("Backup to a dangling link: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "target.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the link's target was created: %v", err)
	}
}

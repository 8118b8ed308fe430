package exchange

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesAtomicallyWithMode0600(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got %q mode %v", b, fi.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".report.md.tmp-*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	// A directory that does not exist: an error, nothing written.
	if err := WriteFile(filepath.Join(dir, "nope", "r.md"), []byte("x")); err == nil {
		t.Fatal("want an error")
	}
}

func TestWriteFileRefusesToReplaceADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "autonomy.db")
	db := append([]byte("SQLite format 3\x00"), make([]byte, 100)...)
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("# report")); err == nil {
		t.Fatal("want a refusal")
	}
	if b, _ := os.ReadFile(path); string(b) != string(db) {
		t.Fatal("the database was changed")
	}
}

package exchange

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/workbook"
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
}

// A directory that does not exist is named as such, not as the temporary
// file that could not be made in it; nothing is written.
func TestWriteFileNamesTheMissingDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing", "dir", "r.md"), "there is no directory " + filepath.Join(dir, "missing", "dir")},
		{filepath.Join(dir, "file.txt", "r.md"), filepath.Join(dir, "file.txt") + " is not a directory"},
	} {
		os.WriteFile(filepath.Join(dir, "file.txt"), []byte("x"), 0o600)
		err := WriteFile(tc.path, []byte("x"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("%s: got %v, want an error saying %q", tc.path, err, tc.want)
		}
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Fatalf("written: %v", names)
	}
}

func TestWriteFileRefusesToReplaceADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "autonomy.db")
	db := append([]byte("SQLite format 3\x00"), make([]byte, 100)...)
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("# report")); err == nil || !strings.Contains(err.Error(), "it is a SQLite database") {
		t.Fatalf("got %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, db) {
		t.Fatal("the database was changed")
	}
}

// Break 1 of issue 10: `export -o x.db-wal` replaced the live write-ahead
// log, and commits in it were lost. The files of a database the process
// holds open, of one it does not, and files of SQLite's kinds are refused
// by name and by content, and left as they were.
func TestWriteFileRefusesADatabasesFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	st := openStore(t, db)
	run, err := st.StartRun(context.Background(), exercise(t, "challenge"), workbook.Answer{Fields: map[string]string{"challenge": "keep me"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	wal := readFile(t, db+"-wal")
	if len(wal) == 0 {
		t.Fatal("no write-ahead log to protect")
	}
	for _, tc := range []struct{ path, want string }{
		{db, "it is a file this program has open"},
		{db + "-wal", "it is the write-ahead log of the database " + db},
		{db + "-shm", "it is the shared-memory index of the database " + db},
		{db + "-journal", "it is the rollback journal of the database " + db}, // not there: by name
	} {
		if err := WriteFile(tc.path, []byte("# report\n")); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "refusing to write "+tc.path) {
			t.Errorf("%s: got %v, want %q", tc.path, err, tc.want)
		}
		if err := CheckTarget(tc.path); err == nil {
			t.Errorf("CheckTarget(%s) passes", tc.path)
		}
	}
	if !bytes.Equal(readFile(t, db+"-wal"), wal) {
		t.Fatal("the write-ahead log was changed")
	}
	if _, err := os.Stat(db + "-journal"); err == nil {
		t.Fatal("a -journal was written")
	}
	// A link to the log is refused too.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(db+"-wal", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("x")); err == nil {
		t.Error("a link to the write-ahead log passes")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = openStore(t, db)
	if runs, err := st.Runs(context.Background()); err != nil || len(runs) != 1 || runs[0].ID != run.ID {
		t.Fatalf("after: %+v, %v", runs, err)
	}
	st.Close()

	// A database nobody has open, a backup say: its files by name, and
	// files of SQLite's kinds by their first bytes wherever they are.
	other := filepath.Join(dir, "backup.db")
	os.WriteFile(other, append([]byte("SQLite format 3\x00"), make([]byte, 100)...), 0o600)
	os.WriteFile(filepath.Join(dir, "log"), []byte{0x37, 0x7f, 0x06, 0x82, 0, 0, 0, 0}, 0o600)
	os.WriteFile(filepath.Join(dir, "journal"), []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7, 0}, 0o600)
	for path, want := range map[string]string{
		other:                         "it is a SQLite database",
		other + "-wal":                "it is the write-ahead log of the database " + other,
		filepath.Join(dir, "log"):     "it is a SQLite write-ahead log",
		filepath.Join(dir, "journal"): "it is a SQLite rollback journal",
		dir:                           "it is a directory",
	} {
		if err := CheckTarget(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", path, err, want)
		}
	}
	// A name like theirs beside no database passes.
	for _, path := range []string{filepath.Join(dir, "notes-wal"), filepath.Join(dir, "report.md-journal")} {
		if err := CheckTarget(path); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// Break 2 of issue 10: the clean-up of a killed write's temporary files
// globbed the name given, so `-o '*'` and `-o '[n]otes.txt'` deleted
// other files. Only the temporary files of the same name go.
func TestWriteFileKeepsOtherTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	others := []string{".notes.txt.tmp-123", ".other.json.tmp-5", "notes.txt", ".notes.txt.tmp-keep", "a"}
	for _, n := range others {
		os.WriteFile(filepath.Join(dir, n), []byte("someone's"), 0o600)
	}
	// A temporary file of "*" itself, left by a killed write, goes.
	stale := filepath.Join(dir, ".*.tmp-42")
	os.WriteFile(stale, []byte("answers"), 0o600)
	for _, name := range []string{"*", "[n]otes.txt", "?otes.txt"} {
		if err := WriteFile(filepath.Join(dir, name), []byte("report")); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range others {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err != nil || string(b) != "someone's" {
			t.Errorf("%s: %q, %v", n, b, err)
		}
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale temporary file of * is left")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "*")); string(b) != "report" {
		t.Errorf("* holds %q", b)
	}
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetExercises(context.Background(), loadWorkbook(t).Exercises); err != nil {
		t.Fatal(err)
	}
	return st
}

func exercise(t *testing.T, id string) workbook.Exercise {
	ex, ok := loadWorkbook(t).Exercise(id)
	if !ok {
		t.Fatalf("no exercise %s", id)
	}
	return ex
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package store

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// The copy written to a stream is the database: written to a file, it
// opens alone (no -wal), passes integrity_check, and holds every answer,
// even those still only in the -wal.
func TestWriteCopyIsTheDatabase(t *testing.T) {
	ctx := context.Background()
	st := newArchiveStore(t)
	fillRich(t, st)
	var b bytes.Buffer
	if err := st.WriteCopy(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("SQLite format 3\x00")) {
		t.Fatalf("the copy starts %q", b.Bytes()[:16])
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.checkCopy(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path, "mode=ro&immutable=1"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM revisions`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("revisions in the copy: %d, %v", n, err)
	}
	if entries, _ := filepath.Glob(path + "-*"); len(entries) != 0 {
		t.Fatalf("files beside the copy: %v", entries)
	}
	want := revisionIDs(mustArchive(t, st))
	copied, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if got := revisionIDs(mustArchive(t, copied)); len(got) != len(want) || len(want) == 0 {
		t.Fatalf("the copy holds %d revisions, the database %d", len(got), len(want))
	}
}

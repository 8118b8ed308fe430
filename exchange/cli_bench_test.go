package exchange

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"autonomy/store"
	"autonomy/workbook"
)

// The whole of `autonomy export --format json -o FILE` and `autonomy
// import FILE` with bigArchive's 10,000 entries (20,000 revisions, about
// 20 MB of JSON) in a database file, as the commands run them, but for
// loading the workbook.

// bigStore is a database file holding bigArchive, and its path.
func bigStore(b *testing.B, wb *workbook.Workbook) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "autonomy.db")
	st := openBenchStore(b, p, wb)
	defer st.Close()
	if _, err := st.Import(context.Background(), bigArchive(wb)); err != nil {
		b.Fatal(err)
	}
	return p
}

func openBenchStore(b *testing.B, path string, wb *workbook.Workbook) *store.Store {
	b.Helper()
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.SetExercises(context.Background(), wb.Exercises); err != nil {
		st.Close()
		b.Fatal(err)
	}
	return st
}

// BenchmarkExportJSON opens the database, reads everything and writes it
// as JSON to a file (atomically, synced).
func BenchmarkExportJSON(b *testing.B) {
	ctx := context.Background()
	wb := loadWorkbook(b)
	db := bigStore(b, wb)
	out := filepath.Join(b.TempDir(), "export.json")
	for b.Loop() {
		st := openBenchStore(b, db, wb)
		a, err := st.Archive(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := EncodeJSON(&buf, wb, a); err != nil {
			b.Fatal(err)
		}
		if err := WriteFile(out, buf.Bytes()); err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportJSON reads the JSON file as `autonomy import` does, as a
// stream, checks it and imports it into a new database file in one
// transaction.
func BenchmarkImportJSON(b *testing.B) {
	ctx := context.Background()
	wb := loadWorkbook(b)
	dir := b.TempDir()
	file := filepath.Join(dir, "export.json")
	if err := os.WriteFile(file, encode(b, wb, bigArchive(wb)), 0o600); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		st := openBenchStore(b, filepath.Join(dir, fmt.Sprintf("import%d.db", i)), wb)
		res, err := st.ImportFrom(ctx, func(im workbook.Importer) error { return ReadJSON(f, wb, im) })
		f.Close()
		if err != nil || res.Entries != 10000 {
			b.Fatalf("%+v, %v", res, err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

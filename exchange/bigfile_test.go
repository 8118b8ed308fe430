package exchange

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// escapedArchive is an archive whose export is big for its size in the
// database: reports whose three text areas hold 8,000 characters each,
// mostly control characters that JSON writes as \u0001, six bytes each,
// which make no words for the search index to keep. Each revision takes
// about 130 kB of JSON.
func escapedArchive(t *testing.T, entries int) workbook.Archive {
	report := exercise(t, "report")
	text := strings.Repeat(strings.Repeat("\x01", 7)+"é", 1000) // 8,000 characters
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	run := workbook.RunArchive{Run: workbook.Run{ID: "big-run", Number: 1, StartedAt: t0}}
	for i := range entries {
		at := t0.Add(time.Duration(i) * time.Hour)
		e := workbook.EntryArchive{ID: fmt.Sprintf("entry-%04d", i), Exercise: report.ID, Date: workbook.DateOf(at), CreatedAt: at}
		for v := range 2 {
			a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
			for _, f := range report.Fields {
				switch f.Kind {
				case workbook.FieldTextarea:
					a.Fields[f.ID] = text
				case workbook.FieldChoice:
					a.Fields[f.ID] = f.Options[0].Value
				default:
					a.Fields[f.ID] = "x"
				}
			}
			e.Revisions = append(e.Revisions, workbook.Revision{ID: fmt.Sprintf("rev-%04d-%d", i, v), EntryID: e.ID, SavedAt: at.Add(time.Duration(v) * time.Minute), Answer: a})
		}
		run.Entries = append(run.Entries, e)
	}
	return workbook.Archive{Runs: []workbook.RunArchive{run}}
}

// Import reads whatever export writes: a file above 64 MiB, the limit an
// import had, written as `export --format json -o` writes it, imports as
// `import` does, and the database exports it again to the same bytes. The
// peak of the heap during the import is logged: the file is read as a
// stream.
func TestImportAboveTheOldLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("a file of 75 MB")
	}
	ctx := context.Background()
	wb := loadWorkbook(t)
	dir := t.TempDir()
	export := func(a workbook.Archive) []byte {
		var b bytes.Buffer
		if err := EncodeJSON(&b, wb, a); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	file := filepath.Join(dir, "export.json")
	first := export(escapedArchive(t, 300))
	if err := WriteFile(file, first); err != nil {
		t.Fatal(err)
	}
	if len(first) <= 64<<20 {
		t.Fatalf("the export is %d bytes, not above 64 MiB", len(first))
	}
	first = nil

	dst := openStore(t, filepath.Join(dir, "dst.db"))
	defer dst.Close()
	f, err := OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	runtime.GC()
	var peak uint64
	res, err := dst.ImportFrom(ctx, func(im workbook.Importer) error {
		return ReadJSON(f, wb, heapWatch{im, &peak})
	})
	if err != nil || res.Entries != 300 || res.Revisions != 600 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	fi, _ := f.Stat()
	t.Logf("imported %d MB; heap at most %d MB while reading", fi.Size()>>20, peak>>20)
	a, err := dst.Archive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again := export(a); !bytes.Equal(again, readFile(t, file)) {
		t.Fatal("the export of the import differs from the file")
	}
}

// heapWatch notes the largest heap at each entry.
type heapWatch struct {
	workbook.Importer
	peak *uint64
}

func (h heapWatch) Entry(runID string, e workbook.EntryArchive) error {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	*h.peak = max(*h.peak, m.HeapAlloc)
	return h.Importer.Entry(runID, e)
}

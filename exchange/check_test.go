package exchange

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/workbook"
)

// What `autonomy import` counts on when it checks a file before it makes
// a database for it: a file ReadJSON accepts into CheckOnly holds nothing
// an empty database refuses. Each archive below the store refuses; written
// as a file (EncodeJSON writes what it is given), the check refuses it
// too. And a file it accepts imports.
func TestCheckOnlyRefusesWhatAnEmptyDatabaseRefuses(t *testing.T) {
	ctx := context.Background()
	wb := loadWorkbook(t)
	open := func(t *testing.T) *store.Store {
		st, err := store.Open(filepath.Join(t.TempDir(), "autonomy.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.SetExercises(ctx, wb.Exercises); err != nil {
			t.Fatal(err)
		}
		return st
	}
	openPause := func(id string, day int) workbook.Pause {
		return workbook.Pause{ID: id, From: date(2026, 3, day), PausedAt: time.Date(2026, 3, day, 8, 0, 0, 0, time.UTC)}
	}
	answer := func(a *workbook.Archive) *workbook.Answer { return &a.Runs[0].Entries[1].Revisions[0].Answer }
	for _, tc := range []struct {
		name string
		edit func(a *workbook.Archive)
	}{
		{"two open runs", func(a *workbook.Archive) {
			a.Runs = append(a.Runs, workbook.RunArchive{Run: workbook.Run{ID: "run2", Number: 2, StartedAt: a.Runs[0].Run.StartedAt.Add(time.Hour)}})
		}},
		{"two open pauses", func(a *workbook.Archive) {
			a.Runs[0].Run.Pauses = append(a.Runs[0].Run.Pauses, openPause("p2", 8), openPause("p3", 9))
		}},
		{"closed before it started", func(a *workbook.Archive) { a.Runs[0].Run.ClosedAt = a.Runs[0].Run.StartedAt.Add(-time.Second) }},
		{"resumed before it paused", func(a *workbook.Archive) {
			p := &a.Runs[0].Run.Pauses[0]
			p.ResumedAt = p.PausedAt.Add(-time.Second)
		}},
		{"an unknown exercise", func(a *workbook.Archive) { a.Runs[0].Entries[1].Exercise = "nope" }},
		{"an unknown field", func(a *workbook.Archive) { answer(a).Fields["nope"] = "x" }},
		{"a list item over its limit", func(a *workbook.Archive) {
			answer(a).Lists["items"][0].Text = strings.Repeat("é", workbook.MaxTextRunes+1)
		}},
		{"a list item without id", func(a *workbook.Archive) { answer(a).Lists["items"][0].ID = "" }},
		{"two list items with one id", func(a *workbook.Archive) { answer(a).Lists["items"][1].ID = answer(a).Lists["items"][0].ID }},
		{"a NUL", func(a *workbook.Archive) { answer(a).Lists["items"][0].Text = "a\x00b" }},
		{"a list given as text", func(a *workbook.Archive) { answer(a).Fields["items"] = "x" }},
		{"no revision", func(a *workbook.Archive) { a.Runs[0].Entries[1].Revisions = nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := smallArchive()
			tc.edit(&a)
			if _, err := open(t).Import(ctx, a); err == nil {
				t.Fatal("the store imports it: not a case")
			}
			var buf bytes.Buffer
			if err := EncodeJSON(&buf, wb, a); err != nil {
				t.Fatal(err)
			}
			if err := ReadJSON(bytes.NewReader(buf.Bytes()), wb, CheckOnly{}); err == nil {
				t.Errorf("the check accepts a file the store refuses:\n%s", buf.Bytes())
			}
		})
	}
	rich := encode(t, wb, richArchive(wb))
	if err := ReadJSON(bytes.NewReader(rich), wb, CheckOnly{}); err != nil {
		t.Fatal(err)
	}
	st := open(t)
	if _, err := st.ImportFrom(ctx, func(im workbook.Importer) error { return ReadJSON(bytes.NewReader(rich), wb, im) }); err != nil {
		t.Fatal(err)
	}
}

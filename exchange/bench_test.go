package exchange

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

// bigArchive has 10 runs of 1,000 entries each, 10,000 in all, cycling
// through the exercises, each with two revisions of realistic size: a few
// hundred characters per text area, five items per list.
func bigArchive(wb *workbook.Workbook) workbook.Archive {
	const runs, perRun = 10, 1000
	para := strings.Repeat("We agreed on the handoff; the numbers arrive on Tuesday. ", 6)
	t0 := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	var a workbook.Archive
	for r := range runs {
		run := workbook.RunArchive{Run: workbook.Run{
			ID: fmt.Sprintf("%032x", r+1), Number: r + 1, StartedAt: t0.Add(time.Duration(r) * 40 * 24 * time.Hour),
			Pauses: []workbook.Pause{{ID: fmt.Sprintf("p%031x", r), From: date(2025, 1, 2), To: date(2025, 1, 3),
				PausedAt: t0.Add(24 * time.Hour), ResumedAt: t0.Add(48 * time.Hour)}},
		}}
		if r < runs-1 {
			run.Run.ClosedAt = run.Run.StartedAt.Add(35 * 24 * time.Hour)
		}
		for e := range perRun {
			ex := wb.Exercises[e%len(wb.Exercises)]
			at := run.Run.StartedAt.Add(time.Duration(e) * time.Minute)
			id := fmt.Sprintf("e%04d%027x", r, e)
			entry := workbook.EntryArchive{ID: id, Exercise: ex.ID, Date: workbook.DateOf(at), CreatedAt: at}
			for v := range 2 {
				ans := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
				for _, f := range ex.Fields {
					switch f.Kind {
					case workbook.FieldTextarea:
						ans.Fields[f.ID] = para + "\n" + para
					case workbook.FieldList:
						for i := range 5 {
							ans.Lists[f.ID] = append(ans.Lists[f.ID], workbook.ListItem{ID: fmt.Sprintf("%016x", i), Text: "A request that keeps coming back"})
						}
					case workbook.FieldNumber:
						ans.Fields[f.ID] = "12.5"
					case workbook.FieldDate:
						ans.Fields[f.ID] = "2025-01-02"
					case workbook.FieldChoice:
						ans.Fields[f.ID] = f.Options[0].Value
					default:
						ans.Fields[f.ID] = "Ship the monthly report without waiting for sign-off."
					}
				}
				entry.Revisions = append(entry.Revisions, workbook.Revision{
					ID: fmt.Sprintf("v%d%s", v, id[2:]), EntryID: id, SavedAt: at.Add(time.Duration(v) * time.Hour), Answer: ans,
				})
			}
			run.Entries = append(run.Entries, entry)
		}
		a.Runs = append(a.Runs, run)
	}
	return a
}

func BenchmarkEncodeJSON(b *testing.B) {
	wb := loadWorkbook(b)
	a := bigArchive(wb)
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, wb, a); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if err := EncodeJSON(io.Discard, wb, a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeJSON(b *testing.B) {
	wb := loadWorkbook(b)
	data := encode(b, wb, bigArchive(wb))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		a, err := DecodeJSON(bytes.NewReader(data), wb)
		if err != nil {
			b.Fatal(err)
		}
		if len(a.Runs) != 10 {
			b.Fatal(len(a.Runs))
		}
	}
}

// BenchmarkCheckJSON is the first pass of `autonomy import` where there is
// no database yet: the whole file read and checked, nothing kept.
func BenchmarkCheckJSON(b *testing.B) {
	wb := loadWorkbook(b)
	data := encode(b, wb, bigArchive(wb))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := ReadJSON(bytes.NewReader(data), wb, CheckOnly{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBigArchiveRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 entries")
	}
	wb := loadWorkbook(t)
	a := bigArchive(wb)
	first := encode(t, wb, a)
	got, err := DecodeJSON(bytes.NewReader(first), wb)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range got.Runs {
		n += len(r.Entries)
	}
	if n != 10000 {
		t.Fatalf("%d entries, want 10000", n)
	}
	if second := encode(t, wb, got); !bytes.Equal(first, second) {
		t.Fatal(firstDiff(first, second))
	}
}

// BenchmarkEncodeMarkdown writes the report of a run with every exercise
// answered (the share preview redraws it on each change of parts).
func BenchmarkEncodeMarkdown(b *testing.B) {
	wb := loadWorkbook(b)
	run := richArchive(wb).Runs[0]
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := EncodeMarkdown(&buf, wb, run, nil); err != nil {
			b.Fatal(err)
		}
	}
}

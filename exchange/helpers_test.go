package exchange

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"autonomy/content"
	"autonomy/workbook"
)

var (
	wbOnce   sync.Once
	wbLoaded *workbook.Workbook
	wbErr    error
)

// loadWorkbook is the app's workbook, from content/.
func loadWorkbook(tb testing.TB) *workbook.Workbook {
	tb.Helper()
	wbOnce.Do(func() { wbLoaded, wbErr = workbook.Load(content.FS) })
	if wbErr != nil {
		tb.Fatal(wbErr)
	}
	return wbLoaded
}

func encode(tb testing.TB, wb *workbook.Workbook, a workbook.Archive) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, wb, a); err != nil {
		tb.Fatalf("EncodeJSON: %v", err)
	}
	return buf.Bytes()
}

// cet is a zone other than UTC: times given in it come back in UTC.
var cet = time.FixedZone("CET", 3600)

// at is a time on day d of March 2026 at h:m in CET, with nanoseconds.
func at(d, h, m, ns int) time.Time {
	return time.Date(2026, time.March, d, h, m, 0, ns, cet)
}

func date(y int, m time.Month, d int) workbook.Date { return workbook.Date{Year: y, Month: m, Day: d} }

// answerFor fills every field of ex with text of its kind, varied by n:
// multi-byte and multi-line text, a value at its limit, list items with
// ids (refs to the blockers' items for a list that refers to them).
func answerFor(ex workbook.Exercise, n int, blockerIDs []string) workbook.Answer {
	a := workbook.Answer{Fields: map[string]string{}, Lists: map[string][]workbook.ListItem{}}
	for _, f := range ex.Fields {
		switch f.Kind {
		case workbook.FieldText:
			a.Fields[f.ID] = fmt.Sprintf("Équipe n°%d — 日本語 🚀 %s", n, f.ID)
			if n == 2 {
				a.Fields[f.ID] = strings.Repeat("é", f.Limit()) // at the limit
			}
		case workbook.FieldTextarea:
			a.Fields[f.ID] = fmt.Sprintf("Line one of %s, rev %d\nLine two: ça marche 🎉\n\n  indented \"quoted\" <b>x</b> & \\", f.ID, n)
		case workbook.FieldNumber:
			a.Fields[f.ID] = fmt.Sprintf("%d.5", n)
		case workbook.FieldDate:
			a.Fields[f.ID] = fmt.Sprintf("2026-03-%02d", n)
		case workbook.FieldChoice:
			a.Fields[f.ID] = f.Options[n%len(f.Options)].Value
		case workbook.FieldList:
			var items []workbook.ListItem
			for i := range n + 1 {
				it := workbook.ListItem{ID: fmt.Sprintf("%s-item-%d", ex.ID, i), Text: fmt.Sprintf("%s item %d « %d »", ex.ID, i, n)}
				if f.RefersTo != "" && len(blockerIDs) > 0 {
					it.Ref = blockerIDs[i%len(blockerIDs)]
				}
				items = append(items, it)
			}
			a.Lists[f.ID] = items
		}
	}
	return a
}

// richArchive has two runs: the first closed, with a resumed pause, every
// exercise of the workbook answered with three revisions and two reports;
// the second open and paused, with the challenge only.
func richArchive(wb *workbook.Workbook) workbook.Archive {
	blockerIDs := []string{"blockers-item-0", "blockers-item-1"}
	var a workbook.Archive
	run1 := workbook.RunArchive{Run: workbook.Run{
		ID: "run1", Number: 1, StartedAt: at(1, 9, 0, 123456789), ClosedAt: at(31, 18, 30, 0),
		Pauses: []workbook.Pause{{ID: "pause1", From: date(2026, 3, 10), To: date(2026, 3, 12), PausedAt: at(10, 8, 0, 1), ResumedAt: at(12, 8, 0, 999999999)}},
	}}
	for i, ex := range wb.Exercises {
		entries := 1
		if ex.Kind == workbook.KindRecurring {
			entries = 2
		}
		for e := range entries {
			id := fmt.Sprintf("e-%s-%d", ex.ID, e)
			entry := workbook.EntryArchive{ID: id, Exercise: ex.ID, Date: date(2026, 3, 2+i+e), CreatedAt: at(2+i+e, 10, i, 0)}
			for n := range 3 {
				entry.Revisions = append(entry.Revisions, workbook.Revision{
					ID: fmt.Sprintf("%s-rev%d", id, n), EntryID: id, SavedAt: at(2+i+e, 11+n, 0, n),
					Answer: answerFor(ex, n+1, blockerIDs),
				})
			}
			run1.Entries = append(run1.Entries, entry)
		}
	}
	ch, _ := wb.RunStart()
	run1.Run.ApplyChallenge(ch, challengeAnswer(run1))

	run2 := workbook.RunArchive{Run: workbook.Run{
		ID: "run2", Number: 2, StartedAt: time.Date(2026, 4, 1, 7, 0, 0, 5, time.UTC),
		Pauses: []workbook.Pause{{ID: "pause2", From: date(2026, 4, 3), PausedAt: time.Date(2026, 4, 3, 7, 0, 0, 0, time.UTC)}},
	}}
	chAnswer := answerFor(ch, 1, nil)
	chAnswer.Fields["level_why"] = "  spaces kept  \t"
	chAnswer.Fields["start_date"] = "not a date"
	run2.Entries = []workbook.EntryArchive{{
		ID: "e2-challenge", Exercise: "challenge", Date: date(2026, 4, 1), CreatedAt: time.Date(2026, 4, 1, 7, 0, 0, 5, time.UTC),
		Revisions: []workbook.Revision{{ID: "e2-challenge-rev0", EntryID: "e2-challenge", SavedAt: time.Date(2026, 4, 1, 7, 0, 0, 5, time.UTC), Answer: chAnswer}},
	}}
	run2.Run.ApplyChallenge(ch, chAnswer)
	a.Runs = []workbook.RunArchive{run1, run2}
	return a
}

// challengeAnswer is the current answer of the run's challenge entry.
func challengeAnswer(r workbook.RunArchive) workbook.Answer {
	for _, e := range r.Entries {
		if e.Exercise == "challenge" {
			return e.Revisions[len(e.Revisions)-1].Answer
		}
	}
	return workbook.Answer{}
}

// inUTC returns a copy of the archive with every time in UTC, as
// DecodeJSON returns them.
func inUTC(a workbook.Archive) workbook.Archive {
	var out workbook.Archive
	for _, r := range a.Runs {
		r.Run.StartedAt = utc(r.Run.StartedAt)
		r.Run.ClosedAt = utc(r.Run.ClosedAt)
		var pauses []workbook.Pause
		for _, p := range r.Run.Pauses {
			p.PausedAt, p.ResumedAt = utc(p.PausedAt), utc(p.ResumedAt)
			pauses = append(pauses, p)
		}
		r.Run.Pauses = pauses
		var entries []workbook.EntryArchive
		for _, e := range r.Entries {
			e.CreatedAt = utc(e.CreatedAt)
			var revs []workbook.Revision
			for _, rev := range e.Revisions {
				rev.SavedAt = utc(rev.SavedAt)
				revs = append(revs, rev)
			}
			e.Revisions = revs
			entries = append(entries, e)
		}
		r.Entries = entries
		out.Runs = append(out.Runs, r)
	}
	return out
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// Package workbooktest holds fixtures for the tests of packages that must
// follow workbook's rules (the store, exchange): cases built so that only
// the rule itself picks the right answer.
package workbooktest

import (
	"time"

	"autonomy/workbook"
)

// EntryCase is one run's entries of one one-time exercise, more than one
// (an import can bring them), and the entry workbook.NewestEntry picks:
// "the" entry, which the store's queries (ORDER BY
// workbook.EntryNewestFirst), the TUI and the exports must all agree on.
type EntryCase struct {
	Name    string
	Entries []workbook.EntryArchive
	Want    string // the id of "the" entry
}

// EntryCases are the cases for the exercise with the id, each entry
// holding the answer with the entry's id in the field with the id field
// (so that a test can also see which one a screen or an export shows).
// Every case defeats a simpler rule: the oldest, the last created, the
// first or last listed, the greatest id alone.
func EntryCases(exercise, field string, t0 time.Time) []EntryCase {
	entry := func(id string, created, saved time.Duration, revs ...string) workbook.EntryArchive {
		e := workbook.EntryArchive{ID: id, Exercise: exercise, Date: workbook.DateOf(t0.Add(created)), CreatedAt: t0.Add(created)}
		if len(revs) == 0 {
			revs = []string{id}
		}
		for i, text := range revs {
			e.Revisions = append(e.Revisions, workbook.Revision{
				ID: id + "-rev-" + string(rune('a'+i)), EntryID: id, SavedAt: t0.Add(saved - time.Duration(len(revs)-1-i)*time.Minute),
				Answer: workbook.Answer{Fields: map[string]string{field: text}},
			})
		}
		return e
	}
	return []EntryCase{
		{Name: "the newest save, though created first and with the smaller id",
			Entries: []workbook.EntryArchive{entry("e1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 5*time.Hour, "e1 first", "e1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
				entry("e2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", time.Hour, 2*time.Hour)},
			Want: "e1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{Name: "saved at the same time: the one created last, though its id is smaller",
			Entries: []workbook.EntryArchive{entry("e4dddddddddddddddddddddddddddddd", 0, 3*time.Hour),
				entry("e3cccccccccccccccccccccccccccccc", time.Hour, 3*time.Hour)},
			Want: "e3cccccccccccccccccccccccccccccc"},
		{Name: "saved and created at the same time: the greater id, though listed first",
			Entries: []workbook.EntryArchive{entry("e6ffffffffffffffffffffffffffffff", 0, 3*time.Hour),
				entry("e5eeeeeeeeeeeeeeeeeeeeeeeeeeeeee", 0, 3*time.Hour)},
			Want: "e6ffffffffffffffffffffffffffffff"},
	}
}

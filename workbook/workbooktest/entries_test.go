package workbooktest

import (
	"testing"
	"time"

	"autonomy/workbook"
)

// TestEntryCases: each case's Want is what workbook.NewestEntry picks, and
// no simpler rule picks it in every case.
func TestEntryCases(t *testing.T) {
	cases := EntryCases("scope", "scope", time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	simpler := map[string]func([]workbook.Entry) string{
		"first listed": func(es []workbook.Entry) string { return es[0].ID },
		"last listed":  func(es []workbook.Entry) string { return es[len(es)-1].ID },
		"oldest": func(es []workbook.Entry) string {
			return pick(es, func(a, b workbook.Entry) bool { return a.CreatedAt.Before(b.CreatedAt) })
		},
		"last created": func(es []workbook.Entry) string {
			return pick(es, func(a, b workbook.Entry) bool { return a.CreatedAt.After(b.CreatedAt) })
		},
		"greatest id": func(es []workbook.Entry) string {
			return pick(es, func(a, b workbook.Entry) bool { return a.ID > b.ID })
		},
		"newest saved": func(es []workbook.Entry) string {
			return pick(es, func(a, b workbook.Entry) bool { return a.Current.SavedAt.After(b.Current.SavedAt) })
		},
	}
	beaten := map[string]bool{}
	for _, c := range cases {
		run := workbook.RunArchive{Run: workbook.Run{ID: "r"}, Entries: c.Entries}
		entries := run.CurrentEntries()
		got, ok := workbook.NewestEntry(entries, "scope")
		if !ok || got.ID != c.Want || got.Current.Answer.Fields["scope"] != c.Want {
			t.Errorf("%s: NewestEntry = %q (%q), want %q", c.Name, got.ID, got.Current.Answer.Fields["scope"], c.Want)
		}
		for name, rule := range simpler {
			if rule(entries) != c.Want {
				beaten[name] = true
			}
		}
	}
	for name := range simpler {
		if !beaten[name] {
			t.Errorf("the rule %q picks the right entry in every case", name)
		}
	}
}

// pick is the entry that wins against every other by better.
func pick(es []workbook.Entry, better func(a, b workbook.Entry) bool) string {
	best := es[0]
	for _, e := range es[1:] {
		if better(e, best) {
			best = e
		}
	}
	return best.ID
}

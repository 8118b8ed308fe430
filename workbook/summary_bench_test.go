package workbook_test

import (
	"testing"
	"unicode/utf8"

	"autonomy/workbook"
)

// BenchmarkSummaryFit is one line of a list of entries: a check-in's
// summary shortened to 60 columns (Home, the review).
func BenchmarkSummaryFit(b *testing.B) {
	w := load(b)
	ex, _ := w.ByRole(workbook.RoleCheckIn)
	a := answer(kv{"ownership": "shaky", "contribution": "stable", "communication": "collapsed", "normal_week": "no",
		"note": "A long week of handoffs that slipped, and a release that waited for sign-off."})
	b.ReportAllocs()
	for b.Loop() {
		s := ex.Summary(a, workbook.SummaryContext{})
		if s.Fit(60, utf8.RuneCountInString) == "" {
			b.Fatal("empty")
		}
	}
}

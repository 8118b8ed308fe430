package workbook_test

import (
	"testing"

	"autonomy/workbook"
)

// m marks s as a matched word.
func m(s string) string { return workbook.MatchStart + s + workbook.MatchEnd }

// TestSearchLine puts a snippet, cut from a document that lists the values
// by field id, bare, back in the exercise's words: the form's order, short
// names, choice labels, matched choices only.
func TestSearchLine(t *testing.T) {
	w := load(t)
	report := answer(kv{"changed": "Standup notes about the release train", "failed": "Nothing failed",
		"escalated": "None", "stress": "no"})
	tests := []struct {
		name, ex string
		a        workbook.Answer
		snippet  string
		want     string
	}{
		{"report, fields in the form's order with their names", "report", report,
			"Standup notes about the " + m("release") + " train · None · Nothing failed · no",
			"Standup notes about the " + m("release") + " train · failed: Nothing failed · escalated: None"},
		{"a matched stress flag as the summary says it", "report", answer(kv{"changed": "Moved the window", "stress": "yes"}),
			"Moved the window · " + m("yes"),
			"Moved the window · " + m("stress or safety flagged")},
		{"a stress flag that is down says nothing, matched or not", "report", answer(kv{"changed": "No drama", "stress": "no"}),
			m("No") + " drama · " + m("no"),
			m("No") + " drama"},
		{"check-in: the matched rating named, the others left out", "checkin",
			answer(kv{"ownership": "shaky", "contribution": "stable", "communication": "collapsed", "normal_week": "no"}),
			"collapsed · stable · no · " + m("shaky"),
			m("ownership shaky")},
		{"check-in: its note, and a rating matched in it", "checkin",
			answer(kv{"ownership": "stable", "contribution": "stable", "communication": "collapsed", "note": "Two outages, the team is " + "stable again"}),
			m("collapsed") + " · stable · Two outages, the team is " + m("stable") + " again · " + m("stable") + "…",
			m("contribution stable") + " · " + m("communication collapsed") + " · Two outages, the team is " + m("stable") + " again"},
		{"list items in the list's order", "blockers",
			answer(nil, map[string][]workbook.ListItem{"items": items("Sign-off waits for a director", "Flaky CI on the release branch")}),
			"…waits for a " + m("director") + " · Flaky CI on the release…",
			"…waits for a " + m("director") + " · Flaky CI on the release…"},
		{"a value of several lines keeps its lines together, named once", "report",
			answer(kv{"changed": "Shipped", "failed": "The deploy\n\n  and the   rollback"}),
			"Shipped · The " + m("deploy") + " · and the rollback",
			"Shipped · failed: The " + m("deploy") + " · and the rollback"},
		{"a lone word of an unnamed field and bare numbers say nothing", "metric",
			answer(kv{"name": "Cycle time", "kind": "time", "unit": "h", "baseline": "48", "target": "30", "direction": "lower"}),
			"48 · " + m("Cycle") + " time · lower · 30 · time · h",
			m("Cycle") + " time"},
		{"a piece no field holds stays, last", "report", answer(kv{"changed": "Now different"}),
			"Old " + m("words") + " · Now different",
			"Now different · Old " + m("words")},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			ex, ok := w.Exercise(c.ex)
			if !ok {
				t.Fatalf("no exercise %q", c.ex)
			}
			if got := ex.SearchLine(c.a, c.snippet); got != c.want {
				t.Errorf("SearchLine\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

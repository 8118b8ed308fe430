package workbook_test

import (
	"strings"
	"testing"

	"autonomy/workbook"
)

type kv = map[string]string

func answer(fields kv, lists ...map[string][]workbook.ListItem) workbook.Answer {
	a := workbook.Answer{Fields: fields}
	if len(lists) > 0 {
		a.Lists = lists[0]
	}
	return a
}

// TestSummaryOfEveryExercise is the summary of an answer to each exercise
// of the real content, in the person's own words.
func TestSummaryOfEveryExercise(t *testing.T) {
	w := load(t)
	ctx := workbook.SummaryContext{Unit: "h"}
	tests := []struct {
		name, ex string
		a        workbook.Answer
		want     string
	}{
		{"challenge", "challenge", answer(kv{"challenge": "Ship the report without sign-off", "start_date": "2026-03-01", "level": "1", "level_why": "I follow the checklist"}),
			"Ship the report without sign-off · start 2026-03-01 · Level 1: Procedural autonomy · I follow the checklist"},
		{"scope", "scope", answer(kv{"scope": "I own the weekly release."}), "I own the weekly release."},
		{"blockers", "blockers", answer(nil, map[string][]workbook.ListItem{"items": items("Numbers arrive late", "Every change needs a go")}),
			"Numbers arrive late · Every change needs a go"},
		{"noise", "noise", answer(nil, map[string][]workbook.ListItem{"items": items("Status emails")}), "Status emails"},
		{"constraint asked", "constraint", answer(kv{"what": "Sign-off on every change", "ask_whom": "Dana", "status": "asked", "reasonable": "no"}),
			"Sign-off on every change · asked Dana · not reasonable"},
		{"constraint to ask", "constraint", answer(kv{"what": "Sign-off", "ask_whom": "Dana (VP Eng)", "status": "not-asked", "reasonable": "yes"}),
			"Sign-off · to ask Dana (VP Eng) · reasonable"},
		{"constraint refused, nobody named", "constraint", answer(kv{"what": "Sign-off", "status": "refused"}), "Sign-off · refused"},
		{"constraint lifted", "constraint", answer(kv{"what": "Sign-off", "ask_whom": "Dana", "status": "lifted"}), "Sign-off · lifted by Dana"},
		{"decision", "decision", answer(kv{"area": "Release dates"}), "Release dates"},
		{"metric", "metric", answer(kv{"name": "Cycle time", "kind": "time", "unit": "h", "baseline": "48", "target": "36", "direction": "lower"}),
			"Cycle time · 48 h → 36 h · lower is better · time metric"},
		{"metric without unit", "metric", answer(kv{"name": "Defects", "baseline": "5", "target": "1", "direction": "lower", "kind": "handoff-delay"}),
			"Defects · 5 → 1 · lower is better · handoff delay metric"},
		{"report", "report", answer(kv{"changed": "Shipped v2\non time", "failed": "The demo", "escalated": "", "stress": "no"}),
			"Shipped v2 on time · failed: The demo"},
		{"improvement", "improvement", answer(kv{"improvement": "One checklist", "effect": "Half the rework"}), "One checklist · effect: Half the rework"},
		{"feedback answered", "feedback-peer", answer(kv{"who": "Sam", "asked_on": "2026-03-20", "status": "answered", "said": "Clearer updates"}),
			"Clearer updates · from Sam · asked 2026-03-20"},
		{"feedback asked", "feedback-manager", answer(kv{"who": "Dana", "asked_on": "2026-03-20", "status": "asked"}),
			"asked Dana on 2026-03-20 · no answer yet"},
		{"feedback saved before it had a status", "feedback-manager", answer(kv{"who": "Dana", "said": "Good"}), "Good · from Dana"},
		{"self-assessment", "self-assessment", answer(kv{"level": "2", "why": "I own the release"}), "Level 2: Decision autonomy · I own the release"},
		{"metric value", "metric-log", answer(kv{"date": "2026-11-23", "value": "28", "note": "a slow week"}), "2026-11-23 · 28 h · a slow week"},
		{"check-in", "checkin", answer(kv{"ownership": "shaky", "contribution": "stable", "communication": "collapsed", "normal_week": "no", "note": "Long week"}),
			"ownership shaky · contribution stable · communication collapsed · not a normal week · Long week"},
		{"check-in in a normal week", "checkin", answer(kv{"ownership": "stable", "contribution": "stable", "communication": "stable", "normal_week": "yes"}),
			"ownership stable · contribution stable · communication stable · fit a normal week"},
		{"reflection", "reflection", answer(kv{"activity": "yes", "shield": "no", "confidence": "yes", "silence": "no", "note": "Too many meetings"}),
			"confusing activity with progress · mistaking confidence for certainty · Too many meetings"},
		{"reflection, none", "reflection", answer(kv{"activity": "no", "shield": "no", "confidence": "no", "silence": "no", "note": "A good week"}),
			"no failure mode · A good week"},
		{"empty", "scope", answer(nil), ""},
		{"user text is made safe", "scope", answer(kv{"scope": "\x1b[31mred\x1b[0m\tand\nmore"}), "red and more"},
		{"an old choice value shows as it is", "checkin", answer(kv{"ownership": "wobbly"}), "ownership wobbly"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		ex := exerciseOf(t, w, tt.ex)
		seen[tt.ex] = true
		if got := ex.Summary(tt.a, ctx).String(); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	for _, ex := range w.Exercises {
		if !seen[ex.ID] {
			t.Errorf("no summary tested for exercise %q", ex.ID)
		}
	}
}

func TestSummaryStressIsSensitive(t *testing.T) {
	w := load(t)
	for _, id := range []string{"checkin", "report"} {
		ex := exerciseOf(t, w, id)
		a := answer(kv{"ownership": "stable", "contribution": "stable", "communication": "stable", "changed": "Shipped", "stress": "yes"})
		s := ex.Summary(a, workbook.SummaryContext{})
		if !strings.Contains(s.String(), "stress or safety flagged") {
			t.Errorf("%s: the person's own summary lacks the flag: %q", id, s)
		}
		if shared := s.Shared().String(); strings.Contains(shared, "stress") {
			t.Errorf("%s: the shared summary holds the flag: %q", id, shared)
		}
	}
}

func TestSummaryFit(t *testing.T) {
	w := load(t)
	ex := exerciseOf(t, w, "checkin")
	s := ex.Summary(answer(kv{"ownership": "stable", "contribution": "collapsed", "communication": "shaky", "normal_week": "yes", "note": "Long week"}), workbook.SummaryContext{})
	full := s.String()
	for _, tt := range []struct {
		width int
		want  string
	}{
		{1000, full},
		{workbook.RuneCount(full), full},
		// The least telling go first: a normal week, the stable rating, the note.
		{workbook.RuneCount(full) - 1, "ownership stable · contribution collapsed · communication shaky · Long week"},
		{60, "contribution collapsed · communication shaky · Long week"},
		{44, "contribution collapsed · communication shaky"},
		{43, "contribution collapsed · Long week"}, // the shaky one no longer fits; the note does
		{20, "contribution collapsed"},
		{5, "contribution collapsed"}, // the most telling stays: the caller cuts it
	} {
		if got := s.Fit(tt.width, nil); got != tt.want {
			t.Errorf("Fit(%d) = %q, want %q", tt.width, got, tt.want)
		}
	}
	// A constraint keeps its verdict longer than whom it was asked of.
	c := exerciseOf(t, w, "constraint").Summary(answer(kv{"what": "Sign-off on every change", "ask_whom": "Dana (VP Eng)", "status": "asked", "reasonable": "no"}), workbook.SummaryContext{})
	if got := c.Fit(45, nil); got != "Sign-off on every change · not reasonable" {
		t.Errorf("constraint Fit(45) = %q", got)
	}
	// Narrower, its text is cut so that the verdict stays.
	if got := c.Fit(30, nil); got != "Sign-off on… · not reasonable" {
		t.Errorf("constraint Fit(30) = %q", got)
	}
	// A measure in cells: a wide rune counts two.
	wide := workbook.Summary{Parts: []workbook.SummaryPart{{Text: "日本", Priority: 0}, {Text: "ab", Priority: 1}}}
	cells := func(s string) int { return len([]rune(s)) + strings.Count(s, "日") + strings.Count(s, "本") }
	if got := wide.Fit(9, cells); got != "日本 · ab" {
		t.Errorf("Fit(9, cells) = %q", got)
	}
	if got := wide.Fit(8, cells); got != "日本" {
		t.Errorf("Fit(8, cells) = %q", got)
	}
}

func TestEntrySummaryAndContext(t *testing.T) {
	w := load(t)
	entries := []workbook.Entry{
		{ID: "m", Exercise: "metric", Current: workbook.Revision{Answer: answer(kv{"name": "Cycle time", "unit": "hours", "baseline": "48", "target": "36", "direction": "lower"})}},
		{ID: "v", Exercise: "metric-log", Current: workbook.Revision{Answer: answer(kv{"date": "2026-11-23", "value": "28"})}},
	}
	c := w.SummaryContextFor(entries)
	if c.Unit != "hours" {
		t.Fatalf("context %+v", c)
	}
	if got := w.EntrySummary(entries[1], c).String(); got != "2026-11-23 · 28 hours" {
		t.Errorf("metric value %q", got)
	}
	if got := w.EntrySummary(workbook.Entry{Exercise: "gone"}, c); !got.IsEmpty() {
		t.Errorf("unknown exercise: %q", got)
	}
}

func TestRatingLine(t *testing.T) {
	w := load(t)
	got := w.RatingLine(workbook.CheckIn{Ownership: "shaky", Contribution: "stable", Communication: "collapsed"})
	if got != "ownership shaky · contribution stable · communication collapsed" {
		t.Errorf("RatingLine = %q", got)
	}
	if got := w.RatingLine(workbook.CheckIn{Ownership: "shaky"}); got != "ownership shaky · contribution — · communication —" {
		t.Errorf("RatingLine, unrated = %q", got)
	}
}

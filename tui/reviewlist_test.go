package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"autonomy/store"
	"autonomy/workbook"
)

// twoRuns is a database with two runs whose entries were saved
// interleaved in time across phases: run 1 (closed) has a scope, a
// constraint, check-ins, the metric and a value, a report; run 2 a scope
// and a check-in.
func twoRuns(t *testing.T) (*store.Store, time.Time) {
	t.Helper()
	ctx := context.Background()
	wb := loadWorkbook(t)
	st := openStore(t, "")
	if err := st.SetExercises(ctx, wb.Exercises); err != nil {
		t.Fatal(err)
	}
	ex := func(r workbook.Role) workbook.Exercise {
		e, ok := wb.ByRole(r)
		if !ok {
			t.Fatalf("no exercise of role %s", r)
		}
		return e
	}
	answer := func(e workbook.Exercise, kv ...any) workbook.Answer {
		a := workbook.Answer{Fields: map[string]string{}}
		for i := 0; i+1 < len(kv); i += 2 {
			a.Fields[e.FieldID(kv[i].(workbook.FieldRole))] = kv[i+1].(string)
		}
		return a
	}
	start := day1.AddDate(0, -2, 0)
	at := func(days int) time.Time { return start.AddDate(0, 0, days) }
	runStart := ex(workbook.RoleRunStart)
	r1, err := st.StartRun(ctx, runStart, answer(runStart, workbook.FieldRoleChallenge, "First challenge",
		workbook.FieldRoleStartDate, workbook.DateOf(start).String(), workbook.FieldRoleLevel, "1"), start)
	if err != nil {
		t.Fatal(err)
	}
	save := func(run string, e workbook.Exercise, a workbook.Answer, days int) {
		t.Helper()
		date := workbook.Date{}
		if e.Kind == workbook.KindRecurring || e.Kind == workbook.KindLog {
			date = workbook.DateOf(at(days))
		}
		if _, err := st.SaveAnswer(ctx, run, e, "", a, date, at(days)); err != nil {
			t.Fatal(err)
		}
	}
	scope, checkin, constraint := ex(workbook.RoleScope), ex(workbook.RoleCheckIn), ex(workbook.RoleConstraint)
	metric, value, report := ex(workbook.RoleOutcomeMetric), ex(workbook.RoleMetricValue), ex(workbook.RoleReport)
	rating := func(o, c, m string) workbook.Answer {
		return answer(checkin, workbook.FieldRoleOwnership, o, workbook.FieldRoleContribution, c, workbook.FieldRoleCommunication, m)
	}
	save(r1.ID, scope, workbook.Answer{Fields: map[string]string{scope.Fields[0].ID: "I own the release checklist."}}, 1)
	save(r1.ID, checkin, rating("shaky", "stable", "collapsed"), 2)
	constraintAnswer := answer(constraint, workbook.FieldRoleAskWhom, "Dana", workbook.FieldRoleStatus, "asked", workbook.FieldRoleReasonable, "no")
	constraintAnswer.Fields[constraint.Fields[0].ID] = "Sign-off on every change"
	save(r1.ID, constraint, constraintAnswer, 3)
	save(r1.ID, checkin, rating("stable", "stable", "stable"), 9)
	save(r1.ID, metric, answer(metric, workbook.FieldRoleMetricName, "Cycle time", workbook.FieldRoleUnit, "h",
		workbook.FieldRoleBaseline, "48", workbook.FieldRoleTarget, "36", workbook.FieldRoleDirection, "lower"), 12)
	save(r1.ID, value, answer(value, workbook.FieldRoleDay, workbook.DateOf(at(13)).String(), workbook.FieldRoleValue, "28"), 13)
	save(r1.ID, report, workbook.Answer{Fields: map[string]string{report.Fields[0].ID: "Moved the deploy to 10:00."}}, 14)
	save(r1.ID, checkin, rating("stable", "shaky", "stable"), 15)
	closing := ex(workbook.RoleSelfAssessment)
	save(r1.ID, closing, answer(closing, workbook.FieldRoleLevel, "2"), 31)
	r2, err := st.StartRun(ctx, runStart, answer(runStart, workbook.FieldRoleChallenge, "Second challenge",
		workbook.FieldRoleStartDate, workbook.DateOf(at(35)).String(), workbook.FieldRoleLevel, "2"), at(35))
	if err != nil {
		t.Fatal(err)
	}
	save(r2.ID, checkin, rating("stable", "stable", "shaky"), 36)
	save(r2.ID, scope, workbook.Answer{Fields: map[string]string{scope.Fields[0].ID: "I own the rollout."}}, 37)
	save(r2.ID, checkin, rating("stable", "collapsed", "stable"), 38)
	return st, at(40)
}

// One heading per run and phase, the latest run first, whatever the
// order of the saves; each entry reads as its summary.
func TestReviewOneHeadingPerRunAndPhase(t *testing.T) {
	st, now := twoRuns(t)
	d := newProgramDriver(t, st, now, 100, 40)
	d.key("r")
	s := d.screen()
	headings := []string{"Run 2 · Clarity baseline · days 1–10", "Run 2 · throughout the run",
		"Run 1 · Responsibility loop · days 11–20", "Run 1 · Clarity baseline · days 1–10", "Run 1 · throughout the run"}
	last := -1
	for _, h := range headings {
		if n := strings.Count(s, h); n != 1 {
			t.Errorf("%q shows %d times:\n%s", h, n, s)
		}
		i := strings.Index(s, h)
		if i < last {
			t.Errorf("%q is out of order:\n%s", h, s)
		}
		last = i
	}
	if n := strings.Count(s, "Run "); n != len(headings) {
		t.Errorf("%d headings, want %d:\n%s", n, len(headings), s)
	}
	// Sentences: the exercise's order, choice labels, names where a bare
	// value is ambiguous, the unit of the run's metric.
	d.requireScreen("Sign-off on every change · asked Dana · not reasonable",
		"Cycle time · 48 h → 36 h · lower is better",
		"ownership shaky · contribution stable · communication collapsed",
		"28 h", "Moved the deploy to 10:00.", "First challenge")
	d.requireNot("not-asked", "lower ·", "· no ·")
}

// At 40 columns a check-in keeps its worst rating; the date and the
// lesser ratings go first.
func TestReviewRowsKeepWhatMatters(t *testing.T) {
	st, now := twoRuns(t)
	d := newProgramDriver(t, st, now, 100, 40)
	d.key("r", "e")
	d.key("j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j") // the check-ins
	d.key("enter")
	d.requireScreen("all phases · Stability check-in") // the filter line
	for _, w := range []int{100, 80, 40} {
		d.send(windowSize(w, 20))
		s := d.screen()
		for _, want := range []string{"communication collapsed", "contribution collapsed", "communication shaky"} {
			if !strings.Contains(s, want) {
				t.Errorf("%d columns: %q lost:\n%s", w, want, s)
			}
		}
		if hasDate := strings.Contains(s, workbook.DateOf(now).AddDays(-2).String()); hasDate != (w >= 80) {
			t.Errorf("%d columns: date shown %v:\n%s", w, hasDate, s)
		}
	}
}

// u, p and e open a list of the filter's values with the number of
// entries each would show; a filter with nothing in it says so and enter
// clears it; the filters last one visit.
func TestReviewFiltersFromAListWithCounts(t *testing.T) {
	st, now := twoRuns(t)
	d := newProgramDriver(t, st, now, 100, 40)
	d.key("r")
	d.requireScreen("Review  14 entries")
	d.key("u")
	if d.onTop() != "Filter by run" {
		t.Fatalf("u opens %q", d.onTop())
	}
	countOf := func(label string) string {
		t.Helper()
		for _, l := range strings.Split(d.screen(), "\n") {
			if strings.Contains(l, label) {
				f := strings.Fields(l)
				return f[len(f)-1]
			}
		}
		t.Fatalf("no %q in the list:\n%s", label, d.screen())
		return ""
	}
	if a, r2, r1 := countOf("All runs"), countOf("Run 2, from"), countOf("Run 1, from"); a != "14" || r2 != "4" || r1 != "10" {
		t.Fatalf("counts: all %s, run 2 %s, run 1 %s:\n%s", a, r2, r1, d.screen())
	}
	d.key("j", "j", "enter") // run 1
	d.requireScreen("run 1 · all phases · all exercises", "Review  10 entries", "Run 1 · Clarity baseline")
	d.requireNot("Run 2 ·")

	// The counts follow the other filters.
	d.key("p")
	if c, r := countOf("Clarity baseline"), countOf("Responsibility loop"); c != "2" || r != "2" {
		t.Fatalf("phase counts in run 1: %s, %s:\n%s", c, r, d.screen())
	}
	d.key("esc", "e")
	if c := countOf("Avoidable noise"); c != "0" {
		t.Fatalf("noise: %s", c)
	}
	for range 4 {
		d.key("j")
	}
	d.key("enter")
	d.requireScreen("No entry of “Avoidable noise” in run 1.", "enter or a clears the filters")
	d.key("enter")
	d.requireScreen("Review  14 entries", "all runs · all phases · all exercises")

	// Filters last one visit.
	d.key("u", "j", "enter")
	d.requireScreen("Review  4 entries")
	d.key("esc", "r")
	d.requireScreen("Review  14 entries", "all runs · all phases · all exercises")
	d.key("u", "j", "enter", "a")
	d.requireScreen("Review  14 entries")
}

// A row keeps the parts of its summary and its count of versions by
// priority: the count goes after a lesser part, before a telling one, and
// stays beside a long sentence that is cut anyway while there is room.
func TestReviewRowFitsByPriority(t *testing.T) {
	parts := func(pp ...any) workbook.Summary {
		var s workbook.Summary
		for i := 0; i < len(pp); i += 2 {
			s.Parts = append(s.Parts, workbook.SummaryPart{Text: pp[i].(string), Priority: pp[i+1].(int)})
		}
		return s
	}
	metric := parts("Cycle time", 0, "48 h → 30 h", 1, "lower is better", 2, "time metric", 4)
	long := parts(strings.Repeat("word ", 20), 0)
	for _, c := range []struct {
		name     string
		sum      workbook.Summary
		w        int
		summary  string
		versions bool
	}{
		{"all fits", metric, 100, "Cycle time · 48 h → 30 h · lower is better · time metric", true},
		{"a lesser part goes first", metric, 66, "Cycle time · 48 h → 30 h · lower is better", true},
		{"then the count", metric, 56, "Cycle time · 48 h → 30 h · lower is better", false},
		{"a long sentence keeps the count", long, 80, strings.Repeat("word ", 20), true},
		{"unless it would keep too little", long, 50, strings.Repeat("word ", 20), false},
	} {
		l := rowLayout{titleW: 10}
		l.fitSummary(c.w, c.sum, "2 versions")
		if l.summary != c.summary || l.versions != c.versions {
			t.Errorf("%s: %q, versions %v; want %q, %v", c.name, l.summary, l.versions, c.summary, c.versions)
		}
	}
}

// An entry of an exercise this build does not know (imported from a newer
// one) still shows what it says, made safe for the terminal.
func TestReviewRowOfAnUnknownExercise(t *testing.T) {
	st := openStore(t, "")
	d := newProgramDriver(t, st, day1, 100, 30)
	startRun(t, d, "Own the release process")
	newer := workbook.Exercise{ID: "from-a-newer-build", Title: "Newer", Kind: workbook.KindOnce,
		Fields: []workbook.Field{{ID: "b", Label: "B", Kind: workbook.FieldText}, {ID: "a", Label: "A", Kind: workbook.FieldText}}}
	a := workbook.Answer{Fields: map[string]string{"b": "second \x1b[31mred", "a": "first"}}
	if _, err := st.SaveAnswer(context.Background(), d.m.prog.openRun().ID, newer, "", a, workbook.Date{}, day1); err != nil {
		t.Fatal(err)
	}
	d.key("r")
	d.requireScreen("from-a-newer-build", "first · second red")
	if strings.Contains(d.m.View().Content, "\x1b[31mred") {
		t.Fatal("the escape reached the terminal")
	}
}

// Scrolled into a group, its heading stays on top of the list; the
// selected entry stays in view.
func TestReviewHeadingStaysOnTop(t *testing.T) {
	st, now := twoRuns(t)
	d := newProgramDriver(t, st, now, 40, 10)
	d.key("r")
	for i := range len(review(d).items) + 2 {
		lines := strings.Split(d.screen(), "\n")
		if !strings.HasPrefix(lines[4], "  Run ") || strings.HasPrefix(lines[5], "  Run ") {
			t.Fatalf("after %d moves the list starts with %q, %q:\n%s", i, lines[4], lines[5], d.screen())
		}
		if !strings.Contains(d.screen(), "▸ ") {
			t.Fatalf("after %d moves the selection is out of view:\n%s", i, d.screen())
		}
		d.key("j")
	}
}

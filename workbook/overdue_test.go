package workbook_test

import (
	"testing"
	"time"

	"autonomy/workbook"
)

func TestOverdueFor(t *testing.T) {
	s := d("2026-11-01")
	on := func(n int) workbook.Date { return s.AddDays(n) } // day n+1 without pauses
	dates := func(offsets ...int) []workbook.Date {
		var out []workbook.Date
		for _, n := range offsets {
			out = append(out, on(n))
		}
		return out
	}
	run := workbook.Run{ID: "r", StartDate: s}
	withPauses := func(p ...workbook.Pause) workbook.Run {
		r := run
		r.Pauses = p
		return r
	}
	closed := run
	closed.ClosedAt = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	// Paused on day 6 (offset 5), resumed at offset 10: offsets 6-9 do
	// not count, so offset 10 is day 7, offset 11 day 8, offset 15 day 12.
	paused := withPauses(pause(on(5).String(), on(10).String()))

	none := workbook.Overdue{}
	report := workbook.Overdue{Report: true}
	checkIn := workbook.Overdue{CheckIn: true}
	both := workbook.Overdue{Report: true, CheckIn: true}

	tests := []struct {
		name     string
		run      workbook.Run
		today    workbook.Date
		reports  []workbook.Date
		checkIns []workbook.Date
		want     workbook.Overdue
	}{
		// The report: days 11-30 only.
		{"day 1: a check-in, no report", run, on(0), nil, nil, checkIn},
		{"day 10: no report yet", run, on(9), nil, dates(9), none},
		{"day 11: a report", run, on(10), nil, dates(10), report},
		{"day 11: report on day 7 is last week", run, on(10), dates(6), dates(10), report},
		{"day 11: report on day 8 is this week", run, on(10), dates(7), dates(10), none},
		{"day 11: report on day 10 is this week (week 2)", run, on(10), dates(9), dates(10), none},
		{"day 14: report on day 8", run, on(13), dates(7), dates(13), none},
		{"day 15: report on day 14 is last week", run, on(14), dates(13), dates(14), report},
		{"day 15: report today", run, on(14), dates(13, 14), dates(14), none},
		{"day 29: report on day 28 is week 4", run, on(28), dates(27), dates(28), report},
		{"day 30: report on day 29", run, on(29), dates(28), dates(28), none},
		{"day 30: nothing", run, on(29), nil, nil, both},
		{"day 31: complete, nothing overdue", run, on(30), nil, nil, none},
		{"day 40", run, on(39), nil, nil, none},

		// The check-in: days 1-30, once a run week.
		{"day 7: check-in on day 1", run, on(6), nil, dates(0), none},
		{"day 8: check-in on day 7 is last week", run, on(7), nil, dates(6), checkIn},
		{"day 8: check-in today", run, on(7), nil, dates(6, 7), none},
		{"day 14: check-in on day 8", run, on(13), dates(13), dates(7), none},
		{"day 15: check-in on day 14 is last week", run, on(14), dates(14), dates(13), checkIn},
		{"day 22: check-ins of other weeks", run, on(21), dates(21), dates(0, 7, 14, 28), checkIn},
		{"a check-in before the start does not count", run, on(0), nil, dates(-1), checkIn},
		{"zero dates do not count", run, on(12), []workbook.Date{{}}, []workbook.Date{{}}, both},

		// Not active: nothing.
		{"not started", run, on(-1), nil, nil, none},
		{"paused", withPauses(pause(on(3).String(), "")), on(12), nil, nil, none},
		{"closed", closed, on(12), nil, nil, none},

		// A pause moves the weeks.
		{"after a pause, offset 10 is day 7: check-in of day 5 counts", paused, on(10), nil, dates(4), none},
		{"after a pause, offset 11 is day 8: week 2", paused, on(11), nil, dates(4), checkIn},
		{"after a pause, offset 13 is day 10: no report yet", paused, on(13), nil, dates(11), none},
		{"after a pause, offset 14 is day 11: a report", paused, on(14), nil, dates(11), report},
		{"after a pause, a report on day 9 (offset 12) is this week", paused, on(15), dates(12), dates(11), none},
		{"after a pause, a report on day 6 (offset 5) is last week", paused, on(15), dates(5), dates(11), report},
		{"after a pause, day 30 is offset 33", paused, on(33), nil, nil, both},
		{"after a pause, offset 34 is day 31", paused, on(34), nil, nil, none},
	}
	w := load(t)
	for _, tt := range tests {
		got := w.OverdueFor(tt.run, tt.today, tt.reports, tt.checkIns)
		if got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
		if got.Any() != (tt.want.Report || tt.want.CheckIn) {
			t.Errorf("%s: Any = %v", tt.name, got.Any())
		}
	}
}

// NextStep asks for the report exactly when OverdueFor says it is overdue,
// once the one-time exercises are done.
func TestNextStepReportMatchesOverdue(t *testing.T) {
	w := load(t)
	s := d("2026-11-01")
	runs := []workbook.Run{
		{ID: "r2", StartDate: s},
		{ID: "r2", StartDate: s, Pauses: []workbook.Pause{pause(s.AddDays(5).String(), s.AddDays(10).String())}},
	}
	all := entriesFor(s, phase1, phase2, phase3)
	for _, run := range runs {
		for _, reportOn := range []int{-1, 3, 9, 12, 16, 26} {
			entries := append(append([]workbook.Entry(nil), all...), report(s.AddDays(reportOn)))
			for n := -2; n < 40; n++ {
				today := s.AddDays(n)
				over := w.OverdueFor(run, today, []workbook.Date{s.AddDays(reportOn)}, nil)
				step := workbook.NextStep(w, workbook.StepInput{Runs: []workbook.Run{run}, Entries: entries, Today: today})
				if over.Report != (step.Kind == workbook.StepReport) {
					t.Errorf("pauses %d, report at offset %d, offset %d: overdue %+v, step %v", len(run.Pauses), reportOn, n, over, step.Kind)
				}
			}
		}
	}
}

func TestNextStepCheckIn(t *testing.T) {
	w := load(t)
	s := d("2026-11-01")
	on := func(n int) workbook.Date { return s.AddDays(n) }
	run := workbook.Run{ID: "r2", StartDate: s}
	paused := run
	paused.Pauses = []workbook.Pause{pause(on(3).String(), "")}
	allRead := map[string]bool{}
	for _, sec := range w.Sections {
		allRead[sec.ID] = true
	}
	all := entriesFor(on(0), phase1, phase2, phase3)
	phase1Done := entriesFor(on(0), phase1)
	withReport := func(entries []workbook.Entry, r workbook.Entry) []workbook.Entry {
		return append(append([]workbook.Entry(nil), entries...), r)
	}
	checkInStep := workbook.Step{Kind: workbook.StepCheckIn, Section: workbook.ClosingSection, Title: "Check in: ownership, contribution, communication"}

	tests := []struct {
		name     string
		run      workbook.Run
		entries  []workbook.Entry
		read     map[string]bool
		checkIns []workbook.Date
		today    workbook.Date
		want     workbook.StepKind
	}{
		{"day 1: one-time exercises first", run, nil, nil, nil, on(0), workbook.StepExercise},
		{"day 5: earlier-phase leftovers first", run, entriesFor(on(0), []string{"scope"}), nil, nil, on(4), workbook.StepExercise},
		{"day 10: phase 1 done, then the check-in", run, phase1Done, nil, nil, on(9), workbook.StepCheckIn},
		{"day 10: check-in on day 8 counts", run, phase1Done, nil, []workbook.Date{on(7)}, on(9), workbook.StepRead},
		{"day 10: check-in on day 7 is last week", run, phase1Done, allRead, []workbook.Date{on(6)}, on(9), workbook.StepCheckIn},
		{"day 15: the report before the check-in", run, all, allRead, nil, on(14), workbook.StepReport},
		{"day 15: report written, then the check-in", run, withReport(all, report(on(14))), nil, nil, on(14), workbook.StepCheckIn},
		{"day 15: both written: reading", run, withReport(all, report(on(14))), nil, []workbook.Date{on(14)}, on(14), workbook.StepRead},
		{"day 15: both written, all read: done", run, withReport(all, report(on(14))), allRead, []workbook.Date{on(14)}, on(14), workbook.StepDone},
		{"day 30: check-in due", run, withReport(all, report(on(29))), allRead, []workbook.Date{on(27)}, on(29), workbook.StepCheckIn},
		{"day 31: close, no check-in", run, all, allRead, nil, on(30), workbook.StepClose},
		{"not started: reading, no check-in", run, nil, nil, nil, on(-1), workbook.StepRead},
		{"paused: resume", paused, phase1Done, allRead, nil, on(5), workbook.StepResume},
	}
	for _, tt := range tests {
		in := workbook.StepInput{Runs: []workbook.Run{tt.run}, Entries: tt.entries, Read: tt.read, Today: tt.today, WeeklyCheckIn: true, CheckIns: tt.checkIns}
		got := workbook.NextStep(w, in)
		if got.Kind != tt.want {
			t.Errorf("%s: %+v, want %v", tt.name, got, tt.want)
		}
		if got.Kind == workbook.StepCheckIn && (got.Section != checkInStep.Section || got.Title != checkInStep.Title || got.Exercise != "" || got.Alt != nil) {
			t.Errorf("%s: %+v", tt.name, got)
		}
		// Without WeeklyCheckIn there is never a check-in step.
		in.WeeklyCheckIn = false
		if got := workbook.NextStep(w, in); got.Kind == workbook.StepCheckIn {
			t.Errorf("%s: check-in step without WeeklyCheckIn", tt.name)
		}
	}
	// No check-in without a workbook, or in a workbook without a check-in
	// exercise.
	if got := workbook.NextStep(nil, workbook.StepInput{Runs: []workbook.Run{run}, Today: on(2), WeeklyCheckIn: true}); got.Kind == workbook.StepCheckIn {
		t.Errorf("nil workbook: %+v", got)
	}
	noCheckIn := *w
	noCheckIn.Exercises = nil
	for _, ex := range w.Exercises {
		if ex.Role != workbook.RoleCheckIn {
			noCheckIn.Exercises = append(noCheckIn.Exercises, ex)
		}
	}
	if got := noCheckIn.OverdueFor(run, on(2), nil, nil); got.CheckIn {
		t.Errorf("a workbook without a check-in: %+v", got)
	}
	if got := workbook.NextStep(&noCheckIn, workbook.StepInput{Runs: []workbook.Run{run}, Entries: all, Read: allRead, Today: on(2), WeeklyCheckIn: true}); got.Kind != workbook.StepDone {
		t.Errorf("a workbook without a check-in: %+v", got)
	}
	if workbook.StepCheckIn.String() != "check-in" {
		t.Errorf("StepCheckIn.String() = %q", workbook.StepCheckIn.String())
	}
}

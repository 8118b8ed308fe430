package workbook_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"autonomy/workbook"
)

var (
	phase1 = []string{"scope", "blockers", "noise", "constraint"}
	phase2 = []string{"decision", "metric"}
	phase3 = []string{"improvement", "feedback-peer", "feedback-manager"}
)

// entriesFor makes one entry, dated date, of each exercise of the latest run.
func entriesFor(date workbook.Date, exercises ...[]string) []workbook.Entry {
	var out []workbook.Entry
	for _, list := range exercises {
		for _, ex := range list {
			out = append(out, workbook.Entry{ID: "e-" + ex, RunID: "r2", Exercise: ex, Date: date})
		}
	}
	return out
}

func without(list []string, drop string) []string {
	var out []string
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func report(date workbook.Date) workbook.Entry {
	return workbook.Entry{ID: "rep-" + date.String(), RunID: "r2", Exercise: "report", Date: date}
}

func TestNextStep(t *testing.T) {
	w := load(t)
	s := d("2026-11-01")
	on := func(n int) workbook.Date { return s.AddDays(n) } // day n+1 without pauses
	closedAt := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	past := workbook.Run{ID: "r1", Number: 1, StartDate: d("2026-08-01"), ClosedAt: closedAt}
	run := workbook.Run{ID: "r2", Number: 2, StartDate: s}
	withPauses := func(p ...workbook.Pause) workbook.Run {
		r := run
		r.Pauses = p
		return r
	}
	closed := run
	closed.ClosedAt = closedAt

	allRead := map[string]bool{}
	for _, sec := range w.Sections {
		allRead[sec.ID] = true
	}
	someRead := map[string]bool{w.Sections[0].ID: true, w.Sections[1].ID: true, w.Sections[3].ID: true}
	phase12 := entriesFor(on(0), phase1, phase2)
	all := entriesFor(on(0), phase1, phase2, phase3)
	concat := func(lists ...[]workbook.Entry) []workbook.Entry {
		var out []workbook.Entry
		for _, l := range lists {
			out = append(out, l...)
		}
		return out
	}

	type want struct {
		kind     workbook.StepKind
		exercise string
		section  string
		title    string
	}
	readFirst := want{workbook.StepRead, "", "the-real-question-in-this-section", "Read: The real question in this section"}
	readThird := want{workbook.StepRead, "", "build-autonomy-in-30-days", "Read: Build autonomy in 30 days"}
	done := want{workbook.StepDone, "", "", "All done for now: every section read"}
	build := "build-autonomy-in-30-days"
	exercise := func(id, title string) want { return want{workbook.StepExercise, id, build, title} }
	reportStep := want{workbook.StepReport, "report", build, "Write this week's report"}

	tests := []struct {
		name    string
		runs    []workbook.Run
		entries []workbook.Entry
		read    map[string]bool
		today   workbook.Date
		want    want
	}{
		// 1. No run, or the latest is closed.
		{"no run", nil, nil, nil, on(0), want{workbook.StepStartRun, "challenge", build, "Start a run: name one real challenge"}},
		{"no run, all read", nil, nil, allRead, on(0), want{workbook.StepStartRun, "challenge", build, "Start a run: name one real challenge"}},
		{"latest closed", []workbook.Run{past}, nil, nil, on(0), want{workbook.StepStartRun, "challenge", build, "Start a new run: name one real challenge"}},
		{"latest closed before day 30", []workbook.Run{past, closed}, nil, allRead, on(5), want{workbook.StepStartRun, "challenge", build, "Start a new run: name one real challenge"}},

		// 2. Paused, before anything else.
		{"paused", []workbook.Run{withPauses(pause(on(3).String(), ""))}, nil, nil, on(5), want{workbook.StepResume, "", "", "Resume your paused run"}},
		{"paused and past day 30", []workbook.Run{withPauses(pause(on(35).String(), ""))}, all, allRead, on(40), want{workbook.StepResume, "", "", "Resume your paused run"}},
		{"paused before the start", []workbook.Run{withPauses(pause(on(-3).String(), ""))}, nil, nil, on(-2), want{workbook.StepResume, "", "", "Resume your paused run"}},
		{"resumed", []workbook.Run{withPauses(pause(on(3).String(), on(5).String()))}, nil, nil, on(5), exercise("scope", "Day 5: Scope — define your scope in one sentence")},

		// 3. Complete.
		{"day 31", []workbook.Run{past, run}, nil, nil, on(30), want{workbook.StepClose, "self-assessment", "a-practical-model-three-autonomy-levels", "Close the run: your level self-assessment"}},
		{"day 31, all done", []workbook.Run{run}, concat(all, []workbook.Entry{report(on(29))}), allRead, on(30), want{workbook.StepClose, "self-assessment", "a-practical-model-three-autonomy-levels", "Close the run: your level self-assessment"}},
		{"day 30 is not complete", []workbook.Run{run}, all, allRead, on(29), reportStep},
		{"day 31 after a resumed pause is day 30", []workbook.Run{withPauses(pause(on(3).String(), on(5).String()))}, concat(all, []workbook.Entry{report(on(29))}), allRead, on(30), done},

		// Not started yet: straight to reading.
		{"start tomorrow", []workbook.Run{run}, nil, nil, on(-1), readFirst},
		{"start tomorrow, some read", []workbook.Run{run}, nil, someRead, on(-1), readThird},
		{"start tomorrow, all read", []workbook.Run{run}, nil, allRead, on(-1), done},

		// 4. One-time exercises: current phase in content order, then earlier phases.
		{"day 1", []workbook.Run{run}, nil, nil, on(0), exercise("scope", "Day 1: Scope — define your scope in one sentence")},
		{"day 4", []workbook.Run{run}, nil, allRead, on(3), exercise("scope", "Day 4: Scope — define your scope in one sentence")},
		{"scope done", []workbook.Run{run}, entriesFor(on(0), []string{"scope"}), nil, on(3), exercise("blockers", "Day 4: Recurring blockers — list your recurrent blockers")},
		{"out of order", []workbook.Run{run}, entriesFor(on(0), []string{"scope", "blockers", "constraint"}), nil, on(3), exercise("noise", "Day 4: Avoidable noise — decide which requests are avoidable noise")},
		{"day 10, phase 1 done: no report yet", []workbook.Run{run}, entriesFor(on(0), phase1), someRead, on(9), readThird},
		{"day 10, phase 2 not offered early", []workbook.Run{run}, entriesFor(on(0), phase1), allRead, on(9), done},
		{"day 11", []workbook.Run{run}, entriesFor(on(0), phase1), nil, on(10), exercise("decision", "Day 11: Decision area — select one decision area you can fully own")},
		{"day 11, current phase before leftovers", []workbook.Run{run}, entriesFor(on(0), without(phase1, "noise")), nil, on(10), exercise("decision", "Day 11: Decision area — select one decision area you can fully own")},
		{"day 12, leftover after the current phase", []workbook.Run{run}, entriesFor(on(0), without(phase1, "noise"), phase2), nil, on(11), exercise("noise", "Day 12: Avoidable noise — decide which requests are avoidable noise")},
		{"day 12, metric", []workbook.Run{run}, entriesFor(on(0), phase1, []string{"decision"}), nil, on(11), exercise("metric", "Day 12: Outcome metric — set an outcome metric (time, quality, handoff delay, rework)")},
		{"day 21", []workbook.Run{run}, phase12, nil, on(20), exercise("improvement", "Day 21: Process improvement — propose one process improvement")},
		{"day 21, phase 3 before phase 2 leftovers", []workbook.Run{run}, entriesFor(on(0), phase1, []string{"decision"}), nil, on(20), exercise("improvement", "Day 21: Process improvement — propose one process improvement")},
		{"day 25, phase 1 before phase 2 leftovers", []workbook.Run{run}, entriesFor(on(0), []string{"scope", "blockers", "constraint", "decision"}, phase3), nil, on(24), exercise("noise", "Day 25: Avoidable noise — decide which requests are avoidable noise")},
		{"day 25, then phase 2", []workbook.Run{run}, entriesFor(on(0), phase1, []string{"decision"}, phase3), nil, on(24), exercise("metric", "Day 25: Outcome metric — set an outcome metric (time, quality, handoff delay, rework)")},
		{"day 22, peer feedback", []workbook.Run{run}, entriesFor(on(0), phase1, phase2, []string{"improvement"}), nil, on(21), exercise("feedback-peer", "Day 22: Feedback from a peer — request feedback from one peer and one manager")},
		{"entries of another run do not count", []workbook.Run{run}, []workbook.Entry{{RunID: "r1", Exercise: "scope", Date: on(0)}}, nil, on(0), exercise("scope", "Day 1: Scope — define your scope in one sentence")},

		// 5. Reports in days 11-30, one per run week.
		{"day 11, no report", []workbook.Run{run}, phase12, allRead, on(10), reportStep},
		{"day 11, report last week", []workbook.Run{run}, concat(phase12, []workbook.Entry{report(on(6))}), allRead, on(10), reportStep},
		{"day 11, report this week (day 8)", []workbook.Run{run}, concat(phase12, []workbook.Entry{report(on(7))}), allRead, on(10), done},
		{"day 11, report on day 10 counts for week 2", []workbook.Run{run}, concat(phase12, []workbook.Entry{report(on(9))}), someRead, on(10), readThird},
		{"day 14, report on day 8", []workbook.Run{run}, concat(phase12, []workbook.Entry{report(on(7))}), allRead, on(13), done},
		{"day 15, report on day 14 is last week", []workbook.Run{run}, concat(phase12, []workbook.Entry{report(on(13))}), allRead, on(14), reportStep},
		{"day 15, report today", []workbook.Run{run}, concat(phase12, []workbook.Entry{report(on(13)), report(on(14))}), allRead, on(14), done},
		{"day 21, phase 3 before the report", []workbook.Run{run}, phase12, allRead, on(20), exercise("improvement", "Day 21: Process improvement — propose one process improvement")},
		{"day 29, week 5", []workbook.Run{run}, concat(all, []workbook.Entry{report(on(27))}), allRead, on(28), reportStep},
		{"day 30, report on day 29", []workbook.Run{run}, concat(all, []workbook.Entry{report(on(28))}), allRead, on(29), done},
		{"a report without a date does not count", []workbook.Run{run}, concat(all, []workbook.Entry{report(workbook.Date{})}), allRead, on(29), reportStep},
		{"a report before the start does not count", []workbook.Run{run}, concat(all, []workbook.Entry{report(on(-1))}), allRead, on(3), done},
		{"a report of another run does not count", []workbook.Run{run}, concat(all, []workbook.Entry{{RunID: "r1", Exercise: "report", Date: on(15)}}), allRead, on(15), reportStep},
		// Paused days shift the weeks: paused on day 6 (offset 5), resumed
		// at offset 10; offsets 6-9 do not count, so offset 15 is day 12.
		{"weeks after a pause: report in week 1", []workbook.Run{withPauses(pause(on(5).String(), on(10).String()))}, concat(phase12, []workbook.Entry{report(on(5))}), allRead, on(15), reportStep},
		{"weeks after a pause: report in week 2", []workbook.Run{withPauses(pause(on(5).String(), on(10).String()))}, concat(phase12, []workbook.Entry{report(on(12))}), allRead, on(15), done},
		{"weeks after a pause: day 10 is no report day", []workbook.Run{withPauses(pause(on(5).String(), on(10).String()))}, phase12, allRead, on(13), done},

		// 6. Reading, 7. done.
		{"read in guide order", []workbook.Run{run}, concat(all, []workbook.Entry{report(on(28))}), someRead, on(29), readThird},
		{"nothing left", []workbook.Run{run}, concat(all, []workbook.Entry{report(on(28))}), allRead, on(29), done},
	}
	for _, tt := range tests {
		got := workbook.NextStep(w, workbook.StepInput{Runs: tt.runs, Entries: tt.entries, Read: tt.read, Today: tt.today})
		g := want{got.Kind, got.Exercise, got.Section, got.Title}
		if g != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, g, tt.want)
		}
		wantAlt := tt.want.kind == workbook.StepResume
		if (got.Alt != nil) != wantAlt {
			t.Errorf("%s: Alt = %+v", tt.name, got.Alt)
		} else if wantAlt {
			alt := workbook.Step{Kind: workbook.StepRead, Section: "safety-boundary", Title: "Read the safety boundary"}
			if !reflect.DeepEqual(*got.Alt, alt) {
				t.Errorf("%s: Alt = %+v, want %+v", tt.name, *got.Alt, alt)
			}
		}
	}
}

func TestNextStepWithoutWorkbook(t *testing.T) {
	run := workbook.Run{ID: "r", StartDate: d("2026-11-01")}
	// Without a workbook there is no program: a run has no days left.
	got := workbook.NextStep(nil, workbook.StepInput{Runs: []workbook.Run{run}, Today: d("2026-11-05")})
	if got.Kind != workbook.StepClose || got.Exercise != "" {
		t.Errorf("nil workbook: %+v", got)
	}
	got = workbook.NextStep(nil, workbook.StepInput{Today: d("2026-11-05")})
	if got.Kind != workbook.StepStartRun || got.Exercise != "" {
		t.Errorf("nil workbook, no run: %+v", got)
	}
}

func TestStepKindString(t *testing.T) {
	want := map[workbook.StepKind]string{
		workbook.StepDone: "done", workbook.StepStartRun: "start-run", workbook.StepResume: "resume",
		workbook.StepClose: "close", workbook.StepExercise: "exercise", workbook.StepReport: "report",
		workbook.StepRead: "read", workbook.StepKind(99): "unknown",
	}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), s)
		}
	}
}

func TestEveryOnceExerciseHasATitlePhrase(t *testing.T) {
	w := load(t)
	run := workbook.Run{ID: "r2", StartDate: d("2026-11-01")}
	var entries []workbook.Entry
	for _, p := range builtin.PhaseList() {
		first, _ := builtin.PhaseDays(p)
		for _, ex := range w.Exercises {
			if ex.Kind != workbook.KindOnce || ex.Phase != int(p) {
				continue
			}
			got := workbook.NextStep(w, workbook.StepInput{Runs: []workbook.Run{run}, Entries: entries, Today: d("2026-11-01").AddDays(first - 1)})
			if got.Kind != workbook.StepExercise || got.Exercise != ex.ID {
				t.Fatalf("day %d: %+v, want exercise %s", first, got, ex.ID)
			}
			if len(got.Title) > 120 || !strings.HasPrefix(got.Title, fmt.Sprintf("Day %d: %s — ", first, ex.Title)) {
				t.Errorf("title %q", got.Title)
			}
			entries = append(entries, workbook.Entry{RunID: "r2", Exercise: ex.ID})
		}
	}
}

func TestPhaseProgress(t *testing.T) {
	w := load(t)
	tests := []struct {
		name    string
		entries []workbook.Entry
		want    [3][2]int // done, total per phase
	}{
		{"none", nil, [3][2]int{{0, 4}, {0, 3}, {0, 3}}},
		{"challenge, logs and closing do not count", entriesFor(d("2026-11-01"), []string{"challenge", "checkin", "metric-log", "reflection", "self-assessment"}), [3][2]int{{0, 4}, {0, 3}, {0, 3}}},
		// The responsibility loop asks for a report: one counts, two count once.
		{"reports count once", entriesFor(d("2026-11-01"), []string{"report", "report"}), [3][2]int{{0, 4}, {1, 3}, {0, 3}}},
		{"some", entriesFor(d("2026-11-01"), []string{"scope", "noise", "metric", "feedback-manager"}), [3][2]int{{2, 4}, {1, 3}, {1, 3}}},
		{"an exercise twice counts once", entriesFor(d("2026-11-01"), []string{"scope", "scope"}), [3][2]int{{1, 4}, {0, 3}, {0, 3}}},
		{"all but a report", entriesFor(d("2026-11-01"), phase1, phase2, phase3), [3][2]int{{4, 4}, {2, 3}, {3, 3}}},
		{"all", entriesFor(d("2026-11-01"), phase1, phase2, phase3, []string{"report"}), [3][2]int{{4, 4}, {3, 3}, {3, 3}}},
		{"unknown exercises are ignored", entriesFor(d("2026-11-01"), []string{"gone"}), [3][2]int{{0, 4}, {0, 3}, {0, 3}}},
	}
	for _, tt := range tests {
		got := workbook.PhaseProgress(w, tt.entries)
		if len(got) != 3 {
			t.Fatalf("%s: %d phases", tt.name, len(got))
		}
		for i, c := range got {
			if c.Phase != builtin.PhaseList()[i] || c.Done != tt.want[i][0] || c.Total != tt.want[i][1] {
				t.Errorf("%s: phase %d: %+v, want %d/%d", tt.name, i+1, c, tt.want[i][0], tt.want[i][1])
			}
		}
	}
	if got := workbook.PhaseProgress(nil, nil); got != nil {
		t.Errorf("nil workbook: %+v", got)
	}
}

func TestSectionDoneAndFindEntry(t *testing.T) {
	w := load(t)
	build := "build-autonomy-in-30-days"
	all := entriesFor(d("2026-11-01"), phase1, phase2, phase3, []string{"report"})
	if workbook.SectionDone(w, build, nil) || workbook.SectionDone(w, build, all[1:]) || workbook.SectionDone(w, build, all[:len(all)-1]) {
		t.Error("SectionDone with exercises missing (or without a report)")
	}
	if !workbook.SectionDone(w, build, all) {
		t.Error("SectionDone with every exercise")
	}
	// The levels section has only the closing exercise; the others none.
	if workbook.SectionDone(w, "a-practical-model-three-autonomy-levels", entriesFor(d("2026-11-01"), []string{"self-assessment"})) ||
		workbook.SectionDone(w, "closing-move", all) || workbook.SectionDone(w, "nope", all) {
		t.Error("SectionDone of a section without one-time exercises")
	}

	entries := []workbook.Entry{
		{ID: "1", Exercise: "report"}, {ID: "2", Exercise: "scope"}, {ID: "3", Exercise: "report"},
	}
	if e, ok := workbook.FindEntry(entries, "report"); !ok || e.ID != "3" {
		t.Errorf("FindEntry(report) = %+v, %v", e, ok)
	}
	if e, ok := workbook.FindEntry(entries, "scope"); !ok || e.ID != "2" {
		t.Errorf("FindEntry(scope) = %+v, %v", e, ok)
	}
	if _, ok := workbook.FindEntry(entries, "metric"); ok {
		t.Error("FindEntry(metric) found one")
	}
}

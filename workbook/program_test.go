package workbook_test

import (
	"reflect"
	"testing"

	"autonomy/workbook"
)

// builtin is the built-in guide's program, as content/exercises.json says:
// the tests of the rules count days in it.
var builtin = workbook.Program{Phases: []workbook.PhaseSpec{
	{Title: "Clarity baseline", Days: 10},
	{Title: "Responsibility loop", Days: 10},
	{Title: "Influence trial", Days: 10},
}}

// The built-in guide's phases.
const (
	phaseClarity        workbook.Phase = 1
	phaseResponsibility workbook.Phase = 2
	phaseInfluence      workbook.Phase = 3
)

func TestBuiltInProgram(t *testing.T) {
	w := load(t)
	if !reflect.DeepEqual(w.Program, builtin) || w.Program.Days() != 30 || w.ID != "autonomy" {
		t.Errorf("the built-in workbook %q has the program %+v", w.ID, w.Program)
	}
}

// A program of other phases: two weeks, in phases of 3 and 11 days.
func TestProgramOfOtherPhases(t *testing.T) {
	p := workbook.Program{Phases: []workbook.PhaseSpec{{Title: "Draft", Days: 3}, {Title: "Review", Days: 11}}}
	if p.Days() != 14 || len(p.PhaseList()) != 2 {
		t.Fatalf("Days %d, phases %v", p.Days(), p.PhaseList())
	}
	for day, want := range map[int]workbook.Phase{0: 0, 1: 1, 3: 1, 4: 2, 14: 2, 15: 0} {
		if got := p.PhaseOf(day); got != want {
			t.Errorf("PhaseOf(%d) = %d, want %d", day, got, want)
		}
	}
	if f, l := p.PhaseDays(2); f != 4 || l != 14 {
		t.Errorf("PhaseDays(2) = %d-%d", f, l)
	}
	start := workbook.Date{Year: 2026, Month: 3, Day: 1}
	run := workbook.Run{StartDate: start}
	for _, c := range []struct {
		offset int
		status workbook.RunStatus
		phase  workbook.Phase
	}{{0, workbook.StatusActive, 1}, {13, workbook.StatusActive, 2}, {14, workbook.StatusComplete, 0}} {
		st := p.Status(run, start.AddDays(c.offset))
		if st.Status != c.status || st.Phase != c.phase || st.Day != c.offset+1 {
			t.Errorf("day %d: %+v", c.offset+1, st)
		}
	}
	if got := p.StateLine(p.Status(run, start.AddDays(5))); got != "Day 6 of 14 · Review" {
		t.Errorf("StateLine: %q", got)
	}
}

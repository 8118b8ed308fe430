package workbook

import (
	"fmt"
	"strings"
)

// Where is where a person stands in the program on a day: the current run,
// its state and the next step. Home's first lines and `autonomy next` say
// it, in the same words.
type Where struct {
	Run   *Run     // the current run (CurrentRun); nil when there is none
	State RunState // the run's state on the day; zero without a run
	Step  Step     // what Home offers first
}

// Where decides where the person stands on today from what the store's
// Overview read: the next step by NextStep's rule, with the weekly
// check-in on.
func (w *Workbook) Where(o Overview, today Date) Where {
	wh := Where{Step: NextStep(w, StepInput{
		Runs: o.Runs, Entries: o.Entries, Read: o.Read, Today: today,
		WeeklyCheckIn: true, CheckIns: w.Dates(o.Entries, RoleCheckIn),
	})}
	if run := CurrentRun(o.Runs); run != nil {
		wh.Run = run
		wh.State = w.Program.Status(*run, today)
	}
	return wh
}

// StateLine says where a run stands in a few words: "Day 16 of 30 ·
// Responsibility loop", "Day 12 of 30 · paused", "starts in 3 days", "30
// days done · time to close the run" or "closed".
func (p Program) StateLine(s RunState) string {
	return strings.Join(p.StateParts(s), " · ")
}

// StateParts are the parts of StateLine, the most telling first: Home
// lets the later ones go on a narrow line.
func (p Program) StateParts(s RunState) []string {
	switch {
	case s.Closed:
		return []string{"closed"}
	case s.Paused:
		return []string{fmt.Sprintf("Day %d of %d", s.Day, p.Days()), "paused"}
	case s.NotStarted:
		return []string{"starts in " + Plural(s.DaysToStart, "day")}
	case s.Complete:
		return []string{fmt.Sprintf("%d days done", p.Days()), "time to close the run"}
	}
	return []string{fmt.Sprintf("Day %d of %d", s.Day, p.Days()), p.PhaseTitle(s.Phase)}
}

// Line is Where on one line, for a shell prompt or a notification: "Day 16
// of 30 · Responsibility loop · Next: Decision area — select one decision
// area you can fully own", "Run 2 closed · Next: Start a new run: name one
// real challenge", or "No run: start one with autonomy". Content text in
// it is sanitized (SanitizeLine).
func (w *Workbook) Line(wh Where) string {
	if wh.Run == nil {
		return "No run: start one with autonomy"
	}
	state := w.Program.StateLine(wh.State)
	if wh.State.Closed {
		state = fmt.Sprintf("Run %d closed", wh.Run.Number)
	}
	line := state + " · Next: " + wh.Step.What()
	if alt := wh.Step.Alt; alt != nil {
		line += " · Or: " + alt.What()
	}
	return SanitizeLine(line)
}

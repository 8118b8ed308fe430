package workbook

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SafetySection is the id of the guide's safety boundary section, offered
// next to resuming a paused run.
const SafetySection = "safety-boundary"

// StepKind says what the next step on Home is.
type StepKind int

const (
	StepDone     StepKind = iota // nothing to do: every section read
	StepStartRun                 // start a run (the "run" exercise)
	StepResume                   // resume the paused run
	StepClose                    // close the complete run (the "closing" exercise)
	StepExercise                 // answer a one-time exercise
	StepReport                   // write this week's report (a "recurring" exercise)
	StepRead                     // read a section
	StepCheckIn                  // check in on the three things of the closing move
)

// String names the kind ("start-run", "read", ...).
func (k StepKind) String() string {
	switch k {
	case StepDone:
		return "done"
	case StepStartRun:
		return "start-run"
	case StepResume:
		return "resume"
	case StepClose:
		return "close"
	case StepExercise:
		return "exercise"
	case StepReport:
		return "report"
	case StepRead:
		return "read"
	case StepCheckIn:
		return "check-in"
	}
	return "unknown"
}

// Step is the next thing to do, shown on Home.
type Step struct {
	Kind     StepKind
	Exercise string // Exercise.ID for StepStartRun, StepClose, StepExercise, StepReport
	Section  string // Section.ID: the section to read, the exercise's section, or the check-in exercise's for StepCheckIn
	Title    string // a short line for Home ("Day 4: Scope — define your scope in one sentence")
	// Task is an exercise step's title without its day ("Scope — define
	// your scope in one sentence"), for a line that says the day apart;
	// "" for the other kinds (What gives the Title).
	Task string
	// Alt is a second step offered next to this one: reading the safety
	// boundary next to resuming a paused run. Nil otherwise.
	Alt *Step
}

// StepInput is what NextStep decides from.
type StepInput struct {
	Runs    []Run           // every run, by start date
	Entries []Entry         // the entries of the current run (CurrentRun)
	Read    map[string]bool // ids of the sections read to their end
	Today   Date            // the local date

	// WeeklyCheckIn turns on the check-in step: a stability check-in is
	// due once a run week, on days 1-30. CheckIns are the dates of the
	// current run's check-ins.
	WeeklyCheckIn bool
	CheckIns      []Date
}

// NextStep chooses the next step, the first that applies of:
//
//  1. no run is open: start a run;
//  2. the current run (CurrentRun) is paused: resume it (Alt: read the safety boundary);
//  3. it is complete (past day 30): close it with the self-assessment;
//  4. unless it has not started yet: the first one-time exercise without
//     an entry, in content order, of the current phase, then of the earlier
//     phases (phase 1 before 2);
//  5. unless it has not started yet: from the first day of a recurring
//     exercise's phase (day 11 for the report) to day 30, a report when
//     none is dated in the current week of the run (days 1-7, 8-14, ...);
//  6. with WeeklyCheckIn, on days 1-30: a check-in when none is dated in
//     the current run week (Overdue.CheckIn);
//  7. the first section of the guide not read yet;
//  8. done.
//
// Steps 5 and 6 are what OverdueFor reports, in that order.
func NextStep(wb *Workbook, in StepInput) Step {
	if CanStartRun(in.Runs) {
		prefix := "Start a run: "
		if len(in.Runs) > 0 {
			prefix = "Start a new run: "
		}
		return exerciseStep(wb, StepStartRun, KindRun, prefix)
	}
	run := *CurrentRun(in.Runs)
	var prog Program
	if wb != nil {
		prog = wb.Program
	}
	st := prog.Status(run, in.Today)
	switch {
	case st.Paused:
		s := Step{Kind: StepResume, Title: "Resume your paused run"}
		if sec, ok := wb.Section(SafetySection); ok {
			s.Alt = &Step{Kind: StepRead, Section: sec.ID, Title: "Read the safety boundary"}
		}
		return s
	case st.Complete:
		return exerciseStep(wb, StepClose, KindClosing, "Close the run: ")
	}

	if !st.NotStarted && wb != nil {
		var entries []Entry
		for _, e := range in.Entries {
			if e.RunID == "" || run.ID == "" || e.RunID == run.ID {
				entries = append(entries, e)
			}
		}
		if s, ok := exerciseDue(wb, st, entries); ok {
			return s
		}
		if s, ok := reportDue(wb, run, st, entries); ok {
			return s
		}
	}
	if in.WeeklyCheckIn && wb != nil && wb.OverdueFor(run, in.Today, nil, in.CheckIns).CheckIn {
		ex, _ := wb.ByRole(RoleCheckIn)
		return Step{Kind: StepCheckIn, Section: ex.Section, Title: "Check in: ownership, contribution, communication"}
	}

	if wb != nil {
		for _, sec := range wb.Sections {
			if !in.Read[sec.ID] {
				return Step{Kind: StepRead, Section: sec.ID, Title: "Read: " + sec.Title}
			}
		}
	}
	return Step{Kind: StepDone, Title: "All done for now: every section read"}
}

// What is what to do, without the day: the Task of an exercise step, the
// Title of the others.
func (s Step) What() string {
	if s.Task != "" {
		return s.Task
	}
	return s.Title
}

// exerciseStep is a step for the first exercise of a kind, titled prefix
// and the exercise's Step words ("Start a run: name one real challenge").
func exerciseStep(wb *Workbook, kind StepKind, ek ExerciseKind, prefix string) Step {
	s := Step{Kind: kind, Title: strings.TrimSuffix(prefix, ": ")}
	if wb != nil {
		for _, ex := range wb.Exercises {
			if ex.Kind == ek {
				s.Exercise, s.Section = ex.ID, ex.Section
				s.Title = prefix + ex.StepWords()
				break
			}
		}
	}
	return s
}

// StepWords are the words of the next step for a run or closing exercise:
// its "step" ("name one real challenge"), else its title with a lower-case
// first letter.
func (ex Exercise) StepWords() string {
	if ex.Step != "" {
		return ex.Step
	}
	return promptPhrase(ex.Title)
}

// exerciseDue finds the first one-time exercise without an entry: of the
// current phase, then of the earlier ones in order.
func exerciseDue(wb *Workbook, st RunState, entries []Entry) (Step, bool) {
	if st.Phase == PhaseNone {
		return Step{}, false
	}
	done := entered(entries)
	order := append([]Phase{st.Phase}, wb.Program.PhaseList()[:st.Phase-1]...)
	for _, p := range order {
		for _, ex := range wb.Exercises {
			if ex.Kind != KindOnce || ex.Phase != int(p) || done[ex.ID] {
				continue
			}
			task := ex.Title
			if phrase := promptPhrase(ex.Prompt); phrase != "" {
				task += " — " + phrase
			}
			title := fmt.Sprintf("Day %d: %s", st.Day, task)
			return Step{Kind: StepExercise, Exercise: ex.ID, Section: ex.Section, Title: title, Task: task}, true
		}
	}
	return Step{}, false
}

// reportDue finds a recurring exercise due this week: within its phase's
// first day and day 30, with no entry dated in the current run week.
func reportDue(wb *Workbook, run Run, st RunState, entries []Entry) (Step, bool) {
	if st.Day < 1 || st.Day > wb.Program.Days() {
		return Step{}, false
	}
	for _, ex := range wb.Exercises {
		if ex.Kind != KindRecurring {
			continue
		}
		first, _ := wb.Program.PhaseDays(Phase(ex.Phase))
		if st.Day < max(first, 1) {
			continue
		}
		written := false
		for _, e := range entries {
			if e.Exercise == ex.ID && inRunWeek(run, st.Week, e.Date) {
				written = true
				break
			}
		}
		if !written {
			return Step{Kind: StepReport, Exercise: ex.ID, Section: ex.Section, Title: "Write this week's report"}, true
		}
	}
	return Step{}, false
}

// promptPhrase is the gist of an exercise's prompt for a title: its first
// quotation, or else its first sentence, without end punctuation and with
// a lower-case first letter ("\"Define your scope in one sentence.\""
// gives "define your scope in one sentence").
func promptPhrase(prompt string) string {
	p := strings.TrimSpace(prompt)
	if rest, ok := strings.CutPrefix(p, "\""); ok {
		p, _, _ = strings.Cut(rest, "\"")
	} else if i := strings.IndexAny(p, ".!?"); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimRight(strings.TrimSpace(p), ".!?,;: ")
	r, size := utf8.DecodeRuneInString(p)
	if size == 0 {
		return ""
	}
	next, _ := utf8.DecodeRuneInString(p[size:])
	if !unicode.IsUpper(next) { // keep acronyms ("KPI") as they are
		p = string(unicode.ToLower(r)) + p[size:]
	}
	return p
}

package workbook

import (
	"slices"
)

// Program is the shape of a run, from exercises.json: its phases in
// order, each of a number of days, one after the other; a run lasts their
// sum. The built-in guide's is three phases of 10 days.
type Program struct {
	Phases []PhaseSpec
}

// PhaseSpec is one phase of a program: its name and its length in days.
type PhaseSpec struct {
	Title string // "Clarity baseline"
	Days  int
}

// Phase is a phase of the program by its position, 1 for the first;
// PhaseNone (0) before the start, past the end and on a closed run.
type Phase int

// PhaseNone is no phase: not started, complete or closed.
const PhaseNone Phase = 0

// Days is the length of a run in counted days (30 for the built-in guide).
func (p Program) Days() int {
	n := 0
	for _, ph := range p.Phases {
		n += ph.Days
	}
	return n
}

// PhaseList is the phases in order: 1, 2, ... len(Phases).
func (p Program) PhaseList() []Phase {
	out := make([]Phase, len(p.Phases))
	for i := range out {
		out[i] = Phase(i + 1)
	}
	return out
}

// PhaseTitle is the phase's name as the content gives it ("Clarity
// baseline"), "" for PhaseNone or a phase the program does not have.
func (p Program) PhaseTitle(ph Phase) string {
	if ph < 1 || int(ph) > len(p.Phases) {
		return ""
	}
	return p.Phases[ph-1].Title
}

// PhaseDays returns the first and last day of the phase (1 and 10 for the
// built-in guide's first); 0, 0 for PhaseNone or an unknown phase.
func (p Program) PhaseDays(ph Phase) (first, last int) {
	if ph < 1 || int(ph) > len(p.Phases) {
		return 0, 0
	}
	for _, spec := range p.Phases[:ph-1] {
		first += spec.Days
	}
	return first + 1, first + p.Phases[ph-1].Days
}

// PhaseOf returns the phase of a day of the run: PhaseNone outside 1 to
// Days.
func (p Program) PhaseOf(day int) Phase {
	if day < 1 {
		return PhaseNone
	}
	last := 0
	for i, spec := range p.Phases {
		last += spec.Days
		if day <= last {
			return Phase(i + 1)
		}
	}
	return PhaseNone
}

// WeekOf returns the week of the run a day falls in, counting from 1:
// days 1-7 are week 1, days 8-14 week 2, and so on; 0 for a day below 1.
func WeekOf(day int) int {
	if day < 1 {
		return 0
	}
	return (day-1)/7 + 1
}

// RunStatus is where a run stands on a given day, in one word.
type RunStatus int

const (
	StatusActive     RunStatus = iota // a day of the program (1-30), running
	StatusNotStarted                  // its start date is still to come
	StatusPaused                      // paused, not closed
	StatusComplete                    // past the last day (30), waiting to be closed
	StatusClosed                      // closed by the self-assessment
)

// String names the status ("active", "not started", "paused", "complete",
// "closed").
func (s RunStatus) String() string {
	switch s {
	case StatusActive:
		return "active"
	case StatusNotStarted:
		return "not started"
	case StatusPaused:
		return "paused"
	case StatusComplete:
		return "complete"
	case StatusClosed:
		return "closed"
	}
	return "unknown"
}

// RunState is where a run stands on a given day; Program.Status computes it.
type RunState struct {
	Status RunStatus // the one word: closed, then paused, not started, complete, active

	// Day is the day of the run, 1-based: the days from the start date to
	// today, both counted, minus the paused days. It is 0 before the start
	// date, and goes on past the program's days (a run of 30 days is
	// complete on day 31).
	Day        int
	Phase      Phase // the phase of Day; PhaseNone when not started, complete or closed
	Week       int   // the run week of Day: days 1-7 are week 1, 8-14 week 2, ...; 0 before the start
	PausedDays int   // days that did not count, up to today

	Paused      bool // a pause is open (never on a closed run)
	NotStarted  bool // the start date is after today
	DaysToStart int  // when NotStarted: days from today to the start date (1 = tomorrow)
	Complete    bool // past the last day and not closed: the closing exercise is due
	Closed      bool // closed by the self-assessment
}

// IsPaused reports whether the run is paused: its last pause has not been
// resumed.
func (r Run) IsPaused() bool {
	return len(r.Pauses) > 0 && r.Pauses[len(r.Pauses)-1].To.IsZero()
}

// IsClosed reports whether the run was closed by the self-assessment.
func (r Run) IsClosed() bool { return !r.ClosedAt.IsZero() }

// Start is the run's first day: StartDate, or the date of StartedAt when
// StartDate was not set.
func (r Run) Start() Date {
	if r.StartDate.IsZero() && !r.StartedAt.IsZero() {
		return DateOf(r.StartedAt)
	}
	return r.StartDate
}

// Status tells where the run stands on the given day (the local date of
// now) in the program. Paused days do not count: for a pause from day P
// resumed on day R, the days strictly between P and R do not count
// (resuming the day after loses none); while a pause is open, the days
// after P up to today do not count, so the day stands still at P's day.
// Only days from the start date to today are counted, whatever the pauses
// say. A run paused before its start date stands at day 1.
func (p Program) Status(r Run, today Date) RunState {
	st := r.count(today)
	st.Complete = !st.Closed && !st.NotStarted && st.Day > p.Days()
	if !st.Closed && !st.NotStarted && !st.Complete {
		st.Phase = p.PhaseOf(st.Day)
	}
	switch {
	case st.Closed:
		st.Status = StatusClosed
	case st.Paused:
		st.Status = StatusPaused
	case st.NotStarted:
		st.Status = StatusNotStarted
	case st.Complete:
		st.Status = StatusComplete
	default:
		st.Status = StatusActive
	}
	return st
}

// count is the part of Status that does not depend on the program: the
// day, the week, the paused days, whether it is closed, paused or not
// started yet.
func (r Run) count(today Date) RunState {
	st := RunState{Closed: r.IsClosed()}
	st.Paused = !st.Closed && r.IsPaused()
	start := r.Start()
	if start.IsZero() {
		start = today
	}
	if today.Before(start) {
		st.NotStarted = true
		st.DaysToStart = today.DaysUntil(start)
		return st
	}
	span := start.DaysUntil(today) + 1 // days from start to today, both counted
	st.PausedDays = pausedDays(r.Pauses, start, today)
	st.Day = max(span-st.PausedDays, 1)
	st.Week = WeekOf(st.Day)
	return st
}

// pausedDays counts the days from start to today (both included) that fall
// inside a pause: after its From and before its To (up to today while
// open). Overlapping pauses count once.
func pausedDays(pauses []Pause, start, today Date) int {
	last := start.DaysUntil(today) // offset of today from start
	type span struct{ from, to int }
	var spans []span
	for _, p := range pauses {
		if p.From.IsZero() {
			continue
		}
		from := start.DaysUntil(p.From) + 1 // the pause day itself counts
		to := last
		if !p.To.IsZero() {
			to = min(to, start.DaysUntil(p.To)-1) // the resume day counts
		}
		from = max(from, 0)
		if from > to {
			continue
		}
		spans = append(spans, span{from, to})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from - b.from })
	n, end := 0, -1 // end: last offset counted so far
	for _, s := range spans {
		if s.to <= end {
			continue
		}
		n += s.to - max(s.from, end+1) + 1
		end = s.to
	}
	return n
}

// WeekStart is the first day of the run week today falls in, counted as
// Program.Status counts days (paused days do not count, so a pause makes a week
// longer); the zero Date before the run's start.
func (r Run) WeekStart(today Date) Date {
	week := r.count(today).Week
	if week < 1 {
		return Date{}
	}
	// A day's week never decreases from one day to the next: the first
	// day of this week is found by halving [start, today].
	lo, hi := r.Start(), today
	for lo.Before(hi) {
		mid := lo.AddDays(lo.DaysUntil(hi) / 2)
		if r.count(mid).Week >= week {
			hi = mid
		} else {
			lo = mid.AddDays(1)
		}
	}
	return lo
}

// CanPause reports whether the run can be paused on today: it is open, not
// paused already and not complete.
func (p Program) CanPause(r Run, today Date) bool {
	st := p.Status(r, today)
	return !st.Closed && !st.Paused && !st.Complete
}

// CanResume reports whether the run can be resumed: it is paused and open.
func (r Run) CanResume() bool { return !r.IsClosed() && r.IsPaused() }

// CurrentRun is the run the program is about: the open one, whatever its
// number (an imported older run may have a higher one), else the last of
// runs (ordered by start date); nil when there is none.
func CurrentRun(runs []Run) *Run {
	for i := range runs {
		if !runs[i].IsClosed() {
			return &runs[i]
		}
	}
	if len(runs) == 0 {
		return nil
	}
	return &runs[len(runs)-1]
}

// CanStartRun reports whether a new run can start: no run is open. Past
// runs stay readable.
func CanStartRun(runs []Run) bool {
	r := CurrentRun(runs)
	return r == nil || r.IsClosed()
}

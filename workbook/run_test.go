package workbook_test

import (
	"testing"
	"time"

	"autonomy/workbook"
)

func TestPhase(t *testing.T) {
	tests := []struct {
		p           workbook.Phase
		title       string
		first, last int
	}{
		{workbook.PhaseNone, "", 0, 0},
		{phaseClarity, "Clarity baseline", 1, 10},
		{phaseResponsibility, "Responsibility loop", 11, 20},
		{phaseInfluence, "Influence trial", 21, 30},
		{workbook.Phase(4), "", 0, 0},
		{workbook.Phase(-1), "", 0, 0},
	}
	for _, tt := range tests {
		first, last := builtin.PhaseDays(tt.p)
		if builtin.PhaseTitle(tt.p) != tt.title || first != tt.first || last != tt.last {
			t.Errorf("Phase %d: %q %d-%d, want %q %d-%d", tt.p, builtin.PhaseTitle(tt.p), first, last, tt.title, tt.first, tt.last)
		}
		for day := first; day <= last && day > 0; day++ {
			if got := builtin.PhaseOf(day); got != tt.p {
				t.Errorf("PhaseOf(%d) = %d, want %d", day, got, tt.p)
			}
		}
	}
	for _, day := range []int{-1, 0, 31, 100} {
		if got := builtin.PhaseOf(day); got != workbook.PhaseNone {
			t.Errorf("PhaseOf(%d) = %d", day, got)
		}
	}
	if builtin.Days() != 30 || len(builtin.PhaseList()) != 3 {
		t.Error("Days or PhaseList")
	}
	weeks := map[int]int{-3: 0, 0: 0, 1: 1, 7: 1, 8: 2, 14: 2, 15: 3, 21: 3, 22: 4, 28: 4, 29: 5, 30: 5, 31: 5, 36: 6}
	for day, want := range weeks {
		if got := workbook.WeekOf(day); got != want {
			t.Errorf("WeekOf(%d) = %d, want %d", day, got, want)
		}
	}
}

// pause is a pause from "from" resumed on "to" ("" while paused).
func pause(from, to string) workbook.Pause {
	p := workbook.Pause{From: d(from)}
	if to != "" {
		p.To = d(to)
	}
	return p
}

func TestRunStatus(t *testing.T) {
	const start = "2026-11-01" // New York leaves summer time that day
	s := d(start)
	on := func(n int) string { return s.AddDays(n).String() } // the date of offset n (day n+1 without pauses)
	closed := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

	type want struct {
		status            workbook.RunStatus
		day, week, paused int
		phase             workbook.Phase
		toStart           int
	}
	active := func(day int) want {
		return want{status: workbook.StatusActive, day: day, week: workbook.WeekOf(day), phase: builtin.PhaseOf(day)}
	}
	withPaused := func(w want, paused int, open bool) want {
		w.paused = paused
		if open {
			w.status = workbook.StatusPaused
		}
		return w
	}
	tests := []struct {
		name   string
		pauses []workbook.Pause
		closed time.Time
		today  string
		want   want
	}{
		{"day 1", nil, time.Time{}, on(0), active(1)},
		{"day 2", nil, time.Time{}, on(1), active(2)},
		{"day 7, week 1", nil, time.Time{}, on(6), active(7)},
		{"day 8, week 2", nil, time.Time{}, on(7), active(8)},
		{"day 10", nil, time.Time{}, on(9), want{workbook.StatusActive, 10, 2, 0, phaseClarity, 0}},
		{"day 11", nil, time.Time{}, on(10), want{workbook.StatusActive, 11, 2, 0, phaseResponsibility, 0}},
		{"day 20", nil, time.Time{}, on(19), want{workbook.StatusActive, 20, 3, 0, phaseResponsibility, 0}},
		{"day 21", nil, time.Time{}, on(20), want{workbook.StatusActive, 21, 3, 0, phaseInfluence, 0}},
		{"day 30", nil, time.Time{}, on(29), want{workbook.StatusActive, 30, 5, 0, phaseInfluence, 0}},
		{"day 31 complete", nil, time.Time{}, on(30), want{workbook.StatusComplete, 31, 5, 0, workbook.PhaseNone, 0}},
		{"a year on, complete", nil, time.Time{}, on(365), want{workbook.StatusComplete, 366, 53, 0, workbook.PhaseNone, 0}},
		{"tomorrow", nil, time.Time{}, on(-1), want{workbook.StatusNotStarted, 0, 0, 0, workbook.PhaseNone, 1}},
		{"in 12 days", nil, time.Time{}, on(-12), want{workbook.StatusNotStarted, 0, 0, 0, workbook.PhaseNone, 12}},
		{"closed on day 12", nil, closed, on(11), want{workbook.StatusClosed, 12, 2, 0, workbook.PhaseNone, 0}},
		{"closed on day 40", nil, closed, on(39), want{workbook.StatusClosed, 40, 6, 0, workbook.PhaseNone, 0}},
		{"closed while paused", []workbook.Pause{pause(on(4), "")}, closed, on(9), want{workbook.StatusClosed, 5, 1, 5, workbook.PhaseNone, 0}},

		{"paused today", []workbook.Pause{pause(on(4), "")}, time.Time{}, on(4), withPaused(active(5), 0, true)},
		{"paused, frozen at day 5", []workbook.Pause{pause(on(4), "")}, time.Time{}, on(10), withPaused(active(5), 6, true)},
		{"paused on day 10, frozen", []workbook.Pause{pause(on(9), "")}, time.Time{}, on(25), withPaused(active(10), 16, true)},
		{"resumed the same day", []workbook.Pause{pause(on(4), on(4))}, time.Time{}, on(10), active(11)},
		{"resumed the next day", []workbook.Pause{pause(on(4), on(5))}, time.Time{}, on(10), active(11)},
		{"resumed two days on", []workbook.Pause{pause(on(4), on(6))}, time.Time{}, on(10), withPaused(active(10), 1, false)},
		{"resumed today", []workbook.Pause{pause(on(4), on(8))}, time.Time{}, on(8), withPaused(active(6), 3, false)},
		{"the day of the resume counts", []workbook.Pause{pause(on(4), on(8))}, time.Time{}, on(10), withPaused(active(8), 3, false)},
		{"a pause keeps day 30", []workbook.Pause{pause(on(4), on(6))}, time.Time{}, on(30), withPaused(active(30), 1, false)},
		{"then day 31", []workbook.Pause{pause(on(4), on(6))}, time.Time{}, on(31), want{workbook.StatusComplete, 31, 5, 1, workbook.PhaseNone, 0}},
		{"several pauses", []workbook.Pause{pause(on(2), on(5)), pause(on(10), on(12)), pause(on(15), "")}, time.Time{}, on(20),
			withPaused(active(13), 8, true)},
		{"several closed pauses", []workbook.Pause{pause(on(2), on(5)), pause(on(10), on(12))}, time.Time{}, on(20),
			withPaused(active(18), 3, false)},
		{"overlapping pauses count once", []workbook.Pause{pause(on(2), on(8)), pause(on(4), on(6))}, time.Time{}, on(10),
			withPaused(active(6), 5, false)},
		{"before the start, resumed after", []workbook.Pause{pause(on(-5), on(3))}, time.Time{}, on(10), withPaused(active(8), 3, false)},
		{"before the start, resumed on it", []workbook.Pause{pause(on(-5), on(0))}, time.Time{}, on(10), active(11)},
		{"wholly before the start", []workbook.Pause{pause(on(-10), on(-5))}, time.Time{}, on(0), active(1)},
		{"paused before the start, still paused", []workbook.Pause{pause(on(-3), "")}, time.Time{}, on(4), withPaused(active(1), 5, true)},
		{"paused before a future start", []workbook.Pause{pause(on(-3), "")}, time.Time{}, on(-2),
			want{workbook.StatusPaused, 0, 0, 0, workbook.PhaseNone, 2}},
		{"a pause after today (clock set back)", []workbook.Pause{pause(on(8), "")}, time.Time{}, on(5), withPaused(active(6), 0, true)},
		{"a resume after today", []workbook.Pause{pause(on(2), on(9))}, time.Time{}, on(5), withPaused(active(3), 3, false)},
	}
	for _, tt := range tests {
		r := workbook.Run{StartDate: s, Pauses: tt.pauses, ClosedAt: tt.closed}
		got := builtin.Status(r, d(tt.today))
		w := tt.want
		if got.Status != w.status || got.Day != w.day || got.Week != w.week || got.PausedDays != w.paused ||
			got.Phase != w.phase || got.DaysToStart != w.toStart {
			t.Errorf("%s (today %s): got %s day %d week %d paused %d phase %d toStart %d; want %s day %d week %d paused %d phase %d toStart %d",
				tt.name, tt.today, got.Status, got.Day, got.Week, got.PausedDays, got.Phase, got.DaysToStart,
				w.status, w.day, w.week, w.paused, w.phase, w.toStart)
		}
		// The flags agree with the status.
		if got.Closed != (w.status == workbook.StatusClosed) ||
			got.Paused != (w.status == workbook.StatusPaused) ||
			got.Complete != (w.status == workbook.StatusComplete) ||
			got.NotStarted != (w.toStart > 0) {
			t.Errorf("%s: flags %+v", tt.name, got)
		}
	}
}

func TestRunStatusAtMidnight(t *testing.T) {
	ny := zone(t, "America/New_York")
	plus := time.FixedZone("UTC+14", 14*3600)
	tests := []struct {
		name  string
		start string
		now   time.Time
		day   int
	}{
		{"day 10 to the last second", "2026-03-09", time.Date(2026, 3, 18, 23, 59, 59, 0, ny), 10},
		{"day 11 at midnight", "2026-03-09", time.Date(2026, 3, 19, 0, 0, 0, 0, ny), 11},
		{"spring forward day, last second", "2026-03-07", time.Date(2026, 3, 8, 23, 59, 59, 0, ny), 2},
		{"the midnight after it", "2026-03-07", time.Date(2026, 3, 9, 0, 0, 0, 0, ny), 3},
		{"fall back day, the repeated hour", "2026-10-31", time.Date(2026, 11, 1, 1, 30, 0, 0, ny).Add(time.Hour), 2},
		{"fall back day, last second", "2026-10-31", time.Date(2026, 11, 1, 23, 59, 59, 0, ny), 2},
		{"the midnight after that", "2026-10-31", time.Date(2026, 11, 2, 0, 0, 0, 0, ny), 3},
		{"day 30 to the last second", "2026-10-10", time.Date(2026, 11, 8, 23, 59, 59, 0, ny), 30},
		{"day 31 at midnight", "2026-10-10", time.Date(2026, 11, 9, 0, 0, 0, 0, ny), 31},
		// Far east of UTC the local date is already the next one.
		{"fixed zone, local date counts", "2026-11-28", time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC).In(plus), 2},
		{"fixed zone, just before midnight", "2026-11-28", time.Date(2026, 11, 28, 9, 59, 59, 0, time.UTC).In(plus), 1},
	}
	for _, tt := range tests {
		r := workbook.Run{StartDate: d(tt.start)}
		if got := builtin.Status(r, workbook.FixedClock(tt.now).Today()); got.Day != tt.day {
			t.Errorf("%s: %v is day %d, want %d", tt.name, tt.now, got.Day, tt.day)
		}
	}
}

func TestRunStartFallsBackToStartedAt(t *testing.T) {
	r := workbook.Run{StartedAt: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	if r.Start() != d("2026-11-28") {
		t.Errorf("Start() = %v", r.Start())
	}
	if got := builtin.Status(r, d("2026-11-30")).Day; got != 3 {
		t.Errorf("day %d, want 3", got)
	}
	if got := builtin.Status((workbook.Run{}), d("2026-11-30")); got.Day != 1 || got.Status != workbook.StatusActive {
		t.Errorf("a run without any date: %+v", got)
	}
}

func TestRunPauseHelpers(t *testing.T) {
	s := d("2026-11-01")
	open := workbook.Run{StartDate: s}
	paused := workbook.Run{StartDate: s, Pauses: []workbook.Pause{pause("2026-11-02", "2026-11-03"), pause("2026-11-05", "")}}
	resumed := workbook.Run{StartDate: s, Pauses: []workbook.Pause{pause("2026-11-02", "2026-11-03")}}
	closed := workbook.Run{StartDate: s, ClosedAt: time.Now()}
	closedPaused := paused
	closedPaused.ClosedAt = time.Now()

	if open.IsPaused() || !paused.IsPaused() || resumed.IsPaused() {
		t.Error("IsPaused")
	}
	today := d("2026-11-10")
	if !builtin.CanPause(open, today) || builtin.CanPause(paused, today) || !builtin.CanPause(resumed, today) || builtin.CanPause(closed, today) {
		t.Error("CanPause")
	}
	if builtin.CanPause(open, d("2026-12-15")) {
		t.Error("CanPause on a complete run")
	}
	if !builtin.CanPause(open, d("2026-10-30")) {
		t.Error("CanPause before the start")
	}
	if open.CanResume() || !paused.CanResume() || resumed.CanResume() || closedPaused.CanResume() {
		t.Error("CanResume")
	}
	if got := builtin.Status(closedPaused, today); got.Paused || got.Status != workbook.StatusClosed {
		t.Errorf("closed and paused: %+v", got)
	}

	if !workbook.CanStartRun(nil) || workbook.CanStartRun([]workbook.Run{open}) ||
		workbook.CanStartRun([]workbook.Run{open, closed}) || workbook.CanStartRun([]workbook.Run{closed, open}) ||
		!workbook.CanStartRun([]workbook.Run{closed}) {
		t.Error("CanStartRun")
	}

	var names []string
	for st := workbook.StatusActive; st <= workbook.StatusClosed+1; st++ {
		names = append(names, st.String())
	}
	want := []string{"active", "not started", "paused", "complete", "closed", "unknown"}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("status names %q, want %q", names, want)
			break
		}
	}
}

// The current run is the open one whatever its number and place; with
// none open, the last started (runs come by start date).
func TestCurrentRun(t *testing.T) {
	closed := workbook.Run{ID: "a", Number: 2, ClosedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	open := workbook.Run{ID: "b", Number: 1}
	later := workbook.Run{ID: "c", Number: 3, ClosedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		runs     []workbook.Run
		want     string
		canStart bool
	}{
		{nil, "", true},
		{[]workbook.Run{closed}, "a", true},
		{[]workbook.Run{closed, open}, "b", false},
		{[]workbook.Run{open, closed}, "b", false},
		{[]workbook.Run{closed, open, later}, "b", false},
		{[]workbook.Run{closed, later}, "c", true},
	} {
		got := ""
		if r := workbook.CurrentRun(c.runs); r != nil {
			got = r.ID
		}
		if got != c.want || workbook.CanStartRun(c.runs) != c.canStart {
			t.Errorf("%v: current %q, can start %v; want %q, %v", c.runs, got, workbook.CanStartRun(c.runs), c.want, c.canStart)
		}
	}
}

// WeekStart is the first day of today's run week: seven counted days, a
// pause making the week longer.
func TestWeekStart(t *testing.T) {
	d := func(s string) workbook.Date {
		v, err := workbook.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	run := workbook.Run{StartDate: d("2026-11-02")}
	paused := run
	paused.Pauses = []workbook.Pause{{From: d("2026-11-10"), To: d("2026-11-13")}} // the 11th and 12th do not count
	open := run
	open.Pauses = []workbook.Pause{{From: d("2026-11-10")}}
	for _, c := range []struct {
		run         workbook.Run
		today, want string
	}{
		{run, "2026-11-01", ""},
		{run, "2026-11-02", "2026-11-02"},
		{run, "2026-11-08", "2026-11-02"},
		{run, "2026-11-09", "2026-11-09"},
		{run, "2026-11-20", "2026-11-16"},
		{paused, "2026-11-15", "2026-11-09"},
		{paused, "2026-11-17", "2026-11-09"}, // day 14
		{paused, "2026-11-18", "2026-11-18"}, // day 15
		{open, "2026-12-20", "2026-11-09"},   // day 9 for ever
	} {
		got := c.run.WeekStart(d(c.today))
		if want := c.want; got.String() != want && !(want == "" && got.IsZero()) {
			t.Errorf("%v on %s: week starts %v, want %s", c.run.Pauses, c.today, got, want)
		}
		// Every day from it to today is in today's week, the day before is not.
		if !got.IsZero() {
			week := builtin.Status(c.run, d(c.today)).Week
			if builtin.Status(c.run, got).Week != week || builtin.Status(c.run, got.AddDays(-1)).Week == week {
				t.Errorf("%s: %v is not the first day of week %d", c.today, got, week)
			}
		}
	}
}

package workbook

// Overdue says what a run lacks this run week (days 1-7, 8-14, ...): the
// weekly report (days 11-30) and the stability check-in (days 1-30).
type Overdue struct {
	Report  bool // no report dated in the current run week, on days 11-30
	CheckIn bool // no check-in dated in the current run week, on days 1-30
}

// Any reports whether anything is overdue.
func (o Overdue) Any() bool { return o.Report || o.CheckIn }

// OverdueFor says what is overdue on today for the run, from the dates of
// its reports and of its check-ins. A date counts for the run week it
// falls in, counted as Run.Status counts days (paused days do not count,
// so a pause moves the weeks); zero dates and dates before the start
// count for none. Nothing is overdue unless the run is active: not when
// it is paused, not started, complete or closed.
func OverdueFor(run Run, today Date, reportDates, checkInDates []Date) Overdue {
	st := run.Status(today)
	if st.Status != StatusActive || st.Day < 1 || st.Day > ProgramDays {
		return Overdue{}
	}
	first, _ := PhaseResponsibility.Days()
	return Overdue{
		Report:  st.Day >= first && !anyInRunWeek(run, st.Week, reportDates),
		CheckIn: !anyInRunWeek(run, st.Week, checkInDates),
	}
}

// anyInRunWeek reports whether one of dates falls in the given run week.
func anyInRunWeek(run Run, week int, dates []Date) bool {
	for _, d := range dates {
		if inRunWeek(run, week, d) {
			return true
		}
	}
	return false
}

// inRunWeek reports whether the date falls in the given run week (week >=
// 1); a zero date never does.
func inRunWeek(run Run, week int, d Date) bool {
	return week >= 1 && !d.IsZero() && run.Status(d).Week == week
}

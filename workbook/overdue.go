package workbook

// Overdue says what a run lacks this run week (days 1-7, 8-14, ...): the
// weekly report (days 11-30 in the built-in guide) and the stability
// check-in (every day of the program).
type Overdue struct {
	Report  bool // no report dated in the current run week, from the report's phase on
	CheckIn bool // no check-in dated in the current run week
}

// Any reports whether anything is overdue.
func (o Overdue) Any() bool { return o.Report || o.CheckIn }

// OverdueFor says what is overdue on today for the run, from the dates of
// its reports and of its check-ins. A date counts for the run week it
// falls in, counted as Program.Status counts days (paused days do not
// count, so a pause moves the weeks); zero dates and dates before the
// start count for none. Nothing is overdue unless the run is active: not
// when it is paused, not started, complete or closed. The report is due
// from the first day of its exercise's phase (role report; day 11 in the
// built-in guide), the check-in from day 1; neither when the workbook has
// no exercise of its role.
func (w *Workbook) OverdueFor(run Run, today Date, reportDates, checkInDates []Date) Overdue {
	st := w.Program.Status(run, today)
	if st.Status != StatusActive || st.Day < 1 {
		return Overdue{}
	}
	var o Overdue
	if report, ok := w.ByRole(RoleReport); ok {
		first, _ := w.Program.PhaseDays(Phase(report.Phase))
		o.Report = st.Day >= first && !anyInRunWeek(run, st.Week, reportDates)
	}
	if _, ok := w.ByRole(RoleCheckIn); ok {
		o.CheckIn = !anyInRunWeek(run, st.Week, checkInDates)
	}
	return o
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
	return week >= 1 && !d.IsZero() && run.count(d).Week == week
}

package plain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"autonomy/workbook"
)

// review lists a run's entries, newest first, each said by its summary
// (workbook.EntrySummary), and says the one chosen in full. With several
// runs, it asks which first.
func (s *session) review() error {
	runs := s.prog.Runs
	if len(runs) == 0 {
		s.say("Nothing to review yet: start a run first.")
		return nil
	}
	run := *workbook.CurrentRun(runs)
	if len(runs) > 1 {
		s.say("")
		for i := len(runs) - 1; i >= 0; i-- {
			s.item(runs[i].Number, fmt.Sprintf("Run %d: %s", runs[i].Number, workbook.SanitizeLine(runs[i].Challenge)))
		}
		a, ok := s.ask("Which run? (enter for run " + strconv.Itoa(run.Number) + ") ")
		if !ok {
			return nil
		}
		if a != "" {
			n, _ := strconv.Atoi(a)
			i := slices.IndexFunc(runs, func(r workbook.Run) bool { return r.Number == n })
			if i < 0 {
				s.say("There is no run %q.", a)
				return nil
			}
			run = runs[i]
		}
	}
	entries, err := s.Store.Entries(s.ctx, run.ID)
	if err != nil {
		return err
	}
	slices.SortStableFunc(entries, func(a, b workbook.Entry) int { return workbook.CompareEntries(b, a) })
	c := s.Workbook.SummaryContextFor(entries)
	metric, hasMetric := s.Workbook.Metric(entries)
	for {
		s.say("")
		s.say("Run %d: %s, newest first.", run.Number, workbook.Plural(len(entries), "entry"))
		for i, e := range entries {
			s.item(i+1, s.entryLine(e, c))
		}
		a, ok := s.ask("Entry number to read it whole (enter goes back): ")
		if !ok || a == "" {
			return nil
		}
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 || n > len(entries) {
			s.say("There is no entry %q: type a number from 1 to %d.", a, len(entries))
			continue
		}
		e := entries[n-1]
		ex, known := s.Workbook.Exercise(e.Exercise)
		if named, ok := s.Workbook.MetricValueForm(metric); ok && hasMetric && ex.Role == workbook.RoleMetricValue {
			ex = named // "Cycle time, in h: 28"
		}
		s.entry(e, ex, known)
	}
}

// entryLine is an entry in one line: its exercise, date and summary.
func (s *session) entryLine(e workbook.Entry, c workbook.SummaryContext) string {
	title := e.Exercise
	if ex, ok := s.Workbook.Exercise(e.Exercise); ok {
		title = ex.Title
	}
	line := title + ", " + e.Date.String()
	if sum := s.Workbook.EntrySummary(e, c); !sum.IsEmpty() {
		line += ": " + sum.String()
	}
	if e.Revisions > 1 {
		line += " (" + workbook.Plural(e.Revisions, "version") + ")"
	}
	return workbook.SanitizeLine(line)
}

// entry says an entry whole, by the exercise's fields: each by its label,
// a list item by item, several lines line by line.
func (s *session) entry(e workbook.Entry, ex workbook.Exercise, known bool) {
	s.say("")
	if !known {
		s.say("%s (an exercise this version does not know), %s", workbook.SanitizeLine(e.Exercise), e.Date)
		return
	}
	s.say("%s, %s, saved %s", ex.Title, e.Date, e.Current.SavedAt.Local().Format("2006-01-02 15:04"))
	a := e.Current.Answer
	for _, f := range ex.Fields {
		switch f.Kind {
		case workbook.FieldList:
			items := a.Lists[f.ID]
			if len(items) == 0 {
				continue
			}
			s.say("%s:", f.Label)
			for i, it := range items {
				s.item(i+1, workbook.SanitizeLine(it.Text))
			}
		case workbook.FieldTextarea:
			if strings.TrimSpace(a.Fields[f.ID]) == "" {
				continue
			}
			s.say("%s:", f.Label)
			for _, l := range strings.Split(a.Fields[f.ID], "\n") {
				s.say("%s", workbook.SanitizeLine(l))
			}
		default:
			if v := workbook.DisplayValue(f, a.Fields[f.ID]); v != "" {
				s.say("%s: %s", workbook.SanitizeLine(f.Label), v)
			}
		}
	}
}

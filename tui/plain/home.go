package plain

import (
	"fmt"
	"strconv"
	"strings"

	"autonomy/tui/exform"
	"autonomy/workbook"
)

// choice is one numbered line of Home's menu and what it does.
type choice struct {
	label string
	do    func() error
}

// home says where the run stands and the menu, then does what is chosen,
// until the person quits (q) or the input ends.
func (s *session) home() error {
	s.say("%s", s.Workbook.Title)
	keys := "Type q to quit. "
	if len(s.Workbook.SafetySections()) > 0 {
		keys = "Type q to quit, ! for the guide's safety boundary. "
	}
	s.para("Accessible mode: type the number of what you want and press enter. " + keys +
		"In a form, ctrl+d leaves it: your answers so far are kept as a draft.")
	for {
		if err := s.load(); err != nil {
			return err
		}
		s.say("")
		s.summary()
		menu := s.menu()
		s.say("")
		for i, c := range menu {
			s.item(i+1, c.label)
		}
		s.say("q. Quit")
		for picked := false; !picked; {
			answer, ok := s.ask("Choose a number: ")
			switch answer = strings.ToLower(answer); {
			case !ok || answer == "q" || answer == "quit":
				s.goodbye()
				return nil
			case answer == "!":
				if err := s.safety(); err != nil {
					return err
				}
				picked = true
			case answer == "":
				picked = true // the menu again
			default:
				n, err := strconv.Atoi(answer)
				if err != nil || n < 1 || n > len(menu) {
					s.say("There is no %q on the menu: type a number from 1 to %d, or q to quit.", answer, len(menu))
					continue
				}
				if err := menu[n-1].do(); err != nil {
					return err
				}
				picked = true
			}
		}
	}
}

// goodbye says what is kept.
func (s *session) goodbye() {
	if len(s.prog.Drafts) > 0 {
		s.say("Goodbye. Your answers are saved, and your %s kept for next time.", workbook.Plural(len(s.prog.Drafts), "draft"))
		return
	}
	s.say("Goodbye. Your answers are saved.")
}

// summary says the run at a glance, as Home's header does.
func (s *session) summary() {
	p := &s.prog
	wb := s.Workbook
	wh := s.where()
	if run := wh.Run; run == nil {
		s.say("No run yet: the %d-day program starts when you %s.", wb.Program.Days(), s.startWords())
	} else {
		st := wh.State
		s.para(fmt.Sprintf("Run %d: %s.", run.Number, strings.Join(wb.Program.StateParts(st), ", ")))
		s.para("Challenge: " + workbook.SanitizeLine(run.Challenge))
		if !st.Closed {
			var parts []string
			for _, c := range workbook.PhaseProgress(s.Workbook, p.Entries) {
				parts = append(parts, fmt.Sprintf("%s %d of %d", wb.Program.PhaseTitle(c.Phase), c.Done, c.Total))
			}
			s.para("Progress: " + strings.Join(parts, ", ") + ".")
			if line := s.metricWords(); line != "" {
				s.para(line)
			}
			if c, ok := s.Workbook.LastCheckIn(p.Entries); ok {
				s.para(fmt.Sprintf("Last check-in, %s: %s.", c.Date, workbook.SanitizeLine(s.Workbook.RatingLine(c))))
			}
			od := wb.OverdueFor(*run, p.Today, wb.Dates(p.Entries, workbook.RoleReport), wb.Dates(p.Entries, workbook.RoleCheckIn))
			var due []string
			if od.Report {
				due = append(due, "this week's report")
			}
			if od.CheckIn {
				due = append(due, "this week's check-in")
			}
			if len(due) > 0 {
				s.para("Due this week: " + strings.Join(due, " and ") + ".")
			}
		}
	}
	if !p.safetySeen && len(wb.SafetySections()) > 0 {
		s.say("Type ! any time for the guide's safety boundary.")
	}
}

// where is where the person stands, as Home and `autonomy next` say it.
func (s *session) where() workbook.Where {
	p := &s.prog
	return s.Workbook.Where(workbook.Overview{Runs: p.Runs, Entries: p.Entries, Read: p.read}, p.Today)
}

// startWords say what starting a run asks: "name one real challenge".
func (s *session) startWords() string {
	if ex, ok := s.Workbook.RunStart(); ok {
		return ex.StepWords()
	}
	return "start a run"
}

// metricWords say where the metric stands, in words instead of a
// sparkline: "Metric, Cycle time: 28 h, down 20 h (-41.7%) from the
// baseline of 48 h: better; target 36 h: reached."
func (s *session) metricWords() string {
	def, ok := s.Workbook.Metric(s.prog.Entries)
	if !ok {
		return ""
	}
	sum := workbook.Summarize(def, s.Workbook.MetricPoints(s.prog.Entries, def.Unit))
	w := sum.Words(def)
	base := workbook.FormatMetric(def.Baseline, def.Unit)
	var says string
	switch {
	case !sum.HasLatest:
		says = "no value yet, baseline " + base
	case sum.Same:
		says = w.Latest + ", the same as the baseline"
	default:
		says = fmt.Sprintf("%s, %s (%s) from the baseline of %s: %s", w.Latest, w.Change, w.Percent, base, w.Verdict)
	}
	return workbook.SanitizeLine(fmt.Sprintf("Metric, %s: %s; %s.", def.Name, says, sum.DescribeTarget(def)))
}

// menu is Home's list: the next step first, then the drafts, the run's
// exercises, pausing, the review, the guide and the safety boundary.
func (s *session) menu() []choice {
	p := &s.prog
	wb := s.Workbook
	var menu []choice
	step := s.where().Step
	menu = append(menu, choice{"Next: " + step.Title, func() error { return s.follow(step) }})
	if step.Alt != nil {
		alt := *step.Alt
		menu = append(menu, choice{"Or: " + alt.Title, func() error { return s.follow(alt) }})
	}
	for _, d := range p.Drafts {
		ex, ok := wb.Exercise(d.Exercise)
		if !ok {
			continue
		}
		t := exform.Target{Ex: ex, RunID: d.RunID, EntryID: d.EntryID}
		menu = append(menu, choice{fmt.Sprintf("Draft: %s, from %s", ex.Title, d.SavedAt.Local().Format("2006-01-02 15:04")),
			func() error { return s.fill(t) }})
	}
	if run := p.OpenRun(); run != nil {
		done := map[string]bool{}
		for _, e := range p.Entries {
			done[e.Exercise] = true
		}
		for _, ex := range wb.Exercises {
			menu = append(menu, choice{s.exerciseLabel(ex, done[ex.ID]), func() error { return s.exercise(ex) }})
		}
		switch {
		case run.CanResume():
			menu = append(menu, choice{"Resume the run", s.togglePause})
		case wb.Program.CanPause(*run, p.Today):
			label := "Pause the run (paused days do not count)"
			if len(wb.SafetySections()) > 0 {
				label = "Pause the run (the guide's safety boundary: paused days do not count)"
			}
			menu = append(menu, choice{label, s.togglePause})
		}
	}
	menu = append(menu, choice{"Review your entries", s.review}, choice{"Read the guide", s.guide})
	if len(wb.SafetySections()) > 0 {
		menu = append(menu, choice{"The safety boundary (also ! at any menu)", s.safety})
	}
	return menu
}

// exerciseLabel says an exercise on the menu as Home does.
func (s *session) exerciseLabel(ex workbook.Exercise, done bool) string {
	switch ex.Kind {
	case workbook.KindRun:
		return ex.Title + ": done, change it"
	case workbook.KindRecurring:
		reports := 0
		for id, n := range s.prog.counts {
			if e, ok := s.Workbook.Exercise(id); ok && e.Kind == workbook.KindRecurring {
				reports += n
			}
		}
		return fmt.Sprintf("%s (%s so far)", ex.Action(), workbook.Plural(reports, "report")) // not a content id
	case workbook.KindLog:
		return ex.Action() + " (any time)"
	case workbook.KindDaily:
		return ex.Action() + " (one a day)"
	case workbook.KindClosing:
		return fmt.Sprintf("%s (after day %d)", ex.Title, s.Workbook.Program.Days())
	}
	state := "to do"
	if done {
		state = "done"
	}
	return fmt.Sprintf("%s: %s, %s", ex.Title, state, s.Workbook.Program.PhaseTitle(workbook.Phase(ex.Phase)))
}

// follow does what the next step says.
func (s *session) follow(st workbook.Step) error {
	wb := s.Workbook
	switch st.Kind {
	case workbook.StepResume:
		return s.togglePause()
	case workbook.StepCheckIn:
		if ex, ok := wb.ByRole(workbook.RoleCheckIn); ok {
			return s.exercise(ex)
		}
	case workbook.StepDone:
		s.say("Nothing to do for now.")
		return nil
	case workbook.StepRead:
	default:
		if ex, ok := wb.Exercise(st.Exercise); ok {
			return s.exercise(ex)
		}
	}
	if sec, ok := wb.Section(st.Section); ok {
		return s.read(sec)
	}
	return nil
}

// exercise opens an exercise's form as the full screen would
// (exform.Which).
func (s *session) exercise(ex workbook.Exercise) error {
	t, ok := exform.Which(s.Workbook, s.prog.Program, ex)
	if t.Note != "" {
		s.say("%s", t.Note)
	}
	if !ok {
		return nil
	}
	return s.fill(t)
}

// togglePause pauses or resumes the open run.
func (s *session) togglePause() error {
	run := s.prog.OpenRun()
	if run == nil {
		return nil
	}
	if run.IsPaused() {
		if err := s.Store.ResumeRun(s.ctx, run.ID, s.prog.Today, s.Now()); err != nil {
			return err
		}
		s.say("Resumed. Welcome back.")
		return nil
	}
	if err := s.Store.PauseRun(s.ctx, run.ID, s.prog.Today, s.Now()); err != nil {
		return err
	}
	s.say("Paused: the days do not count until you resume. Take the time you need.")
	return nil
}

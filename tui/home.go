package tui

import (
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// homeItemKind says what a line of Home does.
type homeItemKind int

const (
	itemHeading  homeItemKind = iota // a label, never selected
	itemNext                         // the next step
	itemDraft                        // an exercise with a draft
	itemContinue                     // continue reading
	itemExercise                     // an exercise of the current run
	itemPause                        // pause or resume the run
	itemSection                      // a section of the guide
	itemMetric                       // the metric's chart
)

// homeItem is one line of Home's list.
type homeItem struct {
	kind     homeItemKind
	label    string
	right    string
	section  int
	exercise string
	step     workbook.Step
	done     bool
	draft    workbook.Draft // for itemDraft
}

// homeScreen is the start screen and the bottom of the stack: the run at a
// glance, the next step, the drafts, the exercises and the guide's
// sections.
type homeScreen struct {
	*app
	items   []homeItem
	cursor  int
	summary []string // the run's lines above the list
}

func newHome(a *app) *homeScreen {
	h := &homeScreen{app: a}
	h.refresh()
	return h
}

func (h *homeScreen) Name() string           { return "Home" }
func (h *homeScreen) place() workbook.Screen { return workbook.ScreenHome }

func (h *homeScreen) Keys() help.KeyMap {
	k, g := h.keys.home, h.keys.global
	return keyHelp{
		short: []key.Binding{k.Down, k.Open, g.Search, g.Review, g.Share, g.Safety, g.Help, g.Quit},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Top, k.Bottom, k.Open},
			{g.Search, g.Review, g.Share},
			{g.Safety, g.Help, g.Quit, g.ForceQuit},
		},
	}
}

// refresh rebuilds Home from the program; the next step comes first and
// is selected, so enter opens it.
func (h *homeScreen) refresh() {
	h.items = h.items[:0]
	h.summary = h.summary[:0]
	p := &h.prog
	if h.store != nil && p.loaded {
		h.addProgram()
	}
	if r := h.reader; r.visited {
		h.items = append(h.items, homeItem{kind: itemContinue, label: "Continue reading · " + h.wb.Sections[r.section].Title, section: r.section})
	}
	h.items = append(h.items, homeItem{kind: itemHeading, label: "The guide"})
	for i, s := range h.wb.Sections {
		it := homeItem{kind: itemSection, label: fmt.Sprintf("%d  %s", s.Number, s.Title), section: i}
		if n := len(h.wb.ExercisesFor(s.ID)); n > 0 {
			it.right = "✎ " + workbook.Plural(n, "exercise")
		}
		if p.read[s.ID] {
			it.label += " ·"
		}
		h.items = append(h.items, it)
	}
	h.cursor = h.first()
}

// addProgram adds the run's summary, the next step, drafts and exercises.
func (h *homeScreen) addProgram() {
	m := h.app
	p := &m.prog
	st := m.styles
	run := p.latest()
	step := workbook.NextStep(m.wb, workbook.StepInput{Runs: p.runs, Entries: p.entries, Read: p.read, Today: p.today,
		WeeklyCheckIn: true, CheckIns: p.checkIns.dates})
	if run != nil {
		s := run.Status(p.today)
		var state string
		switch {
		case s.Closed:
			state = "closed"
		case s.Paused:
			state = fmt.Sprintf("Day %d of %d · paused", s.Day, workbook.ProgramDays)
		case s.NotStarted:
			state = fmt.Sprintf("starts in %s", workbook.Plural(s.DaysToStart, "day"))
		case s.Complete:
			state = "30 days done · the self-assessment closes it"
		default:
			state = fmt.Sprintf("Day %d of %d · %s", s.Day, workbook.ProgramDays, s.Phase.Title())
		}
		h.summary = append(h.summary,
			st.Subtitle.Render(fmt.Sprintf("Run %d · %s", run.Number, state)),
			st.Muted.Render("Challenge: ")+st.Item.Render(workbook.SanitizeLine(run.Challenge)))
		if !s.Closed {
			for _, c := range workbook.PhaseProgress(m.wb, p.entries) {
				h.summary = append(h.summary, fmt.Sprintf("%-20s %s %d/%d", c.Phase.Title(), bar(c.Done, c.Total, 12, st), c.Done, c.Total))
			}
			if mi := p.metric; mi != nil {
				h.summary = append(h.summary, st.Muted.Render(fmt.Sprintf("%-20s ", "Metric"))+st.Mark.Render(mi.spark)+" "+
					st.Item.Render(workbook.SanitizeLine(mi.summary.Describe(mi.def))))
			}
			if c := p.checkIns.last; c != nil {
				h.summary = append(h.summary, st.Muted.Render(fmt.Sprintf("%-20s ", "Last check-in"))+
					st.Item.Render(c.Date.String()+": "+workbook.SanitizeLine(ratingLine(c.Current.Answer))))
			}
			var late []string
			reports := []workbook.Date{}
			for _, e := range p.entries {
				if e.Exercise == "report" {
					reports = append(reports, e.Date)
				}
			}
			od := workbook.OverdueFor(*run, p.today, reports, p.checkIns.dates)
			if od.Report {
				late = append(late, "this week's report")
			}
			if od.CheckIn {
				late = append(late, "this week's check-in")
			}
			if len(late) > 0 {
				h.summary = append(h.summary, st.Warning.Render(fmt.Sprintf("%-20s ", "Due this week")+strings.Join(late, ", ")))
			}
		}
	}

	next := homeItem{kind: itemNext, label: "Next: " + step.Title, step: step}
	h.items = append(h.items, next)
	if step.Alt != nil {
		h.items = append(h.items, homeItem{kind: itemNext, label: "Or: " + step.Alt.Title, step: *step.Alt})
	}

	if len(p.drafts) > 0 {
		h.items = append(h.items, homeItem{kind: itemHeading, label: "Drafts"})
		for _, d := range p.drafts {
			ex, ok := m.wb.Exercise(d.Exercise)
			if !ok {
				continue
			}
			h.items = append(h.items, homeItem{kind: itemDraft, label: ex.Title, right: "draft from " + clock(d.SavedAt), exercise: d.Exercise, draft: d})
		}
	}

	open := p.openRun()
	if open == nil {
		return
	}
	h.items = append(h.items, homeItem{kind: itemHeading, label: "Your run"})
	done := map[string]bool{}
	for _, e := range p.entries {
		done[e.Exercise] = true
	}
	reports := 0
	for id, n := range p.counts {
		if ex, ok := m.wb.Exercise(id); ok && ex.Kind == workbook.KindRecurring {
			reports += n
		}
	}
	for _, ex := range m.wb.Exercises {
		it := homeItem{kind: itemExercise, exercise: ex.ID, done: done[ex.ID]}
		switch ex.Kind {
		case workbook.KindRun:
			it.label, it.right = ex.Title, "edit"
		case workbook.KindRecurring:
			it.label, it.right = "New "+strings.ToLower(ex.Title), workbook.Plural(reports, "report")+" so far"
		case workbook.KindLog:
			it.label, it.right = "New "+strings.ToLower(ex.Title), "any time"
		case workbook.KindDaily:
			it.label, it.right = "Log a "+strings.ToLower(ex.Title), "one a day"
		case workbook.KindClosing:
			it.label, it.right = ex.Title, "after day 30"
		default:
			it.label = ex.Title
			it.right = workbook.Phase(ex.Phase).Title()
		}
		if ex.ID == workbook.MetricExercise && p.metric != nil {
			h.items = append(h.items, it)
			it = homeItem{kind: itemMetric, label: "↳ Metric chart", right: p.metric.spark, done: true}
		}
		h.items = append(h.items, it)
	}
	if open.CanResume() {
		h.items = append(h.items, homeItem{kind: itemPause, label: "Resume the run"})
	} else if open.CanPause(p.today) {
		h.items = append(h.items, homeItem{kind: itemPause, label: "Pause the run", right: "the guide's safety boundary"})
	}
}

// bar draws a progress bar of width w.
func bar(done, total, w int, st Styles) string {
	if total == 0 {
		return strings.Repeat("░", w)
	}
	n := done * w / total
	return st.Mark.Render(strings.Repeat("█", n)) + st.Muted.Render(strings.Repeat("░", w-n))
}

// first is the first line that can be selected (headings cannot).
func (h *homeScreen) first() int {
	for i, it := range h.items {
		if it.kind != itemHeading {
			return i
		}
	}
	return 0
}

func (h *homeScreen) move(d int) {
	for i := h.cursor + d; i >= 0 && i < len(h.items); i += d {
		if h.items[i].kind != itemHeading {
			h.cursor = i
			return
		}
	}
}

func (h *homeScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		return h, h.handleKey(km)
	}
	return h, nil
}

func (h *homeScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k, g := h.keys.home, h.keys.global
	switch {
	case key.Matches(msg, k.Up):
		h.move(-1)
	case key.Matches(msg, k.Down):
		h.move(1)
	case key.Matches(msg, k.Top):
		h.cursor = h.first()
	case key.Matches(msg, k.Bottom):
		h.cursor = len(h.items) - 1
	case key.Matches(msg, k.Open):
		return h.open(h.items[h.cursor])
	case key.Matches(msg, g.Search):
		return h.openSearch(h)
	case key.Matches(msg, g.Review):
		return h.openReview()
	case key.Matches(msg, g.Share):
		return h.openShare(h.prog.latest())
	default:
		cmd, _ := h.globalKey(h, msg)
		return cmd
	}
	return nil
}

func (h *homeScreen) open(it homeItem) tea.Cmd {
	switch it.kind {
	case itemContinue:
		return h.openReader(h.reader.section, h.reader.currentBlock())
	case itemSection:
		return h.openReader(it.section, 0)
	case itemDraft:
		// A draft opens where it was written, even in a run since closed.
		if ex, ok := h.wb.Exercise(it.exercise); ok {
			return h.openForm(ex, it.draft.RunID, it.draft.EntryID)
		}
	case itemExercise:
		if ex, ok := h.wb.Exercise(it.exercise); ok {
			return h.openExercise(ex)
		}
	case itemPause:
		return h.togglePause()
	case itemMetric:
		return h.openMetric()
	case itemNext:
		return h.followStep(it.step)
	}
	return nil
}

func (h *homeScreen) View(w, height int) string {
	m := h.app
	st := m.styles
	header := []string{"", "  " + st.Title.Render(ansi.Truncate(m.wb.Title, w-4, "…"))}
	if len(h.summary) == 0 {
		header = append(header, "  "+st.Muted.Render(ansi.Truncate(fmt.Sprintf("A workbook for the guide · %d sections · %d exercises", len(m.wb.Sections), len(m.wb.Exercises)), w-4, "…")))
	}
	for _, l := range h.summary {
		header = append(header, "  "+ansi.Truncate(l, w-4, "…"))
	}
	if m.store != nil && m.prog.loaded && !m.prog.safetySeen {
		header = append(header, "  "+st.Warning.Render(ansi.Truncate("Press ! any time for the guide's safety boundary.", w-4, "…")))
	}
	header = append(header, "")
	avail := height - len(header)
	lines := make([]string, 0, len(h.items)+8)
	cursorRow := 0
	for i, it := range h.items {
		if it.kind == itemHeading {
			lines = append(lines, "") // air above each group
		}
		if i == h.cursor {
			cursorRow = len(lines)
		}
		lines = append(lines, h.itemLine(it, i == h.cursor, w))
	}
	// Keep the cursor in view when the list is taller than the screen.
	start := 0
	if avail > 0 && cursorRow >= avail {
		start = cursorRow - avail + 1
	}
	if avail > 0 {
		lines = lines[start:min(len(lines), start+avail)]
	} else {
		lines = nil
	}
	return fit(strings.Join(append(header, lines...), "\n"), w, height)
}

func (h *homeScreen) itemLine(it homeItem, selected bool, width int) string {
	st := h.styles
	w := width - 4
	if it.kind == itemHeading {
		return "  " + st.Muted.Render(ansi.Truncate(it.label, w, "…"))
	}
	label := it.label
	if it.kind == itemExercise {
		mark := "○ "
		if it.done {
			mark = "✓ "
		}
		label = mark + label
	}
	right := it.right
	labelW := w - ansi.StringWidth(right) - 2
	if right == "" {
		labelW = w
	}
	label = ansi.Truncate(label, max(labelW, 1), "…")
	pad := max(w-ansi.StringWidth(label)-ansi.StringWidth(right), 0)
	marker, style := "  ", st.Item
	if it.kind == itemNext {
		style = st.Current
	}
	if selected {
		marker, style = "▸ ", st.Selected
	}
	return marker + style.Render(label+strings.Repeat(" ", pad)) + st.Mark.Render(right)
}

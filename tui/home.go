package tui

import (
	"fmt"
	"strings"
	"time"

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
	short    string // a narrower right, when the full one does not fit
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
	offset  int         // the first row of the list shown
	summary []*partLine // the run's lines above the list
	brief   *partLine   // the header in one line, when the screen is short

	// The list's lines laid out for a width, unselected: a frame draws
	// only the selected one.
	lines      []string
	linesWidth int
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
	move := k.Down // the way there is to go: up from the last line
	if len(h.items) > 0 && h.cursor == len(h.items)-1 {
		move = k.Up
	}
	return keyHelp{
		short: []key.Binding{move, k.Open, g.Search, g.Review, g.Share, g.Safety, g.Help, g.Quit},
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
	h.brief = newPartLine(wordsPart("", h.styles.Title, 0, h.wb.Title))
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
	h.cursor, h.offset = h.first(), 0
	h.lines = h.lines[:0]
}

// addProgram adds the run's summary, the next step, drafts and exercises.
func (h *homeScreen) addProgram() {
	m := h.app
	p := &m.prog
	st := m.styles
	// Where says the state and the next step as `autonomy next` does.
	where := m.wb.Where(workbook.Overview{Runs: p.runs, Entries: p.entries, Read: p.read}, p.today)
	run, step := where.Run, where.Step
	if run != nil {
		s := where.State
		h.brief = h.runLine(*run, s)
		h.summary = append(h.summary, h.brief,
			newPartLine(labelPart("Challenge:", 0, st.Muted), part{ways: []wording{{workbook.SanitizeLine(run.Challenge), 2}}, style: st.Item, cut: true}))
		if !s.Closed {
			for _, c := range workbook.PhaseProgress(m.wb, p.entries) {
				count := fmt.Sprintf("%d/%d", c.Done, c.Total)
				h.summary = append(h.summary, newPartLine(labelPart(m.wb.Program.PhaseTitle(c.Phase), homeLabelWidth, st.Item),
					part{ways: []wording{{bar(c.Done, c.Total, 12, st), prioSpark}, {bar(c.Done, c.Total, 6, st), prioSpark}}},
					wordsPart(" ", st.Item, 0, count)))
			}
			if mi := p.metric; mi != nil {
				h.summary = append(h.summary, h.metricLine(mi))
			}
			if c := p.checkIns.last; c != nil {
				h.summary = append(h.summary, h.checkInLine(*c))
			}
			od := m.wb.OverdueFor(*run, p.today, m.wb.Dates(p.entries, workbook.RoleReport), p.checkIns.dates)
			due := []part{labelPart("Due this week", homeLabelWidth, st.Warning, "Due")}
			if od.Report {
				due = append(due, wordsPart(", ", st.Warning, 3, "this week's report", "a report"))
			}
			if od.CheckIn {
				due = append(due, wordsPart(", ", st.Warning, 3, "this week's check-in", "a check-in"))
			}
			if len(due) > 1 {
				h.summary = append(h.summary, newPartLine(due...))
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
			it.label, it.right = ex.Action(), workbook.Plural(reports, "report")+" so far" // not a content id
		case workbook.KindLog:
			it.label, it.right = ex.Action(), "any time"
		case workbook.KindDaily:
			it.label, it.right = ex.Action(), "one a day"
		case workbook.KindClosing:
			it.label, it.right = ex.Title, fmt.Sprintf("after day %d", m.wb.Program.Days())
		default:
			it.label = ex.Title
			it.right = m.wb.Program.PhaseTitle(workbook.Phase(ex.Phase))
		}
		if ex.Role == workbook.RoleOutcomeMetric && p.metric != nil {
			h.items = append(h.items, it)
			it = homeItem{kind: itemMetric, label: "↳ Metric chart", right: p.metric.spark,
				short: workbook.Sparkline(p.metric.series, m.wb.Program.Days()/2), done: true}
		}
		h.items = append(h.items, it)
	}
	if open.CanResume() {
		h.items = append(h.items, homeItem{kind: itemPause, label: "Resume the run"})
	} else if m.wb.Program.CanPause(*open, p.today) {
		it := homeItem{kind: itemPause, label: "Pause the run"}
		if len(m.safetySections()) > 0 {
			it.right = "the guide's safety boundary"
		}
		h.items = append(h.items, it)
	}
}

// homeLabelWidth is the column of Home's labels, when there is room.
const homeLabelWidth = 20

// prioStable is the priority a summary gives a stable rating: the least
// telling of the ratings.
const prioStable = 8

// runLine is the run at a glance: "Run 1 · Day 16 of 30 · Responsibility
// loop"; the day is the last to go.
func (h *homeScreen) runLine(run workbook.Run, s workbook.RunState) *partLine {
	st := h.styles
	parts := []part{wordsPart("", st.Subtitle, 3, fmt.Sprintf("Run %d", run.Number))}
	say := func(priority int, text ...string) {
		parts = append(parts, wordsPart(" · ", st.Subtitle, priority, text...))
	}
	// The words of `autonomy next` (workbook.StateParts); on a narrow
	// line the phase goes first, "paused" never.
	for i, words := range h.wb.Program.StateParts(s) {
		priority := prioVerdict
		if i > 0 && !s.Paused {
			priority = 2
		}
		say(priority, words)
	}
	return newPartLine(parts...)
}

// metricLine is where the metric stands: "Metric  ▇▆▅▃ 30 h, down 18 h
// (-37.5%) from the baseline: better". The sparkline goes first, then the
// change's words; the verdict stays.
func (h *homeScreen) metricLine(mi *metricInfo) *partLine {
	st := h.styles
	w := mi.summary.Words(mi.def)
	// The unit is the person's text: nothing of it reaches the terminal raw.
	w.Latest, w.Change = workbook.SanitizeLine(w.Latest), workbook.SanitizeLine(w.Change)
	parts := []part{labelPart("Metric", homeLabelWidth, st.Muted)}
	if len(mi.points) > 0 {
		parts = append(parts, part{ways: []wording{{mi.spark, prioSpark}, {workbook.Sparkline(mi.series, h.wb.Program.Days()/2), prioSpark}}, sep: " ", style: st.Mark})
	}
	switch {
	case !mi.summary.HasLatest:
		parts = append(parts, wordsPart(" ", st.Item, prioVerdict, "no value yet"))
	case mi.summary.Same:
		parts = append(parts, wordsPart(" ", st.Item, 2, w.Latest), wordsPart(", ", st.Item, prioVerdict, w.Change, "the same"))
	default:
		verdict := st.Warning
		if mi.summary.Better {
			verdict = st.Status
		}
		parts = append(parts, wordsPart(" ", st.Item, 2, w.Latest),
			wordsPart(", ", st.Item, 3, w.Change+" ("+w.Percent+") from the baseline", w.Change+" ("+w.Percent+")", w.Change),
			wordsPart(": ", verdict, prioVerdict, w.Verdict))
	}
	return newPartLine(parts...)
}

// checkInLine is the last check-in: its date, then its ratings as its
// summary says them, the worst the last to go ("communication
// collapsed"); the note is for the review.
func (h *homeScreen) checkInLine(c workbook.CheckIn) *partLine {
	st := h.styles
	parts := []part{labelPart("Last check-in", homeLabelWidth, st.Muted, "Check-in"),
		{ways: []wording{{c.Date.String(), prioDateLong}, {relativeDay(c.Date, h.prog.today), prioDateShort}}, sep: " ", style: st.Item}}
	ex, ok := h.wb.ByRole(workbook.RoleCheckIn)
	if !ok {
		return newPartLine(parts...)
	}
	for _, e := range h.prog.entries {
		if e.ID != c.ID {
			continue
		}
		for _, sp := range ex.Summary(e.Current.Answer, workbook.SummaryContext{}).Parts {
			if f, ok := ex.Field(sp.Field); ok && f.Role == workbook.FieldRoleNote {
				continue
			}
			style := st.Item
			if workbook.Rating(e.Current.Answer.Fields[sp.Field]) == workbook.RatingCollapsed || sp.Sensitive {
				style = st.Warning
			}
			priority := sp.Priority
			if priority > prioStable {
				// What the summary tells last (a week that fitted)
				// goes before the date.
				priority = prioDateLong
			}
			parts = append(parts, wordsPart(" · ", style, priority, sp.Text))
		}
	}
	return newPartLine(parts...)
}

// relativeDay says a recent day in a word: "today", "yesterday", "3 days
// ago"; an older or a later one as a short date ("Nov 16").
func relativeDay(d, today workbook.Date) string {
	switch n := d.DaysUntil(today); {
	case n == 0:
		return "today"
	case n == 1:
		return "yesterday"
	case n > 1 && n < 7:
		return fmt.Sprintf("%d days ago", n)
	}
	return d.In(time.UTC).Format("Jan 2")
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
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd := h.handleKey(msg)
		h.follow()
		return h, cmd
	case tea.WindowSizeMsg:
		h.follow()
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

// minHomeList is the fewest rows the list keeps below the header: with
// less room, the header collapses to one line.
const minHomeList = 6

// header is the lines above the list: the title, the run's summary and the
// safety notice; one line (the run, or the title) when the screen is too
// short to show them and the list.
func (h *homeScreen) header(w, height int) []string {
	m := h.app
	st := m.styles
	notice := m.store != nil && m.prog.loaded && !m.prog.safetySeen && len(m.safetySections()) > 0
	n := 3 + len(h.summary) // air, title, …, air
	if len(h.summary) == 0 {
		n++
	}
	if notice {
		n++
	}
	if height-n < minHomeList {
		return []string{"  " + h.brief.render(w-4)}
	}
	lines := make([]string, 0, n)
	lines = append(lines, "", "  "+st.Title.Render(ansi.Truncate(m.wb.Title, w-4, "…")))
	if len(h.summary) == 0 {
		lines = append(lines, "  "+st.Muted.Render(ansi.Truncate(fmt.Sprintf("A workbook for the guide · %d sections · %d exercises", len(m.wb.Sections), len(m.wb.Exercises)), w-4, "…")))
	}
	for _, l := range h.summary {
		lines = append(lines, "  "+l.render(w-4))
	}
	if notice {
		text := "Press ! any time for the guide's safety boundary."
		if ansi.StringWidth(text) > w-4 {
			text = "! shows the safety boundary."
		}
		lines = append(lines, "  "+st.Warning.Render(ansi.Truncate(text, w-4, "…")))
	}
	return append(lines, "")
}

// rows is the row of each item in the list (a heading has a blank row
// above it) and the number of rows.
func (h *homeScreen) rows() ([]int, int) {
	at := make([]int, len(h.items))
	n := 0
	for i, it := range h.items {
		if it.kind == itemHeading {
			n++
		}
		at[i] = n
		n++
	}
	return at, n
}

// scroll is the first row to show in avail rows so that the selected
// line is in view, moving as little as it can from the last one; the
// heading of the selected line's group comes into view with it.
func (h *homeScreen) scroll(avail int) int {
	at, total := h.rows()
	if avail <= 0 || len(at) == 0 {
		return 0
	}
	row := at[h.cursor]
	top := row
	if c := h.cursor; c > 0 && h.items[c-1].kind == itemHeading {
		top = at[c-1] - 1
	}
	off := h.offset
	if top < off {
		off = top
	}
	if row >= off+avail {
		off = row - avail + 1
	}
	return max(min(off, total-avail), 0)
}

// follow keeps the selected line in view after a move or a resize.
func (h *homeScreen) follow() {
	if h.width <= 0 {
		return
	}
	height := h.bodyHeight()
	h.offset = h.scroll(height - len(h.header(h.width, height)))
}

func (h *homeScreen) View(w, height int) string {
	header := h.header(w, height)
	avail := height - len(header)
	if avail <= 0 {
		return fit(strings.Join(header, "\n"), w, height)
	}
	start := h.scroll(avail)
	lines := make([]string, 0, avail)
	row := 0
	for i, it := range h.items {
		if it.kind == itemHeading {
			if row >= start && row < start+avail {
				lines = append(lines, "") // air above each group
			}
			row++
		}
		if row >= start && row < start+avail {
			lines = append(lines, h.line(i, w))
		}
		row++
	}
	return fit(strings.Join(append(header, lines...), "\n"), w, height)
}

// line is item i laid out in width w: the selected one each time, the
// others once per width.
func (h *homeScreen) line(i, w int) string {
	if i == h.cursor {
		return h.itemLine(h.items[i], true, w)
	}
	if h.linesWidth != w || len(h.lines) != len(h.items) {
		h.lines = append(h.lines[:0], make([]string, len(h.items))...)
		h.linesWidth = w
	}
	if h.lines[i] == "" {
		h.lines[i] = h.itemLine(h.items[i], false, w)
	}
	return h.lines[i]
}

// itemLine is one line of the list: its label, and on the right what it
// is; the right side narrows, then goes, before the label is cut.
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
	for _, r := range []string{it.right, it.short, ""} {
		right = r
		if r == "" || ansi.StringWidth(label)+2+ansi.StringWidth(r) <= w {
			break
		}
	}
	labelW := w - ansi.StringWidth(right) - 2
	if right == "" {
		labelW = w
	}
	if it.kind == itemNext {
		label = shortStep(label, max(labelW, 1))
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

// shortStep fits a step's line ("Next: Day 16: Decision area — select one
// decision area…") to w by dropping its guidance after " — " first, then
// its day, so the exercise's name is what stays.
func shortStep(label string, w int) string {
	if ansi.StringWidth(label) <= w {
		return label
	}
	if i := strings.Index(label, " — "); i > 0 {
		label = label[:i]
	}
	if ansi.StringWidth(label) <= w {
		return label
	}
	// "Next: Day 16: Decision area" → "Next: Decision area".
	if head, rest, ok := strings.Cut(label, ": "); ok {
		if _, name, ok := strings.Cut(rest, ": "); ok {
			return head + ": " + name
		}
	}
	return label
}

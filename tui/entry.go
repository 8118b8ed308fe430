package tui

import (
	"context"
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// entryScreen is one entry opened from the review: a version of it laid
// out with lipgloss (never glamour: this is user text), its history, and
// what changed between two versions.
type entryScreen struct {
	*app
	item   workbook.ReviewItem
	ex     workbook.Exercise
	revs   []workbook.Revision // oldest first
	shown  int                 // index into revs
	diff   bool
	scroll int
	query  string
	lines  []string // laid out for width
	width  int
}

type revisionsLoadedMsg struct {
	entryID string
	revs    []workbook.Revision
	err     error
}

func (rv *reviewScreen) openEntry(it workbook.ReviewItem) tea.Cmd {
	ex, _ := rv.wb.Exercise(it.Exercise)
	rv.push(&entryScreen{app: rv.app, item: it, ex: ex, query: rv.filter.Query})
	st := rv.store
	return func() tea.Msg {
		revs, err := st.Revisions(context.Background(), it.EntryID)
		return revisionsLoadedMsg{entryID: it.EntryID, revs: revs, err: err}
	}
}

func (e *entryScreen) Name() string { return "Entry" }

func (e *entryScreen) keymap() entryKeys {
	k := e.keys.entry
	k.Older = when(e.shown > 0, k.Older)
	k.Newer = when(e.shown < len(e.revs)-1, k.Newer)
	k.Diff = when(len(e.revs) > 0, k.Diff)
	k.Delete = when(len(e.revs) > 0, k.Delete)
	return k
}

func (e *entryScreen) Keys() help.KeyMap {
	k, g := e.keymap(), e.keys.global
	return keyHelp{
		short: []key.Binding{k.Older, k.Newer, k.Diff, k.Delete, g.Back, g.Safety, g.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Older, k.Newer, k.Diff, k.Delete}, {g.Back, g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (e *entryScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return e.handleKey(msg)
	case revisionsLoadedMsg:
		e.loaded(msg)
	case deletedMsg:
		if msg.err == nil {
			return nil, nil // back to the list, read again
		}
	}
	return e, nil
}

func (e *entryScreen) loaded(msg revisionsLoadedMsg) {
	if msg.entryID != e.item.EntryID {
		return
	}
	if msg.err != nil {
		e.status = "Could not read the entry: " + msg.err.Error()
		return
	}
	e.revs = msg.revs
	e.shown = len(e.revs) - 1
	e.layout()
}

func (e *entryScreen) handleKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k := e.keymap()
	switch {
	case key.Matches(msg, e.keys.global.Back):
		if e.diff {
			e.diff = false
			e.layout()
			return e, nil
		}
		return nil, nil
	case key.Matches(msg, k.Older):
		e.shown--
		e.scroll = 0
		e.layout()
	case key.Matches(msg, k.Newer):
		e.shown++
		e.scroll = 0
		e.layout()
	case key.Matches(msg, k.Delete):
		rev := e.revs[e.shown]
		what := fmt.Sprintf("version %d of %d of “%s” (saved %s)", e.shown+1, len(e.revs), e.ex.Title, stamp(rev))
		return e, e.askDelete(what, func(ds workbook.DeleteStore) error {
			return ds.DeleteRevision(context.Background(), rev.ID)
		})
	case key.Matches(msg, k.Diff):
		if e.shown == 0 {
			e.status = "This is the first version: nothing to compare it with."
			return e, nil
		}
		e.diff = !e.diff
		e.scroll = 0
		e.layout()
	case key.Matches(msg, k.Up):
		e.scroll = max(e.scroll-1, 0)
	case key.Matches(msg, k.Down):
		e.scroll = min(e.scroll+1, max(len(e.lines)-e.height(), 0))
	default:
		cmd, _ := e.globalKey(e, msg)
		return e, cmd
	}
	return e, nil
}

// entryShort is the height under which the entry leaves out its blank
// lines, so that a 40×10 screen shows what changed, not only its heading.
const entryShort = 16

// entryRoom is how many lines of the entry's text show in a body of
// height lines, under its title and versions.
func entryRoom(height int) int {
	if height < entryShort {
		return max(height-2, 1)
	}
	return max(height-5, 1)
}

func (e *entryScreen) height() int { return entryRoom(e.bodyHeight()) }

// layout lays the shown version (or the diff) out for the width, once
// per change, with the search's words highlighted.
func (e *entryScreen) layout() {
	m := e.app
	e.width = m.width
	w := max(m.width-6, 10)
	if len(e.revs) == 0 {
		e.lines = nil
		return
	}
	if e.diff {
		e.lines = e.diffLines(w)
		return
	}
	st := m.styles
	rev := e.revs[e.shown]
	words := strings.Fields(e.query)
	hl := func(s string) string {
		for _, q := range words {
			s = highlightPlain(s, q, func(x string) string { return st.Highlight.Render(x) })
		}
		return s
	}
	var out []string
	if e.ex.Value(rev.Answer, workbook.FieldRoleReasonable) == workbook.No {
		for _, l := range strings.Split(wrapWords(workbook.BoundaryWords(m.wb), w), "\n") {
			out = append(out, st.Current.Render(l))
		}
		out = append(out, "")
	}
	for _, f := range e.ex.Fields {
		out = append(out, st.Muted.Render(f.Label))
		var paras []string
		if f.Kind == workbook.FieldList {
			for _, it := range rev.Answer.Lists[f.ID] {
				paras = append(paras, "• "+workbook.SanitizeLine(it.Text))
			}
		} else if v := workbook.Sanitize(rev.Answer.Fields[f.ID]); strings.TrimSpace(v) != "" {
			if f.Kind == workbook.FieldChoice {
				v = workbook.DisplayValue(f, v)
			}
			paras = strings.Split(v, "\n")
		}
		if len(paras) == 0 {
			out = append(out, "  "+st.Muted.Render("—"))
		}
		for _, para := range paras {
			for _, l := range strings.Split(wrapWords(para, w-2), "\n") {
				out = append(out, "  "+hl(l))
			}
		}
		out = append(out, "")
	}
	e.lines = out
}

// diffLines is what changed from the version before the shown one, field
// by field (workbook.AnswerDiff): each changed line marked once (+ added,
// - removed, ~ changed), the rest of a long line indented under it, so
// that the marks read without colour.
func (e *entryScreen) diffLines(w int) []string {
	st := e.styles
	prev, rev := e.revs[e.shown-1], e.revs[e.shown]
	var out []string
	head := fmt.Sprintf("What changed from version %d (%s) to version %d (%s):", e.shown, stamp(prev), e.shown+1, stamp(rev))
	if ansi.StringWidth(head) > w {
		head = fmt.Sprintf("What changed from v%d to v%d:", e.shown, e.shown+1) // their times are on the line above
	}
	for _, l := range strings.Split(wrapWords(head, w), "\n") {
		out = append(out, st.Muted.Render(l))
	}
	out = append(out, st.Muted.Render(ansi.Truncate("+ added · - removed · ~ changed", w, "…")), "")
	headings := map[string]bool{}
	for _, f := range e.ex.Fields {
		headings[f.Label+":"] = true
	}
	diff := workbook.AnswerDiff(e.ex, prev.Answer, rev.Answer)
	if len(diff) == 0 {
		return append(out, st.Muted.Render("Nothing changed: the two versions say the same."))
	}
	for _, d := range diff {
		mark, style := "  ", st.Item
		switch d.Op {
		case workbook.DiffAdded:
			mark, style = "+ ", st.Added
		case workbook.DiffRemoved:
			mark, style = "- ", st.Removed
		case workbook.DiffChanged:
			mark, style = "~ ", st.Current
		default:
			if headings[d.Text] {
				style = st.Muted
			}
		}
		for i, l := range strings.Split(wrapWords(d.Text, w-2), "\n") {
			if i > 0 {
				mark = "  "
			}
			out = append(out, style.Render(mark+l))
		}
	}
	return out
}

// highlightPlain marks each case-insensitive occurrence of q in plain s.
func highlightPlain(s, q string, hl func(string) string) string {
	spans := findFold(s, q)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(hl(s[sp[0]:sp[1]]))
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func stamp(r workbook.Revision) string { return r.SavedAt.Local().Format("2006-01-02 15:04") }

func (e *entryScreen) View(width, height int) string {
	st := e.styles
	w := width - 4
	if e.width != width {
		e.layout()
	}
	title := fmt.Sprintf("%s · Run %d · %s", e.ex.Title, e.item.RunNumber, e.item.Date)
	lines := []string{"", "  " + st.Title.Render(ansi.Truncate(title, w, "…"))}
	short := height < entryShort
	if short {
		lines = lines[1:]
	}
	if len(e.revs) == 0 {
		lines = append(lines, "  "+st.Muted.Render("loading…"))
		return fit(strings.Join(lines, "\n"), width, height)
	}
	var hist []string
	for i, r := range e.revs {
		label := fmt.Sprintf("v%d %s", i+1, r.SavedAt.Local().Format("01-02 15:04"))
		if i == e.shown {
			label = st.Selected.Render(label)
		} else {
			label = st.Muted.Render(label)
		}
		hist = append(hist, label)
	}
	lines = append(lines, "  "+ansi.Truncate(fmt.Sprintf("Version %d of %d · ", e.shown+1, len(e.revs))+strings.Join(hist, "  "), w, "…"))
	if !short {
		lines = append(lines, "")
	}
	body := e.lines[min(e.scroll, len(e.lines)):]
	for _, l := range body[:min(len(body), entryRoom(height))] {
		lines = append(lines, "  "+l)
	}
	return fit(strings.Join(lines, "\n"), width, height)
}

// compareScreen is "day 1 against now" for a run: the first and the
// latest scope, level and metric, side by side.
type compareScreen struct {
	*app
	run   workbook.Run
	rows  [][3]string // label, day 1, now
	ready bool
}

type compareLoadedMsg struct {
	run  workbook.Run
	rows [][3]string
	err  error
}

// openCompare shows day 1 against now for run.
func (a *app) openCompare(run *workbook.Run) tea.Cmd {
	if run == nil {
		a.status = "No run yet: start one from Home."
		return nil
	}
	a.push(&compareScreen{app: a, run: *run})
	st, wb, r := a.store, a.wb, *run
	return func() tea.Msg {
		rows, err := compareRows(st, wb, r)
		return compareLoadedMsg{run: r, rows: rows, err: err}
	}
}

func (c *compareScreen) Name() string { return "Day 1 against now" }

func (c *compareScreen) Keys() help.KeyMap {
	k, g := c.keys.compare, c.keys.global
	return keyHelp{
		short: []key.Binding{k.Delete, g.Back, g.Safety, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Delete, g.Back}, {g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (c *compareScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, c.keys.global.Back):
			return nil, nil
		case key.Matches(msg, c.keys.compare.Delete):
			run := c.run
			return c, c.askDelete(fmt.Sprintf("run %d with every entry, version and draft of it", run.Number), func(ds workbook.DeleteStore) error {
				return ds.DeleteRun(context.Background(), run.ID)
			})
		}
		cmd, _ := c.globalKey(c, msg)
		return c, cmd
	case compareLoadedMsg:
		if msg.run.ID != c.run.ID {
			return c, nil
		}
		if msg.err != nil {
			c.status = "Could not read the run: " + msg.err.Error()
			return nil, nil
		}
		c.rows, c.ready = msg.rows, true
	case deletedMsg:
		if msg.err == nil {
			return nil, nil
		}
	}
	return c, nil
}

// compareRows reads the first and the latest version of the run's scope,
// level and metric, each in its summary's words, and the metric's first
// value against its latest.
func compareRows(st Store, wb *workbook.Workbook, run workbook.Run) ([][3]string, error) {
	ctx := context.Background()
	entries, err := st.Entries(ctx, run.ID)
	if err != nil {
		return nil, err
	}
	sc := wb.SummaryContextFor(entries)
	// firstLast are the first and the latest answer of the run's entry
	// of the exercise of role r; ok is false when there is none.
	firstLast := func(r workbook.Role) (ex workbook.Exercise, first, last workbook.Answer, ok bool, err error) {
		ex, found := wb.ByRole(r)
		if !found {
			return ex, first, last, false, nil
		}
		e, found := workbook.NewestEntry(entries, ex.ID)
		if !found {
			return ex, first, last, false, nil
		}
		revs, err := st.Revisions(ctx, e.ID)
		if err != nil || len(revs) == 0 {
			return ex, first, last, false, err
		}
		cur, _ := workbook.CurrentRevision(revs)
		return ex, revs[0].Answer, cur.Answer, true, nil
	}
	summary := func(ex workbook.Exercise, a workbook.Answer) string { return ex.Summary(a, sc).String() }
	var rows [][3]string
	ex, a, b, ok, err := firstLast(workbook.RoleScope)
	if err != nil {
		return nil, err
	}
	row := [3]string{"Scope", "", ""}
	if ok {
		row[1], row[2] = summary(ex, a), summary(ex, b)
	}
	rows = append(rows, row)
	// The level: the challenge's on day 1, the self-assessment's at the
	// end (else the challenge's as it is now).
	ex, a, b, ok, err = firstLast(workbook.RoleRunStart)
	if err != nil {
		return nil, err
	}
	if ok {
		row := [3]string{"Level", ex.LevelOf(a), ex.LevelOf(b)}
		closing, _, last, closed, err := firstLast(workbook.RoleSelfAssessment)
		if err != nil {
			return nil, err
		}
		if now := closing.LevelOf(last); closed && now != "" {
			row[2] = now
		}
		rows = append(rows, row)
	}
	ex, a, b, ok, err = firstLast(workbook.RoleOutcomeMetric)
	if err != nil {
		return nil, err
	}
	row = [3]string{"Metric", "", ""}
	if ok {
		row[1], row[2] = summary(ex, a), summary(ex, b)
	}
	rows = append(rows, row)
	// The metric's first logged value against its latest one.
	if def, ok := wb.Metric(entries); ok {
		if points := wb.MetricPoints(entries, def.Unit); len(points) > 0 {
			first := points[0]
			rows = append(rows, [3]string{"Value",
				first.Date.String() + ": " + workbook.FormatMetric(first.Value, def.Unit),
				points[len(points)-1].Date.String() + ": " + workbook.Summarize(def, points).Describe(def)})
		}
	}
	return rows, nil
}

func (c *compareScreen) View(width, height int) string {
	st := c.styles
	w := width - 4
	lines := []string{"", "  " + st.Title.Render(fmt.Sprintf("Day 1 against now · Run %d", c.run.Number)), ""}
	if !c.ready {
		lines = append(lines, "  "+st.Muted.Render("loading…"))
		return fit(strings.Join(lines, "\n"), width, height)
	}
	col := max((w-10)/2, 10)
	// Day 1's column keeps two spaces from Now's, so that they read apart.
	cell := func(s string, gap int) string {
		s = workbook.Sanitize(s)
		if strings.TrimSpace(s) == "" {
			s = "—"
		}
		return lipgloss.NewStyle().Width(col).Render(wrapWords(s, col-gap))
	}
	head := lipgloss.JoinHorizontal(lipgloss.Top, strings.Repeat(" ", 10), st.Muted.Render(lipgloss.NewStyle().Width(col).Render("Day 1")), st.Muted.Render("Now"))
	lines = append(lines, "  "+head)
	for _, r := range c.rows {
		row := lipgloss.JoinHorizontal(lipgloss.Top, st.Muted.Render(lipgloss.NewStyle().Width(10).Render(r[0])), cell(r[1], 2), cell(r[2], 0))
		for _, l := range strings.Split(row, "\n") {
			lines = append(lines, "  "+l)
		}
		lines = append(lines, "")
	}
	lines = append(lines, "  "+st.Muted.Render("esc back"))
	return fit(strings.Join(lines, "\n"), width, height)
}

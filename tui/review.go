package tui

import (
	"context"
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// reviewPage is how many entries one query brings; more come as the
// cursor nears the end, so thousands of entries scroll without a wait.
const reviewPage = 200

// reviewScreen is the review: every saved answer and report, newest
// first, grouped by run and phase, with filters and full-text search;
// enter opens an entry with its revisions.
type reviewScreen struct {
	*app
	shown   workbook.ReviewFilter // the filter of the items shown, while a newer one loads
	items   []workbook.ReviewItem
	total   int
	ready   bool // a first page has come
	loading bool
	seq     int // the newest request; older answers are dropped
	cursor  int
	rows    []reviewRow // headings and items, laid out when items change

	searching bool
	input     textinput.Model
}

// reviewRow is a group heading or an item of the list.
type reviewRow struct {
	heading string
	item    int // index into items when heading is ""
}

type reviewLoadedMsg struct {
	seq    int
	filter workbook.ReviewFilter
	offset int
	items  []workbook.ReviewItem
	total  int
	err    error
}

func newReviewInput() textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "search every answer"
	in.CharLimit = 200
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}

// openReview shows the review (r), with the filters of the last visit.
func (a *app) openReview() tea.Cmd {
	if a.store == nil {
		a.status = "The workbook has no database open."
		return nil
	}
	rv := &reviewScreen{app: a, input: newReviewInput()}
	rv.input.SetValue(a.filter.Query)
	a.push(rv)
	// The search's copy of the entries is made while the list is read: a
	// search typed next need not wait for it. An error shows then, if any.
	st := a.store
	warm := func() tea.Msg {
		st.PrepareSearch(context.Background())
		return nil
	}
	return tea.Batch(rv.load(0), warm)
}

func (rv *reviewScreen) Name() string           { return "Review" }
func (rv *reviewScreen) place() workbook.Screen { return workbook.ScreenReview }
func (rv *reviewScreen) typing() bool           { return rv.searching }

// load asks for a page of entries from offset (0 starts again).
func (rv *reviewScreen) load(offset int) tea.Cmd {
	rv.seq++
	rv.loading = true
	seq, f, st := rv.seq, rv.filter, rv.store
	return func() tea.Msg {
		items, total, err := st.Review(context.Background(), f, offset, reviewPage)
		return reviewLoadedMsg{seq: seq, filter: f, offset: offset, items: items, total: total, err: err}
	}
}

func (rv *reviewScreen) pageLoaded(msg reviewLoadedMsg) {
	if msg.seq != rv.seq {
		return // a newer query is on its way
	}
	rv.loading = false
	if msg.err != nil {
		rv.status = "Could not read your entries: " + msg.err.Error()
		return
	}
	if msg.offset == 0 {
		rv.items = nil
		rv.cursor = 0
	}
	rv.items = append(rv.items[:msg.offset:msg.offset], msg.items...)
	rv.total = msg.total
	rv.shown = msg.filter
	rv.ready = true
	rv.layoutRows()
}

// layoutRows puts a heading before each run and phase.
func (rv *reviewScreen) layoutRows() {
	rv.rows = rv.rows[:0]
	last := ""
	for i, it := range rv.items {
		h := fmt.Sprintf("Run %d", it.RunNumber)
		if it.Phase > 0 {
			h += " · " + rv.wb.Program.PhaseTitle(workbook.Phase(it.Phase))
		}
		if h != last {
			rv.rows = append(rv.rows, reviewRow{heading: h})
			last = h
		}
		rv.rows = append(rv.rows, reviewRow{item: i})
	}
}

// keymap is the list's keys as they work now: an entry to open or
// delete only when there is one.
func (rv *reviewScreen) keymap() reviewKeys {
	k := rv.keys.review
	some := rv.cursor < len(rv.items)
	k.Open = when(some, k.Open)
	k.Delete = when(some, k.Delete)
	return k
}

func (rv *reviewScreen) Keys() help.KeyMap {
	g := rv.keys.global
	if rv.searching {
		s := rv.keys.reviewSearch
		return keyHelp{
			short: []key.Binding{s.Keep, s.Drop, s.List, g.HelpInText},
			full:  [][]key.Binding{{s.Keep, s.Drop, s.List}, {g.HelpInText, g.ForceQuit}},
		}
	}
	k := rv.keymap()
	return keyHelp{
		short: []key.Binding{k.Open, k.Search, k.Run, k.Phase, k.Exercise, k.Compare, g.Share, g.Back, g.Safety, g.Help},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open},
			{k.Search, k.Run, k.Phase, k.Exercise},
			{k.Compare, g.Share, k.Delete},
			{g.Back, g.Safety, g.Help, g.Quit, g.ForceQuit},
		},
	}
}

func (rv *reviewScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if rv.searching {
			return rv, rv.handleSearchKey(msg)
		}
		return rv.handleKey(msg)
	case tea.PasteMsg:
		if rv.searching {
			return rv, rv.paste(msg)
		}
	case reviewLoadedMsg:
		rv.pageLoaded(msg)
	case deletedMsg:
		if msg.err == nil {
			return rv, rv.load(0)
		}
	}
	return rv, nil
}

func (rv *reviewScreen) handleKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k, g := rv.keymap(), rv.keys.global
	switch {
	case key.Matches(msg, g.Back):
		if rv.filter.Query != "" {
			rv.filter.Query = ""
			rv.input.SetValue("")
			return rv, rv.load(0)
		}
		return nil, nil
	case key.Matches(msg, k.Up):
		rv.cursor = max(rv.cursor-1, 0)
	case key.Matches(msg, k.Down):
		rv.cursor = min(rv.cursor+1, max(len(rv.items)-1, 0))
	case key.Matches(msg, k.PageUp):
		rv.cursor = max(rv.cursor-rv.bodyHeight()/2, 0)
	case key.Matches(msg, k.PageDown):
		rv.cursor = min(rv.cursor+rv.bodyHeight()/2, max(len(rv.items)-1, 0))
	case key.Matches(msg, k.Top):
		rv.cursor = 0
	case key.Matches(msg, k.Bottom):
		rv.cursor = max(len(rv.items)-1, 0)
	case key.Matches(msg, k.Search):
		rv.searching = true
		rv.input.SetValue(rv.filter.Query)
		rv.input.CursorEnd()
		return rv, rv.input.Focus()
	case key.Matches(msg, k.Run):
		rv.filter.RunID = rv.nextRun()
		return rv, rv.load(0)
	case key.Matches(msg, k.Phase):
		rv.filter.Phase = (rv.filter.Phase + 1) % 4
		return rv, rv.load(0)
	case key.Matches(msg, k.Exercise):
		rv.filter.Exercise = rv.nextExercise()
		return rv, rv.load(0)
	case key.Matches(msg, k.Open):
		return rv, rv.openEntry(rv.items[rv.cursor])
	case key.Matches(msg, k.Compare):
		return rv, rv.openCompare(rv.cursorRun())
	case key.Matches(msg, g.Share):
		return rv, rv.openShare(rv.cursorRun())
	case key.Matches(msg, k.Delete):
		it := rv.items[rv.cursor]
		title := it.Exercise
		if ex, ok := rv.wb.Exercise(it.Exercise); ok {
			title = ex.Title
		}
		what := fmt.Sprintf("“%s” of %s (%s)", title, it.Date, workbook.Plural(it.Revisions, "version"))
		return rv, rv.askDelete(what, func(ds workbook.DeleteStore) error {
			return ds.DeleteEntry(context.Background(), it.EntryID)
		})
	default:
		cmd, _ := rv.globalKey(rv, msg)
		return rv, cmd
	}
	// More entries as the cursor nears the end of those loaded.
	if !rv.loading && len(rv.items) < rv.total && rv.cursor >= len(rv.items)-reviewPage/4 {
		return rv, rv.load(len(rv.items))
	}
	return rv, nil
}

// cursorRun is the run of the entry under the cursor, else the latest.
func (rv *reviewScreen) cursorRun() *workbook.Run {
	run := rv.prog.latest()
	if rv.cursor < len(rv.items) {
		for i := range rv.prog.runs {
			if rv.prog.runs[i].ID == rv.items[rv.cursor].RunID {
				run = &rv.prog.runs[i]
			}
		}
	}
	return run
}

// handleSearchKey: the query runs as it is typed; enter keeps it, esc
// drops it.
func (rv *reviewScreen) handleSearchKey(msg tea.KeyPressMsg) tea.Cmd {
	k := rv.keys.reviewSearch
	switch {
	case key.Matches(msg, k.Drop):
		rv.searching = false
		rv.input.Blur()
		rv.filter.Query = ""
		return rv.load(0)
	case key.Matches(msg, k.Keep):
		rv.searching = false
		rv.input.Blur()
		return nil
	case key.Matches(msg, k.List):
		rv.searching = false
		rv.input.Blur()
		_, cmd := rv.handleKey(msg)
		return cmd
	case key.Matches(msg, rv.keys.global.HelpInText):
		rv.openHelp(rv)
		return nil
	}
	var cmd tea.Cmd
	rv.input, cmd = rv.input.Update(msg)
	if q := rv.input.Value(); q != rv.filter.Query {
		rv.filter.Query = q
		return tea.Batch(cmd, rv.load(0))
	}
	return cmd
}

// nextRun cycles the run filter: all runs, then each run.
func (rv *reviewScreen) nextRun() string {
	runs := rv.prog.runs
	if len(runs) == 0 {
		return ""
	}
	if rv.filter.RunID == "" {
		return runs[len(runs)-1].ID
	}
	for i, r := range runs {
		if r.ID == rv.filter.RunID && i > 0 {
			return runs[i-1].ID
		}
	}
	return ""
}

// nextExercise cycles the exercise filter through the exercises.
func (rv *reviewScreen) nextExercise() string {
	exs := rv.wb.Exercises
	if rv.filter.Exercise == "" {
		return exs[0].ID
	}
	for i, ex := range exs {
		if ex.ID == rv.filter.Exercise && i+1 < len(exs) {
			return exs[i+1].ID
		}
	}
	return ""
}

func (rv *reviewScreen) filterLine() string {
	m := rv.app
	run := "all runs"
	for _, r := range m.prog.runs {
		if r.ID == rv.filter.RunID {
			run = fmt.Sprintf("run %d", r.Number)
		}
	}
	phase := "all phases"
	if rv.filter.Phase > 0 {
		phase = m.wb.Program.PhaseTitle(workbook.Phase(rv.filter.Phase))
	}
	ex := "all exercises"
	if e, ok := m.wb.Exercise(rv.filter.Exercise); ok {
		ex = e.Title
	}
	return fmt.Sprintf("%s · %s · %s", run, phase, ex)
}

func (rv *reviewScreen) View(width, height int) string {
	m := rv.app
	st := m.styles
	w := width - 4
	count := ""
	switch {
	case !rv.ready:
		count = "loading…"
	case rv.shown.Query != "":
		count = workbook.Plural(rv.total, "match")
	default:
		count = workbook.Plural(rv.total, "entry")
	}
	lines := []string{
		"",
		"  " + st.Title.Render("Review") + "  " + st.Muted.Render(count),
		"  " + st.Muted.Render(ansi.Truncate("u run · p phase · e exercise: "+rv.filterLine(), w, "…")),
		"",
	}
	if rv.searching || rv.filter.Query != "" {
		lines[3] = "  / " + rv.input.View()
	}
	// Pauses and resumes are part of the record too.
	var pauses []string
	for _, r := range m.prog.runs {
		if rv.filter.RunID != "" && r.ID != rv.filter.RunID {
			continue
		}
		for _, p := range r.Pauses {
			s := fmt.Sprintf("run %d paused %s", r.Number, p.From)
			if !p.To.IsZero() {
				s += ", resumed " + p.To.String()
			}
			pauses = append(pauses, s)
		}
	}
	if len(pauses) > 0 {
		lines = append(lines[:3], "  "+st.Muted.Render(ansi.Truncate("Pauses: "+strings.Join(pauses, " · "), w, "…")), lines[3])
	}
	avail := height - len(lines)
	switch {
	case rv.ready && len(rv.items) == 0 && rv.shown.Query != "":
		lines = append(lines, "  "+st.Warning.Render(fmt.Sprintf("No entry matches “%s”.", workbook.SanitizeLine(rv.shown.Query))))
	case rv.ready && len(rv.items) == 0:
		lines = append(lines, "  "+st.Muted.Render("Nothing saved yet for this filter. Answers and reports show here once saved."))
	default:
		lines = append(lines, rv.visibleRows(avail, width)...)
	}
	return fit(strings.Join(lines, "\n"), width, height)
}

// visibleRows lays out only the rows on screen, around the cursor.
func (rv *reviewScreen) visibleRows(h, width int) []string {
	if h <= 0 {
		return nil
	}
	cursorRow := 0
	for i, r := range rv.rows {
		if r.heading == "" && r.item == rv.cursor {
			cursorRow = i
			break
		}
	}
	start := max(cursorRow-h+2, 0)
	if cursorRow < h-1 {
		start = 0
	}
	var out []string
	for i := start; i < len(rv.rows) && len(out) < h; i++ {
		r := rv.rows[i]
		if r.heading != "" {
			out = append(out, "  "+rv.styles.Muted.Render(r.heading))
			continue
		}
		out = append(out, rv.itemLine(rv.items[r.item], r.item == rv.cursor, width))
	}
	return out
}

func (rv *reviewScreen) itemLine(it workbook.ReviewItem, selected bool, width int) string {
	st := rv.styles
	w := width - 4
	title := it.Exercise
	if ex, ok := rv.wb.Exercise(it.Exercise); ok {
		title = ex.Title
	}
	// Narrow terminals give the title less room and drop the count of
	// versions, so that some of the snippet shows.
	titleW, right := 22, ""
	if w < 70 {
		titleW = max(8, w/4)
	}
	if it.Revisions > 1 && w >= 60 {
		right = fmt.Sprintf("%d versions", it.Revisions)
	}
	head := fmt.Sprintf("%s  %-*s ", it.Date, titleW, ansi.Truncate(title, titleW, "…"))
	room := max(w-ansi.StringWidth(head)-ansi.StringWidth(right)-1, 4)
	snippet := highlightMarks(it.Snippet, room, func(x string) string { return st.Highlight.Render(x) })
	pad := max(w-ansi.StringWidth(head)-ansi.StringWidth(snippet)-ansi.StringWidth(right), 1)
	marker, style := "  ", st.Item
	if selected {
		marker, style = "▸ ", st.Selected
	}
	return marker + style.Render(head) + snippet + strings.Repeat(" ", pad) + st.Muted.Render(right)
}

// highlightMarks shows a snippet whose matches are wrapped in the
// workbook's marks: each piece sanitized, the matches highlighted, the
// whole cut to w cells.
func highlightMarks(s string, w int, hl func(string) string) string {
	s = firstMatchInView(s, w)
	var b strings.Builder
	used := 0
	inMatch := false
	for _, part := range strings.Split(strings.ReplaceAll(s, workbook.MatchEnd, workbook.MatchStart), workbook.MatchStart) {
		text := workbook.SanitizeLine(part)
		if room := w - used; ansi.StringWidth(text) > room {
			text = ansi.Truncate(text, max(room, 0), "…")
		}
		used += ansi.StringWidth(text)
		if inMatch && text != "" {
			b.WriteString(hl(text))
		} else {
			b.WriteString(text)
		}
		inMatch = !inMatch
		if used >= w {
			break
		}
	}
	return b.String()
}

// firstMatchInView cuts the text before a snippet's first match from the
// left, to "…" and a third of the width, when the match would not fit in
// w columns otherwise: the match is what the person searched for.
func firstMatchInView(s string, w int) string {
	i := strings.Index(s, workbook.MatchStart)
	if i <= 0 {
		return s
	}
	match, _, _ := strings.Cut(s[i+len(workbook.MatchStart):], workbook.MatchEnd)
	before := workbook.SanitizeLine(s[:i])
	bw := ansi.StringWidth(before)
	if bw+ansi.StringWidth(workbook.SanitizeLine(match)) <= w {
		return s
	}
	keep := max(w/3-1, 0)
	return "…" + ansi.TruncateLeft(before, max(bw-keep, 0), "") + s[i:]
}

// paste puts pasted text into the search line: one line only.
func (rv *reviewScreen) paste(msg tea.PasteMsg) tea.Cmd {
	msg.Content = workbook.SanitizeLine(msg.Content)
	var cmd tea.Cmd
	rv.input, cmd = rv.input.Update(msg)
	if q := rv.input.Value(); q != rv.filter.Query {
		rv.filter.Query = q
		return tea.Batch(cmd, rv.load(0))
	}
	return cmd
}

package tui

import (
	"context"
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// reviewPage is how many entries one query brings; more come as the
// cursor nears the end, so thousands of entries scroll without a wait.
const reviewPage = 200

// reviewModel is the review screen: every saved answer and report,
// newest first, grouped by run and phase, with filters and full-text
// search; enter opens an entry with its revisions.
type reviewModel struct {
	filter  workbook.ReviewFilter
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

	entry   *entryView
	compare *compareView
	share   *shareModel
	origin  workbook.Screen
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

// openReview shows the review screen (r).
func (m *app) openReview() tea.Cmd {
	if m.store == nil {
		m.status = "The workbook has no database open."
		return nil
	}
	if m.review == nil {
		m.review = &reviewModel{input: newReviewInput()}
	}
	m.review.origin = m.screen
	m.review.entry, m.review.compare, m.review.share = nil, nil, nil
	m.screen = workbook.ScreenReview
	// The search's copy of the entries is made while the list is read: a
	// search typed next need not wait for it. An error shows then, if any.
	st := m.store
	warm := func() tea.Msg {
		st.PrepareSearch(context.Background())
		return nil
	}
	return tea.Batch(m.review.load(m, 0), warm)
}

// load asks for a page of entries from offset (0 starts again).
func (rv *reviewModel) load(m *app, offset int) tea.Cmd {
	rv.seq++
	rv.loading = true
	seq, f, st := rv.seq, rv.filter, m.store
	return func() tea.Msg {
		items, total, err := st.Review(context.Background(), f, offset, reviewPage)
		return reviewLoadedMsg{seq: seq, filter: f, offset: offset, items: items, total: total, err: err}
	}
}

func (rv *reviewModel) pageLoaded(m *app, msg reviewLoadedMsg) tea.Cmd {
	if msg.seq != rv.seq {
		return nil // a newer query is on its way
	}
	rv.loading = false
	if msg.err != nil {
		m.status = "Could not read your entries: " + msg.err.Error()
		return nil
	}
	if msg.offset == 0 {
		rv.items = nil
		rv.cursor = 0
	}
	rv.items = append(rv.items[:msg.offset:msg.offset], msg.items...)
	rv.total = msg.total
	rv.shown = msg.filter
	rv.ready = true
	rv.layoutRows(m)
	return nil
}

// layoutRows puts a heading before each run and phase.
func (rv *reviewModel) layoutRows(m *app) {
	rv.rows = rv.rows[:0]
	last := ""
	for i, it := range rv.items {
		h := fmt.Sprintf("Run %d", it.RunNumber)
		if it.Phase > 0 {
			h += " · " + workbook.Phase(it.Phase).Title()
		}
		if h != last {
			rv.rows = append(rv.rows, reviewRow{heading: h})
			last = h
		}
		rv.rows = append(rv.rows, reviewRow{item: i})
	}
}

func (rv *reviewModel) handleKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case rv.share != nil:
		return rv.share.handleKey(m, msg)
	case rv.entry != nil:
		return rv.entry.handleKey(m, msg)
	case rv.compare != nil:
		if key.Matches(msg, m.keys.global.Back) {
			rv.compare = nil
			return nil
		}
		return rv.compare.handleKey(m, msg)
	case rv.searching:
		return rv.handleSearchKey(m, msg)
	}
	k, g := m.keys.review, m.keys.global
	switch {
	case key.Matches(msg, g.Back):
		if rv.filter.Query != "" {
			rv.filter.Query = ""
			rv.input.SetValue("")
			return rv.load(m, 0)
		}
		m.screen = rv.origin
		if m.screen == workbook.ScreenHome {
			m.home.refresh(m)
		}
	case key.Matches(msg, k.Up):
		rv.cursor = max(rv.cursor-1, 0)
	case key.Matches(msg, k.Down):
		rv.cursor = min(rv.cursor+1, max(len(rv.items)-1, 0))
	case key.Matches(msg, k.PageUp):
		rv.cursor = max(rv.cursor-m.bodyHeight()/2, 0)
	case key.Matches(msg, k.PageDown):
		rv.cursor = min(rv.cursor+m.bodyHeight()/2, max(len(rv.items)-1, 0))
	case key.Matches(msg, k.Top):
		rv.cursor = 0
	case key.Matches(msg, k.Bottom):
		rv.cursor = max(len(rv.items)-1, 0)
	case key.Matches(msg, k.Search):
		rv.searching = true
		rv.input.SetValue(rv.filter.Query)
		rv.input.CursorEnd()
		return rv.input.Focus()
	case key.Matches(msg, k.Run):
		rv.filter.RunID = rv.nextRun(m)
		return rv.load(m, 0)
	case key.Matches(msg, k.Phase):
		rv.filter.Phase = (rv.filter.Phase + 1) % 4
		return rv.load(m, 0)
	case key.Matches(msg, k.Exercise):
		rv.filter.Exercise = rv.nextExercise(m)
		return rv.load(m, 0)
	case key.Matches(msg, k.Open):
		if rv.cursor < len(rv.items) {
			return rv.openEntry(m, rv.items[rv.cursor])
		}
	case key.Matches(msg, k.Compare):
		return rv.openCompare(m)
	case key.Matches(msg, k.Share):
		return rv.openShare(m)
	case key.Matches(msg, k.Delete):
		if rv.cursor < len(rv.items) {
			it := rv.items[rv.cursor]
			title := it.Exercise
			if ex, ok := m.wb.Exercise(it.Exercise); ok {
				title = ex.Title
			}
			what := fmt.Sprintf("“%s” of %s (%s)", title, it.Date, workbook.Plural(it.Revisions, "version"))
			return m.askDelete(what, func(ds workbook.DeleteStore) error {
				return ds.DeleteEntry(context.Background(), it.EntryID)
			})
		}
	}
	// More entries as the cursor nears the end of those loaded.
	if !rv.loading && len(rv.items) < rv.total && rv.cursor >= len(rv.items)-reviewPage/4 {
		return rv.load(m, len(rv.items))
	}
	return nil
}

// handleSearchKey: the query runs as it is typed; enter keeps it, esc
// drops it.
func (rv *reviewModel) handleSearchKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		rv.searching = false
		rv.input.Blur()
		rv.filter.Query = ""
		return rv.load(m, 0)
	case "enter":
		rv.searching = false
		rv.input.Blur()
		return nil
	case "up", "down":
		rv.searching = false
		rv.input.Blur()
		return rv.handleKey(m, msg)
	}
	var cmd tea.Cmd
	rv.input, cmd = rv.input.Update(msg)
	if q := rv.input.Value(); q != rv.filter.Query {
		rv.filter.Query = q
		return tea.Batch(cmd, rv.load(m, 0))
	}
	return cmd
}

// nextRun cycles the run filter: all runs, then each run.
func (rv *reviewModel) nextRun(m *app) string {
	runs := m.prog.runs
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
func (rv *reviewModel) nextExercise(m *app) string {
	exs := m.wb.Exercises
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

func (rv *reviewModel) filterLine(m *app) string {
	run := "all runs"
	for _, r := range m.prog.runs {
		if r.ID == rv.filter.RunID {
			run = fmt.Sprintf("run %d", r.Number)
		}
	}
	phase := "all phases"
	if rv.filter.Phase > 0 {
		phase = workbook.Phase(rv.filter.Phase).Title()
	}
	ex := "all exercises"
	if e, ok := m.wb.Exercise(rv.filter.Exercise); ok {
		ex = e.Title
	}
	return fmt.Sprintf("%s · %s · %s", run, phase, ex)
}

func (rv *reviewModel) view(m *app) string {
	switch {
	case rv.share != nil:
		return rv.share.view(m)
	case rv.entry != nil:
		return rv.entry.view(m)
	case rv.compare != nil:
		return rv.compare.view(m)
	}
	st := m.styles
	w := m.width - 4
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
		"  " + st.Muted.Render(ansi.Truncate("u run · p phase · e exercise: "+rv.filterLine(m), w, "…")),
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
	avail := m.bodyHeight() - len(lines)
	switch {
	case rv.ready && len(rv.items) == 0 && rv.shown.Query != "":
		lines = append(lines, "  "+st.Warning.Render(fmt.Sprintf("No entry matches “%s”.", workbook.SanitizeLine(rv.shown.Query))))
	case rv.ready && len(rv.items) == 0:
		lines = append(lines, "  "+st.Muted.Render("Nothing saved yet for this filter. Answers and reports show here once saved."))
	default:
		lines = append(lines, rv.visibleRows(m, avail)...)
	}
	return fit(strings.Join(lines, "\n"), m.width, m.bodyHeight())
}

// visibleRows lays out only the rows on screen, around the cursor.
func (rv *reviewModel) visibleRows(m *app, h int) []string {
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
			out = append(out, "  "+m.styles.Muted.Render(r.heading))
			continue
		}
		out = append(out, rv.itemLine(m, rv.items[r.item], r.item == rv.cursor))
	}
	return out
}

func (rv *reviewModel) itemLine(m *app, it workbook.ReviewItem, selected bool) string {
	st := m.styles
	w := m.width - 4
	title := it.Exercise
	if ex, ok := m.wb.Exercise(it.Exercise); ok {
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

// typing is true while text is being typed in the review.
func (rv *reviewModel) typing() bool {
	return rv.searching || (rv.share != nil && rv.share.typing())
}

// mode names the review's inner screen, for the help line's cache.
func (rv *reviewModel) mode() string {
	switch {
	case rv == nil:
		return ""
	case rv.share != nil:
		return "share"
	case rv.entry != nil:
		return "entry"
	case rv.compare != nil:
		return "compare"
	case rv.searching:
		return "search"
	}
	return "list"
}

func (rv *reviewModel) help(m *app) helpKeys {
	g := m.keys.global
	switch rv.mode() {
	case "entry":
		e := m.keys.entry
		return helpKeys{short: []key.Binding{e.Older, e.Newer, e.Diff, e.Delete, g.Back}, full: [][]key.Binding{{e.Up, e.Down, e.Older, e.Newer, e.Diff, e.Delete}, {g.Back, g.Quit}}}
	case "compare":
		del := key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete the run"))
		return helpKeys{short: []key.Binding{del, g.Back, g.Quit}, full: [][]key.Binding{{del, g.Back, g.Quit}}}
	case "share":
		return rv.share.help(m)
	case "search":
		s := m.keys.search
		return helpKeys{short: []key.Binding{s.Accept, s.Cancel}, full: [][]key.Binding{{s.Accept, s.Cancel}}}
	}
	k := m.keys.review
	return helpKeys{
		short: []key.Binding{k.Open, k.Search, k.Run, k.Phase, k.Exercise, k.Compare, k.Share, g.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open}, {k.Search, k.Run, k.Phase, k.Exercise}, {k.Compare, k.Share, k.Delete, g.Safety, g.Back, g.Help, g.Quit}},
	}
}

// paste puts pasted text into the field being typed in: the search, or
// the report's file name. One line only.
func (rv *reviewModel) paste(m *app, msg tea.PasteMsg) tea.Cmd {
	msg.Content = workbook.SanitizeLine(msg.Content)
	if rv.share != nil && rv.share.naming {
		var cmd tea.Cmd
		rv.share.path, cmd = rv.share.path.Update(msg)
		return cmd
	}
	var cmd tea.Cmd
	rv.input, cmd = rv.input.Update(msg)
	if q := rv.input.Value(); q != rv.filter.Query {
		rv.filter.Query = q
		return tea.Batch(cmd, rv.load(m, 0))
	}
	return cmd
}

package tui

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// reviewPage is how many entries one query brings; more come as the
// cursor nears the end, so thousands of entries scroll without a wait. A
// search's page costs about 30 µs an entry of a few hundred words for its
// snippet (FTS5 reads the document again to cut it), hence not more.
const reviewPage = 100

// reviewScreen is the review: every saved answer and report under one
// heading per run and phase (the store's order), each entry as a sentence
// (its summary); filters chosen from lists (u, p, e) and full-text
// search; enter opens an entry with its revisions.
//
// The filters and the search last one visit: the review opens on every
// entry each time, so nothing chosen weeks ago hides an entry unseen.
type reviewScreen struct {
	*app
	filter  workbook.ReviewFilter // what the person asked for
	shown   workbook.ReviewFilter // the filter of the items shown, while a newer one loads
	items   []workbook.ReviewItem
	total   int  // the entries selected, or counted (more)
	more    bool // a broad search stopped counting at total: there are more
	ranked  bool // a search's items come best first, not newest first
	ready   bool // a first page has come
	loading bool
	seq     int // the newest request; older answers are dropped
	cursor  int
	rows    []reviewRow        // headings and items, laid out when items change
	titleW  int                // the longest title among the items, at most reviewTitleWidth
	lines   map[lineKey]string // the items' lines laid out so far
	// contexts are what each run's summaries need (its metric's unit),
	// read with the pages.
	contexts map[string]workbook.SummaryContext

	searching bool
	input     textinput.Model
}

// lineKey is what an item's line depends on besides the items.
type lineKey struct {
	item, width      int
	selected, isDark bool
}

// reviewRow is a group heading or an item of the list.
type reviewRow struct {
	heading string
	item    int // index into items when heading is ""
}

type reviewLoadedMsg struct {
	seq      int
	filter   workbook.ReviewFilter
	offset   int
	page     workbook.ReviewPage
	contexts map[string]workbook.SummaryContext // of runs new to the list
	err      error
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

// openReview shows the review (r), on every entry.
func (a *app) openReview() tea.Cmd {
	if a.store == nil {
		a.status = "The workbook has no database open."
		return nil
	}
	rv := &reviewScreen{app: a, input: newReviewInput(), contexts: map[string]workbook.SummaryContext{}}
	a.push(rv)
	return rv.load(0)
}

func (rv *reviewScreen) Name() string           { return "Review" }
func (rv *reviewScreen) place() workbook.Screen { return workbook.ScreenReview }
func (rv *reviewScreen) typing() bool           { return rv.searching }

// load asks for a page of entries from offset (0 starts again), and the
// summary context of each run it brings that the list does not know yet.
func (rv *reviewScreen) load(offset int) tea.Cmd {
	rv.seq++
	rv.loading = true
	seq, f, st, wb := rv.seq, rv.filter, rv.store, rv.wb
	known := make(map[string]bool, len(rv.contexts))
	for id := range rv.contexts {
		known[id] = true
	}
	return func() tea.Msg {
		ctx := context.Background()
		page, err := st.Review(ctx, f, offset, reviewPage)
		msg := reviewLoadedMsg{seq: seq, filter: f, offset: offset, page: page, err: err}
		if err == nil {
			msg.contexts, msg.err = summaryContexts(ctx, st, wb, page.Items, known)
		}
		return msg
	}
}

// summaryContexts reads the summary context (the metric's unit) of each
// run of items not in known: its outcome metric, one small query a run.
func summaryContexts(ctx context.Context, st workbook.ReviewStore, wb *workbook.Workbook, items []workbook.ReviewItem, known map[string]bool) (map[string]workbook.SummaryContext, error) {
	out := map[string]workbook.SummaryContext{}
	metric, ok := wb.ByRole(workbook.RoleOutcomeMetric)
	for _, it := range items {
		if known[it.RunID] {
			continue
		}
		known[it.RunID] = true
		var entries []workbook.Entry
		if ok {
			found, err := st.Review(ctx, workbook.ReviewFilter{RunID: it.RunID, Exercise: metric.ID}, 0, 1)
			if err != nil {
				return nil, err
			}
			for _, m := range found.Items {
				entries = append(entries, workbook.Entry{ID: m.EntryID, RunID: m.RunID, Exercise: m.Exercise,
					Current: workbook.Revision{EntryID: m.EntryID, SavedAt: m.SavedAt, Answer: m.Answer}})
			}
		}
		out[it.RunID] = wb.SummaryContextFor(entries)
	}
	return out, nil
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
	for id, c := range msg.contexts {
		rv.contexts[id] = c
	}
	if msg.offset == 0 {
		rv.items = nil
		rv.cursor = 0
	}
	rv.items = append(rv.items[:msg.offset:msg.offset], msg.page.Items...)
	rv.total, rv.more, rv.ranked = msg.page.Total, msg.page.More, msg.page.Ranked
	rv.shown = msg.filter
	rv.ready = true
	rv.layoutRows()
}

// layoutRows puts a heading before each run and phase of the list: the
// store sends each group whole, so each heading comes once. A search is
// listed in the store's order (the best or the newest first), without
// headings.
func (rv *reviewScreen) layoutRows() {
	rv.rows = rv.rows[:0]
	rv.titleW = 0
	clear(rv.lines)
	last := ""
	for i, it := range rv.items {
		rv.titleW = min(max(rv.titleW, ansi.StringWidth(rv.title(it))), reviewTitleWidth)
		if rv.shown.Query == "" {
			if h := rv.groupHeading(it.RunNumber, it.Phase); h != last {
				rv.rows = append(rv.rows, reviewRow{heading: h})
				last = h
			}
		}
		rv.rows = append(rv.rows, reviewRow{item: i})
	}
}

// groupHeading names a run and phase: "Run 2 · Clarity baseline · days
// 1–10", "Run 2 · throughout the run" for the exercises of no phase.
func (rv *reviewScreen) groupHeading(run, phase int) string {
	h := fmt.Sprintf("Run %d · ", run)
	p := rv.wb.Program
	if first, last := p.PhaseDays(workbook.Phase(phase)); first > 0 {
		return h + fmt.Sprintf("%s · days %d–%d", p.PhaseTitle(workbook.Phase(phase)), first, last)
	}
	return h + "throughout the run"
}

// filtered reports whether a run, phase or exercise filter is on.
func (rv *reviewScreen) filtered() bool {
	f := rv.filter
	return f.RunID != "" || f.Phase != 0 || f.Exercise != ""
}

// keymap is the list's keys as they work now: an entry to open or
// delete only when there is one; enter clears the filters when they leave
// nothing to open.
func (rv *reviewScreen) keymap() reviewKeys {
	k := rv.keys.review
	some := rv.cursor < len(rv.items)
	k.Open = when(some, k.Open)
	k.Delete = when(some, k.Delete)
	k.Clear = when(rv.filtered(), k.Clear)
	k.ClearEmpty = when(rv.filtered() && rv.ready && !some, k.ClearEmpty)
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
		short: []key.Binding{k.Open, k.ClearEmpty, k.Search, k.Run, k.Phase, k.Exercise, k.Clear, k.Compare, g.Share, g.Back, g.Safety, g.Help},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open},
			{k.Search, k.Run, k.Phase, k.Exercise, k.Clear, k.ClearEmpty},
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
		return rv, rv.pickFilter(filterRun)
	case key.Matches(msg, k.Phase):
		return rv, rv.pickFilter(filterPhase)
	case key.Matches(msg, k.Exercise):
		return rv, rv.pickFilter(filterExercise)
	case key.Matches(msg, k.Clear), key.Matches(msg, k.ClearEmpty):
		return rv, rv.setFilter(workbook.ReviewFilter{Query: rv.filter.Query})
	case key.Matches(msg, k.Open):
		return rv, rv.openEntry(rv.items[rv.cursor])
	case key.Matches(msg, k.Compare):
		return rv, rv.openCompare(rv.cursorRun())
	case key.Matches(msg, g.Share):
		return rv, rv.openShare(rv.cursorRun())
	case key.Matches(msg, k.Delete):
		it := rv.items[rv.cursor]
		what := fmt.Sprintf("“%s” of %s (%s)", rv.title(it), it.Date, workbook.Plural(it.Revisions, "version"))
		return rv, rv.askDelete(what, func(ds workbook.DeleteStore) error {
			return ds.DeleteEntry(context.Background(), it.EntryID)
		})
	default:
		cmd, _ := rv.globalKey(rv, msg)
		return rv, cmd
	}
	// More entries as the cursor nears the end of those loaded.
	if !rv.loading && (len(rv.items) < rv.total || rv.more) && rv.cursor >= len(rv.items)-reviewPage/4 {
		return rv, rv.load(len(rv.items))
	}
	return rv, nil
}

// setFilter shows the list through f, from its top.
func (rv *reviewScreen) setFilter(f workbook.ReviewFilter) tea.Cmd {
	rv.filter = f
	return rv.load(0)
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

// matchCount is a search's count as the review writes it: "12 matches,
// best first", "1,000+ matches, newest first" (more: at least total).
func matchCount(total int, more, ranked bool) string {
	s := workbook.Plural(total, "match")
	switch {
	case more:
		s = workbook.Count(total) + "+ matches"
	case total <= 1:
		return s
	}
	if ranked {
		return s + ", best first"
	}
	return s + ", newest first"
}

// filterWords names the filter: "run 1 · Influence trial · all exercises".
func (rv *reviewScreen) filterWords(f workbook.ReviewFilter) string {
	run := "all runs"
	for _, r := range rv.prog.runs {
		if r.ID == f.RunID {
			run = fmt.Sprintf("run %d", r.Number)
		}
	}
	phase := "all phases"
	if f.Phase > 0 {
		phase = rv.wb.Program.PhaseTitle(workbook.Phase(f.Phase))
	}
	ex := "all exercises"
	if e, ok := rv.wb.Exercise(f.Exercise); ok {
		ex = e.Title
	}
	return fmt.Sprintf("%s · %s · %s", run, phase, ex)
}

// nothingFor says that filter f selects nothing, in words: "No entry of
// “Scope” in run 1's Influence trial."
func (rv *reviewScreen) nothingFor(f workbook.ReviewFilter) string {
	s := "No entry"
	if ex, ok := rv.wb.Exercise(f.Exercise); ok {
		s += " of “" + ex.Title + "”"
	}
	run := ""
	for _, r := range rv.prog.runs {
		if r.ID == f.RunID {
			run = fmt.Sprintf("run %d", r.Number)
		}
	}
	switch phase := rv.wb.Program.PhaseTitle(workbook.Phase(f.Phase)); {
	case run != "" && phase != "":
		s += " in " + run + "’s " + phase
	case run != "":
		s += " in " + run
	case phase != "":
		s += " in the " + phase
	}
	return s + "."
}

// filterLine names the filters and, when there is room, their keys.
func (rv *reviewScreen) filterLine(w int) string {
	words := rv.filterWords(rv.filter)
	if keys := "u run · p phase · e exercise: "; ansi.StringWidth(keys+words) <= w {
		return keys + words
	}
	return words
}

// searchLine is a search hit's snippet in its exercise's words.
func (rv *reviewScreen) searchLine(it workbook.ReviewItem) string {
	if ex, ok := rv.wb.Exercise(it.Exercise); ok {
		return ex.SearchLine(it.Answer, it.Snippet)
	}
	return it.Snippet
}

// title is the exercise's title of an item, or its id for one the
// workbook no longer has.
func (rv *reviewScreen) title(it workbook.ReviewItem) string {
	if ex, ok := rv.wb.Exercise(it.Exercise); ok {
		return ex.Title
	}
	return workbook.SanitizeLine(it.Exercise)
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
		count = matchCount(rv.total, rv.more, rv.ranked)
	default:
		count = workbook.Plural(rv.total, "entry")
	}
	lines := []string{
		"",
		"  " + st.Title.Render("Review") + "  " + st.Muted.Render(count),
		"  " + st.Muted.Render(ansi.Truncate(rv.filterLine(w), w, "…")),
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
	empty := rv.ready && len(rv.items) == 0
	switch {
	case empty && rv.shown.Query != "":
		lines = append(lines, "  "+st.Warning.Render(ansi.Truncate(fmt.Sprintf("No entry matches “%s”.", workbook.SanitizeLine(rv.shown.Query)), w, "…")))
		if rv.filtered() {
			lines = append(lines, "  "+st.Muted.Render(ansi.Truncate("Among "+rv.filterWords(rv.shown)+". a clears the filters.", w, "…")))
		}
	case empty && rv.filtered():
		for _, l := range strings.Split(ansi.Wrap(rv.nothingFor(rv.shown), w, ""), "\n") {
			lines = append(lines, "  "+st.Warning.Render(l))
		}
		lines = append(lines, "  "+st.Item.Render(ansi.Truncate("enter or a clears the filters", w, "…")))
	case empty:
		for _, l := range strings.Split(ansi.Wrap("Nothing saved yet. Answers and reports show here once saved.", w, ""), "\n") {
			lines = append(lines, "  "+st.Muted.Render(l))
		}
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
	heading := func(h string) string { return "  " + rv.styles.Current.Render(ansi.Truncate(h, width-4, "…")) }
	var out []string
	// Scrolled into a group, its heading stays on top.
	if start > 0 && rv.rows[start].heading == "" && h > 2 {
		start++
		for i := start - 1; i >= 0 && rv.rows[start].heading == ""; i-- {
			if rv.rows[i].heading != "" {
				out = append(out, heading(rv.rows[i].heading))
				break
			}
		}
	}
	for i := start; i < len(rv.rows) && len(out) < h; i++ {
		r := rv.rows[i]
		if r.heading != "" {
			out = append(out, heading(r.heading))
			continue
		}
		out = append(out, rv.cachedLine(r.item, width))
	}
	return out
}

// cachedLine is item i's line, laid out once per width, selection and
// background: a move in the list lays out two lines, not the screen.
func (rv *reviewScreen) cachedLine(i, width int) string {
	k := lineKey{item: i, width: width, selected: i == rv.cursor, isDark: rv.isDark}
	if l, ok := rv.lines[k]; ok {
		return l
	}
	if rv.lines == nil || len(rv.lines) > 4*reviewPage {
		rv.lines = map[lineKey]string{}
	}
	l := rv.itemLine(rv.items[i], k.selected, width)
	rv.lines[k] = l
	return l
}

// Columns of the review's rows: the exercises' titles take at most the
// longest ("Feedback from a manager") and a space; the date shows from
// reviewDateFrom cells on, on every row or on none.
const (
	reviewTitleWidth = 24
	reviewDateFrom   = 60
)

// itemLine lays an entry out on one line: its date, its exercise, its
// summary (a search's snippet) and its number of versions. What does not
// fit goes by importance: the summary's parts and the count of versions by
// their priority; the summary's most telling part stays, cut last. The date and the title are columns: the date shows on every row
// or on none, by the width.
func (rv *reviewScreen) itemLine(it workbook.ReviewItem, selected bool, width int) string {
	st := rv.styles
	w := width - 4 // the marker and a margin
	date := it.Date.String()
	title := rv.title(it)
	versions := ""
	if it.Revisions > 1 {
		versions = fmt.Sprintf("%d versions", it.Revisions)
	}
	l := rowLayout{date: w >= reviewDateFrom, versions: versions != "", versionsW: len(versions)}
	l.titleW = min(rv.titleW, max(10, w*2/7))
	search := rv.shown.Query != ""
	if search {
		l.fitSnippet(w)
	} else {
		l.fitSummary(w, rv.summary(it, date), versions)
	}

	marker, style := "  ", st.Item
	if selected {
		marker, style = "▸ ", st.Selected
	}
	head := ""
	if l.date {
		head = date + "  "
	}
	t := ansi.Truncate(title, l.titleW, "…")
	head += t + strings.Repeat(" ", l.titleW-ansi.StringWidth(t)+1)
	room := max(w-l.leftW()-l.rightW(), 1)
	var text string
	if search {
		text = highlightMarks(rv.searchLine(it), room, func(x string) string { return st.Highlight.Render(x) })
	} else {
		text = ansi.Truncate(l.summary, room, "…")
	}
	line := marker + style.Render(head) + text
	if l.versions {
		pad := max(w-ansi.StringWidth(head)-ansi.StringWidth(text)-len(versions), 1)
		line += strings.Repeat(" ", pad) + st.Muted.Render(versions)
	}
	return line
}

// summary is the item's summary without a part that repeats its date (a
// metric value's day); for an exercise the workbook does not know, its
// values by field.
func (rv *reviewScreen) summary(it workbook.ReviewItem, date string) workbook.Summary {
	e := workbook.Entry{ID: it.EntryID, RunID: it.RunID, Exercise: it.Exercise, Date: it.Date,
		Current: workbook.Revision{EntryID: it.EntryID, SavedAt: it.SavedAt, Answer: it.Answer}}
	s := rv.wb.EntrySummary(e, rv.contexts[it.RunID])
	if _, ok := rv.wb.Exercise(it.Exercise); !ok {
		s = unknownSummary(it.Answer)
	}
	if len(s.Parts) > 1 {
		kept := s.Parts[:0:0]
		for _, p := range s.Parts {
			if p.Text != date {
				kept = append(kept, p)
			}
		}
		s.Parts = kept
	}
	if s.IsEmpty() {
		s.Parts = []workbook.SummaryPart{{Text: "(empty)"}}
	}
	return s
}

// unknownSummary writes an answer to an exercise the workbook does not
// know (from a newer version, say): its values in the order of their
// fields' ids, each on one line.
func unknownSummary(a workbook.Answer) workbook.Summary {
	var s workbook.Summary
	add := func(text string) {
		if text = strings.TrimSpace(workbook.SanitizeLine(text)); text != "" {
			s.Parts = append(s.Parts, workbook.SummaryPart{Text: text, Priority: len(s.Parts)})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(a.Fields)) {
		add(a.Fields[id])
	}
	for _, id := range slices.Sorted(maps.Keys(a.Lists)) {
		for _, it := range a.Lists[id] {
			add(it.Text)
		}
	}
	return s
}

// rowLayout is what of a review row fits in its width.
type rowLayout struct {
	titleW    int // the title's column
	date      bool
	versions  bool
	versionsW int
	summary   string // the summary's kept parts, joined
}

const dateWidth = len("2006-01-02")

func (l *rowLayout) leftW() int {
	w := l.titleW + 1
	if l.date {
		w += dateWidth + 2
	}
	return w
}

func (l *rowLayout) rightW() int {
	if l.versions {
		return l.versionsW + 1
	}
	return 0
}

// versionsPriority weighs a row's count of versions among the parts of
// its summary (workbook.SummaryPart.Priority, 0 the most telling): it
// goes after the lesser parts (a stable rating, a note, a metric's kind)
// and before the telling ones (a direction, "not reasonable").
const versionsPriority = 3

// fitSummary keeps the summary's parts and the count of versions that fit,
// dropping the least telling first (workbook.Summary.Fit); the most
// telling part is cut when it alone is too long. The title's column
// stays, so that the rows line up.
func (l *rowLayout) fitSummary(w int, sum workbook.Summary, versions string) {
	room := w - l.leftW()
	if versions != "" {
		parts := append(slices.Clone(sum.Parts), workbook.SummaryPart{Text: versions, Priority: versionsPriority})
		fitted := workbook.Summary{Parts: parts}.Fit(room, ansi.StringWidth)
		if rest, ok := strings.CutSuffix(fitted, workbook.SummarySep+versions); ok {
			l.versions, l.summary = true, rest
			return
		}
	}
	l.summary = sum.Fit(room, ansi.StringWidth)
	// A part to be cut anyway leaves room for the count while it keeps
	// some width.
	short := room - len(versions) - 1
	l.versions = versions != "" && ansi.StringWidth(l.summary) > room && short >= minCutSummary
	if l.versions {
		l.summary = sum.Fit(short, ansi.StringWidth)
	}
}

// minCutSummary is the least room a summary cut to make room for the
// count of versions keeps.
const minCutSummary = 32

// fitSnippet drops the count of versions when a search's snippet would
// have less than 24 cells.
func (l *rowLayout) fitSnippet(w int) {
	if w-l.leftW()-l.rightW() < 24 {
		l.versions = false
	}
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
// left when the match would not fit in w columns otherwise: the match is
// what the person searched for. It drops the parts before the match's
// part, or when that part alone is too long, its text up to a third of the
// width before the match; a word the cut splits goes too, when a space
// follows it in what is kept.
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
	// Whole parts first: from the part that holds the match, when it fits
	// with its name ("… escalated: …Sign-off rule, to Dana").
	if j := strings.LastIndex(s[:i], workbook.SummarySep); j >= 0 {
		start := j + len(workbook.SummarySep) // of the match's part
		if 2+ansi.StringWidth(workbook.SanitizeLine(s[start:i]))+ansi.StringWidth(workbook.SanitizeLine(match)) <= w {
			return "… " + s[start:]
		}
	}
	drop := max(bw-max(w/3-1, 0), 0)
	kept := ansi.TruncateLeft(before, drop, "")
	last, _ := utf8.DecodeLastRuneInString(ansi.Truncate(before, drop, ""))
	first, _ := utf8.DecodeRuneInString(kept)
	if workbook.IsWordRune(last) && workbook.IsWordRune(first) {
		if sp := strings.IndexByte(kept, ' '); sp >= 0 {
			kept = kept[sp+1:]
		}
	}
	return "…" + kept + s[i:]
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

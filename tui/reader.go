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

// Contents column visibility: automatic (shown from 80 columns), or as the
// person toggled it with t.
const (
	tocAuto = iota
	tocShown
	tocHidden
)

const tocBreakpoint = 80

// readerScreen shows one section of the guide beside the contents. It
// stays when closed: it is the reading place Home continues from.
type readerScreen struct {
	*app
	section      int
	offset       int // first rendered line on screen
	pendingBlock int // block to scroll to when the render arrives; -1 none
	visited      bool
	focusTOC     bool
	tocCursor    int
	tocMode      int

	toc       tocCache
	headers   map[headerKey]headerParts
	shown     renderKey      // the render on screen
	hl        map[int]string // highlighted lines of shown for hlQuery
	hlQuery   string
	hlShown   renderKey
	exercises map[string]string // section id -> "this section has an exercise" line
	lastWidth int               // the width before the last resize
	keyHelps  map[[3]bool]keyHelp
}

func newReader(a *app) *readerScreen {
	wb := a.wb
	r := &readerScreen{app: a, pendingBlock: -1, exercises: map[string]string{}}
	for _, s := range wb.Sections {
		exs := wb.ExercisesFor(s.ID)
		if len(exs) == 0 {
			continue
		}
		names := make([]string, len(exs))
		for i, e := range exs {
			names[i] = e.Title
		}
		word := "an exercise"
		if len(exs) > 1 {
			word = fmt.Sprintf("%d exercises", len(exs))
		}
		r.exercises[s.ID] = fmt.Sprintf("✎ This section has %s: %s", word, strings.Join(names, ", "))
	}
	return r
}

func (r *readerScreen) tocVisible() bool {
	switch r.tocMode {
	case tocShown:
		return true
	case tocHidden:
		return false
	}
	return r.width >= tocBreakpoint
}

func (r *readerScreen) tocWidth() int {
	return min(max(r.width*3/10, 22), 36)
}

func (r *readerScreen) textWidth() int {
	if r.tocVisible() {
		return max(r.width-r.tocWidth()-1, 10)
	}
	return max(r.width, 10)
}

func (r *readerScreen) key() renderKey {
	return renderKey{
		section: r.wb.Sections[r.section].ID,
		width:   r.textWidth(),
		style:   glamourStyle(r.isDark, r.noColor),
	}
}

func (r *readerScreen) headerLines() int {
	if _, ok := r.exercises[r.wb.Sections[r.section].ID]; ok {
		return 2
	}
	return 1
}

func (r *readerScreen) textHeight() int {
	return max(r.bodyHeight()-r.headerLines(), 1)
}

// currentBlock is the block at the top of the screen: the reading place.
func (r *readerScreen) currentBlock() int {
	if r.pendingBlock >= 0 {
		return r.pendingBlock
	}
	if rr := r.renders[r.shown]; rr != nil && r.shown.section == r.wb.Sections[r.section].ID {
		return rr.topBlock(r.offset)
	}
	return 0
}

// layout makes sure the current section is rendered for the current width
// and style: from the cache, or by a command that keeps the reading place.
func (r *readerScreen) layout() tea.Cmd {
	if r.width == 0 || r.tooSmall() || !r.visited {
		return nil
	}
	k := r.key()
	if k == r.shown {
		return nil
	}
	if r.pendingBlock < 0 {
		r.pendingBlock = r.currentBlock()
	}
	if _, ok := r.renders[k]; ok {
		r.rendered(k)
		return nil
	}
	return renderCmd(r.wb.Sections[r.section], k)
}

// rendered takes a finished render when it is the one the screen needs.
func (r *readerScreen) rendered(k renderKey) {
	if !r.visited || k != r.key() {
		return
	}
	r.shown = k
	if r.pendingBlock >= 0 {
		rr := r.renders[k]
		if r.pendingBlock < len(rr.blockLine) {
			r.offset = rr.blockLine[r.pendingBlock]
		} else {
			r.offset = 0
		}
		r.pendingBlock = -1
	}
	r.clamp()
	r.refreshHighlights()
}

// show opens section i at block.
func (r *readerScreen) show(i, block int) tea.Cmd {
	r.section = i
	r.tocCursor = i
	r.visited = true
	r.lastWidth = r.width
	r.offset = 0
	r.pendingBlock = block
	r.shown = renderKey{}
	cmd := r.layout()
	r.prepare()
	return cmd
}

func (r *readerScreen) lines() []string {
	if rr := r.renders[r.shown]; rr != nil {
		return rr.lines
	}
	return nil
}

func (r *readerScreen) maxOffset() int {
	return max(len(r.lines())-r.textHeight(), 0)
}

func (r *readerScreen) clamp() {
	r.offset = min(max(r.offset, 0), r.maxOffset())
}

func (r *readerScreen) scroll(n int) {
	r.offset += n
	r.clamp()
}

func (r *readerScreen) wheel(mouse tea.Mouse) {
	switch mouse.Button {
	case tea.MouseWheelUp:
		r.scroll(-3)
	case tea.MouseWheelDown:
		r.scroll(3)
	}
}

func (r *readerScreen) refreshHighlights() {
	q := r.search.query
	if r.hlQuery == q && r.hlShown == r.shown {
		return
	}
	r.hlQuery, r.hlShown = q, r.shown
	r.hl = nil
	if rr := r.renders[r.shown]; rr != nil && q != "" {
		r.hl = highlightLines(rr, q, func(s string) string { return r.styles.Highlight.Render(s) })
	}
}

func (r *readerScreen) Name() string           { return "Reader" }
func (r *readerScreen) place() workbook.Screen { return workbook.ScreenReader }
func (r *readerScreen) wantsMouse() bool       { return true }

// hasExercise says whether the section shown has an exercise to open.
func (r *readerScreen) hasExercise() bool {
	_, ok := r.exercises[r.wb.Sections[r.section].ID]
	return ok
}

// keymap is the reader's keys as they work now: the contents' keys while
// the contents are on screen, e while the section has an exercise.
func (r *readerScreen) keymap() readerKeys {
	k := r.keys.reader
	k.Focus = when(r.tocVisible(), k.Focus)
	k.Open = when(r.focusTOC && r.tocVisible(), k.Open)
	k.Exercise = when(r.hasExercise(), k.Exercise)
	return k
}

// Keys are laid out once for each state of the keymap: the reader's
// footer is drawn on every key.
func (r *readerScreen) Keys() help.KeyMap {
	state := [3]bool{r.tocVisible(), r.focusTOC && r.tocVisible(), r.hasExercise()}
	if h, ok := r.keyHelps[state]; ok {
		return h
	}
	if r.keyHelps == nil {
		r.keyHelps = map[[3]bool]keyHelp{}
	}
	k, g := r.keymap(), r.keys.global
	h := keyHelp{
		short: []key.Binding{k.Down, k.NextSec, k.Exercise, g.Search, g.Review, g.Back, g.Safety, g.Help, g.Quit},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.PrevSec, k.NextSec, k.Focus, k.Contents, k.Open, k.Exercise},
			{g.Search, k.NextHit, k.PrevHit, g.Review},
			{g.Help, g.Safety, g.Back, g.Quit, g.ForceQuit},
		},
	}
	r.keyHelps[state] = h
	return h
}

func (r *readerScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		var next screen
		if next, cmd = r.handleKey(msg); next == nil {
			return nil, cmd
		}
	case tea.MouseWheelMsg:
		r.wheel(msg.Mouse())
	case tea.WindowSizeMsg:
		// Crossing the breakpoint gives the contents column back to the
		// automatic rule; a toggle holds only at the size it was made.
		if (r.lastWidth >= tocBreakpoint) != (msg.Width >= tocBreakpoint) {
			r.tocMode = tocAuto
		}
		r.lastWidth = msg.Width
		cmd = r.layout()
	case tea.BackgroundColorMsg:
		cmd = r.layout()
	case renderedMsg:
		r.rendered(msg.key)
	}
	if r.top() == r {
		cmd = tea.Batch(cmd, r.markReadAtEnd())
	}
	r.prepare()
	return r, cmd
}

func (r *readerScreen) handleKey(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	k, g := r.keymap(), r.keys.global
	if r.focusTOC && r.tocVisible() {
		switch {
		case key.Matches(msg, k.Up):
			r.tocCursor = max(r.tocCursor-1, 0)
			return r, nil
		case key.Matches(msg, k.Down):
			r.tocCursor = min(r.tocCursor+1, len(r.wb.Sections)-1)
			return r, nil
		case key.Matches(msg, k.Open):
			r.focusTOC = false
			return r, r.show(r.tocCursor, 0)
		}
	}
	page := max(r.textHeight()-1, 1)
	switch {
	case key.Matches(msg, g.Back):
		if r.search.query != "" {
			r.search.clear()
			r.refreshHighlights()
			return r, nil
		}
		return nil, nil
	case key.Matches(msg, k.Up):
		r.scroll(-1)
	case key.Matches(msg, k.Down):
		r.scroll(1)
	case key.Matches(msg, k.PageUp):
		r.scroll(-page)
	case key.Matches(msg, k.PageDown):
		r.scroll(page)
	case key.Matches(msg, k.Top):
		r.offset = 0
	case key.Matches(msg, k.Bottom):
		r.offset = r.maxOffset()
	case key.Matches(msg, k.PrevSec):
		if r.section > 0 {
			return r, r.show(r.section-1, 0)
		}
	case key.Matches(msg, k.NextSec):
		if r.section < len(r.wb.Sections)-1 {
			return r, r.show(r.section+1, 0)
		}
	case key.Matches(msg, k.Focus):
		r.focusTOC = !r.focusTOC
		r.tocCursor = r.section
	case key.Matches(msg, k.Contents):
		if r.tocVisible() {
			r.tocMode = tocHidden
			r.focusTOC = false
		} else {
			r.tocMode = tocShown
		}
		return r, r.layout()
	case key.Matches(msg, k.Exercise):
		return r, r.pickExercise(r.wb.Sections[r.section])
	case key.Matches(msg, k.NextHit):
		return r, r.stepSearch(1)
	case key.Matches(msg, k.PrevHit):
		return r, r.stepSearch(-1)
	case key.Matches(msg, g.Search):
		return r, r.openSearch(r)
	case key.Matches(msg, g.Review):
		return r, r.openReview()
	default:
		cmd, _ := r.globalKey(r, msg)
		return r, cmd
	}
	return r, nil
}

// openReader shows a section in the reader, at a block (0 for the top):
// the reader comes up over Home, or back to the top of the stack.
func (a *app) openReader(section, block int) tea.Cmd {
	if a.onStack(a.reader) {
		a.closeAbove(a.reader)
	} else {
		a.closeAbove(a.home)
		a.push(a.reader)
	}
	return a.reader.show(section, block)
}

// headerKey is what the reader's header depends on, but for the position.
type headerKey struct {
	section, width, posWidth int
	isDark                   bool
}

// headerParts are the header's styled title and exercise line.
type headerParts struct {
	title     string
	titleW    int
	exercises string
}

// header lays out the header's fixed parts once per section and width.
func (r *readerScreen) header(posWidth int) headerParts {
	k := headerKey{section: r.section, width: r.width, posWidth: posWidth, isDark: r.isDark}
	if h, ok := r.headers[k]; ok {
		return h
	}
	if len(r.headers) >= 64 || r.headers == nil {
		r.headers = map[headerKey]headerParts{}
	}
	title := ansi.Truncate(r.wb.Title, max(r.width-posWidth-3, 1), "…")
	h := headerParts{title: " " + r.styles.Muted.Render(title), titleW: 1 + ansi.StringWidth(title)}
	if ex, ok := r.exercises[r.wb.Sections[r.section].ID]; ok {
		h.exercises = " " + r.styles.Mark.Render(ansi.Truncate(ex, r.width-2, "…"))
	}
	r.headers[k] = h
	return h
}

// tocKey is what the contents column depends on.
type tocKey struct {
	width, height, section, cursor int
	focus, visible, isDark         bool
	done                           uint64 // sections whose exercises are done, as bits
}

// tocCache holds the contents column and separator, one string a row,
// laid out in Update so View only joins them; a few layouts are kept so
// going back to a section or a size costs nothing.
type tocCache struct {
	rows   []string // the layout on screen
	layout map[tocKey][]string
}

// prepare lays out the contents column when what it shows has changed:
// after each message, so View only joins strings.
func (r *readerScreen) prepare() {
	if r.tooSmall() {
		return
	}
	k := tocKey{
		width: r.width, height: r.textHeight(), section: r.section, cursor: r.tocCursor,
		focus: r.focusTOC, visible: r.tocVisible(), isDark: r.isDark, done: r.doneMask(),
	}
	if rows, ok := r.toc.layout[k]; ok {
		r.toc.rows = rows
		return
	}
	if len(r.toc.layout) >= 64 || r.toc.layout == nil {
		r.toc.layout = map[tocKey][]string{}
	}
	rows := make([]string, k.height)
	if k.visible {
		sep := r.styles.Border.Render("│")
		for i, row := range strings.Split(r.tocView(k.height), "\n") {
			if i < len(rows) {
				rows[i] = row + sep
			}
		}
	}
	r.toc.layout[k] = rows
	r.toc.rows = rows
}

func (r *readerScreen) View(w, _ int) string {
	st := r.styles
	sec := r.wb.Sections[r.section]

	// Header: where you are in the guide, and how far down the section.
	pos := fmt.Sprintf("%d/%d", r.section+1, len(r.wb.Sections))
	if mo := r.maxOffset(); mo > 0 {
		pos += fmt.Sprintf(" · %d%%", r.offset*100/mo)
	}
	hd := r.header(len(pos))
	var b strings.Builder
	b.WriteString(hd.title)
	b.WriteString(strings.Repeat(" ", max(w-hd.titleW-len(pos)-1, 1)))
	b.WriteString(st.Muted.Render(pos))
	b.WriteByte('\n')
	if hd.exercises != "" {
		b.WriteString(hd.exercises)
		b.WriteByte('\n')
	}

	h := r.textHeight()
	var lines []string
	if r.shown.section == sec.ID {
		lines = r.lines()
	} else {
		lines = []string{"", "  " + st.Muted.Render("Rendering "+sec.Title+"…")}
	}
	// Rendered lines already fit the text column: each row is the
	// contents cell (cached) and the line, nothing measured here.
	size := b.Len()
	for i := 0; i < h && r.offset+i < len(lines); i++ {
		size += len(lines[r.offset+i]) + 64
	}
	if len(r.toc.rows) > 0 {
		size += h * (len(r.toc.rows[0]) + 16)
	}
	b.Grow(size)
	for i := 0; i < h; i++ {
		if i < len(r.toc.rows) {
			b.WriteString(r.toc.rows[i])
		}
		if n := r.offset + i; n < len(lines) {
			if l, ok := r.hl[n]; ok {
				b.WriteString(l)
			} else {
				b.WriteString(lines[n])
			}
		}
		if i < h-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func (r *readerScreen) tocView(h int) string {
	st := r.styles
	tw := r.tocWidth()
	mark, done := st.Mark.Render("✎"), st.Mark.Render("✓")
	rows := make([]string, 0, h)
	rows = append(rows, st.Muted.Render(" Contents")+strings.Repeat(" ", max(tw-9, 0)))
	for i, s := range r.wb.Sections {
		if len(rows) == h {
			break
		}
		label := ansi.Truncate(fmt.Sprintf("%d %s", s.Number, s.Title), tw-3, "…")
		style := st.Item
		switch {
		case r.focusTOC && i == r.tocCursor:
			style = st.Selected
		case i == r.section:
			style = st.Current
		}
		cursor, mk := " ", " "
		if i == r.section {
			cursor = "›"
		}
		if _, ok := r.exercises[s.ID]; ok {
			mk = mark
			if workbook.SectionDone(r.wb, s.ID, r.prog.entries) {
				mk = done
			}
		}
		rows = append(rows, cursor+style.Render(label)+strings.Repeat(" ", max(tw-3-ansi.StringWidth(label), 0))+" "+mk)
	}
	blank := strings.Repeat(" ", tw)
	for len(rows) < h {
		rows = append(rows, blank)
	}
	return strings.Join(rows, "\n")
}

// doneMask has a bit set for each section whose exercises are all done.
func (r *readerScreen) doneMask() uint64 {
	var mask uint64
	for i, s := range r.wb.Sections {
		if _, ok := r.exercises[s.ID]; ok && i < 64 && workbook.SectionDone(r.wb, s.ID, r.prog.entries) {
			mask |= 1 << i
		}
	}
	return mask
}

// markReadAtEnd records a section as read once its end is on screen.
func (r *readerScreen) markReadAtEnd() tea.Cmd {
	if r.store == nil || !r.prog.loaded || !r.visited || r.tooSmall() {
		return nil
	}
	sec := r.wb.Sections[r.section]
	if r.prog.read[sec.ID] || r.shown.section != sec.ID || r.offset < r.maxOffset() {
		return nil
	}
	if r.prog.read == nil {
		r.prog.read = map[string]bool{}
	}
	r.prog.read[sec.ID] = true
	return markReadCmd(r.store, sec.ID, r.now())
}

// goTo puts the person back where they were: in the reader at the same
// block if they left while reading, else on Home.
func (a *app) goTo(p workbook.Place) tea.Cmd {
	i := a.sectionIndex(p.Section)
	if i < 0 {
		return nil
	}
	r := a.reader
	r.section, r.pendingBlock, r.visited = i, p.Block, true
	a.home.refresh()
	if p.Screen == workbook.ScreenReader {
		return a.openReader(i, p.Block)
	}
	return nil
}

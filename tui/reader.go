package tui

import (
	"fmt"
	"strings"

	"autonomy/workbook"

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

// readerModel shows one section of the guide beside the contents.
type readerModel struct {
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
}

func newReader(wb *workbook.Workbook) readerModel {
	r := readerModel{pendingBlock: -1, exercises: map[string]string{}}
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

func (r *readerModel) tocVisible(m *app) bool {
	switch r.tocMode {
	case tocShown:
		return true
	case tocHidden:
		return false
	}
	return m.width >= tocBreakpoint
}

func (r *readerModel) tocWidth(m *app) int {
	return min(max(m.width*3/10, 22), 36)
}

func (r *readerModel) textWidth(m *app) int {
	if r.tocVisible(m) {
		return max(m.width-r.tocWidth(m)-1, 10)
	}
	return max(m.width, 10)
}

func (r *readerModel) key(m *app) renderKey {
	return renderKey{
		section: m.wb.Sections[r.section].ID,
		width:   r.textWidth(m),
		style:   glamourStyle(m.isDark, m.noColor),
	}
}

func (r *readerModel) headerLines(m *app) int {
	if _, ok := r.exercises[m.wb.Sections[r.section].ID]; ok {
		return 2
	}
	return 1
}

func (r *readerModel) textHeight(m *app) int {
	return max(m.bodyHeight()-r.headerLines(m), 1)
}

// currentBlock is the block at the top of the screen: the reading place.
func (r *readerModel) currentBlock(m *app) int {
	if r.pendingBlock >= 0 {
		return r.pendingBlock
	}
	if rr := m.renders[r.shown]; rr != nil && r.shown.section == m.wb.Sections[r.section].ID {
		return rr.topBlock(r.offset)
	}
	return 0
}

// layout makes sure the current section is rendered for the current width
// and style: from the cache, or by a command that keeps the reading place.
func (r *readerModel) layout(m *app) tea.Cmd {
	if m.width == 0 || m.tooSmall() || !r.visited {
		return nil
	}
	k := r.key(m)
	if k == r.shown {
		return nil
	}
	if r.pendingBlock < 0 {
		r.pendingBlock = r.currentBlock(m)
	}
	if _, ok := m.renders[k]; ok {
		r.rendered(m, k)
		return nil
	}
	return renderCmd(m.wb.Sections[r.section], k)
}

// rendered takes a finished render when it is the one the screen needs.
func (r *readerModel) rendered(m *app, k renderKey) {
	if !r.visited || k != r.key(m) {
		return
	}
	r.shown = k
	if r.pendingBlock >= 0 {
		rr := m.renders[k]
		if r.pendingBlock < len(rr.blockLine) {
			r.offset = rr.blockLine[r.pendingBlock]
		} else {
			r.offset = 0
		}
		r.pendingBlock = -1
	}
	r.clamp(m)
	r.refreshHighlights(m)
}

// show opens section i at block.
func (r *readerModel) show(m *app, i, block int) tea.Cmd {
	r.section = i
	r.tocCursor = i
	r.visited = true
	r.offset = 0
	r.pendingBlock = block
	r.shown = renderKey{}
	return r.layout(m)
}

func (r *readerModel) lines(m *app) []string {
	if rr := m.renders[r.shown]; rr != nil {
		return rr.lines
	}
	return nil
}

func (r *readerModel) maxOffset(m *app) int {
	return max(len(r.lines(m))-r.textHeight(m), 0)
}

func (r *readerModel) clamp(m *app) {
	r.offset = min(max(r.offset, 0), r.maxOffset(m))
}

func (r *readerModel) scroll(m *app, n int) {
	r.offset += n
	r.clamp(m)
}

func (r *readerModel) wheel(m *app, mouse tea.Mouse) {
	switch mouse.Button {
	case tea.MouseWheelUp:
		r.scroll(m, -3)
	case tea.MouseWheelDown:
		r.scroll(m, 3)
	}
}

func (r *readerModel) refreshHighlights(m *app) {
	q := m.search.query
	if r.hlQuery == q && r.hlShown == r.shown {
		return
	}
	r.hlQuery, r.hlShown = q, r.shown
	r.hl = nil
	if rr := m.renders[r.shown]; rr != nil && q != "" {
		r.hl = highlightLines(rr, q, func(s string) string { return m.styles.Highlight.Render(s) })
	}
}

func (r *readerModel) handleKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k, g := m.keys.reader, m.keys.global
	if r.focusTOC && r.tocVisible(m) {
		switch {
		case key.Matches(msg, k.Up):
			r.tocCursor = max(r.tocCursor-1, 0)
			return nil
		case key.Matches(msg, k.Down):
			r.tocCursor = min(r.tocCursor+1, len(m.wb.Sections)-1)
			return nil
		case key.Matches(msg, k.Open):
			r.focusTOC = false
			return r.show(m, r.tocCursor, 0)
		}
	}
	page := max(r.textHeight(m)-1, 1)
	switch {
	case key.Matches(msg, g.Back):
		if m.search.query != "" {
			m.search.clear()
			r.refreshHighlights(m)
			return nil
		}
		m.goHome()
	case key.Matches(msg, k.Up):
		r.scroll(m, -1)
	case key.Matches(msg, k.Down):
		r.scroll(m, 1)
	case key.Matches(msg, k.PageUp):
		r.scroll(m, -page)
	case key.Matches(msg, k.PageDown):
		r.scroll(m, page)
	case key.Matches(msg, k.Top):
		r.offset = 0
	case key.Matches(msg, k.Bottom):
		r.offset = r.maxOffset(m)
	case key.Matches(msg, k.PrevSec):
		if r.section > 0 {
			return r.show(m, r.section-1, 0)
		}
	case key.Matches(msg, k.NextSec):
		if r.section < len(m.wb.Sections)-1 {
			return r.show(m, r.section+1, 0)
		}
	case key.Matches(msg, k.Focus):
		if r.tocVisible(m) {
			r.focusTOC = !r.focusTOC
			r.tocCursor = r.section
		}
	case key.Matches(msg, k.Contents):
		if r.tocVisible(m) {
			r.tocMode = tocHidden
			r.focusTOC = false
		} else {
			r.tocMode = tocShown
		}
		return r.layout(m)
	case key.Matches(msg, k.Exercise):
		return m.pickExercise(m.wb.Sections[r.section])
	case key.Matches(msg, k.NextHit):
		return m.search.step(m, 1)
	case key.Matches(msg, k.PrevHit):
		return m.search.step(m, -1)
	}
	return nil
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
func (r *readerModel) header(m *app, posWidth int) headerParts {
	k := headerKey{section: r.section, width: m.width, posWidth: posWidth, isDark: m.isDark}
	if h, ok := r.headers[k]; ok {
		return h
	}
	if len(r.headers) >= 64 || r.headers == nil {
		r.headers = map[headerKey]headerParts{}
	}
	title := ansi.Truncate(m.wb.Title, max(m.width-posWidth-3, 1), "…")
	h := headerParts{title: " " + m.styles.Muted.Render(title), titleW: 1 + ansi.StringWidth(title)}
	if ex, ok := r.exercises[m.wb.Sections[r.section].ID]; ok {
		h.exercises = " " + m.styles.Mark.Render(ansi.Truncate(ex, m.width-2, "…"))
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

// prepare lays out the contents column when what it shows has changed.
func (r *readerModel) prepare(m *app) {
	k := tocKey{
		width: m.width, height: r.textHeight(m), section: r.section, cursor: r.tocCursor,
		focus: r.focusTOC, visible: r.tocVisible(m), isDark: m.isDark, done: r.doneMask(m),
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
		sep := m.styles.Border.Render("│")
		for i, row := range strings.Split(r.tocView(m, k.height), "\n") {
			if i < len(rows) {
				rows[i] = row + sep
			}
		}
	}
	r.toc.layout[k] = rows
	r.toc.rows = rows
}

func (r *readerModel) view(m *app) string {
	st := m.styles
	sec := m.wb.Sections[r.section]
	w := m.width

	// Header: where you are in the guide, and how far down the section.
	pos := fmt.Sprintf("%d/%d", r.section+1, len(m.wb.Sections))
	if mo := r.maxOffset(m); mo > 0 {
		pos += fmt.Sprintf(" · %d%%", r.offset*100/mo)
	}
	hd := r.header(m, len(pos))
	var b strings.Builder
	b.WriteString(hd.title)
	b.WriteString(strings.Repeat(" ", max(w-hd.titleW-len(pos)-1, 1)))
	b.WriteString(st.Muted.Render(pos))
	b.WriteByte('\n')
	if hd.exercises != "" {
		b.WriteString(hd.exercises)
		b.WriteByte('\n')
	}

	h := r.textHeight(m)
	var lines []string
	if r.shown.section == sec.ID {
		lines = r.lines(m)
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

func (r *readerModel) tocView(m *app, h int) string {
	st := m.styles
	tw := r.tocWidth(m)
	mark, done := st.Mark.Render("✎"), st.Mark.Render("✓")
	rows := make([]string, 0, h)
	rows = append(rows, st.Muted.Render(" Contents")+strings.Repeat(" ", max(tw-9, 0)))
	for i, s := range m.wb.Sections {
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
			if workbook.SectionDone(m.wb, s.ID, m.prog.entries) {
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
func (r *readerModel) doneMask(m *app) uint64 {
	var mask uint64
	for i, s := range m.wb.Sections {
		if _, ok := r.exercises[s.ID]; ok && i < 64 && workbook.SectionDone(m.wb, s.ID, m.prog.entries) {
			mask |= 1 << i
		}
	}
	return mask
}

// markReadAtEnd records a section as read once its end is on screen.
func (r *readerModel) markReadAtEnd(m *app) tea.Cmd {
	if m.store == nil || !m.prog.loaded || !r.visited || m.tooSmall() {
		return nil
	}
	sec := m.wb.Sections[r.section]
	if m.prog.read[sec.ID] || r.shown.section != sec.ID || r.offset < r.maxOffset(m) {
		return nil
	}
	if m.prog.read == nil {
		m.prog.read = map[string]bool{}
	}
	m.prog.read[sec.ID] = true
	return markReadCmd(m.store, sec.ID, m.now())
}

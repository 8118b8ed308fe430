package textfield

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// The text is kept as logical lines (no '\n' inside), the cursor as a line
// and a byte offset in it. Each line has a lazily built lineInfo: its
// grapheme clusters, the cells each takes on screen and where it wraps.
// An edit drops the info of the lines it touches only, so a keystroke costs
// the edited line plus the lines on screen, whatever the length of the text.

// tabCells is how many cells a tab is drawn as.
const tabCells = 4

// lineInfo is one logical line laid out at the field's text width.
type lineInfo struct {
	gs   []int32 // byte offset where each grapheme starts, then len(line)
	gw   []uint8 // cells each grapheme is drawn in (0: not drawn)
	segs []int32 // index in gs where each visual line starts; segs[0] == 0
	from int     // -1: up to date; else the line changed from this byte on
}

// graphemes is the number of grapheme clusters in the line.
func (li *lineInfo) graphemes() int { return len(li.gw) }

// segEnd is the index of the first grapheme after visual line s.
func (li *lineInfo) segEnd(s int) int {
	if s+1 < len(li.segs) {
		return int(li.segs[s+1])
	}
	return li.graphemes()
}

// graphemeAt is the index of the grapheme holding byte offset col, or the
// number of graphemes when col is the end of the line.
func (li *lineInfo) graphemeAt(col int) int {
	// The last k with gs[k] <= col.
	k := sort.Search(len(li.gs), func(i int) bool { return int(li.gs[i]) > col }) - 1
	return max(k, 0)
}

// segOf is the visual line grapheme k is drawn on; the cursor before the
// first grapheme of a wrapped visual line is drawn at its start.
func (li *lineInfo) segOf(k int) int {
	s := sort.Search(len(li.segs), func(i int) bool { return int(li.segs[i]) > k }) - 1
	return max(s, 0)
}

// cells is the width of graphemes [a, b).
func (li *lineInfo) cells(a, b int) int {
	n := 0
	for _, w := range li.gw[a:b] {
		n += int(w)
	}
	return n
}

// layout measures line and wraps it to width cells. Non-space graphemes
// fill at most width-1 cells, so the cursor always has a cell at the end;
// a space may hang in the last cell. Lines break after a space or tab
// when they can, inside a word when it is longer than the line.
func layout(line string, width int) *lineInfo {
	li := &lineInfo{from: -1}
	li.layout(line, width, 0)
	return li
}

// layout lays the line out again after an edit that changed nothing
// before byte offset from (0: lay it all out), reusing the graphemes
// before it, the visual lines before the edit's, and the slices.
//
// Grapheme boundaries before from do not depend on what follows them, but
// the one just before it may go (a combining mark typed after a letter),
// so measuring restarts a grapheme earlier. A visual line's start was
// decided by the grapheme that did not fit on the line before, which may
// lie on the next visual line: wrapping restarts two visual lines before
// the edited grapheme's. From a visual line's start, wrapping depends only
// on the graphemes that follow.
func (li *lineInfo) layout(line string, width, from int) {
	width = max(width, 2)
	tab := min(tabCells, width-1)
	restart, s0 := 0, 0
	if from > 0 && len(li.gw) > 0 && len(li.segs) > 0 {
		restart = max(li.graphemeAt(from)-1, 0)
		s0 = max(li.segOf(restart)-2, 0)
	}
	i := 0
	if restart > 0 {
		i = int(li.gs[restart])
	}
	li.gs, li.gw = li.gs[:restart], li.gw[:restart]
	if len(li.segs) == 0 {
		li.segs = append(li.segs, 0)
	}
	li.segs = li.segs[:s0+1]

	for i < len(line) {
		c := line[i]
		if c >= 0x20 && c < 0x7f && (i+1 == len(line) || line[i+1] < utf8.RuneSelf) {
			// Printable ASCII not followed by a combining mark.
			li.gs = append(li.gs, int32(i))
			li.gw = append(li.gw, 1)
			i++
			continue
		}
		size, w := cluster(line[i:], tab)
		li.gs = append(li.gs, int32(i))
		li.gw = append(li.gw, uint8(min(w, 255)))
		i += size
	}
	li.gs = append(li.gs, int32(len(line)))

	start, brk, cur := int(li.segs[s0]), -1, 0
	for k := start; k < len(li.gw); k++ {
		w := int(li.gw[k])
		c := line[li.gs[k]]
		space := c == ' '
		for w > 0 && cur+w > width-1 && !(space && cur+w <= width) && k > start {
			ns := k
			if brk > start {
				ns = brk
			}
			li.segs = append(li.segs, int32(ns))
			start, brk = ns, -1
			cur = li.cells(ns, k)
		}
		cur += w
		if space || c == '\t' {
			brk = k + 1
		}
	}
	if cur > width-1 {
		// A space hangs in the last cell: the cursor after it goes below.
		li.segs = append(li.segs, int32(len(li.gw)))
	}
}

// cluster measures the grapheme cluster s starts with: its length in
// bytes and the cells it is drawn in. A rune below U+0600 (Latin, Greek,
// Cyrillic, Hebrew...) followed by one that cannot extend it is a cluster
// of its own, measured from a table; anything else goes through the
// segmenter ansi.StringWidth uses, so the widths agree with it.
func cluster(s string, tab int) (size, cells int) {
	r, size := rune(s[0]), 1
	if r >= utf8.RuneSelf {
		r, size = utf8.DecodeRuneInString(s)
	}
	if r < lowRunes && r != '\r' {
		alone := size == len(s)
		if !alone {
			next := rune(s[size])
			if next >= utf8.RuneSelf {
				next, _ = utf8.DecodeRuneInString(s[size:])
			}
			alone = next < utf8.RuneSelf || (next < lowRunes && lowWidth(next) > 0)
		}
		if alone {
			switch {
			case r == '\t':
				return size, tab
			case dropped(r):
				return size, 0
			case r < utf8.RuneSelf:
				return size, 1
			}
			return size, lowWidth(r)
		}
	}
	cl, w := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	return len(cl), clusterCells(cl, w, tab)
}

// lowRunes bounds the runes measured from a table: below it no rune is a
// Prepend, Hangul, regional indicator or emoji, and the only ones that
// extend a cluster take no cell.
const lowRunes = 0x600

var (
	lowOnce   sync.Once
	lowWidths [lowRunes]uint8
)

// lowWidth is ansi.StringWidth of r < lowRunes, from a table built once.
func lowWidth(r rune) int {
	lowOnce.Do(func() {
		for c := rune(0x20); c < lowRunes; c++ {
			if !dropped(c) {
				lowWidths[c] = uint8(ansi.StringWidth(string(c)))
			}
		}
	})
	return int(lowWidths[r])
}

// clusterCells is how many cells a non-ASCII cluster is drawn in: none
// for what the display drops, tab for a tab.
func clusterCells(cl string, w, tab int) int {
	if cl == "\t" {
		return tab
	}
	if strings.IndexFunc(cl, dropped) >= 0 {
		cl = strings.Map(func(r rune) rune {
			if dropped(r) {
				return -1
			}
			return r
		}, cl)
		if cl == "" {
			return 0
		}
		return ansi.StringWidth(cl)
	}
	return w
}

// dropped reports whether r is never sent to the terminal: C0 controls
// (tab is drawn as spaces, newline ends a line), DEL, C1 controls and the
// bidirectional controls that can make text read in another order.
func dropped(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) ||
		r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// pos is a place in the text: a logical line and a byte offset in it.
type pos struct{ row, col int }

func (p pos) less(q pos) bool {
	return p.row < q.row || (p.row == q.row && p.col < q.col)
}

// vpos is a visual line: a logical line and one of its wrapped lines.
type vpos struct{ row, seg int }

func (p vpos) less(q vpos) bool {
	return p.row < q.row || (p.row == q.row && p.seg < q.seg)
}

// buffer is the text, the cursor and the window of visual lines.
type buffer struct {
	lines  []string
	infos  []*lineInfo // nil: never laid out at this width
	width  int         // text width the infos are laid out at
	nrunes int         // code points in the text, newlines included
	cur    pos
	goalX  int  // the column up and down keep; -1 when unset
	top    vpos // first visual line shown
}

func newBuffer() buffer {
	return buffer{lines: []string{""}, infos: make([]*lineInfo, 1), width: 80, goalX: -1}
}

// set replaces the text and puts the cursor at its end.
func (b *buffer) set(s string) {
	b.lines = strings.Split(s, "\n")
	b.infos = make([]*lineInfo, len(b.lines))
	b.nrunes = utf8.RuneCountInString(s)
	last := len(b.lines) - 1
	b.cur = pos{last, len(b.lines[last])}
	b.goalX = -1
	b.top = vpos{}
}

func (b *buffer) text() string { return strings.Join(b.lines, "\n") }

func (b *buffer) setWidth(w int) {
	if w == b.width {
		return
	}
	b.width = w
	clear(b.infos)
	b.top.seg = 0
}

func (b *buffer) info(row int) *lineInfo {
	li := b.infos[row]
	switch {
	case li == nil:
		li = layout(b.lines[row], b.width)
		b.infos[row] = li
	case li.from >= 0:
		li.layout(b.lines[row], b.width, li.from)
		li.from = -1
	}
	return li
}

// edited notes that line row changed from byte offset col on.
func (b *buffer) edited(row, col int) {
	if li := b.infos[row]; li != nil && (li.from < 0 || col < li.from) {
		li.from = col
	}
}

func (b *buffer) segs(row int) int { return len(b.info(row).segs) }

// vposOf is the visual line p is drawn on.
func (b *buffer) vposOf(p pos) vpos {
	li := b.info(p.row)
	return vpos{p.row, li.segOf(li.graphemeAt(p.col))}
}

func (b *buffer) next(v vpos) (vpos, bool) {
	if v.seg+1 < b.segs(v.row) {
		return vpos{v.row, v.seg + 1}, true
	}
	if v.row+1 < len(b.lines) {
		return vpos{v.row + 1, 0}, true
	}
	return v, false
}

func (b *buffer) prev(v vpos) (vpos, bool) {
	if v.seg > 0 {
		return vpos{v.row, v.seg - 1}, true
	}
	if v.row > 0 {
		return vpos{v.row - 1, b.segs(v.row-1) - 1}, true
	}
	return v, false
}

// scroll moves the window of n visual lines the least that shows the
// cursor, and so that it is full when the text is long enough.
func (b *buffer) scroll(n int) {
	n = max(n, 1)
	if b.top.row >= len(b.lines) {
		b.top = vpos{len(b.lines) - 1, 0}
	}
	b.top.seg = min(b.top.seg, b.segs(b.top.row)-1)
	c := b.vposOf(b.cur)
	if c.less(b.top) {
		b.top = c
	} else {
		// The top may be no higher than n-1 lines above the cursor.
		p := c
		for i := 1; i < n && b.top.less(p); i++ {
			p, _ = b.prev(p)
		}
		if b.top.less(p) {
			b.top = p
		}
	}
	// Fill the window: lines below the top, else lines above it.
	p, i := b.top, 1
	for ; i < n; i++ {
		q, ok := b.next(p)
		if !ok {
			break
		}
		p = q
	}
	for ; i < n; i++ {
		q, ok := b.prev(b.top)
		if !ok {
			break
		}
		b.top = q
	}
}

// cursorX is the cell the cursor is in on its visual line.
func (b *buffer) cursorX() int {
	li := b.info(b.cur.row)
	k := li.graphemeAt(b.cur.col)
	s := li.segOf(k)
	return li.cells(int(li.segs[s]), k)
}

// colAtX is the byte offset on visual line v nearest cell x: the grapheme
// covering x, or the end of the visual line (for a wrapped visual line, its
// last grapheme, since its end is drawn at the start of the next one).
func (b *buffer) colAtX(v vpos, x int) int {
	li := b.info(v.row)
	a, z := int(li.segs[v.seg]), li.segEnd(v.seg)
	cx := 0
	for k := a; k < z; k++ {
		w := int(li.gw[k])
		if w > 0 && x < cx+w {
			return int(li.gs[k])
		}
		cx += w
	}
	if v.seg+1 < len(li.segs) && z > a {
		return int(li.gs[z-1])
	}
	return int(li.gs[z])
}

// vertical moves the cursor n visual lines down (up when n < 0), keeping
// its column; past the first or last line it goes to the start or end.
func (b *buffer) vertical(n int) {
	if b.goalX < 0 {
		b.goalX = b.cursorX()
	}
	v := b.vposOf(b.cur)
	for ; n != 0; n -= sign(n) {
		var ok bool
		if n > 0 {
			v, ok = b.next(v)
		} else {
			v, ok = b.prev(v)
		}
		if !ok {
			if n > 0 {
				b.cur = b.end()
			} else {
				b.cur = pos{}
			}
			return
		}
	}
	b.cur = pos{v.row, b.colAtX(v, b.goalX)}
}

func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

func (b *buffer) end() pos {
	last := len(b.lines) - 1
	return pos{last, len(b.lines[last])}
}

// left is the grapheme boundary before p (the end of the line above at
// the start of a line).
func (b *buffer) left(p pos) pos {
	if p.col == 0 {
		if p.row == 0 {
			return p
		}
		return pos{p.row - 1, len(b.lines[p.row-1])}
	}
	li := b.info(p.row)
	k := li.graphemeAt(p.col)
	if int(li.gs[k]) == p.col {
		k--
	}
	return pos{p.row, int(li.gs[k])}
}

// right is the grapheme boundary after p.
func (b *buffer) right(p pos) pos {
	if p.col >= len(b.lines[p.row]) {
		if p.row+1 >= len(b.lines) {
			return p
		}
		return pos{p.row + 1, 0}
	}
	li := b.info(p.row)
	k := li.graphemeAt(p.col)
	return pos{p.row, int(li.gs[k+1])}
}

// home and lineEnd are the start and end of the cursor's visual line.
func (b *buffer) home() pos {
	li := b.info(b.cur.row)
	s := li.segOf(li.graphemeAt(b.cur.col))
	return pos{b.cur.row, int(li.gs[li.segs[s]])}
}

func (b *buffer) lineEnd() pos {
	v := b.vposOf(b.cur)
	return pos{v.row, b.colAtX(v, 1<<30)}
}

// runeBefore is the rune before p, '\n' between lines, and where it starts.
func (b *buffer) runeBefore(p pos) (rune, pos, bool) {
	if p.col == 0 {
		if p.row == 0 {
			return 0, p, false
		}
		return '\n', pos{p.row - 1, len(b.lines[p.row-1])}, true
	}
	r, size := utf8.DecodeLastRuneInString(b.lines[p.row][:p.col])
	return r, pos{p.row, p.col - size}, true
}

// runeAfter is the rune at p, '\n' at the end of a line, and where the
// next one starts.
func (b *buffer) runeAfter(p pos) (rune, pos, bool) {
	line := b.lines[p.row]
	if p.col >= len(line) {
		if p.row+1 >= len(b.lines) {
			return 0, p, false
		}
		return '\n', pos{p.row + 1, 0}, true
	}
	r, size := utf8.DecodeRuneInString(line[p.col:])
	return r, pos{p.row, p.col + size}, true
}

// wordLeft is the start of the word before p (across lines).
func (b *buffer) wordLeft(p pos) pos {
	for {
		r, q, ok := b.runeBefore(p)
		if !ok || !unicode.IsSpace(r) {
			break
		}
		p = q
	}
	for {
		r, q, ok := b.runeBefore(p)
		if !ok || unicode.IsSpace(r) {
			break
		}
		p = q
	}
	return p
}

// wordRight is the end of the word after p (across lines).
func (b *buffer) wordRight(p pos) pos {
	for {
		r, q, ok := b.runeAfter(p)
		if !ok || !unicode.IsSpace(r) {
			break
		}
		p = q
	}
	for {
		r, q, ok := b.runeAfter(p)
		if !ok || unicode.IsSpace(r) {
			break
		}
		p = q
	}
	return p
}

// insert puts s (normalised: no CR) at the cursor and moves the cursor
// after it.
func (b *buffer) insert(s string) {
	if s == "" {
		return
	}
	row, line := b.cur.row, b.lines[b.cur.row]
	head, tail := line[:b.cur.col], line[b.cur.col:]
	b.nrunes += utf8.RuneCountInString(s)
	b.goalX = -1
	if !strings.Contains(s, "\n") {
		b.lines[row] = head + s + tail
		b.edited(row, b.cur.col)
		b.cur.col += len(s)
		return
	}
	parts := strings.Split(s, "\n")
	last := parts[len(parts)-1]
	parts[0] = head + parts[0]
	parts[len(parts)-1] = last + tail
	added := len(parts) - 1
	b.lines = slices.Replace(b.lines, row, row+1, parts...)
	b.infos = slices.Insert(b.infos, row+1, make([]*lineInfo, added)...)
	b.edited(row, b.cur.col)
	if b.top.row > row {
		b.top.row += added
	}
	b.cur = pos{row + added, len(last)}
}

// remove deletes the text between p and q (in either order) and puts the
// cursor where it was.
func (b *buffer) remove(p, q pos) {
	if q.less(p) {
		p, q = q, p
	}
	if p == q {
		return
	}
	b.goalX = -1
	if p.row == q.row {
		line := b.lines[p.row]
		b.nrunes -= utf8.RuneCountInString(line[p.col:q.col])
		b.lines[p.row] = line[:p.col] + line[q.col:]
	} else {
		n := utf8.RuneCountInString(b.lines[p.row][p.col:]) + utf8.RuneCountInString(b.lines[q.row][:q.col])
		for r := p.row + 1; r < q.row; r++ {
			n += utf8.RuneCountInString(b.lines[r])
		}
		b.nrunes -= n + q.row - p.row
		b.lines[p.row] = b.lines[p.row][:p.col] + b.lines[q.row][q.col:]
		b.lines = slices.Delete(b.lines, p.row+1, q.row+1)
		b.infos = slices.Delete(b.infos, p.row+1, q.row+1)
		switch {
		case b.top.row > q.row:
			b.top.row -= q.row - p.row
		case b.top.row > p.row:
			b.top = vpos{p.row, 0}
		}
	}
	b.edited(p.row, p.col)
	b.cur = p
}

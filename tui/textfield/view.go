package textfield

import (
	"strings"

	"autonomy/workbook"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// View costs little per keystroke: the header, the error block and the
// styles' escape codes are cached, the text lines are built from the
// layout cache, and the theme's frame (a left border and padding in every
// huh theme) is written as a prefix instead of through lipgloss, which
// would measure every line again. A style that is not a plain prefix and
// suffix falls back to lipgloss.

// viewCache holds what View reuses between keystrokes.
type viewCache struct {
	styles *huh.Styles

	focused, blurred styleCache

	header   block
	errBlock block

	c       canvas
	scratch []byte // one styled run of a text line
}

// styleCache is one of the theme's FieldStyles (focused or blurred),
// reduced to what each keystroke needs.
type styleCache struct {
	ok                    bool
	frame                 string // Base as a prefix; "" and noFrame when it is not one
	noFrame               bool
	text, cursor, counter wrapper
	over                  wrapper
}

// wrapper is a style that renders one line as pre + line + suf.
type wrapper struct {
	style    lipgloss.Style
	pre, suf string
	ok       bool
}

func newWrapper(st lipgloss.Style) wrapper {
	w := wrapper{style: st}
	r := st.Render("x")
	i := strings.LastIndex(r, "x")
	if i < 0 {
		return w
	}
	w.pre, w.suf = r[:i], r[i+1:]
	for _, probe := range []string{"a b", "漢字", "  "} {
		if st.Render(probe) != w.pre+probe+w.suf {
			return w
		}
	}
	w.ok = true
	return w
}

func (w *wrapper) write(c *canvas, s string, cells int) {
	if s == "" {
		return
	}
	if w.ok {
		c.buf = append(c.buf, w.pre...)
		c.buf = append(c.buf, s...)
		c.buf = append(c.buf, w.suf...)
		c.widths[len(c.widths)-1] += cells
		return
	}
	c.add(w.style.Render(s), cells)
}

func (w *wrapper) writeBytes(c *canvas, s []byte, cells int) {
	if len(s) == 0 {
		return
	}
	if !w.ok {
		w.write(c, string(s), cells)
		return
	}
	c.buf = append(c.buf, w.pre...)
	c.buf = append(c.buf, s...)
	c.buf = append(c.buf, w.suf...)
	c.widths[len(c.widths)-1] += cells
}

// block is rendered lines with their widths, cached under a key.
type block struct {
	key    blockKey
	ok     bool
	lines  []string
	widths []int
}

type blockKey struct {
	width   int
	focused bool
	err     bool
	msg     string
}

func (b *block) set(k blockKey, s string) {
	b.key, b.ok = k, true
	b.lines, b.widths = b.lines[:0], b.widths[:0]
	if s == "" {
		return
	}
	for line := range strings.SplitSeq(s, "\n") {
		b.lines = append(b.lines, line)
		b.widths = append(b.widths, ansi.StringWidth(line))
	}
}

// writeTo writes the lines, with a line break between them.
func (b *block) writeTo(c *canvas) {
	for i, line := range b.lines {
		if i > 0 {
			c.br()
		}
		c.add(line, b.widths[i])
	}
}

// canvas is the field's lines before the frame, with their widths.
type canvas struct {
	buf    []byte
	starts []int
	widths []int
}

func (c *canvas) reset() {
	c.buf, c.starts, c.widths = c.buf[:0], append(c.starts[:0], 0), append(c.widths[:0], 0)
}

func (c *canvas) add(s string, cells int) {
	c.buf = append(c.buf, s...)
	c.widths[len(c.widths)-1] += cells
}

func (c *canvas) br() {
	c.starts = append(c.starts, len(c.buf))
	c.widths = append(c.widths, 0)
}

func (c *canvas) line(i int) []byte {
	if i+1 < len(c.starts) {
		return c.buf[c.starts[i]:c.starts[i+1]]
	}
	return c.buf[c.starts[i]:]
}

func (v *viewCache) reset() {
	v.styles = nil
	v.focused.ok, v.blurred.ok = false, false
	v.header.ok, v.errBlock.ok = false, false
}

// fieldStyles are the theme's styles for the field as it is now.
func (f *Field) fieldStyles() *huh.FieldStyles {
	if f.view.styles == nil {
		t := f.theme
		if t == nil {
			t = huh.ThemeFunc(huh.ThemeCharm)
		}
		f.view.styles = t.Theme(f.isDark)
	}
	if f.focused {
		return &f.view.styles.Focused
	}
	return &f.view.styles.Blurred
}

func (f *Field) styleCache(st *huh.FieldStyles) *styleCache {
	sc := &f.view.blurred
	if f.focused {
		sc = &f.view.focused
	}
	if sc.ok {
		return sc
	}
	*sc = styleCache{
		ok:      true,
		text:    newWrapper(st.TextInput.Text),
		cursor:  newWrapper(st.TextInput.Cursor.Reverse(true)),
		counter: newWrapper(st.Description.UnsetString()),
		over:    newWrapper(lipgloss.NewStyle().Foreground(st.ErrorMessage.GetForeground()).Bold(true)),
	}
	// The frame is a prefix when lipgloss draws it as one, padding the
	// shorter lines with spaces.
	r := st.Base.Render("x")
	pre, ok := strings.CutSuffix(r, "x")
	if ok && !strings.Contains(r, "\n") && st.Base.Render("xy\nz") == pre+"xy\n"+pre+"z " &&
		st.Base.Render("漢\n\nxyz") == pre+"漢 \n"+pre+"   \n"+pre+"xyz" {
		sc.frame = pre
	} else {
		sc.noFrame = true
	}
	return sc
}

// View implements huh.Field: the title, the description, Lines visual
// lines of text around the cursor, a counter when there is a limit, and
// the error.
func (f *Field) View() string {
	st := f.fieldStyles()
	sc := f.styleCache(st)
	width := f.buf.width
	err := f.Error()
	c := &f.view.c
	c.reset()

	if h := f.header(st, width, err != nil); len(h.lines) > 0 {
		h.writeTo(c)
		c.br()
	}
	f.writeText(c, st, sc, width)
	if f.limit > 0 {
		c.br()
		counter := group(f.buf.nrunes) + " / " + group(f.limit)
		w := &sc.counter
		if f.over() {
			w = &sc.over
		}
		for i, line := range strings.Split(lipgloss.Wrap(counter, width, " "), "\n") {
			if i > 0 {
				c.br()
			}
			w.write(c, line, len(line))
		}
	}
	if err != nil {
		c.br()
		msg := workbook.SanitizeLine(err.Error())
		k := blockKey{width: width, focused: f.focused, msg: msg}
		if b := &f.view.errBlock; !b.ok || b.key != k {
			prefix := lipgloss.Width(st.ErrorMessage.Render(""))
			b.set(k, st.ErrorMessage.Render(lipgloss.Wrap(msg, max(width-prefix, 1), " ")))
		}
		f.view.errBlock.writeTo(c)
	}
	return f.frame(st, sc, c)
}

// frame draws the theme's Base around the canvas.
func (f *Field) frame(st *huh.FieldStyles, sc *styleCache, c *canvas) string {
	maxW := 0
	for _, w := range c.widths {
		maxW = max(maxW, w)
	}
	if sc.noFrame {
		var sb strings.Builder
		for i := range c.starts {
			if i > 0 {
				sb.WriteByte('\n')
			}
			sb.Write(c.line(i))
		}
		return st.Base.Render(sb.String())
	}
	var sb strings.Builder
	sb.Grow(len(c.buf) + len(c.starts)*(len(sc.frame)+maxW/2+1))
	for i := range c.starts {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(sc.frame)
		sb.Write(c.line(i))
		for range maxW - c.widths[i] {
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

// header is the title (with the error indicator) and the description.
func (f *Field) header(st *huh.FieldStyles, width int, hasErr bool) *block {
	k := blockKey{width: width, focused: f.focused, err: hasErr}
	b := &f.view.header
	if b.ok && b.key == k {
		return b
	}
	var parts []string
	if f.title != "" {
		ind := st.ErrorIndicator.String()
		w := max(width-lipgloss.Width(ind), 1)
		t := st.Title.Render(wrap(workbook.SanitizeLine(f.title), w))
		if hasErr {
			t += ind
		}
		parts = append(parts, t)
	}
	if f.description != "" {
		parts = append(parts, st.Description.Render(wrap(workbook.SanitizeLine(f.description), width)))
	}
	b.set(k, strings.Join(parts, "\n"))
	return b
}

func wrap(s string, width int) string {
	return lipgloss.Wrap(s, width, ",.-; ")
}

// headerHeight is how many lines the title and description take.
func (f *Field) headerHeight(st *huh.FieldStyles) int {
	return len(f.header(st, f.buf.width, f.Error() != nil).lines)
}

// writeText writes the window: visibleLines lines, blank below the end of
// the text, the placeholder when there is no text.
func (f *Field) writeText(c *canvas, st *huh.FieldStyles, sc *styleCache, width int) {
	b := &f.buf
	n := f.visibleLines()
	if f.value == "" && f.placeholder != "" {
		f.writePlaceholder(c, st, sc, width)
		for i := 1; i < n; i++ {
			c.br()
		}
		return
	}
	cursor := vpos{-1, -1}
	if f.focused {
		cursor = b.vposOf(b.cur)
	}
	v, ok := b.top, true
	for i := 0; i < n; i++ {
		if i > 0 {
			c.br()
		}
		if ok {
			f.writeLine(c, sc, width, v, v == cursor)
			v, ok = b.next(v)
		}
	}
}

// writeLine writes visual line v through the sanitiser, with the cursor's
// cell in reverse video when it is on it.
func (f *Field) writeLine(c *canvas, sc *styleCache, width int, v vpos, withCursor bool) {
	b := &f.buf
	li := b.info(v.row)
	line := b.lines[v.row]
	a, z := int(li.segs[v.seg]), li.segEnd(v.seg)
	if !withCursor {
		f.writeGraphemes(c, &sc.text, line, li, a, z)
		return
	}
	// The cursor's cell: the first drawn grapheme from the cursor on, or a
	// space after the end of the line.
	kc := li.graphemeAt(b.cur.col)
	for kc < z && li.gw[kc] == 0 {
		kc++
	}
	f.writeGraphemes(c, &sc.text, line, li, a, kc)
	if kc < z {
		f.writeGraphemes(c, &sc.cursor, line, li, kc, kc+1)
		f.writeGraphemes(c, &sc.text, line, li, kc+1, z)
	} else if li.cells(a, z) < width {
		sc.cursor.write(c, " ", 1)
	}
}

// writeGraphemes writes graphemes [a, z) of a line in one style.
func (f *Field) writeGraphemes(c *canvas, w *wrapper, line string, li *lineInfo, a, z int) {
	if a >= z {
		return
	}
	s := f.view.scratch[:0]
	for k := a; k < z; k++ {
		s = appendDisplay(s, line, li, k)
	}
	f.view.scratch = s
	w.writeBytes(c, s, li.cells(a, z))
}

// appendDisplay appends what grapheme k of line shows: nothing for what is
// dropped or takes no cell, spaces for a tab, the text otherwise.
func appendDisplay(dst []byte, line string, li *lineInfo, k int) []byte {
	w := int(li.gw[k])
	if w == 0 {
		return dst
	}
	s := line[li.gs[k]:li.gs[k+1]]
	switch {
	case s == "\t":
		for range w {
			dst = append(dst, ' ')
		}
	case len(s) == 1:
		dst = append(dst, s[0])
	case strings.IndexFunc(s, dropped) >= 0:
		for _, r := range s {
			if !dropped(r) {
				dst = append(dst, string(r)...)
			}
		}
	default:
		dst = append(dst, s...)
	}
	return dst
}

// writePlaceholder writes the placeholder's first line, cut to the width
// (it is the program's text, not the person's), the cursor on its first
// character.
func (f *Field) writePlaceholder(c *canvas, st *huh.FieldStyles, sc *styleCache, width int) {
	ph := workbook.SanitizeLine(f.placeholder)
	li := layout(ph, width)
	z := li.segEnd(0)
	ph = ph[:li.gs[z]]
	first := 0
	if f.focused {
		first = min(1, z)
		f.writeGraphemes(c, &sc.cursor, ph, li, 0, first)
		if first == 0 {
			sc.cursor.write(c, " ", 1)
		}
	}
	if rest := ph[li.gs[first]:]; rest != "" {
		c.add(st.TextInput.Placeholder.Render(rest), li.cells(first, z))
	}
}

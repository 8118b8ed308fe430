package textfield

import (
	"strings"

	"autonomy/workbook"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// viewCache holds what View reuses between keystrokes: the theme's styles
// and the rendered header, which change only with the theme, the
// background, focus, width or an error appearing.
type viewCache struct {
	styles *huh.Styles

	headerKey headerKey
	header    string
	headerOK  bool

	plainFocused, plainBlurred int8 // TextInput.Text adds nothing: 1 yes, -1 no, 0 unknown

	line []byte // scratch for one visual line
}

type headerKey struct {
	width   int
	focused bool
	err     bool
}

func (c *viewCache) reset() {
	c.styles = nil
	c.headerOK = false
	c.plainFocused, c.plainBlurred = 0, 0
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

// textPlain reports whether the theme's text style leaves text as it is,
// so lines can be written without a Render call each.
func (f *Field) textPlain(st *huh.FieldStyles) bool {
	p := &f.view.plainBlurred
	if f.focused {
		p = &f.view.plainFocused
	}
	if *p == 0 {
		*p = -1
		if st.TextInput.Text.Render("x") == "x" {
			*p = 1
		}
	}
	return *p > 0
}

// View implements huh.Field: the title, the description, Lines visual
// lines of text around the cursor, a counter when there is a limit, and
// the error.
func (f *Field) View() string {
	st := f.fieldStyles()
	width := f.textWidth()
	var sb strings.Builder
	sb.Grow(f.visibleLines()*(width+16) + 256)
	err := f.Error()
	if h := f.header(st, width, err != nil); h != "" {
		sb.WriteString(h)
		sb.WriteByte('\n')
	}
	f.writeText(&sb, st, width)
	if f.limit > 0 {
		sb.WriteByte('\n')
		style := st.Description.UnsetString()
		if f.over() {
			style = lipgloss.NewStyle().Foreground(st.ErrorMessage.GetForeground()).Bold(true)
		}
		counter := group(f.buf.nrunes) + " / " + group(f.limit)
		sb.WriteString(style.Render(lipgloss.Wrap(counter, width, " ")))
	}
	if err != nil {
		sb.WriteByte('\n')
		prefix := lipgloss.Width(st.ErrorMessage.Render(""))
		msg := workbook.SanitizeLine(err.Error())
		sb.WriteString(st.ErrorMessage.Render(lipgloss.Wrap(msg, max(width-prefix, 1), " ")))
	}
	return st.Base.Render(sb.String())
}

// header is the title (with the error indicator) and the description.
func (f *Field) header(st *huh.FieldStyles, width int, hasErr bool) string {
	k := headerKey{width, f.focused, hasErr}
	if f.view.headerOK && f.view.headerKey == k {
		return f.view.header
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
	f.view.header, f.view.headerKey, f.view.headerOK = strings.Join(parts, "\n"), k, true
	return f.view.header
}

func wrap(s string, width int) string {
	return lipgloss.Wrap(s, width, ",.-; ")
}

// headerHeight is how many lines the title and description take.
func (f *Field) headerHeight(st *huh.FieldStyles) int {
	h := f.header(st, f.textWidth(), f.Error() != nil)
	if h == "" {
		return 0
	}
	return lipgloss.Height(h)
}

// writeText writes the window: visibleLines lines, blank below the end of
// the text, the placeholder when there is no text.
func (f *Field) writeText(sb *strings.Builder, st *huh.FieldStyles, width int) {
	b := &f.buf
	n := f.visibleLines()
	if f.value == "" && f.placeholder != "" {
		f.writePlaceholder(sb, st, width)
		for i := 1; i < n; i++ {
			sb.WriteByte('\n')
		}
		return
	}
	plain := f.textPlain(st)
	cursor := vpos{-1, -1}
	if f.focused {
		cursor = b.vposOf(b.cur)
	}
	v, ok := b.top, true
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte('\n')
		}
		if !ok {
			continue
		}
		f.writeLine(sb, st, plain, width, v, v == cursor)
		v, ok = b.next(v)
	}
}

// writeLine writes visual line v through the sanitiser, with the cursor's
// cell in reverse video when it is on it.
func (f *Field) writeLine(sb *strings.Builder, st *huh.FieldStyles, plain bool, width int, v vpos, withCursor bool) {
	b := &f.buf
	li := b.info(v.row)
	line := b.lines[v.row]
	a, z := int(li.segs[v.seg]), li.segEnd(v.seg)
	text := func(from, to int) {
		buf := f.view.line[:0]
		for k := from; k < to; k++ {
			buf = appendDisplay(buf, line, li, k)
		}
		f.view.line = buf
		if len(buf) == 0 {
			return
		}
		if plain {
			sb.Write(buf)
		} else {
			sb.WriteString(st.TextInput.Text.Render(string(buf)))
		}
	}
	if !withCursor {
		text(a, z)
		return
	}
	// The cursor's cell: the first drawn grapheme from the cursor on, or a
	// space after the end of the line.
	kc := li.graphemeAt(b.cur.col)
	for kc < z && li.gw[kc] == 0 {
		kc++
	}
	cursor := st.TextInput.Cursor.Reverse(true)
	text(a, kc)
	if kc < z {
		cell := string(appendDisplay(nil, line, li, kc))
		sb.WriteString(cursor.Render(cell))
		text(kc+1, z)
	} else if li.cells(a, z) < width {
		sb.WriteString(cursor.Render(" "))
	}
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
func (f *Field) writePlaceholder(sb *strings.Builder, st *huh.FieldStyles, width int) {
	ph := workbook.SanitizeLine(f.placeholder)
	li := layout(ph, width)
	ph = ph[:li.gs[li.segEnd(0)]]
	if !f.focused || ph == "" {
		sb.WriteString(st.TextInput.Placeholder.Render(ph))
		return
	}
	first := li.gs[min(1, len(li.gw))]
	sb.WriteString(st.TextInput.Cursor.Reverse(true).Render(ph[:first]))
	if rest := ph[first:]; rest != "" {
		sb.WriteString(st.TextInput.Placeholder.Render(rest))
	}
}

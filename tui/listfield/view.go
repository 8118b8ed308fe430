package listfield

import (
	"strings"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"autonomy/workbook"
)

const addLabel = "+ Add an item"

// allStyles returns the theme's styles for the current background, built
// once per theme and background.
func (f *Field) allStyles() *huh.Styles {
	if f.styles == nil {
		t := f.theme
		if t == nil {
			t = huh.ThemeFunc(huh.ThemeCharm)
		}
		f.styles = t.Theme(f.hasDarkBg)
	}
	return f.styles
}

func (f *Field) fieldStyles() *huh.FieldStyles {
	if f.focused {
		return &f.allStyles().Focused
	}
	return &f.allStyles().Blurred
}

func (f *Field) outerWidth() int {
	if f.width > 0 {
		return f.width
	}
	return defaultWidth
}

func (f *Field) innerWidth() int {
	return max(1, f.outerWidth()-f.fieldStyles().Base.GetHorizontalFrameSize())
}

// layout renders the header and every row for the current items, width,
// focus and theme. Only View calls it, and only when something changed.
func (f *Field) layout() {
	st := f.fieldStyles()
	inner := f.innerWidth()

	f.selector = f.allStyles().Focused.SelectSelector.String()
	selW := ansi.StringWidth(f.selector)
	f.blank = strings.Repeat(" ", selW)
	rowW := max(1, inner-selW)

	// Header.
	var head []string
	if f.title != "" {
		ind := ""
		if f.err != nil {
			ind = st.ErrorIndicator.String()
		}
		title := ansi.Wrap(f.title, max(1, inner-ansi.StringWidth(ind)), "")
		head = append(head, strings.Split(st.Title.Render(title), "\n")...)
		head[len(head)-1] += ind
	}
	if f.description != "" {
		head = append(head, strings.Split(st.Description.Render(ansi.Wrap(f.description, inner, "")), "\n")...)
	}
	for i, l := range head {
		head[i] = ansi.Truncate(l, inner, "")
	}
	f.header = head
	f.frame = measureFrame(st.Base)

	// Rows.
	var refText map[string]string
	if f.refOptions != nil {
		opts := f.refOptions()
		refText = make(map[string]string, len(opts))
		for _, o := range opts {
			refText[o.ID] = o.Text
		}
	}
	f.rows = f.rows[:0]
	for _, it := range f.items {
		f.rows = append(f.rows, row{
			normal:   f.itemRow(it, rowW, st.Option, st.Description, refText),
			selected: f.itemRow(it, rowW, st.SelectedOption, st.Description, refText),
		})
	}
	add := ansi.Truncate(addLabel, rowW, "…")
	f.rows = append(f.rows, row{
		normal:   st.Description.Render(add),
		selected: st.SelectedOption.Render(add),
	})

	// The editor: its prompt, text and cursor fit the row.
	promptW := ansi.StringWidth(f.input.Prompt)
	f.input.SetWidth(max(1, rowW-promptW-1))
	ts := f.input.Styles()
	ts.Cursor.Color = st.TextInput.Cursor.GetForeground()
	ts.Cursor.Blink = false
	ts.Focused.Prompt = st.TextInput.Prompt
	ts.Focused.Text = st.TextInput.Text
	ts.Focused.Placeholder = st.TextInput.Placeholder
	f.input.SetStyles(ts)

	f.dirty = false
}

// itemRow renders "• text" and, with refs, " → label: text" muted, within
// w cells. The text gets at least half of the room.
func (f *Field) itemRow(it workbook.ListItem, w int, text, muted lipgloss.Style, refText map[string]string) string {
	const bullet = "• "
	avail := max(1, w-ansi.StringWidth(bullet))
	s := workbook.SanitizeLine(it.Text)
	empty := strings.TrimSpace(s) == ""
	if empty {
		s = "(empty)"
	}
	var ref string
	if refText != nil {
		switch t, ok := refText[it.Ref]; {
		case it.Ref == "":
			ref = " → (no " + f.refLabel + ")"
		case !ok:
			ref = " → (removed " + f.refLabel + ")"
		default:
			ref = " → " + f.refLabel + ": " + workbook.SanitizeLine(t)
		}
	}
	tw, rw := ansi.StringWidth(s), ansi.StringWidth(ref)
	if tw+rw > avail {
		if tw > max(avail-rw, avail/2) {
			s = ansi.Truncate(s, max(avail-rw, avail/2), "…")
			tw = ansi.StringWidth(s)
		}
		ref = ansi.Truncate(ref, max(avail-tw, 0), "…")
	}
	out := text.Render(bullet + s)
	if empty {
		out = text.Render(bullet) + muted.Render(s)
	}
	if ref != "" {
		out += muted.Render(ref)
	}
	return out
}

// visualRows is the number of rows shown: the items, the new item being
// typed, "+ Add an item".
func (f *Field) visualRows() int {
	n := len(f.items) + 1
	if f.editing && f.editNew {
		n++
	}
	return n
}

// selectedRow is the row with the cursor.
func (f *Field) selectedRow() int {
	if f.editing {
		return f.editIndex
	}
	return f.cursor
}

// rowAt returns row v without the selector column.
func (f *Field) rowAt(v int, selected bool, inner int) string {
	if f.editing {
		if v == f.editIndex {
			return ansi.Truncate(f.input.View(), inner, "")
		}
		if f.editNew && v > f.editIndex {
			v--
		}
	}
	if v < 0 || v >= len(f.rows) {
		return ""
	}
	if selected && f.focused {
		return f.rows[v].selected
	}
	return f.rows[v].normal
}

// footer returns the message and hint lines, styled, within inner cells.
func (f *Field) footer(st *huh.FieldStyles, inner int) []string {
	var lines []string
	msg := f.notice
	if msg == "" && f.err != nil {
		msg = f.err.Error()
	}
	if msg != "" {
		es := st.ErrorMessage.UnsetString()
		for _, l := range strings.Split(ansi.Wrap(workbook.SanitizeLine(msg), inner, ""), "\n") {
			lines = append(lines, es.Render(l))
		}
	}
	if f.focused {
		for _, l := range joinParts(f.hint(), " · ", inner) {
			lines = append(lines, st.Description.Render(l))
		}
	}
	return lines
}

// joinParts joins parts with sep into lines of at most w cells, breaking
// between parts; a part wider than w is truncated.
func joinParts(parts []string, sep string, w int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		p = ansi.Truncate(p, w, "…")
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur)+ansi.StringWidth(sep)+ansi.StringWidth(p) <= w:
			cur += sep + p
		default:
			lines = append(lines, cur)
			cur = p
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// View implements huh.Field. It joins rows laid out beforehand; with a
// height (WithHeight), the rows scroll to keep the selected one in view.
func (f *Field) View() string {
	if f.dirty {
		f.layout()
	}
	st := f.fieldStyles()
	inner := f.innerWidth()
	foot := f.footer(st, inner)

	n, sel := f.visualRows(), f.selectedRow()
	first, last := 0, n
	if f.height > 0 {
		avail := max(1, f.height-st.Base.GetVerticalFrameSize()-len(f.header)-len(foot))
		if n > avail {
			f.offset = min(max(f.offset, sel-avail+1), sel, n-avail)
			f.offset = max(f.offset, 0)
			first, last = f.offset, f.offset+avail
		}
	}

	lines := make([]string, 0, len(f.header)+last-first+len(foot))
	lines = append(lines, f.header...)
	for v := first; v < last; v++ {
		selected := v == sel
		prefix := f.blank
		if selected && f.focused {
			prefix = f.selector
		}
		lines = append(lines, prefix+f.rowAt(v, selected, max(1, inner-len(f.blank))))
	}
	lines = append(lines, foot...)

	if !f.frame.ok {
		// No Height: a short list is not padded; a long one is cut above.
		return st.Base.Width(f.outerWidth()).Render(strings.Join(lines, "\n"))
	}
	// The frame measured in layout, around each line: lipgloss's Render of
	// the whole block costs more than everything else here. Rows and header
	// were cut to the width in layout; measuring every line again would cost
	// most of the rest, so only the footer is measured, unless a right
	// border needs padding or the width is down to a few cells.
	measureAll := f.frame.suf != "" || inner < len(f.blank)+3
	footFrom := len(lines) - len(foot)
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		lw := -1
		if measureAll || i >= footFrom {
			if lw = ansi.StringWidth(l); lw > inner {
				l, lw = ansi.Truncate(l, inner, ""), inner
			}
		}
		b.WriteString(f.frame.pre)
		b.WriteString(l)
		if f.frame.suf != "" {
			b.WriteString(strings.Repeat(" ", inner-lw))
			b.WriteString(f.frame.suf)
		}
	}
	return b.String()
}

// frame is what Base draws left and right of a line, when Base adds no
// lines above or below and no colours of its own.
type frame struct {
	pre, suf string
	ok       bool
}

func measureFrame(base lipgloss.Style) frame {
	if base.GetVerticalFrameSize() != 0 || !plainText(base) {
		return frame{}
	}
	const mark = "\uE000"
	out := base.UnsetWidth().UnsetHeight().UnsetMaxWidth().UnsetMaxHeight().Render(mark)
	pre, suf, found := strings.Cut(out, mark)
	if !found || strings.Contains(out, "\n") {
		return frame{}
	}
	return frame{pre: pre, suf: suf, ok: true}
}

// plainText reports whether s leaves the text itself as it is (it may
// still draw borders, padding and margins).
func plainText(s lipgloss.Style) bool {
	_, noFg := s.GetForeground().(lipgloss.NoColor)
	_, noBg := s.GetBackground().(lipgloss.NoColor)
	return noFg && noBg && !s.GetBold() && !s.GetItalic() && !s.GetUnderline() &&
		!s.GetStrikethrough() && !s.GetReverse() && !s.GetBlink() && !s.GetFaint() &&
		s.GetTransform() == nil
}

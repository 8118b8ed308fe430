package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The small lists over a screen (a section's exercises, a filter's
// values, a report's parts) lay their rows out alike.

// listRow is one row of a list in w cells: the label at the left, cut to
// leave the note room, the note at the right; the cursor's row selected,
// a row that offers nothing muted.
func (st Styles) listRow(label, note string, selected, muted bool, w int) string {
	label = ansi.Truncate(label, max(w-ansi.StringWidth(note)-2, 4), "…")
	pad := strings.Repeat(" ", max(w-ansi.StringWidth(label)-ansi.StringWidth(note), 1))
	switch {
	case selected:
		return "▸ " + st.Selected.Render(label+pad+note)
	case muted:
		return "  " + st.Muted.Render(label+pad+note)
	}
	return "  " + st.Item.Render(label) + pad + st.Muted.Render(note)
}

// keepInView drops the first lines so that line row shows in height
// lines.
func keepInView(lines []string, row, height int) []string {
	if start := row - height + 1; start > 0 {
		return lines[min(start, len(lines)):]
	}
	return lines
}

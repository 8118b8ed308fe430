package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// homeItem is one line of Home's list: "Continue reading" or a section.
type homeItem struct {
	continueReading bool
	section         int
}

// homeModel is the start screen: the guide's title and its sections.
type homeModel struct {
	items  []homeItem
	cursor int
}

func newHome(m *Model) homeModel {
	h := homeModel{}
	h.refresh(m)
	return h
}

// refresh rebuilds the list; "Continue reading" comes first, selected,
// once the person has read something.
func (h *homeModel) refresh(m *Model) {
	h.items = h.items[:0]
	if m.reader.visited {
		h.items = append(h.items, homeItem{continueReading: true, section: m.reader.section})
	}
	for i := range m.wb.Sections {
		h.items = append(h.items, homeItem{section: i})
	}
	h.cursor = 0
}

func (h *homeModel) handleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.home
	switch {
	case key.Matches(msg, k.Up):
		h.cursor = max(h.cursor-1, 0)
	case key.Matches(msg, k.Down):
		h.cursor = min(h.cursor+1, len(h.items)-1)
	case key.Matches(msg, k.Top):
		h.cursor = 0
	case key.Matches(msg, k.Bottom):
		h.cursor = len(h.items) - 1
	case key.Matches(msg, k.Open):
		it := h.items[h.cursor]
		if it.continueReading {
			return m.openReader(m.reader.section, m.reader.currentBlock(m))
		}
		return m.openReader(it.section, 0)
	}
	return nil
}

func (h *homeModel) view(m *Model) string {
	st := m.styles
	w := m.width
	header := []string{
		"",
		"  " + st.Title.Render(ansi.Truncate(m.wb.Title, w-4, "…")),
		"  " + st.Muted.Render(ansi.Truncate(fmt.Sprintf("A workbook for the guide · %d sections · %d exercises", len(m.wb.Sections), len(m.wb.Exercises)), w-4, "…")),
		"",
	}
	avail := m.bodyHeight() - len(header)
	lines := make([]string, 0, len(h.items))
	for i, it := range h.items {
		lines = append(lines, h.itemLine(m, it, i == h.cursor))
	}
	// Keep the cursor in view when the list is taller than the screen.
	start := 0
	if avail > 0 && h.cursor >= avail {
		start = h.cursor - avail + 1
	}
	if avail > 0 {
		lines = lines[start:min(len(lines), start+avail)]
	} else {
		lines = nil
	}
	return fit(strings.Join(append(header, lines...), "\n"), w, m.bodyHeight())
}

func (h *homeModel) itemLine(m *Model, it homeItem, selected bool) string {
	st := m.styles
	w := m.width - 4
	sec := m.wb.Sections[it.section]
	var label, right string
	if it.continueReading {
		label = "Continue reading · " + sec.Title
	} else {
		label = fmt.Sprintf("%d  %s", sec.Number, sec.Title)
		if n := len(m.wb.ExercisesFor(sec.ID)); n > 0 {
			right = "✎ " + plural(n, "exercise")
		}
	}
	gap := 2
	labelW := w - lipgloss.Width(right) - gap
	if right == "" {
		labelW = w
	}
	label = ansi.Truncate(label, max(labelW, 1), "…")
	pad := max(w-lipgloss.Width(label)-lipgloss.Width(right), 0)
	marker := "  "
	style := st.Item
	if selected {
		marker = "▸ "
		style = st.Selected
	}
	return marker + style.Render(label+strings.Repeat(" ", pad)) + st.Mark.Render(right)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "ch") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

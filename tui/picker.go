package tui

import (
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// picker is the reader's small list of a section's exercises (e).
type picker struct {
	section   workbook.Section
	exercises []workbook.Exercise
	cursor    int
}

// pickExercise opens the section's exercise, or lets the person choose
// when the section has several.
func (m *app) pickExercise(sec workbook.Section) tea.Cmd {
	exs := m.wb.ExercisesFor(sec.ID)
	switch len(exs) {
	case 0:
		m.status = "This section has no exercise."
		return nil
	case 1:
		return m.openExercise(exs[0])
	}
	m.picker = &picker{section: sec, exercises: exs}
	return nil
}

func (p *picker) handleKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.picker
	switch {
	case key.Matches(msg, m.keys.global.Back):
		m.picker = nil
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, k.Down):
		p.cursor = min(p.cursor+1, len(p.exercises)-1)
	case key.Matches(msg, k.Open):
		m.picker = nil
		return m.openExercise(p.exercises[p.cursor])
	}
	return nil
}

func (p *picker) view(m *app) string {
	st := m.styles
	w := m.width - 4
	done := map[string]bool{}
	for _, e := range m.prog.entries {
		done[e.Exercise] = true
	}
	lines := []string{"", "  " + st.Title.Render(ansi.Truncate("Exercises of “"+p.section.Title+"”", w, "…")), ""}
	for i, ex := range p.exercises {
		mark := "○"
		if done[ex.ID] {
			mark = "✓"
		}
		phase := ""
		if ex.Phase > 0 {
			phase = workbook.Phase(ex.Phase).Title()
		}
		label := ansi.Truncate(fmt.Sprintf("%s %s", mark, ex.Title), max(w-22, 10), "…")
		row := label + strings.Repeat(" ", max(w-ansi.StringWidth(label)-ansi.StringWidth(phase), 1)) + phase
		if i == p.cursor {
			lines = append(lines, "▸ "+st.Selected.Render(row))
		} else {
			lines = append(lines, "  "+st.Item.Render(label)+strings.Repeat(" ", max(w-ansi.StringWidth(label)-ansi.StringWidth(phase), 1))+st.Muted.Render(phase))
		}
	}
	// Keep the cursor in view on short screens.
	h := m.bodyHeight()
	if start := 3 + p.cursor - h + 1; start > 0 {
		lines = lines[start:]
	}
	return fit(strings.Join(lines, "\n"), m.width, h)
}

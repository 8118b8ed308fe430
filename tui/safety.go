package tui

import (
	"context"
	"strings"

	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// safetySections are the guide's sections "!" shows: the safety
// boundary and the safety note.
func (m *app) safetySections() []workbook.Section {
	var out []workbook.Section
	for _, s := range m.wb.Sections {
		if s.ID == workbook.SafetySection || strings.HasPrefix(s.ID, "safety-note") {
			out = append(out, s)
		}
	}
	return out
}

type safetySeenMsg struct{ err error }

// openSafety shows the safety boundary over any screen but a form.
func (m *app) openSafety() tea.Cmd {
	m.safety = true
	m.safetyScroll = 0
	if m.store == nil || m.prog.safetySeen {
		return nil
	}
	m.prog.safetySeen = true
	st, now := m.store, m.now()
	return func() tea.Msg {
		return safetySeenMsg{err: st.MarkSafetySeen(context.Background(), now)}
	}
}

// safetyView lays the guide's words out as plain paragraphs: they are the
// guide's own text, word for word.
func (m *app) safetyView() string {
	st := m.styles
	w := max(min(m.width-6, 90), 10)
	lines := []string{""}
	for _, sec := range m.safetySections() {
		for _, b := range sec.Blocks {
			switch b.Kind {
			case workbook.BlockHeading:
				lines = append(lines, "  "+st.Warning.Render(ansi.Truncate(b.Text, w, "…")), "")
			default:
				for _, l := range strings.Split(ansi.Wrap(b.Text, w, ""), "\n") {
					lines = append(lines, "  "+st.Item.Render(l))
				}
				lines = append(lines, "")
			}
		}
	}
	if r := m.prog.openRun(); r != nil && r.CanPause(m.prog.today) {
		lines = append(lines, "  "+st.Muted.Render("p pauses your run: paused days do not count."))
	}
	lines = append(lines, "  "+st.Muted.Render("esc closes this"))
	start := min(m.safetyScroll, max(len(lines)-m.bodyHeight(), 0))
	return fit(strings.Join(lines[start:], "\n"), m.width, m.bodyHeight())
}

func (m *app) handleSafetyKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc", "!", "q":
		m.safety = false
		if msg.String() == "q" {
			return m.quit()
		}
	case "down", "j":
		m.safetyScroll++
	case "up", "k":
		m.safetyScroll = max(m.safetyScroll-1, 0)
	case "p":
		if r := m.prog.openRun(); r != nil && r.CanPause(m.prog.today) {
			m.safety = false
			return pauseCmd(m.store, r.ID, m.prog.today, m.now(), false)
		}
	}
	return nil
}

package tui

import (
	"context"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// safetyScreen is the guide's safety boundary and safety note ("!"), over
// any screen that is not taking text.
type safetyScreen struct {
	*app
	overlayLayer
	scroll int
}

type safetySeenMsg struct{ err error }

// openSafety shows the safety boundary and records, once, that it was
// seen (Home's notice about it goes).
func (a *app) openSafety() tea.Cmd {
	if len(a.safetySections()) == 0 {
		a.status = "This guide has no safety boundary section."
		return nil
	}
	a.push(&safetyScreen{app: a})
	if a.store == nil || a.prog.safetySeen {
		return nil
	}
	a.prog.safetySeen = true
	st, now := a.store, a.now()
	return func() tea.Msg {
		return safetySeenMsg{err: st.MarkSafetySeen(context.Background(), now)}
	}
}

// safetySections are the guide's sections "!" shows: the safety
// boundary and the safety note.
func (a *app) safetySections() []workbook.Section { return a.wb.SafetySections() }

func (s *safetyScreen) Name() string { return "Safety boundary" }

func (s *safetyScreen) keymap() safetyKeys {
	k := s.keys.safety
	k.Pause = when(s.canPause(), k.Pause)
	more := len(s.lines(s.width)) > s.bodyHeight()
	k.Up, k.Down = when(more, k.Up), when(more, k.Down)
	return k
}

func (s *safetyScreen) Keys() help.KeyMap {
	k, g := s.keymap(), s.keys.global
	return keyHelp{
		// Pausing is what the boundary asks for: it stays before scrolling.
		short: []key.Binding{k.Close, k.Pause, k.Down, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down}, {k.Pause, k.Close, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (s *safetyScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	k, g := s.keymap(), s.keys.global
	switch {
	case key.Matches(km, k.Close):
		return nil, nil
	case key.Matches(km, k.Down):
		s.scroll = min(s.scroll+1, max(len(s.lines(s.width))-s.bodyHeight(), 0))
	case key.Matches(km, k.Up):
		s.scroll = max(s.scroll-1, 0)
	case key.Matches(km, k.Pause):
		return nil, s.pauseOpenRun()
	case key.Matches(km, g.Quit):
		return nil, s.quit()
	case key.Matches(km, g.Help):
		s.openHelp(s)
	}
	return s, nil
}

// lines lay the guide's words out as plain paragraphs: they are the
// guide's own text, word for word.
func (s *safetyScreen) lines(width int) []string {
	st := s.styles
	w := max(min(width-6, 90), 10)
	lines := []string{""}
	for _, sec := range s.safetySections() {
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
	if s.canPause() {
		lines = append(lines, "  "+st.Muted.Render("p pauses your run: paused days do not count."))
	}
	return append(lines, "  "+st.Muted.Render("esc closes this"))
}

func (s *safetyScreen) View(width, height int) string {
	lines := s.lines(width)
	start := min(s.scroll, max(len(lines)-height, 0))
	lines = lines[start:]
	if len(lines) > height {
		// More below: the last row says so.
		lines = append(lines[:height-1:height-1], "  "+s.styles.Muted.Render("↓/j more"))
	}
	return fit(strings.Join(lines, "\n"), width, height)
}

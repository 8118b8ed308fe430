package tui

import (
	"fmt"

	"autonomy/workbook"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// searchModel is the "/" prompt and the matches of the last search.
type searchModel struct {
	open    bool
	input   textinput.Model
	live    int // matches of what is typed so far
	query   string
	matches []workbook.Match
	current int
	styles  Styles
}

func newSearch() searchModel {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "search the guide"
	in.CharLimit = 200
	return searchModel{input: in}
}

func (s *searchModel) setStyles(st Styles, isDark, noColor bool) {
	s.styles = st
	ts := textinput.DefaultStyles(isDark)
	if noColor {
		ts = textinput.Styles{}
	}
	// A steady cursor: a blinking one wakes the program twice a second.
	ts.Cursor.Blink = false
	s.input.SetStyles(ts)
}

func (s *searchModel) prompt() string { return "/ " }

func (s *searchModel) start(m *app) tea.Cmd {
	s.open = true
	s.input.SetValue("")
	s.live = 0
	return s.input.Focus()
}

func (s *searchModel) clear() {
	s.query, s.matches, s.current = "", nil, 0
}

func (s *searchModel) handleKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys.search
	switch {
	case key.Matches(msg, k.Cancel):
		s.open = false
		s.input.Blur()
		return nil
	case key.Matches(msg, k.Accept):
		q := s.input.Value()
		s.open = false
		s.input.Blur()
		if q == "" {
			return nil
		}
		found := m.wb.Search(q)
		if len(found) == 0 {
			m.status = fmt.Sprintf("No matches for “%s”", q)
			return nil
		}
		s.query, s.matches, s.current = q, found, 0
		return s.jump(m)
	}
	return s.updateInput(m, msg)
}

func (s *searchModel) updateInput(m *app, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	before := s.input.Value()
	s.input, cmd = s.input.Update(msg)
	if v := s.input.Value(); v != before {
		s.live = len(m.wb.Search(v))
	}
	return cmd
}

// step moves to the next (+1) or previous (-1) match, wrapping around.
func (s *searchModel) step(m *app, d int) tea.Cmd {
	if len(s.matches) == 0 {
		m.status = "No search yet: press / to search"
		return nil
	}
	s.current = (s.current + d + len(s.matches)) % len(s.matches)
	return s.jump(m)
}

func (s *searchModel) jump(m *app) tea.Cmd {
	hit := s.matches[s.current]
	m.status = ""
	m.home.refresh(m)
	cmd := m.openReader(m.sectionIndex(hit.Section), hit.Block)
	m.reader.refreshHighlights(m)
	m.status = fmt.Sprintf("Match %d of %d for “%s” · n next · N previous", s.current+1, len(s.matches), s.query)
	return cmd
}

func (s *searchModel) view(m *app) string {
	line := s.prompt() + s.input.View()
	if v := s.input.Value(); v != "" {
		if s.live == 0 {
			line += "  " + s.styles.Warning.Render("no matches")
		} else {
			line += "  " + s.styles.Muted.Render(workbook.Plural(s.live, "match"))
		}
	}
	return line
}

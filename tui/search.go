package tui

import (
	"fmt"
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// searchState is the guide's last search: the reader highlights it and
// n/N walk its matches.
type searchState struct {
	query   string
	matches []workbook.Match
	current int
}

func (s *searchState) clear() { *s = searchState{} }

// searchScreen is the "/" prompt in the footer, over the screen it was
// opened from.
type searchScreen struct {
	*app
	overlayLayer
	under screen
	input textinput.Model
	live  int // matches of what is typed so far
}

// openSearch opens the guide's search prompt over under.
func (a *app) openSearch(under screen) tea.Cmd {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "search the guide"
	in.CharLimit = 200
	ts := textinput.DefaultStyles(a.isDark)
	if a.noColor {
		ts = textinput.Styles{}
	}
	// A steady cursor: a blinking one wakes the program twice a second.
	ts.Cursor.Blink = false
	in.SetStyles(ts)
	in.SetWidth(max(min(a.width-20, 60), 1))
	s := &searchScreen{app: a, under: under, input: in}
	a.push(s)
	return s.input.Focus()
}

func (s *searchScreen) Name() string { return "Search the guide" }
func (s *searchScreen) typing() bool { return true }

func (s *searchScreen) Keys() help.KeyMap {
	k, g := s.keys.search, s.keys.global
	return keyHelp{
		short: []key.Binding{k.Accept, k.Cancel, g.HelpInText},
		full:  [][]key.Binding{{k.Accept, k.Cancel}, {g.HelpInText, g.ForceQuit}},
	}
}

func (s *searchScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k := s.keys.search
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Cancel):
			return nil, nil
		case key.Matches(msg, k.Accept):
			return nil, s.find(s.input.Value())
		case key.Matches(msg, s.keys.global.HelpInText):
			s.openHelp(s)
			return s, nil
		}
	case tea.PasteMsg:
		msg.Content = workbook.SanitizeLine(msg.Content)
		return s, s.edit(msg)
	case tea.WindowSizeMsg:
		s.input.SetWidth(max(min(msg.Width-20, 60), 1))
		return s, nil
	}
	return s, s.edit(msg)
}

// edit passes a message to the input and counts the matches as typed.
func (s *searchScreen) edit(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	before := s.input.Value()
	s.input, cmd = s.input.Update(msg)
	if v := s.input.Value(); v != before {
		s.live = len(s.wb.Search(v))
	}
	return cmd
}

// find searches the guide and shows the first match in the reader.
func (a *app) find(q string) tea.Cmd {
	if q == "" {
		return nil
	}
	found := a.wb.Search(q)
	if len(found) == 0 {
		a.status = fmt.Sprintf("No matches for “%s”", q)
		return nil
	}
	a.search = searchState{query: q, matches: found}
	return a.jumpToMatch()
}

// stepSearch moves to the next (+1) or previous (-1) match, wrapping.
func (a *app) stepSearch(d int) tea.Cmd {
	s := &a.search
	if len(s.matches) == 0 {
		a.status = "No search yet: press / to search"
		return nil
	}
	s.current = (s.current + d + len(s.matches)) % len(s.matches)
	return a.jumpToMatch()
}

func (a *app) jumpToMatch() tea.Cmd {
	s := &a.search
	hit := s.matches[s.current]
	cmd := a.openReader(a.sectionIndex(hit.Section), hit.Block)
	a.reader.refreshHighlights()
	a.status = fmt.Sprintf("Match %d of %d for “%s” · n next · N previous", s.current+1, len(s.matches), s.query)
	return cmd
}

// View shows the screen under the prompt; the prompt is the footer.
func (s *searchScreen) View(width, height int) string { return s.under.View(width, height) }

// footer is the prompt, what it finds so far, and its keys at the right.
func (s *searchScreen) footer(width int) string {
	line := "/ " + s.input.View()
	if v := s.input.Value(); v != "" {
		if s.live == 0 {
			line += "  " + s.styles.Warning.Render("no matches")
		} else {
			line += "  " + s.styles.Muted.Render(workbook.Plural(s.live, "match"))
		}
	}
	room := width - ansi.StringWidth(line) - 2
	keys := shortHelpLine(s.help, s.Keys().ShortHelp(), room, s.keys.kept)
	return line + strings.Repeat(" ", max(width-ansi.StringWidth(line)-ansi.StringWidth(keys), 2)) + keys
}

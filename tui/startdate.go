package tui

import (
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// startDateScreen asks a second time before a run starts on a day far from
// today (more than 30 days back, or to come): it says what day of the run
// that makes today (Program.StartDateConfirm).
type startDateScreen struct {
	*app
	overlayLayer
	form     *formScreen
	question string
	start    string // the start date as typed
}

func (s *startDateScreen) Name() string { return "Start date" }

func (s *startDateScreen) Keys() help.KeyMap {
	k, g := s.keys.startDate, s.keys.global
	return keyHelp{
		short: []key.Binding{k.Accept, k.Cancel, g.Safety, g.Help},
		full:  [][]key.Binding{{k.Accept, k.Cancel}, {g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (s *startDateScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	k := s.keys.startDate
	switch {
	case key.Matches(km, k.Accept):
		s.form.confirmedStart = s.start
		_, cmd := s.form.save()
		return nil, cmd
	case key.Matches(km, k.Cancel):
		s.form.message = "Not started: change the start date, or save again to start on " + s.start + "."
		return nil, s.form.build(s.form.ex.FieldID(workbook.FieldRoleStartDate))
	default:
		cmd, _ := s.globalKey(s, km)
		return s, cmd
	}
}

func (s *startDateScreen) View(width, height int) string {
	st := s.styles
	w := max(min(width-6, 90), 10)
	lines := []string{"", "  " + st.Warning.Render(ansi.Truncate("Start the run on "+s.start+"?", w, "…")), ""}
	for _, l := range strings.Split(wrapWords(s.question, w), "\n") {
		lines = append(lines, "  "+st.Item.Render(l))
	}
	lines = append(lines, "", "  "+st.Current.Render("enter")+st.Muted.Render(" starts it on that day · ")+
		st.Current.Render("esc")+st.Muted.Render(" goes back to change the date"))
	return fit(strings.Join(lines, "\n"), width, height)
}

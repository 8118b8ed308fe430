package tui

import (
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// adviceScreen is what the workbook says after a check-in or report: the
// guide's words on a collapse, on stress and safety, or on a week the
// program did not fit into, and what it offers to do.
type adviceScreen struct {
	*app
	overlayLayer
	advice workbook.Advice
}

// adviceFor is the advice after saving an answer (workbook.Advise), or
// nil when there is none.
func (a *app) adviceFor(ex workbook.Exercise, ans workbook.Answer) *adviceScreen {
	if adv := a.wb.Advise(ex, ans); !adv.IsZero() {
		return &adviceScreen{app: a, advice: adv}
	}
	return nil
}

func (s *adviceScreen) Name() string { return "After your save" }

func (s *adviceScreen) keymap() adviceKeys {
	k := s.keys.advice
	k.Scope = when(s.advice.OfferScope, k.Scope)
	k.Pause = when(s.advice.OfferPause && s.canPause(), k.Pause)
	return k
}

func (s *adviceScreen) Keys() help.KeyMap {
	k, g := s.keymap(), s.keys.global
	return keyHelp{
		short: []key.Binding{k.Scope, k.Pause, k.Close, g.Safety, g.Help},
		full:  [][]key.Binding{{k.Scope, k.Pause, k.Close}, {g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (s *adviceScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	k := s.keymap()
	switch {
	case key.Matches(km, k.Close):
		return nil, nil
	case key.Matches(km, k.Scope):
		if ex, ok := s.wb.ByRole(workbook.RoleScope); ok {
			return nil, s.openExercise(ex)
		}
	case key.Matches(km, k.Pause):
		return nil, s.pauseOpenRun()
	default:
		cmd, _ := s.globalKey(s, km)
		return s, cmd
	}
	return s, nil
}

func (s *adviceScreen) View(width, height int) string {
	st := s.styles
	adv := s.advice
	w := max(min(width-6, 90), 10)
	lines := []string{""}
	wrap := func(text string, style func(...string) string) {
		for _, l := range strings.Split(ansi.Wrap(text, w, ""), "\n") {
			lines = append(lines, "  "+style(l))
		}
	}
	if len(adv.Collapsed) > 0 {
		lines = append(lines, "  "+st.Warning.Render("Collapsed: "+strings.Join(adv.Collapsed, ", ")), "")
		wrap(adv.Guide, st.Item.Render)
		lines = append(lines, "")
		lines = append(lines, "  "+st.Current.Render("s")+st.Muted.Render(" opens your scope sentence to narrow it"))
	}
	if adv.Workload != "" {
		// The program did not fit into a normal week: the guide's words.
		if len(lines) > 1 {
			lines = append(lines, "")
		}
		lines = append(lines, "  "+st.Warning.Render("The program did not fit into your normal week."), "")
		wrap(adv.Workload, st.Item.Render)
	}
	if adv.OfferPause {
		lines = append(lines, "")
		wrap(adv.Boundary, st.Warning.Render)
		lines = append(lines, "")
		if s.canPause() {
			lines = append(lines, "  "+st.Current.Render("p")+st.Muted.Render(" pauses your run: paused days do not count"))
		}
		lines = append(lines, "  "+st.Current.Render("!")+st.Muted.Render(" shows the whole safety boundary"))
	}
	lines = append(lines, "", "  "+st.Muted.Render("esc closes this"))
	return fit(strings.Join(lines, "\n"), width, height)
}

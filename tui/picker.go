package tui

import (
	"strings"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// pickerScreen is the reader's small list of a section's exercises (e).
type pickerScreen struct {
	*app
	section   workbook.Section
	exercises []workbook.Exercise
	cursor    int
}

// pickExercise opens the section's exercise, or lets the person choose
// when the section has several.
func (a *app) pickExercise(sec workbook.Section) tea.Cmd {
	exs := a.wb.ExercisesFor(sec.ID)
	switch len(exs) {
	case 0:
		return nil
	case 1:
		return a.openExercise(exs[0])
	}
	a.push(&pickerScreen{app: a, section: sec, exercises: exs})
	return nil
}

func (p *pickerScreen) Name() string { return "Exercises" }

func (p *pickerScreen) Keys() help.KeyMap {
	k, g := p.keys.picker, p.keys.global
	return keyHelp{
		short: []key.Binding{k.Down, k.Open, g.Back, g.Safety, g.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Open}, {g.Back, g.Safety, g.Help, g.Quit, g.ForceQuit}},
	}
}

func (p *pickerScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	k := p.keys.picker
	switch {
	case key.Matches(km, p.keys.global.Back):
		return nil, nil
	case key.Matches(km, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(km, k.Down):
		p.cursor = min(p.cursor+1, len(p.exercises)-1)
	case key.Matches(km, k.Open):
		// The form (or the reason it cannot open) takes the picker's place.
		return nil, p.openExercise(p.exercises[p.cursor])
	default:
		cmd, _ := p.globalKey(p, km)
		return p, cmd
	}
	return p, nil
}

func (p *pickerScreen) View(width, height int) string {
	st := p.styles
	w := width - 4
	done := map[string]bool{}
	for _, e := range p.prog.entries {
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
			phase = p.wb.Program.PhaseTitle(workbook.Phase(ex.Phase))
		}
		lines = append(lines, st.listRow(mark+" "+ex.Title, phase, i == p.cursor, false, w))
	}
	return fit(strings.Join(keepInView(lines, 3+p.cursor, height), "\n"), width, height)
}

package tui

import (
	"context"
	"time"

	"autonomy/tui/exform"
	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// app is what every screen shares: the workbook, the store, the clock, the
// person's program, the styles and keys, the size, the status line and the
// stack of layers. The root model owns it; each screen holds a pointer.
type app struct {
	wb       *workbook.Workbook
	store    Store
	now      func() time.Time
	tick     func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	stateDir string
	noColor  bool
	isDark   bool
	theme    Theme // ThemeAuto: isDark follows the terminal
	served   bool  // for an SSH client: see Options.Served
	styles   Styles
	keys     keyMap
	help     help.Model // the footer's and ?'s styles

	width, height int
	prog          program
	renders       map[renderKey]*rendered // the guide laid out by glamour
	search        searchState             // the guide's last search: n/N, highlights
	status        string                  // shown instead of the keys until the next key
	quitting      bool

	stack  []screen      // Home at the bottom, the layer on top last
	home   *homeScreen   // always stack[0]
	reader *readerScreen // kept when closed: the reading place
}

func (a *app) setStyles() {
	a.styles = NewStyles(a.isDark, a.noColor)
	a.help.Styles = help.DefaultStyles(a.isDark)
	if a.noColor {
		a.help.Styles = help.Styles{}
	}
}

func (a *app) tooSmall() bool { return a.width < minWidth || a.height < minHeight }

// bodyHeight is what a screen may use above the footer line.
func (a *app) bodyHeight() int { return a.height - 1 }

func (a *app) sectionIndex(id string) int {
	for i, s := range a.wb.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// globalKey handles the keys every screen that takes no text shares: ?
// (help on the layer s), ! and q. It reports whether it took the key.
func (a *app) globalKey(s screen, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	g := a.keys.global
	switch {
	case key.Matches(msg, g.Help):
		a.openHelp(s)
		return nil, true
	case key.Matches(msg, g.Safety):
		return a.openSafety(), true
	case key.Matches(msg, g.Quit):
		return a.quit(), true
	}
	return nil, false
}

// Place is where the person is now; main saves it again after the program
// ends (SIGTERM never reaches Update).
func (a *app) Place() workbook.Place {
	p := workbook.Place{Screen: a.placeScreen()}
	if r := a.reader; r.visited {
		p.Section = a.wb.Sections[r.section].ID
		p.Block = r.currentBlock()
	}
	return p
}

type placeSavedMsg struct{ err error }

func (a *app) savePlaceCmd() tea.Cmd {
	if a.store == nil {
		return func() tea.Msg { return placeSavedMsg{} }
	}
	st, p := a.store, a.Place()
	return func() tea.Msg {
		return placeSavedMsg{err: st.SavePlace(context.Background(), p)}
	}
}

// quit saves where the person is, then ends the program (main keeps the
// open form as a draft).
func (a *app) quit() tea.Cmd {
	a.quitting = true
	save := a.savePlaceCmd()
	return func() tea.Msg {
		save()
		return tea.QuitMsg{}
	}
}

// reloadCmd reads the program's state again (after a save, a pause, a new
// day).
func (a *app) reloadCmd() tea.Cmd {
	if a.store == nil {
		return nil
	}
	return loadProgramCmd(a.wb, a.store, workbook.DateOf(a.now()))
}

// openExercise opens an exercise's form within the open run
// (exform.Which): the run's own form, the one entry of a one-time
// exercise, a new report.
func (a *app) openExercise(ex workbook.Exercise) tea.Cmd {
	if a.store == nil {
		a.status = "The workbook has no database open."
		return nil
	}
	t, ok := exform.Which(a.wb, a.prog.forForms(), ex)
	if t.Note != "" {
		a.status = t.Note
	}
	if !ok {
		return nil
	}
	return a.openForm(t.Ex, t.RunID, t.EntryID)
}

// followStep does what Home's next step says.
func (a *app) followStep(s workbook.Step) tea.Cmd {
	switch s.Kind {
	case workbook.StepResume:
		return a.togglePause()
	case workbook.StepCheckIn:
		if ex, ok := a.wb.ByRole(workbook.RoleCheckIn); ok {
			return a.openExercise(ex)
		}
	case workbook.StepRead:
		if i := a.sectionIndex(s.Section); i >= 0 {
			return a.openReader(i, 0)
		}
	case workbook.StepDone:
		return nil
	default:
		if ex, ok := a.wb.Exercise(s.Exercise); ok {
			return a.openExercise(ex)
		}
		if i := a.sectionIndex(s.Section); i >= 0 {
			return a.openReader(i, 0)
		}
	}
	return nil
}

// togglePause pauses or resumes the open run.
func (a *app) togglePause() tea.Cmd {
	run := a.prog.openRun()
	if run == nil || a.store == nil {
		return nil
	}
	return pauseCmd(a.store, run.ID, a.prog.today, a.now(), run.IsPaused())
}

// pauseOpenRun pauses the open run when it can be paused (the safety
// boundary, the advice after a check-in).
func (a *app) pauseOpenRun() tea.Cmd {
	if r := a.prog.openRun(); a.canPause() {
		return pauseCmd(a.store, r.ID, a.prog.today, a.now(), false)
	}
	return nil
}

func (a *app) canPause() bool {
	r := a.prog.openRun()
	return a.store != nil && r != nil && a.wb.Program.CanPause(*r, a.prog.today)
}

// Package tui is the terminal interface of autonomy: a Bubble Tea v2 root
// model that owns the screens (Home, the reader), the search prompt and the
// help overlay. It reads the workbook and talks to storage only through the
// interfaces declared in package workbook, and only from commands.
package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size the screens are laid out for.
const (
	minWidth  = 40
	minHeight = 10
)

// Options configure a new Model.
type Options struct {
	Workbook *workbook.Workbook
	Store    Store          // nil: nothing is persisted (tests)
	Place    workbook.Place // where the person was last time
	// Open, when set, opens the store in a command at start-up instead:
	// the first frame does not wait for the database.
	Open     func() (Store, workbook.Place, error)
	NoColor  bool
	Now      func() time.Time // the clock; tests set any date
	StateDir string           // for the $EDITOR file (a 0700 directory)
	// PanicTest makes F12 panic in "update", "view" or "command": for
	// the tests that prove a crash keeps the draft and leaks nothing.
	PanicTest string
	// Tick schedules a message after a delay (tea.Tick); tests replace it
	// to fire timers when they choose.
	Tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// Model is the root Bubble Tea model: it wires the shared context to the
// runtime.
type Model struct {
	*app
	open  func() (Store, workbook.Place, error)
	err   error
	crash *Crash // a panic caught in a command

	panicOn     string // tests only: where F12 panics (update, view, command)
	panicInView string

	helpLine  string               // the short help line on screen
	helpLines map[footerKey]string // short help lines laid out so far
}

// app is what every screen shares: the workbook, the store, the clock,
// the program's state, styles and keys.
type app struct {
	wb       *workbook.Workbook
	store    Store
	now      func() time.Time
	tick     func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	stateDir string
	noColor  bool
	isDark   bool
	styles   Styles
	keys     keyMap
	help     help.Model

	width, height int
	screen        workbook.Screen
	showHelp      bool

	home         homeModel
	reader       readerModel
	search       searchModel
	form         *formModel // the open exercise form, or nil
	safety       bool       // the safety boundary ("!") is shown
	safetyScroll int
	advice       *adviceModel    // what the guide says after a check-in or report
	confirm      *confirmModel   // a typed confirmation before deleting
	metricOrigin workbook.Screen // where the metric screen was opened from
	review       *reviewModel    // the review screen, once opened
	picker       *picker         // the reader's choice of exercise, or nil
	prog         program

	renders  map[renderKey]*rendered
	status   string
	quitting bool
}

// footerKey is what the short help line depends on.
type footerKey struct {
	screen workbook.Screen
	width  int
	isDark bool
	picker bool
	sub    string // the review's inner screen
}

type placeSavedMsg struct{ err error }
type openedMsg struct {
	previous time.Time
	err      error
}

// New builds the root model, opening on the reader when the person quit
// while reading and on Home otherwise.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Tick == nil {
		o.Tick = tea.Tick
	}
	m := &Model{app: &app{
		wb:       o.Workbook,
		store:    o.Store,
		now:      o.Now,
		tick:     o.Tick,
		stateDir: o.StateDir,
		noColor:  o.NoColor,
		isDark:   true,
		keys:     newKeyMap(),
		help:     help.New(),
		screen:   workbook.ScreenHome,
		renders:  map[renderKey]*rendered{},
	}, panicOn: o.PanicTest, helpLines: map[footerKey]string{}}
	m.prog.today = workbook.DateOf(m.now())
	m.reader = newReader(m.wb)
	m.search = newSearch()
	m.setStyles()
	m.open = o.Open
	m.goTo(o.Place)
	m.home = newHome(m.app)
	return m
}

// goTo puts the person back where they were: in the reader at the same
// block if they left while reading, else on Home.
func (m *app) goTo(p workbook.Place) tea.Cmd {
	i := m.sectionIndex(p.Section)
	if i < 0 {
		return nil
	}
	m.reader.section = i
	m.reader.pendingBlock = p.Block
	m.reader.visited = true
	if p.Screen == workbook.ScreenReader {
		return m.openReader(i, p.Block)
	}
	return nil
}

// storeOpenedMsg brings the store opened at start-up.
type storeOpenedMsg struct {
	st    Store
	place workbook.Place
	err   error
}

// Store is the store the model works on (opened at start-up when
// Options.Open was given); nil if none.
func (m *Model) Store() Store { return m.store }

// Err is why the program ended early (the database could not be opened).
func (m *Model) Err() error { return m.err }

func (m *app) setStyles() {
	m.styles = NewStyles(m.isDark, m.noColor)
	m.help.Styles = help.DefaultStyles(m.isDark)
	if m.noColor {
		m.help.Styles = help.Styles{}
	}
	m.search.setStyles(m.styles, m.isDark, m.noColor)
}

func (m *app) sectionIndex(id string) int {
	for i, s := range m.wb.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// Place is where the person is now; main saves it again after the program
// ends (SIGTERM never reaches Update).
func (m *app) Place() workbook.Place {
	p := workbook.Place{Screen: m.screen}
	if m.form != nil {
		p.Screen = m.form.origin
	}
	if m.reader.visited {
		sec := m.wb.Sections[m.reader.section]
		p.Section = sec.ID
		p.Block = m.reader.currentBlock(m)
	}
	return p
}

// Init asks the terminal for its background and records the opening.
func (m *Model) Init() tea.Cmd {
	return guard(m.init())
}

func (m *Model) init() tea.Cmd {
	if m.open != nil {
		open := m.open
		return tea.Batch(tea.RequestBackgroundColor, func() tea.Msg {
			st, place, err := open()
			return storeOpenedMsg{st: st, place: place, err: err}
		})
	}
	return tea.Batch(tea.RequestBackgroundColor, m.storeCmds())
}

// storeCmds start what needs the store: the opening's date, the program,
// the midnight timer.
func (m *app) storeCmds() tea.Cmd {
	return tea.Batch(m.markOpenedCmd(), m.reloadCmd(), m.midnightCmd(m.now()))
}

// reloadCmd reads the program's state again (after a save, a pause, a new
// day).
func (m *app) reloadCmd() tea.Cmd {
	if m.store == nil {
		return nil
	}
	return loadProgramCmd(m.store, workbook.DateOf(m.now()))
}

func (m *app) markOpenedCmd() tea.Cmd {
	if m.store == nil {
		return nil
	}
	st, now := m.store, m.now()
	return func() tea.Msg {
		prev, err := st.MarkOpened(context.Background(), now)
		return openedMsg{previous: prev, err: err}
	}
}

func (m *app) savePlaceCmd() tea.Cmd {
	if m.store == nil {
		return func() tea.Msg { return placeSavedMsg{} }
	}
	st, p := m.store, m.Place()
	return func() tea.Msg {
		return placeSavedMsg{err: st.SavePlace(context.Background(), p)}
	}
}

// quit saves where the person is, then ends the program.
func (m *app) quit() tea.Cmd {
	m.quitting = true
	save := m.savePlaceCmd()
	return func() tea.Msg {
		save()
		return tea.QuitMsg{}
	}
}

func (m *app) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if c, ok := msg.(crashMsg); ok {
		m.crash = &c.crash
		m.quitting = true
		return m, tea.Quit
	}
	if cmd := m.panicTest(msg); cmd != nil {
		return m, guard(cmd)
	}
	cmd := m.update(msg)
	if m.screen == workbook.ScreenReader {
		cmd = tea.Batch(cmd, m.reader.markReadAtEnd(m.app))
	}
	m.prepare()
	return m, guard(cmd)
}

// prepare brings the cached parts of the frame (help line, contents
// column) up to date, so View only joins strings.
func (m *Model) prepare() {
	k := footerKey{screen: m.screen, width: m.width, isDark: m.isDark, picker: m.picker != nil, sub: m.review.mode()}
	line, ok := m.helpLines[k]
	if !ok {
		if len(m.helpLines) >= 64 {
			clear(m.helpLines)
		}
		m.help.ShowAll = false
		line = ansi.Truncate(m.help.ShortHelpView(m.currentHelp().short), m.width, "…")
		m.helpLines[k] = line
	}
	m.helpLine = line
	if m.screen == workbook.ScreenReader && !m.tooSmall() {
		m.reader.prepare(m.app)
	}
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// Crossing the breakpoint gives the contents column back to the
		// automatic rule; a toggle holds only at the size it was made.
		if (m.width >= tocBreakpoint) != (msg.Width >= tocBreakpoint) {
			m.reader.tocMode = tocAuto
		}
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.search.input.SetWidth(max(min(msg.Width-20, 60), 1))
		if m.form != nil && !m.tooSmall() {
			m.form.resize(m.app)
			m.form.update(m.app, msg)
		}
		return m.reader.layout(m.app)
	case tea.BackgroundColorMsg:
		if m.form != nil {
			m.form.update(m.app, msg)
		}
		if dark := msg.IsDark(); dark != m.isDark {
			m.isDark = dark
			m.setStyles()
			m.home.refresh(m.app)
			return m.reader.layout(m.app)
		}
		return nil
	case reviewLoadedMsg:
		if m.review != nil {
			return m.review.pageLoaded(m.app, msg)
		}
		return nil
	case revisionsLoadedMsg:
		if m.review != nil && m.review.entry != nil {
			m.review.entry.loaded(m.app, msg)
		}
		return nil
	case compareLoadedMsg:
		if m.review != nil && m.review.compare != nil && m.review.compare.run.ID == msg.run.ID {
			if msg.err != nil {
				m.status = "Could not read the run: " + msg.err.Error()
				m.review.compare = nil
				return nil
			}
			m.review.compare.rows, m.review.compare.ready = msg.rows, true
		}
		return nil
	case shareLoadedMsg:
		if m.review != nil && m.review.share != nil {
			m.review.share.loaded(m.app, msg)
		}
		return nil
	case shareWrittenMsg:
		if msg.err != nil {
			m.status = "Not written: " + msg.err.Error()
		} else {
			m.status = "Wrote " + msg.path + " (only you can read it)"
		}
		return nil
	case safetySeenMsg:
		if msg.err != nil {
			m.status = "Could not record that: " + msg.err.Error()
		}
		m.home.refresh(m.app)
		return nil
	case storeOpenedMsg:
		if msg.err != nil {
			m.err = msg.err
			m.quitting = true
			return tea.Quit
		}
		m.store = msg.st
		return tea.Batch(m.goTo(msg.place), m.storeCmds())
	case programLoadedMsg:
		if msg.err != nil {
			m.status = "Could not read your workbook: " + msg.err.Error()
			return nil
		}
		m.prog = msg.p
		if m.screen != workbook.ScreenForm {
			m.home.refresh(m.app)
		}
		return nil
	case dayChangedMsg:
		m.prog.today = workbook.DateOf(msg.now)
		return tea.Batch(m.reloadCmd(), m.midnightCmd(msg.now))
	case runActionMsg:
		if msg.err != nil {
			m.status = "Could not change the run: " + msg.err.Error()
			return nil
		}
		m.status = msg.what
		return m.reloadCmd()
	case markedReadMsg:
		return m.reloadCmd()
	case draftTickMsg:
		if m.form != nil && msg.seq == m.form.seq {
			return m.flushDraftCmd()
		}
		return nil
	case draftSavedMsg:
		if m.form != nil {
			if msg.err != nil {
				m.form.message = "Could not keep the draft: " + msg.err.Error() + ". It stays here; it will be tried again."
				m.form.seq++
				seq := m.form.seq
				return m.draftTick(seq, 5*draftDelay)
			}
			m.form.stored = msg.answer
		}
		return m.reloadCmd()
	case answerSavedMsg:
		return m.answerSaved(msg)
	case deletedMsg:
		return m.deleted(msg)
	case saveRetryMsg:
		if m.form != nil && m.form.retries == msg.try && !m.form.saving {
			return m.saveForm()
		}
		return nil
	case editorReadyMsg:
		if msg.err != nil {
			if m.form != nil {
				m.form.message = "Could not prepare the editor's file: " + msg.err.Error()
			}
			return nil
		}
		return m.runEditor(msg)
	case editorDoneMsg:
		return readEditedCmd(msg)
	case editorResultMsg:
		return m.applyEdited(msg)
	case tea.PasteMsg:
		if m.form != nil {
			return m.handlePaste(msg)
		}
		if m.confirm != nil {
			msg.Content = workbook.SanitizeLine(msg.Content)
			var cmd tea.Cmd
			m.confirm.input, cmd = m.confirm.input.Update(msg)
			return cmd
		}
		if m.screen == workbook.ScreenReview && m.review.typing() {
			return m.review.paste(m.app, msg)
		}
	case renderedMsg:
		if msg.err != nil {
			m.status = "Could not render the section: " + msg.err.Error()
			return nil
		}
		m.renders[msg.key] = msg.r
		m.reader.rendered(m.app, msg.key)
		return nil
	case openedMsg:
		if msg.err != nil {
			m.status = "Could not record this opening: " + msg.err.Error()
		}
		return nil
	case placeSavedMsg:
		if msg.err != nil {
			m.status = "Could not save your place: " + msg.err.Error()
		}
		return nil
	case tea.KeyPressMsg:
		if m.form != nil {
			return m.handleFormKey(msg)
		}
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		if m.screen == workbook.ScreenReader && !m.showHelp && !m.tooSmall() {
			m.reader.wheel(m.app, msg.Mouse())
		}
		return nil
	}
	if m.form != nil {
		return m.form.update(m.app, msg)
	}
	if m.search.open {
		return m.search.updateInput(m.app, msg)
	}
	return nil
}

// answerSaved closes the form after a save, back where it was opened, or
// keeps it open with the reason when the save failed.
func (m *app) answerSaved(msg answerSavedMsg) tea.Cmd {
	fm := m.form
	if fm == nil {
		return m.reloadCmd()
	}
	fm.saving = false
	if msg.err != nil {
		// A full disk or a read-only directory: keep everything, say so,
		// and try again by itself (ctrl+s tries at once).
		fm.message = "Not saved: " + msg.err.Error() + ". Your text stays here and as a draft; trying again every few seconds (ctrl+s tries now)."
		fm.form.State = huh.StateNormal
		fm.retries++
		try := fm.retries
		retry := m.tick(saveRetryDelay, func(time.Time) tea.Msg { return saveRetryMsg{try: try} })
		return tea.Batch(m.flushDraftCmd(), retry)
	}
	m.form = nil
	m.screen = fm.origin
	m.status = "Saved " + clock(msg.at)
	m.advice = m.adviceFor(fm.ex, fm.answer())
	return m.reloadCmd()
}

// openExercise opens an exercise's form within the open run: the run's
// own form, the one entry of a one-time exercise, a new report.
func (m *app) openExercise(ex workbook.Exercise) tea.Cmd {
	if m.store == nil {
		m.status = "The workbook has no database open."
		return nil
	}
	run := m.prog.openRun()
	if run == nil {
		start, _ := m.wb.Exercise("challenge")
		if ex.Kind != workbook.KindRun {
			m.status = "Start a run first: the 30-day program begins with one real challenge."
		}
		return m.openForm(start, "", "")
	}
	switch ex.Kind {
	case workbook.KindRecurring, workbook.KindLog, workbook.KindDaily:
		return m.openForm(ex, run.ID, "")
	case workbook.KindClosing:
		if s := run.Status(m.prog.today); !s.Complete {
			m.status = fmt.Sprintf("The self-assessment closes the run after day %d; today is day %d.", workbook.ProgramDays, s.Day)
			return nil
		}
	}
	entryID := ""
	if e, ok := workbook.FindEntry(m.prog.entries, ex.ID); ok {
		entryID = e.ID
	}
	return m.openForm(ex, run.ID, entryID)
}

// followStep does what Home's next step says.
func (m *app) followStep(s workbook.Step) tea.Cmd {
	switch s.Kind {
	case workbook.StepResume:
		return m.togglePause()
	case workbook.StepCheckIn:
		if ex, ok := m.wb.Exercise("checkin"); ok {
			return m.openExercise(ex)
		}
	case workbook.StepRead:
		if i := m.sectionIndex(s.Section); i >= 0 {
			return m.openReader(i, 0)
		}
	case workbook.StepDone:
		return nil
	default:
		if ex, ok := m.wb.Exercise(s.Exercise); ok {
			return m.openExercise(ex)
		}
		if i := m.sectionIndex(s.Section); i >= 0 {
			return m.openReader(i, 0)
		}
	}
	return nil
}

// togglePause pauses or resumes the open run.
func (m *app) togglePause() tea.Cmd {
	run := m.prog.openRun()
	if run == nil || m.store == nil {
		return nil
	}
	return pauseCmd(m.store, run.ID, m.prog.today, m.now(), run.IsPaused())
}

func (m *app) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	g := m.keys.global
	if key.Matches(msg, g.ForceQuit) {
		return m.quit()
	}
	if m.search.open {
		return m.search.handleKey(m, msg)
	}
	if m.confirm != nil {
		return m.handleConfirmKey(msg)
	}
	if m.safety {
		return m.handleSafetyKey(msg)
	}
	if m.advice != nil && msg.String() != "!" {
		return m.handleAdviceKey(msg)
	}
	if m.showHelp {
		switch {
		case msg.String() == "!":
			return m.openSafety()
		case key.Matches(msg, g.Help), key.Matches(msg, g.Back):
			m.showHelp = false
		case key.Matches(msg, g.Quit):
			return m.quit()
		}
		return nil
	}
	// Text being typed in the review (its search, a file name) takes
	// every key.
	if m.screen == workbook.ScreenReview && m.review.typing() {
		m.status = ""
		return m.review.handleKey(m, msg)
	}
	if msg.String() == "!" {
		return m.openSafety()
	}
	switch {
	case key.Matches(msg, g.Quit):
		return m.quit()
	case key.Matches(msg, g.Help):
		m.showHelp = true
		return nil
	case m.screen == workbook.ScreenReview:
		m.status = ""
		return m.review.handleKey(m, msg)
	case key.Matches(msg, g.Search):
		return m.search.start(m)
	case key.Matches(msg, m.keys.open) && m.picker == nil && !m.reader.focusTOC:
		return m.openReview()
	}
	m.status = ""
	if m.screen == workbook.ScreenMetric {
		return m.handleMetricKey(msg)
	}
	if m.picker != nil {
		return m.picker.handleKey(m, msg)
	}
	if m.screen == workbook.ScreenReader {
		return m.reader.handleKey(m, msg)
	}
	return m.home.handleKey(m, msg)
}

// openReader shows a section in the reader, at a block (0 for the top).
func (m *app) openReader(section, block int) tea.Cmd {
	m.screen = workbook.ScreenReader
	return m.reader.show(m, section, block)
}

// goHome returns to Home, keeping the reading place for "Continue reading".
func (m *app) goHome() {
	m.screen = workbook.ScreenHome
	m.home.refresh(m)
}

// View draws the current screen. It only lays out what Update prepared.
func (m *Model) View() tea.View {
	if m.panicInView != "" {
		panic(fmt.Errorf("test panic in View: %s", m.panicInView))
	}
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "autonomy"
	return v
}

func (m *Model) content() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		return m.tooSmallView()
	}
	var body string
	switch {
	case m.form != nil:
		body = m.form.view(m.app)
	case m.confirm != nil:
		body = m.confirmView()
	case m.safety:
		body = m.safetyView()
	case m.advice != nil:
		body = m.adviceView()
	case m.showHelp:
		body = m.helpView()
	case m.picker != nil:
		body = m.picker.view(m.app)
	case m.screen == workbook.ScreenReview:
		body = m.review.view(m.app)
	case m.screen == workbook.ScreenMetric:
		body = m.metricView()
	case m.screen == workbook.ScreenReader:
		body = m.reader.view(m.app)
	default:
		body = m.home.view(m.app)
	}
	return body + "\n" + m.footer()
}

// bodyHeight is what a screen may use above the footer line.
func (m *app) bodyHeight() int { return m.height - 1 }

func (m *Model) footer() string {
	var s string
	switch {
	case m.search.open:
		s = m.search.view(m.app)
	case m.status != "":
		s = m.styles.Warning.Render(m.status)
	default:
		return m.helpLine
	}
	return ansi.Truncate(s, m.width, "…")
}

func (m *app) currentHelp() helpKeys {
	g := m.keys.global
	switch {
	case m.form != nil:
		f := m.keys.form
		return helpKeys{
			short: []key.Binding{f.Next, f.Save, f.Editor, f.Leave, f.Discard},
			full:  [][]key.Binding{{f.Next, f.Prev, f.Save, f.Editor, f.Leave, f.Discard, g.ForceQuit}},
		}
	case m.search.open:
		s := m.keys.search
		return helpKeys{short: []key.Binding{s.Accept, s.Cancel}, full: [][]key.Binding{{s.Accept, s.Cancel, g.ForceQuit}}}
	case m.screen == workbook.ScreenReview:
		return m.review.help(m)
	case m.screen == workbook.ScreenMetric:
		log := key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "log a value"))
		return helpKeys{short: []key.Binding{log, g.Back, g.Safety, g.Quit}, full: [][]key.Binding{{log, g.Back, g.Safety, g.Help, g.Quit}}}
	case m.picker != nil:
		p := m.keys.picker
		return helpKeys{short: []key.Binding{p.Up, p.Down, p.Open, g.Back}, full: [][]key.Binding{{p.Up, p.Down, p.Open, g.Back, g.Quit}}}
	case m.screen == workbook.ScreenReader:
		r := m.keys.reader
		return helpKeys{
			short: []key.Binding{r.Down, r.NextSec, r.Exercise, g.Search, m.keys.open, g.Back, g.Help, g.Quit},
			full: [][]key.Binding{
				{r.Up, r.Down, r.PageUp, r.PageDown, r.Top, r.Bottom},
				{r.PrevSec, r.NextSec, r.Focus, r.Contents, r.Open, r.Exercise},
				{g.Search, r.NextHit, r.PrevHit, m.keys.open},
				{g.Help, g.Safety, g.Back, g.Quit, g.ForceQuit},
			},
		}
	default:
		h := m.keys.home
		return helpKeys{
			short: []key.Binding{h.Down, h.Open, g.Search, m.keys.open, g.Safety, g.Help, g.Quit},
			full: [][]key.Binding{
				{h.Up, h.Down, h.Top, h.Bottom, h.Open},
				{g.Search, m.keys.open, g.Safety, g.Help, g.Quit, g.ForceQuit},
			},
		}
	}
}

func (m *app) helpView() string {
	name := "Home"
	switch m.screen {
	case workbook.ScreenReader:
		name = "Reader"
	case workbook.ScreenReview:
		name = "Review"
	}
	m.help.ShowAll = true
	title := m.styles.HelpTitle.Render("Keys — " + name)
	body := m.help.FullHelpView(m.currentHelp().full)
	hint := m.styles.Muted.Render("? or esc closes this help")
	out := lipgloss.JoinVertical(lipgloss.Left, title, "", body, "", hint)
	return fit(lipgloss.NewStyle().Padding(1, 2).Render(out), m.width, m.bodyHeight())
}

func (m *app) tooSmallView() string {
	msg := "Terminal too small"
	hint := "needs 40×10"
	lines := []string{m.styles.TooSmall.Render(ansi.Truncate(msg, m.width, "")), m.styles.Muted.Render(ansi.Truncate(hint, m.width, ""))}
	return strings.Join(lines[:min(len(lines), m.height)], "\n")
}

// fit cuts or pads s to exactly h lines, each at most w cells wide.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

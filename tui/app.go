// Package tui is the terminal interface of autonomy: a Bubble Tea v2 root
// model over a stack of screens (Home, the reader, the review, forms and
// the overlays ?, ! and the confirmations). It reads the workbook and
// talks to storage only through the interfaces declared in package
// workbook, and only from commands.
package tui

import (
	"fmt"
	"time"

	"autonomy/workbook"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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
	// Theme fixes the background the colours are for (AUTONOMY_THEME);
	// ThemeAuto asks the terminal.
	Theme Theme
	// Served: the workbook runs on a server for an SSH client, so nothing
	// acts on the server's files or programs for them: no $EDITOR, and
	// Share copies the report instead of writing a file.
	Served bool
}

// Model is the root Bubble Tea model: it wires the runtime to the stack of
// screens. It handles what belongs to no screen (the store's opening, the
// program's data, the size and theme, quitting) and holds the keys typed
// before the program's data has come.
type Model struct {
	*app
	open   func() (Store, workbook.Place, error)
	err    error
	crash  *Crash    // a panic caught in a command
	held   []tea.Msg // keys and pastes that came before the program's data
	failed bool      // the program's data could not be read: keys go on
	footer footerCache

	panicOn     string // tests only: where F12 panics (update, view, command)
	panicInView string
}

type openedMsg struct {
	previous time.Time
	err      error
}

// storeOpenedMsg brings the store opened at start-up.
type storeOpenedMsg struct {
	st    Store
	place workbook.Place
	err   error
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
	a := &app{
		wb:       o.Workbook,
		store:    o.Store,
		now:      o.Now,
		tick:     o.Tick,
		stateDir: o.StateDir,
		noColor:  o.NoColor,
		isDark:   o.Theme != ThemeLight,
		theme:    o.Theme,
		served:   o.Served,
		keys:     newKeyMap(),
		help:     help.New(),
		renders:  map[renderKey]*rendered{},
	}
	if a.served {
		serveKeys(&a.keys)
	}
	a.prog.today = workbook.DateOf(a.now())
	a.setStyles()
	a.reader = newReader(a)
	a.home = newHome(a)
	a.stack = []screen{a.home}
	m := &Model{app: a, open: o.Open, panicOn: o.PanicTest}
	m.goTo(o.Place)
	return m
}

// Store is the store the model works on (opened at start-up when
// Options.Open was given); nil if none.
func (m *Model) Store() Store { return m.store }

// Err is why the program ended early (the database could not be opened).
func (m *Model) Err() error { return m.err }

// Init asks the terminal for its background (unless the theme is set)
// and opens the store.
func (m *Model) Init() tea.Cmd {
	var askBackground tea.Cmd
	if m.theme == ThemeAuto {
		askBackground = tea.RequestBackgroundColor
	}
	if m.open != nil {
		open := m.open
		return guard(tea.Batch(askBackground, func() tea.Msg {
			st, place, err := open()
			return storeOpenedMsg{st: st, place: place, err: err}
		}))
	}
	return guard(tea.Batch(askBackground, m.storeCmds()))
}

// waiting is true until the program's data has come: keys typed meanwhile
// are held, so enter does the next step Home is about to show.
func (m *Model) waiting() bool {
	return (m.open != nil || m.store != nil) && !m.prog.loaded && !m.failed
}

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
	return m, guard(m.update(msg))
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.global.ForceQuit) {
			return m.quit()
		}
		if m.waiting() {
			m.held = append(m.held, msg)
			return nil
		}
		m.status = ""
		return m.toTopSettled(msg)
	case tea.PasteMsg:
		if m.waiting() {
			m.held = append(m.held, msg)
			return nil
		}
		return m.toTopSettled(msg)
	case tea.MouseWheelMsg:
		if m.tooSmall() {
			return nil
		}
		return m.toTop(msg)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		if m.theme != ThemeAuto {
			return nil
		}
		if dark := msg.IsDark(); dark != m.isDark {
			m.isDark = dark
			m.setStyles()
			m.home.refresh()
		}
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
			m.failed = true
			return m.release()
		}
		m.prog = msg.p
		m.home.refresh()
		return tea.Batch(m.broadcast(msg), m.release())
	case dayChangedMsg:
		m.prog.today = workbook.DateOf(msg.now)
		return tea.Batch(m.reloadCmd(), m.midnightCmd(msg.now))
	case runActionMsg:
		if m.report("Could not change the run: ", msg.err) {
			m.status = msg.what
		}
		return m.reloadCmd()
	case markedReadMsg:
		return m.reloadCmd()
	case deletedMsg:
		m.deleted(msg)
		return tea.Batch(m.settled(func() tea.Cmd { return m.broadcast(msg) }), m.reloadCmd())
	case draftSavedMsg, answerSavedMsg:
		// A write: the screens take it, then everything is read again.
		return tea.Batch(m.settled(func() tea.Cmd { return m.broadcast(msg) }), m.reloadCmd())
	case renderedMsg:
		if !m.report("Could not render the section: ", msg.err) {
			return nil
		}
		m.renders[msg.key] = msg.r
	case openedMsg:
		m.report("Could not record this opening: ", msg.err)
		return nil
	case placeSavedMsg:
		m.report("Could not save your place: ", msg.err)
		return nil
	case safetySeenMsg:
		m.report("Could not record that: ", msg.err)
		return nil
	}
	return m.settled(func() tea.Cmd { return m.broadcast(msg) })
}

// report shows an error in the status line; it reports whether all went
// well.
func (m *Model) report(what string, err error) bool {
	if err != nil {
		m.status = what + err.Error()
	}
	return err == nil
}

// release handles the keys held while the program's data was on its
// way, in order: each goes to the layer on top by then.
func (m *Model) release() tea.Cmd {
	held := m.held
	m.held = nil
	cmds := make([]tea.Cmd, 0, len(held))
	for _, msg := range held {
		cmds = append(cmds, m.update(msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) toTopSettled(msg tea.Msg) tea.Cmd {
	return m.settled(func() tea.Cmd { return m.toTop(msg) })
}

// settled runs fn and brings Home up to date when it is back on top after
// a screen closed (an overlay leaves it as it was).
func (m *Model) settled(fn func() tea.Cmd) tea.Cmd {
	before := m.top()
	cmd := fn()
	if t := m.top(); t == m.home && before != m.home && !isOverlay(before) {
		m.home.refresh()
	}
	return cmd
}

// View draws the layer on top and the footer. The mouse is asked for only
// where the wheel scrolls: elsewhere the terminal keeps it, so text can
// be selected.
func (m *Model) View() tea.View {
	if m.panicInView != "" {
		panic(fmt.Errorf("test panic in View: %s", m.panicInView))
	}
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.WindowTitle = "autonomy"
	if w, ok := m.top().(wheeler); ok && w.wantsMouse() && !m.tooSmall() {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

func (m *Model) content() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		return m.tooSmallView()
	}
	t := m.top()
	return t.View(m.width, m.bodyHeight()) + "\n" + m.footerLine(t)
}

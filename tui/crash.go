package tui

import (
	"fmt"
	"runtime/debug"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Crash describes a panic: its type and stack, never its value, which may
// hold answer text.
type Crash struct {
	Type  string
	Stack []byte
}

// crashMsg brings a panic caught in a command to Update.
type crashMsg struct{ crash Crash }

// NewCrash describes a recovered value.
func NewCrash(r any) Crash {
	return Crash{Type: fmt.Sprintf("%T", r), Stack: debug.Stack()}
}

// guard runs a command so that a panic in it becomes a crashMsg instead of
// ending the process with the terminal raw and the value on stderr. The
// commands of a batch are guarded too.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = crashMsg{crash: NewCrash(r)}
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for i, c := range batch {
				batch[i] = guard(c)
			}
		}
		return msg
	}
}

// Crash is the panic that ended the program, if one did.
func (m *Model) Crash() *Crash { return m.crash }

// panicTest makes the program panic on F12 where the tests say (update,
// view, command), with answer text in the value, to prove the value never
// reaches the terminal. Set only by main from AUTONOMY_PANIC_TEST.
func (m *Model) panicTest(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || m.panicOn == "" || !key.Matches(k, m.keys.global.PanicTest) {
		return nil
	}
	secret := "no text"
	if fm := m.form(); fm != nil {
		secret = fmt.Sprint(fm.answer().Fields)
	}
	switch m.panicOn {
	case "update":
		panic(fmt.Errorf("test panic in Update: %s", secret))
	case "view":
		m.panicInView = secret
	case "command":
		return func() tea.Msg { panic(fmt.Errorf("test panic in a command: %s", secret)) }
	}
	return nil
}

package tui

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"autonomy/content"
	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func loadWorkbook(t testing.TB) *workbook.Workbook {
	t.Helper()
	wb, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

// driver feeds messages to a Model and runs the commands that come back,
// as the Bubble Tea runtime would, but synchronously.
type driver struct {
	t     testing.TB
	m     *Model
	ticks []func() tea.Msg // timers asked for, fired by fireTicks
}

func newDriver(t testing.TB, o Options, w, h int) *driver {
	t.Helper()
	if o.Workbook == nil {
		o.Workbook = loadWorkbook(t)
	}
	d := &driver{t: t}
	if o.Tick == nil {
		o.Tick = fakeTick
	}
	d.m = New(o)
	d.run(d.m.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// run executes a command and feeds back what it returns. A cursor's blink
// (a timer, fed back it would blink for ever) is dropped; any other
// command is waited for, however slow the machine.
func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	id := make(chan string, 1)
	go func() {
		id <- goroutineID()
		done <- cmd()
	}()
	// Wait, looking again and again less often whether it is a blink, so
	// that a blink costs a millisecond or two, not a fixed wait per key.
	var msg tea.Msg
	gid := <-id
	deadline := time.Now().Add(10 * time.Second)
	for wait, got := time.Millisecond, false; !got; wait = min(2*wait, 50*time.Millisecond) {
		select {
		case msg = <-done:
			got = true
		case <-time.After(wait):
			if blinking(gid) {
				return
			}
			if time.Now().After(deadline) {
				d.t.Fatal("a command never returned")
			}
		}
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tickScheduled:
		d.ticks = append(d.ticks, func() tea.Msg { return msg.fn(time.Now()) })
	case nil:
	default:
		// Messages of our own commands go back in; the widgets' timers
		// (cursor blinks) are dropped by the timeout above.
		d.send(msg)
	}
}

// fakeTick schedules nothing: the driver keeps the timer for fireTicks.
func fakeTick(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return tickScheduled{fn: fn} }
}

// tickScheduled stands for a timer the model asked for.
type tickScheduled struct{ fn func(time.Time) tea.Msg }

// fireTicks fires the timers asked for so far, as if their time had come.
func (d *driver) fireTicks() {
	ticks := d.ticks
	d.ticks = nil
	for _, t := range ticks {
		d.send(t())
	}
}

func (d *driver) key(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyMsg(k))
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// screen is what a person sees, without colours.
func (d *driver) screen() string {
	return ansi.Strip(d.m.View().Content)
}

func (d *driver) requireScreen(want ...string) {
	d.t.Helper()
	s := d.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			d.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func (d *driver) requireNot(unwanted ...string) {
	d.t.Helper()
	s := d.screen()
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			d.t.Fatalf("screen shows %q:\n%s", w, s)
		}
	}
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// onTop names the layer on top of the stack.
func (d *driver) onTop() string { return d.m.top().Name() }

// layer is the highest layer of type T on the stack, or T's zero value.
func layer[T screen](d *driver) T {
	for i := len(d.m.stack) - 1; i >= 0; i-- {
		if l, ok := d.m.stack[i].(T); ok {
			return l
		}
	}
	var zero T
	return zero
}

func review(d *driver) *reviewScreen { return layer[*reviewScreen](d) }

// goroutineID is the calling goroutine's number, as stack dumps show it.
func goroutineID() string {
	b := make([]byte, 64)
	b = b[:runtime.Stack(b, false)]
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// blinking reports whether goroutine id waits in a cursor's blink timer.
func blinking(id string) bool {
	b := make([]byte, 1<<20)
	b = b[:runtime.Stack(b, true)]
	for _, g := range strings.Split(string(b), "\n\n") {
		if strings.HasPrefix(g, "goroutine "+id+" ") {
			return strings.Contains(g, "bubbles/v2/cursor.")
		}
	}
	return false
}

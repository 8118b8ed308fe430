//go:build unix

package tui

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/trace"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"autonomy/workbook"

	tea "charm.land/bubbletea/v2"
	"github.com/creack/pty"
)

// TestKeyProbe times keys through the real Bubble Tea program on a
// pseudo-terminal, and says where each key's time goes: from the key
// written to the terminal to Update, Update itself, View, the wait for the
// renderer's frame tick and its work on the frame, and the bytes the
// terminal is sent. "reader" scrolls the longest section with j and k,
// "form" types a and s into the run's first field. It measures, it
// asserts nothing: run it by hand.
//
//	AUTONOMY_PROBE=300 go test ./tui -run KeyProbe -v
//	AUTONOMY_PROBE=300 AUTONOMY_PROBE_TRACE=/tmp/keys.trace go test ./tui -run KeyProbe/reader -v
//	go tool trace /tmp/keys.trace
//
// The probe wraps the model and the terminal's writer; the product has
// nothing of it.
func TestKeyProbe(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("AUTONOMY_PROBE"))
	if n <= 0 {
		t.Skip("set AUTONOMY_PROBE=300 to time keys through a real program (by hand: it measures, it asserts nothing)")
	}
	wb := loadWorkbook(t)
	t.Run("reader", func(t *testing.T) {
		sec := wb.Sections[longestSection(wb)]
		m := New(Options{Workbook: wb, Theme: ThemeDark, Place: workbook.Place{Screen: workbook.ScreenReader, Section: sec.ID}})
		timeKeys(t, m, nil, "jk", n, func() bool { return m.reader.shown.section != "" })
	})
	t.Run("form", func(t *testing.T) {
		m := New(Options{Workbook: wb, Theme: ThemeDark, StateDir: t.TempDir()})
		i := slices.IndexFunc(wb.Exercises, func(e workbook.Exercise) bool { return e.Kind == workbook.KindRun })
		if i < 0 {
			t.Fatal("no exercise starts a run")
		}
		open := m.openForm(wb.Exercises[i], "", "")
		timeKeys(t, m, open, "as", n, func() bool { _, ok := m.top().(*formScreen); return ok && m.width > 0 })
	})
}

// timeKeys runs m in a real program on an 80×24 pty, after init, and
// times n keys, taken in turn from keys, once ready says the screen is up
// (ready is called from the program's goroutine, in Update).
func timeKeys(t *testing.T, m *Model, init tea.Cmd, keys string, n int, ready func() bool) {
	const cols, rows, fps = 80, 24, 120
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: cols, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	log := &probeLog{}
	pm := &probeModel{m: m, log: log, init: init, ready: ready}
	p := tea.NewProgram(pm, tea.WithInput(tty), tea.WithOutput(probeTTY{tty, log}), tea.WithFPS(fps),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := p.Run(); err != nil {
			t.Error(err)
		}
	}()
	// The terminal's side: every read is an event, so the bytes' arrival
	// is timed as a terminal would see it.
	go func() {
		buf := make([]byte, 1<<16)
		for {
			k, err := ptmx.Read(buf)
			if k > 0 {
				log.add(probeEvent{kind: "read", n: k})
			}
			if err != nil {
				return
			}
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !pm.shown() {
		if time.Now().After(deadline) {
			t.Fatal("the screen never came up")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)

	if path := os.Getenv("AUTONOMY_PROBE_TRACE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := trace.Start(f); err != nil {
			t.Fatal(err)
		}
		defer trace.Stop()
	}
	var got []probeKey
	for i := range n {
		k := []byte{keys[i%len(keys)]}
		// Keys come at any moment of a frame: a random gap between them.
		time.Sleep(time.Duration(20+rand.IntN(20)) * time.Millisecond)
		mark := log.len()
		sent := time.Now()
		trace.Log(t.Context(), "probe", "key "+string(k))
		if _, err := ptmx.Write(k); err != nil {
			t.Fatal(err)
		}
		// The frame is out when the terminal has read it and nothing more
		// comes for 15 ms.
		for time.Since(sent) < 2*time.Second && !log.quietAfter(mark, "read", 15*time.Millisecond) {
			time.Sleep(time.Millisecond)
		}
		if k, ok := log.key(mark, sent); ok {
			got = append(got, k)
		}
	}
	p.Quit()
	<-done
	period := time.Second / fps
	writes := make([]time.Time, len(got))
	for i, k := range got {
		writes[i] = k.write
	}
	phase := tickPhase(writes, period)
	col := func(f func(probeKey) time.Duration) []time.Duration {
		out := make([]time.Duration, len(got))
		for i, k := range got {
			out[i] = f(k)
		}
		return out
	}
	// The renderer writes at a tick plus its own work on the frame: the
	// ticks are the writes' common phase (modulo the period).
	work := func(k probeKey) time.Duration { return sinceTick(k.write, phase, period) }
	t.Logf("%d of %d keys, %d×%d, %d FPS (a frame every %v)", len(got), n, cols, rows, fps, period)
	t.Logf("%-34s %9s %9s %9s %9s", "", "p10", "median", "p90", "max")
	for _, row := range []struct {
		name string
		d    []time.Duration
	}{
		{"key written → Update starts", col(func(k probeKey) time.Duration { return k.update.Sub(k.sent) })},
		{"Update", col(func(k probeKey) time.Duration { return k.updateDur })},
		{"View", col(func(k probeKey) time.Duration { return k.viewDur })},
		{"View done → next frame tick", col(func(k probeKey) time.Duration { return k.write.Sub(k.viewEnd) - work(k) })},
		{"tick → written (renderer's work)", col(work)},
		{"written → read by the terminal", col(func(k probeKey) time.Duration { return k.read.Sub(k.write) })},
		{"key written → frame read", col(func(k probeKey) time.Duration { return k.read.Sub(k.sent) })},
	} {
		q := quantiles(row.d)
		t.Logf("%-34s %9s %9s %9s %9s", row.name, us(q[0]), us(q[1]), us(q[2]), us(q[3]))
	}
	bytes, views := make([]int, len(got)), make([]int, len(got))
	for i, k := range got {
		bytes[i], views[i] = k.written, k.viewBytes
	}
	qb, qv := quantiles(bytes), quantiles(views)
	t.Logf("bytes written per key: median %d (p10 %d, p90 %d); View's string: %d bytes", qb[1], qb[0], qb[2], qv[1])
}

// probeEvent is one timed thing: an Update or a View of the model, a write
// by the renderer, a read by the terminal.
type probeEvent struct {
	kind  string // "update", "view", "write", "read"
	start time.Time
	end   time.Time
	n     int // bytes
}

type probeLog struct {
	mu     sync.Mutex
	events []probeEvent
}

func (l *probeLog) add(e probeEvent) {
	if e.end.IsZero() {
		e.end = time.Now()
	}
	if e.start.IsZero() {
		e.start = e.end
	}
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *probeLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}

// quietAfter reports whether an event of kind came after mark and nothing
// has come for quiet since.
func (l *probeLog) quietAfter(mark int, kind string, quiet time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.events) == mark || !slices.ContainsFunc(l.events[mark:], func(e probeEvent) bool { return e.kind == kind }) {
		return false
	}
	return time.Since(l.events[len(l.events)-1].end) > quiet
}

// probeKey is one key's way to the screen.
type probeKey struct {
	sent, update, viewEnd, write, read time.Time
	updateDur, viewDur                 time.Duration
	written, viewBytes                 int
}

// key reads one key's events from mark on: the key's Update, the View
// after it, the renderer's first write after that View (its start: the
// frame handed to the terminal) and the terminal's first read from then
// on (logged by another goroutine, maybe before the write's own event).
func (l *probeLog) key(mark int, sent time.Time) (probeKey, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := probeKey{sent: sent}
	stage := "update"
	for _, e := range l.events[mark:] {
		switch {
		case stage == "update" && e.kind == "update":
			k.update, k.updateDur = e.start, e.end.Sub(e.start)
			stage = "view"
		case stage == "view" && e.kind == "view":
			k.viewEnd, k.viewDur, k.viewBytes = e.end, e.end.Sub(e.start), e.n
			stage = "write"
		case stage == "write" && e.kind == "write":
			k.write, k.written = e.start, e.n
			stage = "more"
		case stage == "more" && e.kind == "write":
			k.written += e.n
		}
	}
	if k.write.IsZero() {
		return k, false
	}
	for _, e := range l.events[mark:] {
		if e.kind == "read" && !e.end.Before(k.write) {
			k.read = e.end
			break
		}
	}
	return k, !k.read.IsZero()
}

// probeModel times the model's Update (of keys) and View.
type probeModel struct {
	m     *Model
	log   *probeLog
	init  tea.Cmd
	ready func() bool
	mu    sync.Mutex
	ok    bool // the screen is up
}

func (p *probeModel) Init() tea.Cmd { return tea.Batch(p.m.Init(), p.init) }

func (p *probeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	start := time.Now()
	_, cmd := p.m.Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		p.log.add(probeEvent{kind: "update", start: start})
	}
	p.mu.Lock()
	p.ok = p.ready()
	p.mu.Unlock()
	return p, cmd
}

func (p *probeModel) View() tea.View {
	start := time.Now()
	v := p.m.View()
	p.log.add(probeEvent{kind: "view", start: start, n: len(v.Content)})
	return v
}

func (p *probeModel) shown() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ok
}

// probeTTY is the program's terminal with its writes timed. It is still a
// terminal (it has Fd) so Bubble Tea sets it up as the real one.
type probeTTY struct {
	*os.File
	log *probeLog
}

func (f probeTTY) Write(b []byte) (int, error) {
	start := time.Now()
	n, err := f.File.Write(b)
	f.log.add(probeEvent{kind: "write", start: start, n: n})
	return n, err
}

// tickPhase finds the ticks' phase from the times of writes made at a tick
// plus some work: the phase that leaves the least work before each write,
// at a time, tried every 50 µs of the period.
func tickPhase(writes []time.Time, period time.Duration) time.Duration {
	best, bestSum := time.Duration(0), time.Duration(-1)
	for phase := time.Duration(0); phase < period; phase += 50 * time.Microsecond {
		var sum time.Duration
		for _, w := range writes {
			d := sinceTick(w, phase, period)
			sum += min(d, 3*time.Millisecond) // a write delayed by the scheduler weighs no more than 3 ms
		}
		if bestSum < 0 || sum < bestSum {
			best, bestSum = phase, sum
		}
	}
	return best
}

// sinceTick is how long after the last tick before it w came.
func sinceTick(w time.Time, phase, period time.Duration) time.Duration {
	d := (time.Duration(w.UnixNano()) - phase) % period
	if d < 0 {
		d += period
	}
	return d
}

// quantiles are the 10th, 50th and 90th percentiles and the maximum.
func quantiles[T cmp.Ordered](d []T) [4]T {
	if len(d) == 0 {
		return [4]T{}
	}
	s := slices.Clone(d)
	slices.Sort(s)
	at := func(q float64) T { return s[int(q*float64(len(s)-1))] }
	return [4]T{at(0.1), at(0.5), at(0.9), s[len(s)-1]}
}

func us(d time.Duration) string {
	if d >= time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%d µs", d.Microseconds())
}

//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"autonomy/serve"
	"autonomy/serve/servetest"
	"autonomy/tui"

	tea "charm.land/bubbletea/v2"
	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"
)

// screenFeed collects a terminal's output and wakes whoever waits for a
// byte in it: key-to-frame is measured to the first output holding the
// key's letter, with no polling delay.
type screenFeed struct {
	mu   sync.Mutex
	buf  []byte
	wake chan struct{}
}

func newScreenFeed() *screenFeed { return &screenFeed{wake: make(chan struct{}, 1)} }

func (f *screenFeed) Write(p []byte) (int, error) {
	f.mu.Lock()
	f.buf = append(f.buf, p...)
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (f *screenFeed) mark() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.buf)
}

// waitFor waits until the output after mark holds want.
func (f *screenFeed) waitFor(mark int, want string) error {
	timeout := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		ok := bytes.Contains(f.buf[min(mark, len(f.buf)):], []byte(want))
		f.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-f.wake:
		case <-timeout:
			return fmt.Errorf("no %q in the output", want)
		}
	}
}

// typist is one terminal a benchmark types into: keys in, frames out.
type typist struct {
	in   io.Writer
	feed *screenFeed
	stop func()
}

// sshTypist opens the workbook over SSH as a client would.
func sshTypist(b *testing.B, addr string, key servetest.Key) *typist {
	c, err := servetest.Dial(addr, key, "")
	if err != nil {
		b.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	s.Setenv("AUTONOMY_THEME", "dark")
	if err := s.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		b.Fatal(err)
	}
	in, _ := s.StdinPipe()
	feed := newScreenFeed()
	s.Stdout, s.Stderr = feed, feed
	if err := s.Shell(); err != nil {
		b.Fatal(err)
	}
	return &typist{in: in, feed: feed, stop: func() { c.Close() }}
}

// localTypist runs the same workbook as `autonomy` does on a terminal: a
// program on a pseudo-terminal, the benchmark on its other side.
func localTypist(b *testing.B, f *servedFixture, person string) *typist {
	master, tty, err := pty.Open()
	if err != nil {
		b.Fatal(err)
	}
	pty.Setsize(master, &pty.Winsize{Cols: 100, Rows: 30})
	m := tui.New(tui.Options{Workbook: f.wb, Theme: tui.ThemeDark, Open: openForTUI(f.wb, f.dbPath(person))})
	ctx, cancel := context.WithCancel(context.Background())
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(tty), tea.WithOutput(tty), tea.WithFPS(120),
		tea.WithoutSignalHandler(), tea.WithEnvironment([]string{"TERM=xterm-256color"}))
	done := make(chan struct{})
	go func() {
		p.Run()
		close(done)
	}()
	feed := newScreenFeed()
	go io.Copy(feed, master)
	return &typist{in: master, feed: feed, stop: func() {
		cancel()
		<-done
		endSession(m)
		tty.Close()
		master.Close()
	}}
}

// openScope waits for Home and opens the scope form.
func (ty *typist) openScope(b *testing.B) {
	if err := ty.feed.waitFor(0, "Scope"); err != nil {
		b.Fatal(err)
	}
	mark := ty.feed.mark()
	io.WriteString(ty.in, "\r")
	if err := ty.feed.waitFor(mark, "Your scope in one sentence"); err != nil {
		b.Fatal(err)
	}
}

// typeKeys types n letters at a person's pace (every 80-120 ms) and
// returns how long each took to show.
func (ty *typist) typeKeys(n int) ([]time.Duration, error) {
	var out []time.Duration
	for i := range n {
		letter := string(rune('a' + i%26))
		mark := ty.feed.mark()
		start := time.Now()
		if _, err := io.WriteString(ty.in, letter); err != nil {
			return out, err
		}
		if err := ty.feed.waitFor(mark, letter); err != nil {
			return out, err
		}
		out = append(out, time.Since(start))
		time.Sleep(80*time.Millisecond + rand.N(40*time.Millisecond))
	}
	return out, nil
}

// BenchmarkKeyToFrame: from a key typed into a form to the frame that
// shows it, in a local terminal and over SSH on localhost, with 1 and 20
// sessions typing at once (each its own person). Each of b.N iterations
// is one key per session; the metrics are over every key of the run.
//
//	go test -run '^$' -bench KeyToFrame -benchtime 40x -count 5 .
func BenchmarkKeyToFrame(b *testing.B) {
	for _, c := range []struct {
		name     string
		sessions int
		ssh      bool
	}{{"local/1", 1, false}, {"ssh/1", 1, true}, {"local/20", 20, false}, {"ssh/20", 20, true}} {
		b.Run(c.name, func(b *testing.B) {
			people := map[string][]servetest.Key{}
			keys := make([]servetest.Key, c.sessions)
			for i := range keys {
				keys[i] = servetest.NewKey(b)
				people["p"+strconv.Itoa(i)] = []servetest.Key{keys[i]}
			}
			f := startServed(b, people, manyConnections)
			typists := make([]*typist, c.sessions)
			for i := range typists {
				person := "p" + strconv.Itoa(i)
				f.startRunFor(person, "Benchmark the keys")
				if c.ssh {
					typists[i] = sshTypist(b, f.addr, keys[i])
				} else {
					typists[i] = localTypist(b, f, person)
				}
				defer typists[i].stop()
				typists[i].openScope(b)
			}
			var mu sync.Mutex
			var all []time.Duration
			var wg sync.WaitGroup
			b.ResetTimer()
			for _, ty := range typists {
				wg.Add(1)
				go func() {
					defer wg.Done()
					d, err := ty.typeKeys(b.N)
					if err != nil {
						b.Error(err)
					}
					mu.Lock()
					all = append(all, d...)
					mu.Unlock()
				}()
			}
			wg.Wait()
			b.StopTimer()
			slices.Sort(all)
			if len(all) == 0 {
				return
			}
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(ms(all[len(all)/2]), "ms-median")
			b.ReportMetric(ms(all[len(all)*9/10]), "ms-p90")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkIdleSessionMemory: what one more open, idle session (the
// workbook on Home, over SSH) costs the server, as the process's resident
// memory grows and as Go's heap and stacks grow, averaged over 20.
//
//	go test -run '^$' -bench IdleSessionMemory -benchtime 1x -count 5 .
func BenchmarkIdleSessionMemory(b *testing.B) {
	const n = 20
	for range b.N {
		people := map[string][]servetest.Key{}
		keys := make([]servetest.Key, n)
		for i := range keys {
			keys[i] = servetest.NewKey(b)
			people["p"+strconv.Itoa(i)] = []servetest.Key{keys[i]}
		}
		f := startServed(b, people, manyConnections)
		for i := range n {
			f.startRunFor("p"+strconv.Itoa(i), "Idle")
		}
		// One session first, so what every session shares (the
		// workbook's parsed content, the glamour styles) is counted once.
		warm := sshTypist(b, f.addr, keys[0])
		if err := warm.feed.waitFor(0, "Scope"); err != nil {
			b.Fatal(err)
		}
		rss0, heap0 := memNow()
		var open []*typist
		for i := 1; i < n; i++ {
			ty := sshTypist(b, f.addr, keys[i])
			if err := ty.feed.waitFor(0, "Scope"); err != nil {
				b.Fatal(err)
			}
			open = append(open, ty)
		}
		time.Sleep(500 * time.Millisecond) // idle
		rss1, heap1 := memNow()
		mib := func(v int64) float64 { return float64(v) / float64(n-1) / (1 << 20) }
		b.ReportMetric(mib(rss1-rss0), "MiB-rss/session")
		b.ReportMetric(mib(heap1-heap0), "MiB-go/session")
		b.ReportMetric(0, "ns/op")
		for _, ty := range append(open, warm) {
			ty.stop()
		}
	}
}

// memNow is the process's resident memory and Go's heap and stacks in
// use, after a collection.
func memNow() (rss, goMem int64) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	data, _ := os.ReadFile("/proc/self/statm")
	if fields := strings.Fields(string(data)); len(fields) > 1 {
		pages, _ := strconv.ParseInt(fields[1], 10, 64)
		rss = pages * int64(os.Getpagesize())
	}
	return rss, int64(ms.HeapInuse + ms.StackInuse)
}

// manyConnections lets a benchmark's sessions in at once from 127.0.0.1.
func manyConnections(c *serve.Config) { c.ConnBurst, c.MaxSessions = 100, 100 }

//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"autonomy/store"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// session is the real binary running in a pseudo-terminal, as a person
// would run it.
type session struct {
	t   *testing.T
	cmd *exec.Cmd
	pty *os.File
	tty *os.File // the program's side of the terminal
	mu  sync.Mutex
	out bytes.Buffer
}

// start runs bin in a 100x30 pty with its own HOME and XDG dirs.
func start(t *testing.T, bin, home string, env ...string) *session {
	t.Helper()
	cmd := exec.Command(bin)
	tmp := filepath.Join(home, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd.Env = append([]string{"HOME=" + home, "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"TMPDIR=" + tmp}, env...) // no CI or other variables from the test's environment
	// The test keeps the terminal's other end too, to read its modes once
	// the program is gone.
	f, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := pty.Setsize(f, &pty.Winsize{Cols: 100, Rows: 30}); err != nil {
		t.Fatal(err)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &session{t: t, cmd: cmd, pty: f, tty: tty}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
		tty.Close()
	})
	return s
}

// waitFor waits until the terminal output holds text.
func (s *session) waitFor(text string) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		ok := bytes.Contains(s.out.Bytes(), []byte(text))
		s.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.Fatalf("terminal never showed %q; last output:\n%q", text, tail(s.out.String(), 1500))
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// clear forgets the output so far, so waitFor sees only what follows.
func (s *session) clear() {
	s.mu.Lock()
	s.out.Reset()
	s.mu.Unlock()
}

func (s *session) keys(k string) {
	s.t.Helper()
	if _, err := io.WriteString(s.pty, k); err != nil {
		s.t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
}

// typeText types text one key at a time.
func (s *session) typeText(text string) {
	for _, r := range text {
		s.keys(string(r))
	}
}

// TestDraftSurvivesKillAndHangup types into a form in the real binary,
// ends it with SIGKILL (after the draft's debounce) and with SIGHUP (at
// once), and finds the draft offered on the next start.
func TestDraftSurvivesKillAndHangup(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary in a pty")
	}
	t.Parallel()
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel() // each in its own pty and HOME: most of a run is waiting
			home := t.TempDir()
			s := start(t, bin, home)
			s.waitFor("Start a run")
			s.keys("\r") // the next step: start a run
			s.waitFor("One real challenge")
			s.typeText("Ship the billing migration")
			s.keys("\t\t\x1b[B") // the level today: nothing is chosen for the person
			s.keys("\x13")       // ctrl+s
			s.waitFor("Saved")
			s.keys("\r") // the next step: the scope
			s.waitFor("Your scope in one sentence")
			s.typeText("I own the billing rollout")
			if sig == syscall.SIGKILL {
				time.Sleep(2 * time.Second) // the draft is written a second after the last key
			} else {
				// Let the last keys reach the program (well before the
				// draft's one-second debounce: the signal itself must
				// keep the draft).
				time.Sleep(300 * time.Millisecond)
			}
			s.cmd.Process.Signal(sig)
			s.cmd.Wait()
			if sig != syscall.SIGKILL {
				// The terminal is given back as it was: echo and
				// line editing on (what stty -a shows as echo, icanon).
				tio, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
				if err != nil {
					t.Fatal(err)
				}
				if tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ICANON == 0 {
					t.Fatalf("after %v the terminal is left raw: lflag %#x", sig, tio.Lflag)
				}
			}

			st, err := store.Open(filepath.Join(home, "data", "autonomy", "autonomy.db"))
			if err != nil {
				t.Fatal(err)
			}
			drafts, err := st.Drafts(context.Background())
			st.Close()
			if err != nil || len(drafts) != 1 || drafts[0].Answer.Fields["scope"] != "I own the billing rollout" {
				t.Fatalf("after %v the draft is %+v (%v)", sig, drafts, err)
			}

			s = start(t, bin, home)
			s.waitFor("Drafts")
			s.waitFor("draft from")
			s.clear()
			s.keys("j\r") // the draft, right under the next step
			s.waitFor("Draft from")
			s.waitFor("I own the billing rollout")
			if !strings.Contains(s.out.String(), "ctrl+s saves it") {
				t.Fatal("the draft banner should say how to save it")
			}
		})
	}
}

// TestEditorFillsTheField runs $EDITOR from a form (ctrl+e): what the
// editor writes becomes the field's text, and its file is gone afterwards.
func TestEditorFillsTheField(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary in a pty")
	}
	bin := buildBinary(t)
	home := t.TempDir()
	editor := filepath.Join(home, "editor.sh")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\nprintf 'Written in the editor' > \"$1\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	s := start(t, bin, home, "EDITOR="+editor)
	s.waitFor("Start a run")
	s.keys("\r")
	s.waitFor("One real challenge")
	s.keys("\x05") // ctrl+e
	s.waitFor("Written in the editor")
	s.clear()
	s.keys("\t\t\x1b[B") // the level today: nothing is chosen for the person
	s.keys("\x13")       // ctrl+s
	s.waitFor("Saved")
	s.waitFor("Written in the editor") // Home's summary shows the challenge
	left, _ := filepath.Glob(filepath.Join(home, "state", "autonomy", "edit-*"))
	if len(left) != 0 {
		t.Fatalf("the editor's file was left behind: %v", left)
	}
	// Answer text lands nowhere else: nothing in the temporary directory.
	if tmp, _ := os.ReadDir(filepath.Join(home, "tmp")); len(tmp) != 0 {
		t.Fatalf("files left in TMPDIR: %v", tmp)
	}
}

// TestPanicKeepsTheDraftAndLeaksNothing makes the program panic in Update,
// in View and in a command, with answer text in the panic's value: the
// terminal is restored, the draft is kept, the log holds the type and the
// stack, and the value is printed nowhere.
func TestPanicKeepsTheDraftAndLeaksNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary in a pty")
	}
	t.Parallel()
	bin := buildBinary(t)
	for _, where := range []string{"update", "view", "command"} {
		t.Run(where, func(t *testing.T) {
			t.Parallel() // each in its own pty and HOME
			home := t.TempDir()
			s := start(t, bin, home, "AUTONOMY_PANIC_TEST="+where)
			s.waitFor("Start a run")
			s.keys("\r")
			s.waitFor("One real challenge")
			s.typeText("secret words")
			s.keys("\x1b[24~") // F12
			done := make(chan error, 1)
			go func() { done <- s.cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the program did not stop after the panic")
			}
			time.Sleep(100 * time.Millisecond)
			s.mu.Lock()
			out := s.out.String()
			s.mu.Unlock()
			if strings.Contains(out, "test panic") || strings.Contains(out, "goroutine ") {
				t.Fatalf("the panic's value or stack reached the terminal:\n%q", tail(out, 800))
			}
			if !strings.Contains(out, "stopped by a bug") || !strings.Contains(out, "your draft is kept") {
				t.Fatalf("no clear line about the crash:\n%q", tail(out, 800))
			}
			tio, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
			if err != nil || tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ICANON == 0 {
				t.Fatalf("terminal left raw: %v %#x", err, tio.Lflag)
			}
			st, err := store.Open(filepath.Join(home, "data", "autonomy", "autonomy.db"))
			if err != nil {
				t.Fatal(err)
			}
			drafts, _ := st.Drafts(context.Background())
			st.Close()
			if len(drafts) != 1 || drafts[0].Answer.Fields["challenge"] != "secret words" {
				t.Fatalf("draft after the panic: %+v", drafts)
			}
			logs, _ := filepath.Glob(filepath.Join(home, "state", "autonomy", "crash-*.log"))
			if len(logs) != 1 {
				t.Fatalf("crash logs: %v", logs)
			}
			b, _ := os.ReadFile(logs[0])
			fi, _ := os.Stat(logs[0])
			if !strings.Contains(string(b), "*errors.errorString") && !strings.Contains(string(b), "*fmt.wrapError") {
				t.Fatalf("the log should name the panic's type:\n%s", b)
			}
			if strings.Contains(string(b), "secret") || fi.Mode().Perm() != 0o600 {
				t.Fatalf("the log holds answer text or is not private (%v)", fi.Mode().Perm())
			}
		})
	}
}
